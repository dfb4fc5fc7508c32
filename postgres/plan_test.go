package postgres_test

import (
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// A region's plan: needs added all or none (a unit of another region
// refuses the whole batch), items, programs linked only within the item's
// region, unit and policy, and the completions the report counts.
func TestPlanStore(t *testing.T) {
	f := seeded(t)
	ctx := t.Context()
	db := f.db
	var units []string
	for code := range f.units {
		units = append(units, code)
	}
	unit, other := units[0], units[1]
	actor := f.users["penyusun"]
	need := func(u, comp string) policies.PlanNeedInput {
		return policies.PlanNeedInput{Year: 2026, Unit: u, Competency: comp, CompetencyKind: policies.CompetencyTechnical, Path: policies.PathClassical, Participants: 5, JP: 20}
	}

	// An import with one unit that is not the region's: nothing saved.
	needs0, audit0 := countRows(t, db, "plan_needs"), countRows(t, db, "audit_log")
	_, err := db.AddPlanNeeds(ctx, f.regionID, actor, "akpk", []policies.PlanNeedInput{need(unit, "Pelayanan prima"), need("tidak-ada", "Statistik")})
	wantKind(t, err, policies.KindInvalid)
	if fieldOf(err) != "unit" {
		t.Errorf("refusal names %q, want unit", fieldOf(err))
	}
	if n, a := countRows(t, db, "plan_needs"), countRows(t, db, "audit_log"); n != needs0 || a != audit0 {
		t.Errorf("after a refused import: %d needs, %d audit records; want %d, %d", n, a, needs0, audit0)
	}
	ns, err := db.AddPlanNeeds(ctx, f.regionID, actor, "akpk", []policies.PlanNeedInput{need(unit, "Pelayanan prima"), need(other, "Statistik")})
	if err != nil || len(ns) != 2 || ns[0].Competency != "Pelayanan prima" || ns[1].UnitCode != other || ns[0].Source != "akpk" {
		t.Fatalf("import: %+v %v", ns, err)
	}
	if got := countRows(t, db, "audit_log"); got != audit0+1 {
		t.Errorf("an import is audited once: %d records, want %d", got, audit0+1)
	}
	if got, err := db.PlanNeeds(ctx, f.regionID, policies.PlanFilter{Year: 2026, UnitID: f.units[unit]}); err != nil || len(got) != 1 {
		t.Errorf("one unit's needs: %+v %v", got, err)
	}

	it, err := db.CreatePlanItem(ctx, f.regionID, actor, policies.PlanItemInput{Year: 2026, Unit: unit, PolicyID: f.policyID, Competency: "Pelayanan prima",
		Kind: policies.KindPelatihan, TargetParticipants: 10, TargetJP: 20, Budget: 15_000_000})
	if err != nil || it.PolicyID == nil || *it.PolicyID != f.policyID || it.UnitCode != unit {
		t.Fatalf("item: %+v %v", it, err)
	}
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	prog, err := createProgram(ctx, db, policies.Program{PolicyID: f.policyID, UnitID: f.units[unit], Kind: policies.KindPelatihan, Title: "Pelatihan pelayanan", StartsOn: day, EndsOn: day, JP: 12})
	if err != nil {
		t.Fatal(err)
	}
	elsewhere, err := createProgram(ctx, db, policies.Program{PolicyID: f.policyID, UnitID: f.units[other], Kind: policies.KindSeminar, Title: "Seminar unit lain", StartsOn: day, EndsOn: day, JP: 4})
	if err != nil {
		t.Fatal(err)
	}
	links0 := countRows(t, db, "plan_item_programs")
	_, err = db.LinkPlanProgram(ctx, f.regionID, actor, policies.PlanLinkInput{ItemID: it.ID, ProgramID: elsewhere.ID})
	if wantKind(t, err, policies.KindInvalid); fieldOf(err) != "program_id" {
		t.Errorf("another unit's program: field %q", fieldOf(err))
	}
	pangkal, err := db.RegionBySlug(ctx, "pangkalpinang")
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.LinkPlanProgram(ctx, pangkal.ID, actor, policies.PlanLinkInput{ItemID: it.ID, ProgramID: prog.ID})
	wantKind(t, err, policies.KindNotFound) // another region's item
	if got := countRows(t, db, "plan_item_programs"); got != links0 {
		t.Errorf("refused links saved: %d, want %d", got, links0)
	}
	linked, err := db.LinkPlanProgram(ctx, f.regionID, actor, policies.PlanLinkInput{ItemID: it.ID, ProgramID: prog.ID})
	if err != nil || len(linked.Programs) != 1 || linked.Programs[0].ProgramID != prog.ID {
		t.Fatalf("link: %+v %v", linked, err)
	}
	_, err = db.LinkPlanProgram(ctx, f.regionID, actor, policies.PlanLinkInput{ItemID: it.ID, ProgramID: prog.ID})
	wantKind(t, err, policies.KindConflict)

	for i, done := range []bool{true, false} {
		if _, err := addParticipant(ctx, db, policies.Participant{ProgramID: prog.ID, NIP: []string{"198503122010011002", "198503122010011010"}[i], Name: "Peserta", UnitID: f.units[unit], Attended: true, Completed: done}); err != nil {
			t.Fatal(err)
		}
	}
	cs, err := db.PlanCompletions(ctx, f.regionID, policies.PlanFilter{Year: 2026})
	if err != nil || len(cs) != 1 || cs[0].ItemID != it.ID || cs[0].JP != 12 || cs[0].NIP != "198503122010011002" {
		t.Errorf("completions: %+v %v", cs, err)
	}
	if cs, err := db.PlanCompletions(ctx, pangkal.ID, policies.PlanFilter{Year: 2026}); err != nil || len(cs) != 0 {
		t.Errorf("another region's completions: %+v %v", cs, err)
	}
}
