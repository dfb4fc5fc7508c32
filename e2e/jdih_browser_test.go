package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/policyflow/policyflow/internal/devtest"
)

// The JDIH pages pass axe-core in both languages, as the public and the
// legal unit read them: the produk hukum list with an enacted Perwali and
// the one repealing it, the repealed policy's page saying so, and the legal
// unit's relations and metadata page. The enactments are recorded in SQL
// (the pages are under test here, not the enactment).
func TestAxeJDIHPages(t *testing.T) {
	s := newSite(t)
	older := s.policy(t, "sawahlunto-pengelolaan-kompetensi-asn")
	newer := s.policy(t, "sawahlunto-peningkatan-kapasitas-asn")
	db := s.st.DB.SQL()
	for i, id := range []int64{older.ID, newer.ID} {
		devtest.ApproveInSQL(t, s.st.DB, id)
		db.MustExec(`INSERT INTO enactments (policy_id, region_id, version_id, version_number, sha256, form, number, year, title, place,
			enacted_on, principal_id, principal_title, signer_id, signer_name, capacity, recorded_by,
			promulgated_on, gazette_number, gazette_year, promulgator_id, promulgator_name, promulgator_title, promulgator_prefix)
			SELECT p.id, p.region_id, v.id, v.number, v.sha256, 'perwali', $2, 2026, p.title, 'Sawahlunto', $3::date,
				u.id, 'Wali Kota Sawahlunto', u.id, u.name, 'own', u.id, $3::date, $2, 2026, u.id, u.name, 'Sekretaris Daerah', ''
			FROM policies p JOIN policy_versions v ON v.id = p.current_version_id
			JOIN users u ON u.email = 'walikota.sawahlunto@policyflow.test' WHERE p.id = $1`, id, i+1, fmt.Sprintf("2026-0%d-10", i+2))
	}
	db.MustExec(`INSERT INTO policy_relations (region_id, from_policy_id, to_policy_id, kind, created_by)
		SELECT region_id, $1, $2, 'mencabut', (SELECT id FROM users WHERE email = 'hukum.sawahlunto@policyflow.test') FROM policies WHERE id = $1`,
		newer.ID, older.ID)
	browser := newBrowser(t, 6*time.Minute)
	visitor := s.person(t, browser)
	legal := s.signedIn(t, browser, "hukum.sawahlunto@policyflow.test", "/settings")
	for _, lang := range []string{"id", "en"} {
		visitor.axeOpen(withLang("/produk-hukum", lang), 200, "li.produk", "produk hukum ["+lang+"]")
		if n := visitor.count("li.produk"); n != 2 {
			t.Errorf("produk hukum [%s]: %d products, want 2", lang, n)
		}
		visitor.axeOpen(withLang(fmt.Sprintf("/policies/%d", older.ID), lang), 200, "#jdih-repealed", "repealed policy ["+lang+"]")
		legal.axeOpen(withLang(fmt.Sprintf("/policies/%d/jdih", older.ID), lang), 200, "#jdih-form", "JDIH metadata ["+lang+"]")
		legal.axeOpen(withLang(fmt.Sprintf("/policies/%d/jdih", newer.ID), lang), 200, "#relation-form", "JDIH relations ["+lang+"]")
	}
}
