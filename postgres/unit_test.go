package postgres_test

import (
	"fmt"
	"testing"

	"github.com/policyflow/policyflow/policies"
)

// A region's administrator creates and edits its units; every change is
// audited with before and after; a head of another region, a bad code, a
// duplicate code and another region's unit are refused and change nothing.
func TestUnitAdministration(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	adm := f.users["admin"]
	other, otherLeader := otherRegion(t, f.db)

	u, err := f.db.CreateUnit(ctx, f.regionID, adm, validUnit(t, policies.UnitInput{Code: "bappeda", Name: " Badan Perencanaan Pembangunan Daerah ", ShortName: "Bappeda", HeadUserID: f.users["kepala"]}))
	if err != nil {
		t.Fatalf("CreateUnit: %v", err)
	}
	if u.Name != "Badan Perencanaan Pembangunan Daerah" || u.ShortName != "Bappeda" || u.HeadUserID == nil || *u.HeadUserID != f.users["kepala"] || u.HeadName == nil || !u.NoOfficer() {
		t.Errorf("created unit = %+v", u)
	}
	if a, s, b, af := lastAdminAudit(t, f.db, f.regionID); a != "unit.created" || s != fmt.Sprintf("unit:%d", u.ID) || b || !af {
		t.Errorf("audit = %s %s before %v after %v", a, s, b, af)
	}
	n := countRows(t, f.db, "units")
	auditN := countRows(t, f.db, "audit_log")
	for name, c := range map[string]struct {
		in    policies.UnitInput
		field string
	}{
		"duplicate code":         {policies.UnitInput{Code: "bappeda", Name: "X"}, "code"},
		"head of another region": {policies.UnitInput{Code: "x2", Name: "X", HeadUserID: otherLeader}, "head_user_id"},
	} {
		_, err := f.db.CreateUnit(ctx, f.regionID, adm, c.in)
		if policies.KindOf(err) != policies.KindInvalid || fieldOf(err) != c.field {
			t.Errorf("%s: err %v (field %q), want invalid %s", name, err, fieldOf(err), c.field)
		}
	}
	if countRows(t, f.db, "units") != n || countRows(t, f.db, "audit_log") != auditN {
		t.Errorf("refused creations changed units or the audit log")
	}

	u2, err := f.db.UpdateUnit(ctx, f.regionID, adm, u.ID, policies.UnitInput{Code: "ignored", Name: "Bappeda Kota Sawahlunto", ShortName: "BAPPEDA"})
	if err != nil {
		t.Fatalf("UpdateUnit: %v", err)
	}
	if u2.Code != "bappeda" || u2.Name != "Bappeda Kota Sawahlunto" || u2.HeadUserID != nil {
		t.Errorf("updated unit = %+v (the code stays, the head is cleared)", u2)
	}
	if a, _, b, af := lastAdminAudit(t, f.db, f.regionID); a != "unit.updated" || !b || !af {
		t.Errorf("audit = %s before %v after %v", a, b, af)
	}
	_, err = f.db.UpdateUnit(ctx, other, adm, u.ID, policies.UnitInput{Name: "Direbut"})
	wantKind(t, err, policies.KindNotFound)
	_, err = f.db.UnitRecord(ctx, other, u.ID)
	wantKind(t, err, policies.KindNotFound)

	// The list flags units without an officer: Disdukcapil has one (the
	// sample officer), the new unit none.
	us, err := f.db.UnitRecords(ctx, f.regionID)
	if err != nil {
		t.Fatal(err)
	}
	flags := map[string]bool{}
	for _, x := range us {
		flags[x.Code] = x.NoOfficer()
	}
	if flags["disdukcapil"] || !flags["bappeda"] {
		t.Errorf("no-officer flags = %v", flags)
	}
	ps, err := f.db.RegionPeople(ctx, f.regionID)
	if err != nil || len(ps) == 0 {
		t.Fatalf("RegionPeople: %v %d", err, len(ps))
	}
	for _, p := range ps {
		if p.ID == otherLeader {
			t.Errorf("another region's leader among the region's people")
		}
	}
}

// validUnit is a new unit's input as UnitInput.Validate(true) leaves it.
func validUnit(t *testing.T, in policies.UnitInput) policies.UnitInput {
	t.Helper()
	if err := in.Validate(true); err != nil {
		t.Fatal(err)
	}
	return in
}
