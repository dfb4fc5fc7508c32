package policies

import "testing"

func TestPlanInputsNameTheirFields(t *testing.T) {
	need := func(edit func(*PlanNeedInput)) *PlanNeedInput {
		in := &PlanNeedInput{Year: 2026, Unit: " dinkes ", Competency: " Pelayanan prima ", CompetencyKind: " Teknis ", Path: "KLASIKAL", Participants: 5, JP: 20}
		edit(in)
		return in
	}
	if in := need(func(*PlanNeedInput) {}); in.Validate() != nil || in.Unit != "dinkes" || in.CompetencyKind != CompetencyTechnical || in.Path != PathClassical {
		t.Errorf("a good need: %v %+v", in.Validate(), in)
	}
	for field, edit := range map[string]func(*PlanNeedInput){
		"year":            func(in *PlanNeedInput) { in.Year = 1999 },
		"unit":            func(in *PlanNeedInput) { in.Unit = "" },
		"competency":      func(in *PlanNeedInput) { in.Competency = "a\x00b" },
		"competency_kind": func(in *PlanNeedInput) { in.CompetencyKind = "fungsional" },
		"path":            func(in *PlanNeedInput) { in.Path = "daring" },
		"participants":    func(in *PlanNeedInput) { in.Participants = 0 },
		"jp":              func(in *PlanNeedInput) { in.JP = 1001 },
	} {
		if errs := need(edit).Problems(); len(errs) != 1 || errs[0].Field != field {
			t.Errorf("%s: %v", field, errs)
		}
	}
	item := func(edit func(*PlanItemInput)) *PlanItemInput {
		in := &PlanItemInput{Year: 2026, Unit: "dinkes", Competency: "Pelayanan prima", Kind: "Pelatihan", TargetParticipants: 10, TargetJP: 24, Budget: 15_000_000}
		edit(in)
		return in
	}
	if in := item(func(*PlanItemInput) {}); in.Validate() != nil || in.Kind != KindPelatihan {
		t.Errorf("a good item: %v %+v", in.Validate(), in)
	}
	for field, edit := range map[string]func(*PlanItemInput){
		"policy_id":           func(in *PlanItemInput) { in.PolicyID = -1 },
		"kind":                func(in *PlanItemInput) { in.Kind = "kursus" },
		"target_participants": func(in *PlanItemInput) { in.TargetParticipants = 0 },
		"target_jp":           func(in *PlanItemInput) { in.TargetJP = 0 },
		"budget":              func(in *PlanItemInput) { in.Budget = -1 },
	} {
		if errs := item(edit).Problems(); len(errs) != 1 || errs[0].Field != field {
			t.Errorf("%s: %v", field, errs)
		}
	}
	if err := (PlanLinkInput{ItemID: 1}).Validate(); err == nil || err.(*Error).Field != "program_id" {
		t.Errorf("a link without a program: %v", err)
	}
	if err := (VerifyInput{}).Validate(); err == nil || err.(*Error).Field != "participant_id" {
		t.Errorf("a verification without a participant: %v", err)
	}
}
