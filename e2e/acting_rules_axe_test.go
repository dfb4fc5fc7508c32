package e2e

import (
	"testing"
	"time"
)

// TestAxeActingRulesPage runs axe-core, in both languages, on the region
// administrator's rules for acting officials: the default stand-ins with
// their empty rows, the two terms and the grid of barred acts.
func TestAxeActingRulesPage(t *testing.T) {
	s := newSite(t)
	browser := newBrowser(t, 3*time.Minute)
	admin := s.signedIn(t, browser, "admin.sawahlunto@policyflow.test", "/admin")
	admin.axeOpenBoth("/admin/acting-rules", "main h1", "rules for acting officials")
}
