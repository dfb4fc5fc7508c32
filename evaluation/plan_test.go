package evaluation

import (
	"strings"
	"testing"

	"github.com/policyflow/policyflow/policies"
)

func unitOf(v string) (string, bool) {
	switch strings.ToLower(v) {
	case "dinkes", "dinas kesehatan":
		return "dinkes", true
	case "bkpsdm":
		return "bkpsdm", true
	}
	return "", false
}

func TestParseAKPK(t *testing.T) {
	good := "\uFEFFUnit Kerja;Kompetensi yang Dikembangkan;Jenis Kompetensi;Jalur Pengembangan;Jumlah ASN;JP;Bentuk Pengembangan\n" +
		"Dinas Kesehatan;Pelayanan prima;Sosial Kultural;Klasikal;12;20;Pelatihan\n" +
		"bkpsdm;Manajemen ASN;teknis;Non Klasikal;3;8;e-learning\n"
	rows, errs, err := ParseAKPK([]byte(good), 2026, unitOf)
	if err != nil || len(errs) > 0 {
		t.Fatalf("good file: %v %v", err, errs)
	}
	want := []policies.PlanNeedInput{
		{Year: 2026, Unit: "dinkes", Competency: "Pelayanan prima", CompetencyKind: policies.CompetencySocioCultural, Path: policies.PathClassical, Participants: 12, JP: 20, Note: "Pelatihan"},
		{Year: 2026, Unit: "bkpsdm", Competency: "Manajemen ASN", CompetencyKind: policies.CompetencyTechnical, Path: policies.PathNonClassical, Participants: 3, JP: 8, Note: "e-learning"},
	}
	if len(rows) != len(want) {
		t.Fatalf("got %d rows, want %d", len(rows), len(want))
	}
	for i := range want {
		if rows[i].PlanNeedInput != want[i] {
			t.Errorf("row %d: got %+v, want %+v", i, rows[i].PlanNeedInput, want[i])
		}
	}

	// A per-person AKPK: no count column, one ASN per line.
	rows, errs, err = ParseAKPK([]byte("NIP,Unit,Kompetensi,Jenis Kompetensi,Jalur,JP\n198503122010011002,dinkes,Kepemimpinan,manajerial,klasikal,10\n"), 2026, unitOf)
	if err != nil || len(errs) > 0 || len(rows) != 1 || rows[0].Participants != 1 {
		t.Fatalf("per-person file: %+v %v %v", rows, errs, err)
	}

	bad := "Unit,Kompetensi,Jenis Kompetensi,Jalur,Jumlah ASN,JP\n" +
		"dinkes,Pelayanan prima,teknis,klasikal,5,20\n" + // good
		"dinas pariwisata,Promosi,teknis,klasikal,5,20\n" + // unknown unit
		"dinkes,,teknis,klasikal,5,20\n" + // no competency
		"dinkes,Statistik,fungsional,klasikal,5,20\n" + // unknown kind
		"dinkes,Statistik,teknis,daring,5,20\n" + // unknown path
		"dinkes,Statistik,teknis,klasikal,lima,20\n" + // count not a number
		"dinkes,Statistik,teknis,klasikal,5,0\n" // JP out of range
	_, errs, err = ParseAKPK([]byte(bad), 2026, unitOf)
	if err != nil {
		t.Fatal(err)
	}
	wantErrs := []struct {
		line  int
		field string
	}{{3, "unit"}, {4, "competency"}, {5, "competency_kind"}, {6, "path"}, {7, "participants"}, {8, "jp"}}
	if len(errs) != len(wantErrs) {
		t.Fatalf("got %d errors %v, want %d", len(errs), errs, len(wantErrs))
	}
	for i, w := range wantErrs {
		if errs[i].Line != w.line || errs[i].Field != w.field {
			t.Errorf("error %d: got line %d field %q (%s), want line %d field %q", i, errs[i].Line, errs[i].Field, errs[i].Message, w.line, w.field)
		}
	}

	for name, file := range map[string]string{
		"empty":          "",
		"missing column": "Unit,Kompetensi,JP\ndinkes,x,2\n",
		"no lines":       "Unit,Kompetensi,Jenis Kompetensi,Jalur,JP\n",
	} {
		if _, _, err := ParseAKPK([]byte(file), 2026, unitOf); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestRealisation(t *testing.T) {
	pol := int64(7)
	items := []policies.PlanItem{
		{ID: 1, UnitCode: "dinkes", PolicyID: &pol, PolicyTitle: "Perwali", TargetParticipants: 10, TargetJP: 20, Budget: 5_000_000,
			Programs: []policies.PlanProgram{{ProgramID: 100, Realisation: 4_000_000}, {ProgramID: 101, Realisation: 1_000_000}}},
		{ID: 2, UnitCode: "dinkes", TargetParticipants: 4, TargetJP: 10, Budget: 1_000_000, Programs: []policies.PlanProgram{{ProgramID: 101, Realisation: 1_000_000}}},
		{ID: 3, UnitCode: "bkpsdm", PolicyID: &pol, PolicyTitle: "Perwali", TargetParticipants: 2, TargetJP: 8},
	}
	done := []policies.PlanCompletion{
		{ItemID: 1, ProgramID: 100, NIP: "a", JP: 12},
		{ItemID: 1, ProgramID: 101, NIP: "a", JP: 8},
		{ItemID: 1, ProgramID: 101, NIP: "b", JP: 8},
		{ItemID: 2, ProgramID: 101, NIP: "a", JP: 8}, // the same participation as above: once per group
		{ItemID: 2, ProgramID: 101, NIP: "b", JP: 8},
	}
	r := Realisation(items, done)
	wantUnits := []PlanLine{
		{Key: "bkpsdm", Label: "bkpsdm", Items: 1, TargetParticipants: 2, TargetJP: 16},
		{Key: "dinkes", Label: "dinkes", Items: 2, Programs: 2, TargetParticipants: 14, Participants: 2, TargetJP: 240, JP: 28, Budget: 6_000_000, Realised: 5_000_000, ParticipantsPct: 14, JPPct: 11},
	}
	if len(r.Units) != 2 || r.Units[0] != wantUnits[0] || r.Units[1] != wantUnits[1] {
		t.Errorf("units:\n got %+v\nwant %+v", r.Units, wantUnits)
	}
	wantPolicies := []PlanLine{
		{Key: "", Items: 1, Programs: 1, TargetParticipants: 4, Participants: 2, TargetJP: 40, JP: 16, Budget: 1_000_000, Realised: 1_000_000, ParticipantsPct: 50, JPPct: 40},
		{Key: "7", Label: "Perwali", Items: 2, Programs: 2, TargetParticipants: 12, Participants: 2, TargetJP: 216, JP: 28, Budget: 5_000_000, Realised: 5_000_000, ParticipantsPct: 16, JPPct: 12},
	}
	if len(r.Policies) != 2 || r.Policies[0] != wantPolicies[0] || r.Policies[1] != wantPolicies[1] {
		t.Errorf("policies:\n got %+v\nwant %+v", r.Policies, wantPolicies)
	}
	if r.Total.Items != 3 || r.Total.JP != 28 || r.Total.Participants != 2 || r.Total.TargetJP != 256 {
		t.Errorf("total: %+v", r.Total)
	}
	if e := Realisation(nil, nil); len(e.Units) != 0 || e.Total != (PlanLine{}) {
		t.Errorf("empty plan: %+v", e)
	}
}
