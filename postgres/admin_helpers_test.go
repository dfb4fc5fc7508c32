package postgres_test

import (
	"testing"

	"github.com/policyflow/policyflow/postgres"
)

// lastAdminAudit is the newest administrative audit row of a region: its
// action, subject and whether it has a before and an after.
func lastAdminAudit(t *testing.T, db *postgres.DB, regionID int64) (action, subject string, before, after bool) {
	t.Helper()
	rs, err := db.AdminAudit(t.Context(), regionID, 0, 1)
	if err != nil || len(rs) == 0 {
		t.Fatalf("admin audit of region %d: %v (%d rows)", regionID, err, len(rs))
	}
	return rs[0].Action, rs[0].Subject, rs[0].Before != nil, rs[0].After != nil
}

// otherRegion is Kota Pangkalpinang's id and one of its leaders.
func otherRegion(t *testing.T, db *postgres.DB) (regionID, leader int64) {
	t.Helper()
	r, err := db.RegionBySlug(t.Context(), "pangkalpinang")
	if err != nil {
		t.Fatal(err)
	}
	u, err := db.UserByEmail(t.Context(), "kabid.pangkalpinang@policyflow.test")
	if err != nil {
		t.Fatal(err)
	}
	return r.ID, u.ID
}
