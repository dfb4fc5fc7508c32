package e2e

import (
	"testing"
	"time"

	"github.com/policyflow/policyflow/demo"
)

// TestAxeLearningPages runs axe-core, in both languages, on the
// non-classical learning page (the year's activities, one removed, the form
// and the conversion table) and on the region settings page with its
// conversion table form.
func TestAxeLearningPages(t *testing.T) {
	s := newSite(t)
	if _, err := demo.SeedRosters(t.Context(), s.st.DB); err != nil {
		t.Fatal(err)
	}
	db := s.st.DB.SQL()
	db.MustExec(`INSERT INTO learning_activities (region_id, nip, kind, title, held_on, minutes, proof, removed_at, removed_reason)
		SELECT a.region_id, a.nip, k.kind, 'Kegiatan ' || k.kind, current_date, 90, 'Laporan kegiatan', k.removed, CASE WHEN k.removed IS NULL THEN '' ELSE 'Tercatat dua kali' END
		FROM (SELECT a.* FROM asn_roster a JOIN regions r ON r.id = a.region_id WHERE r.slug = 'sawahlunto' ORDER BY a.id LIMIT 1) a,
			(VALUES ('coaching', NULL::timestamptz), ('self_study', now())) k(kind, removed)`)
	browser := newBrowser(t, 4*time.Minute)
	dina := s.signedIn(t, browser, drafterEmail, "/learning")
	admin := s.signedIn(t, browser, "admin.sawahlunto@policyflow.test", "/admin/settings")
	for _, lang := range []string{"id", "en"} {
		dina.axeOpen(withLang("/learning", lang), 200, "#learning-add", "drafter /learning ["+lang+"]")
		admin.axeOpen(withLang("/admin/settings", lang), 200, "#learning-rules", "admin /admin/settings with the conversion table ["+lang+"]")
	}
}
