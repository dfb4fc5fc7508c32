package e2e

import (
	"fmt"
	"testing"
	"time"
)

// TestAxeOpeningSoonAndTopicAdmin runs axe-core on the changed layouts of
// issue 26: the "Konsultasi dibuka" page with a consultation scheduled to
// open (its "Segera dibuka" list, both languages, signed out), and the
// city's topics as its administrator sees them, each with the forms to
// rename and remove it; the rename goes through and is listed.
func TestAxeOpeningSoonAndTopicAdmin(t *testing.T) {
	s := newSite(t)
	db := s.st.DB.SQL()
	pol := s.policy(t, "sawahlunto-peningkatan-kapasitas-asn")
	// The record a scheduled opening's audit keeps (the workflow's part is
	// server/feedcache_test.go's).
	db.MustExec(`INSERT INTO consultation_schedules (policy_id, opens_at, closes_at, allow_public) VALUES ($1, now() + interval '2 days', now() + interval '20 days', true)`, pol.ID)
	db.MustExec(`INSERT INTO topics (region_id, slug, name) SELECT id, 'pelayanan-publik', 'Pelayanan Publik' FROM regions WHERE slug = 'sawahlunto'`)
	browser := newBrowser(t, 3*time.Minute)
	visitor := s.person(t, browser)
	for _, lang := range []string{"id", "en"} {
		visitor.axeOpen(withLang("/konsultasi", lang), 200, "#opening-soon li.scheduled-consultation", "opening soon ["+lang+"]")
	}
	admin := s.signedIn(t, browser, "admin.sawahlunto@policyflow.test", "/topics")
	admin.axeOpen("/topics", 200, "#topics-list form[id^='topic-rename-']", "the region's topics, as its administrator")
	var id int64
	if err := db.Get(&id, `SELECT id FROM topics WHERE slug = 'pelayanan-publik'`); err != nil {
		t.Fatal(err)
	}
	admin.fill(fmt.Sprintf("topic-rename-name-%d", id), "Layanan Publik")
	admin.submitExpect(fmt.Sprintf("topic-rename-submit-%d", id), 200, "rename a topic")
	if got := admin.text("#topic-pelayanan-publik td a"); got != "Layanan Publik" || !admin.exists("#done") {
		t.Errorf("the renamed topic reads %q", got)
	}
	axeCheck(t, admin.ctx, "a topic renamed")
}
