package e2e

import (
	"fmt"
	"testing"
	"time"
)

// TestAxeOpenConsultations runs axe-core, in both languages, as a visitor
// who is not signed in, on the "Konsultasi dibuka" page with a
// consultation open to the public, and on one city's page with none (its
// empty state in words).
func TestAxeOpenConsultations(t *testing.T) {
	s := newSite(t)
	id := axePolicy(t, s)
	browser := newBrowser(t, 3*time.Minute)
	visitor := s.person(t, browser)
	for _, lang := range []string{"id", "en"} {
		visitor.axeOpen(withLang("/konsultasi", lang), 200, fmt.Sprintf("main a.take-part[href='/policies/%d']", id), "open consultations ["+lang+"]")
		visitor.axeOpen(withLang("/konsultasi?region=pangkalpinang", lang), 200, "#find-empty", "open consultations, none in the city ["+lang+"]")
	}
}
