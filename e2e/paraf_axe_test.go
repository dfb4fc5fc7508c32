package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/policyflow/policyflow/internal/devtest"
)

// TestAxeParafPages runs axe-core, in both languages, on the paraf page of
// an approved policy as the Sekretaris Daerah sees it (one paraf given, the
// Sekda's own to give, one waiting its turn) and on the administrator's
// page of who initials.
func TestAxeParafPages(t *testing.T) {
	s := newSite(t)
	pol := s.policy(t, "sawahlunto-pengelolaan-kompetensi-asn")
	db := s.st.DB.SQL()
	devtest.ApproveInSQL(t, s.st.DB, pol.ID)
	step := func(email, kind string, position int, office string) int64 {
		var id int64
		if err := db.Get(&id, `INSERT INTO paraf_steps (region_id, form, kind, position, user_id, office)
			SELECT region_id, 'kepwali', $2, $3, id, $4 FROM users WHERE email = $1 RETURNING id`, email, kind, position, office); err != nil {
			t.Fatal(err)
		}
		return id
	}
	given := step("hukum.sawahlunto@policyflow.test", "coordination", 0, "Kepala Bagian Hukum")
	step("sekda.sawahlunto@policyflow.test", "hierarchy", 1, "Sekretaris Daerah")
	step("walikota.sawahlunto@policyflow.test", "hierarchy", 2, "Wali Kota")
	db.MustExec(`INSERT INTO parafs (policy_id, region_id, version_id, version_number, sha256, step_id, form, kind, position, user_id, name, office)
		SELECT p.id, p.region_id, v.id, v.number, v.sha256, s.id, s.form, s.kind, s.position, s.user_id, u.name, s.office
		FROM policies p JOIN policy_versions v ON v.id = p.in_force_version_id, paraf_steps s JOIN users u ON u.id = s.user_id
		WHERE p.id = $1 AND s.id = $2`, pol.ID, given)
	browser := newBrowser(t, 3*time.Minute)
	sekda := s.signedIn(t, browser, "sekda.sawahlunto@policyflow.test", "/dashboard")
	sekda.axeOpenBoth(fmt.Sprintf("/policies/%d/paraf", pol.ID), "#paraf-steps .paraf-give button", "paraf page")
	admin := s.signedIn(t, browser, "admin.sawahlunto@policyflow.test", "/admin")
	admin.axeOpenBoth("/admin/paraf", "#paraf-steps", "who initials")
}
