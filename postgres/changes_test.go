package postgres_test

import (
	"testing"

	"github.com/policyflow/policyflow/policies"
)

// A role of power is never given by one write alone: InvitePerson and
// UpdatePerson refuse it (409 naming role) outside a confirmation; the
// command line makes a region's first administrator and no second one.
func TestPowerRolesNeedASecondPerson(t *testing.T) {
	f := seeded(t)
	ctx := t.Context()
	db := f.db
	users := countRows(t, db, "users")
	_, err := db.InvitePerson(ctx, f.users["admin"], f.regionID, policies.PersonInput{Email: "wali@palsu.go.id", Name: "Wali Palsu", Role: policies.RoleLeader},
		hashOf("palsu"), invitation("/invite/palsu"))
	wantKind(t, err, policies.KindConflict)
	if fieldOf(err) != "role" {
		t.Errorf("field %q, want role", fieldOf(err))
	}
	_, err = db.UpdatePerson(ctx, f.users["admin"], f.regionID, f.users["penyusun"], policies.PersonInput{Name: "Penyusun", Role: policies.RoleAdmin, Unit: "bkpsdm"})
	wantKind(t, err, policies.KindConflict)
	if got := countRows(t, db, "users"); got != users {
		t.Errorf("users %d, want %d", got, users)
	}

	r, err := db.CreateRegion(ctx, 0, "kota-baru", "Kota Baru", policies.ZoneWITA)
	if err != nil {
		t.Fatal(err)
	}
	first := policies.PersonInput{Email: "admin@kota-baru.go.id", Name: "Admin Pertama", Role: policies.RoleAdmin}
	u, err := db.BootstrapAdmin(ctx, r.ID, first, hashOf("pertama"), invitation("/invite/pertama"))
	if err != nil || u.Role != policies.RoleAdmin {
		t.Fatalf("the first administrator: %+v %v", u, err)
	}
	if a := latestAudit(t, db, r.ID); a.Action != "region.first_admin" || a.Actor != nil {
		t.Errorf("audit %+v, want region.first_admin by the command line", a)
	}
	second := policies.PersonInput{Email: "admin2@kota-baru.go.id", Name: "Admin Kedua", Role: policies.RoleAdmin}
	_, err = db.BootstrapAdmin(ctx, r.ID, second, hashOf("kedua"), invitation("/invite/kedua"))
	wantKind(t, err, policies.KindConflict)
}
