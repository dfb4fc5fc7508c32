package postgres_test

import (
	"reflect"
	"slices"
	"testing"

	"github.com/policyflow/policyflow/policies"
)

// Stakeholder groups: created, edited and deleted by the region's
// administrator, audited; members only of the region; expanded to their
// members' IDs for a consultation, another region's group not found.
func TestStakeholderGroups(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	adm := f.users["admin"]
	other, otherLeader := otherRegion(t, f.db)
	praktisi, err := f.db.UserByEmail(ctx, "praktisi.sawahlunto@policyflow.test")
	if err != nil {
		t.Fatal(err)
	}

	g, err := f.db.CreateStakeholderGroup(ctx, f.regionID, adm, policies.GroupInput{Name: "Akademisi Kota", Kind: policies.GroupAcademics,
		MemberIDs: []int64{f.users["akademisi"], f.users["akademisi"]}})
	if err != nil {
		t.Fatalf("CreateStakeholderGroup: %v", err)
	}
	if !reflect.DeepEqual(g.MemberIDs, []int64{f.users["akademisi"]}) || g.Kind != policies.GroupAcademics {
		t.Errorf("group = %+v", g)
	}
	if a, _, b, af := lastAdminAudit(t, f.db, f.regionID); a != "group.created" || b || !af {
		t.Errorf("audit = %s before %v after %v", a, b, af)
	}
	g2, err := f.db.CreateStakeholderGroup(ctx, f.regionID, adm, policies.GroupInput{Name: "Praktisi", Kind: policies.GroupPractitioner, MemberIDs: []int64{praktisi.ID, f.users["akademisi"]}})
	if err != nil {
		t.Fatal(err)
	}

	n := countRows(t, f.db, "stakeholder_group_members")
	for name, c := range map[string]struct {
		in    policies.GroupInput
		field string
	}{
		"member of another region": {policies.GroupInput{Name: "X", Kind: policies.GroupOther, MemberIDs: []int64{otherLeader}}, "member_ids"},
		"duplicate name":           {policies.GroupInput{Name: "Praktisi", Kind: policies.GroupOther}, "name"},
	} {
		_, err := f.db.CreateStakeholderGroup(ctx, f.regionID, adm, c.in)
		if policies.KindOf(err) != policies.KindInvalid || fieldOf(err) != c.field {
			t.Errorf("%s: err %v (field %q), want invalid %s", name, err, fieldOf(err), c.field)
		}
	}
	if countRows(t, f.db, "stakeholder_group_members") != n || countRows(t, f.db, "stakeholder_groups") != 2 {
		t.Errorf("refused groups changed the record")
	}

	ids, err := f.db.GroupMemberIDs(ctx, f.regionID, []int64{g.ID, g2.ID, g.ID})
	if err != nil {
		t.Fatal(err)
	}
	want := []int64{f.users["akademisi"], praktisi.ID}
	slices.Sort(want)
	if !reflect.DeepEqual(ids, want) {
		t.Errorf("members of both groups = %v, want %v (each once)", ids, want)
	}
	_, err = f.db.GroupMemberIDs(ctx, other, []int64{g.ID})
	if policies.KindOf(err) != policies.KindInvalid || fieldOf(err) != "group_ids" {
		t.Errorf("another region's group: %v, want invalid group_ids", err)
	}

	g, err = f.db.UpdateStakeholderGroup(ctx, f.regionID, adm, g.ID, policies.GroupInput{Name: "Akademisi dan peneliti", Kind: policies.GroupAcademics, MemberIDs: []int64{praktisi.ID}})
	if err != nil || g.Name != "Akademisi dan peneliti" || !reflect.DeepEqual(g.MemberIDs, []int64{praktisi.ID}) {
		t.Fatalf("UpdateStakeholderGroup: %+v %v", g, err)
	}
	if a, _, b, af := lastAdminAudit(t, f.db, f.regionID); a != "group.updated" || !b || !af {
		t.Errorf("audit = %s before %v after %v", a, b, af)
	}
	_, err = f.db.UpdateStakeholderGroup(ctx, other, adm, g.ID, policies.GroupInput{Name: "X", Kind: policies.GroupOther})
	wantKind(t, err, policies.KindNotFound)
	wantKind(t, f.db.DeleteStakeholderGroup(ctx, other, adm, g.ID), policies.KindNotFound)
	if err := f.db.DeleteStakeholderGroup(ctx, f.regionID, adm, g.ID); err != nil {
		t.Fatal(err)
	}
	if a, _, b, af := lastAdminAudit(t, f.db, f.regionID); a != "group.deleted" || !b || af {
		t.Errorf("audit = %s before %v after %v", a, b, af)
	}
	gs, _ := f.db.StakeholderGroups(ctx, f.regionID)
	if len(gs) != 1 || gs[0].ID != g2.ID {
		t.Errorf("groups after delete = %+v", gs)
	}
}
