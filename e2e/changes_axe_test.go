package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// secondAdmin adds a second administrator to Kota Sawahlunto (the sample
// administrator's password) and returns their email: a change of power
// needs two people.
func (s *site) secondAdmin(t *testing.T) string {
	t.Helper()
	email := "admin.kedua.sawahlunto@policyflow.test"
	s.st.DB.SQL().MustExec(`INSERT INTO users (email, name, role, region_id, title, password_hash)
		SELECT $1, 'Admin Kedua', 'admin', region_id, 'Administrator', password_hash FROM users WHERE email = 'admin.sawahlunto@policyflow.test'
		ON CONFLICT DO NOTHING`, email)
	return email
}

// confirmLatest has p confirm the newest pending change on the changes page.
func (s *site) confirmLatest(t *testing.T, p *tab, what string) {
	t.Helper()
	var id int64
	if err := s.st.DB.SQL().Get(&id, `SELECT max(id) FROM pending_changes WHERE status = 'pending'`); err != nil {
		t.Fatalf("%s: no pending change: %v", what, err)
	}
	p.open("/changes")
	p.load(what, chromedp.Click(chromedp.ID(fmt.Sprintf("confirm-%d", id))))
	if !p.exists("#done") {
		t.Fatalf("%s: the changes page does not say it was confirmed: %s", what, p.textOr("main", ""))
	}
}

// TestAxeChangesPage runs axe-core, in both languages, on the changes of
// power awaiting confirmation: as the second administrator sees them (one
// to confirm or decline, one decided; and beside the setting it would
// change), and as the lone administrator of
// Kota Pangkalpinang sees the page (what to do with one administrator).
func TestAxeChangesPage(t *testing.T) {
	s := newSite(t)
	db := s.st.DB.SQL()
	second := s.secondAdmin(t)
	for _, status := range []string{"pending", "declined"} {
		db.MustExec(`INSERT INTO pending_changes (region_id, kind, subject, payload, before, stamp, proposed_by, status, decided_by, decided_at, reason)
			SELECT u.region_id, 'harmonisation.set', 'harmonisation_setting:kepwali', '{"form":"kepwali","required":true}', '{"form":"kepwali","required":false}', 'x', u.id,
				$1, CASE WHEN $1 = 'pending' THEN NULL ELSE u.id END, CASE WHEN $1 = 'pending' THEN NULL ELSE now() END, CASE WHEN $1 = 'pending' THEN '' ELSE 'Ditarik' END
			FROM users u WHERE u.email = 'admin.sawahlunto@policyflow.test'`, status)
	}
	browser := newBrowser(t, 3*time.Minute)
	admin := s.signedIn(t, browser, second, "/changes")
	for _, lang := range []string{"id", "en"} {
		admin.axeOpen(withLang("/changes", lang), 200, "#changes-waiting button", "changes awaiting confirmation ["+lang+"]")
		// The setting's page lists the change awaiting confirmation beside it.
		admin.axeOpen(withLang("/admin/harmonisation", lang), 200, "#pending-changes li", "harmonisation with a change pending ["+lang+"]")
	}
	lone := s.signedIn(t, browser, "admin.pangkalpinang@policyflow.test", "/changes")
	lone.axeOpenBoth("/changes", "#lone-admin", "the lone administrator's changes")
}
