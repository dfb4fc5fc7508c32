package policies

import (
	"slices"
	"testing"
	"time"
)

// ProgressOf: coordination first, the hierarchy in order, the first
// missing hierarchy step not waiting and the later ones waiting; complete
// since the last paraf; a form with no steps complete with no time.
func TestParafProgress(t *testing.T) {
	id := func(n int64) *int64 { return &n }
	at := time.Date(2026, 12, 7, 3, 0, 0, 0, time.UTC)
	steps := []ParafStep{
		{ID: 3, Form: FormPerwali, Kind: ParafHierarchy, Position: 2, Office: "Sekretaris Daerah", UserName: "Sekda"},
		{ID: 1, Form: FormPerwali, Kind: ParafCoordination, Office: "Kepala BKPSDM", UserName: "Kepala"},
		{ID: 2, Form: FormPerwali, Kind: ParafHierarchy, Position: 1, Office: "Kepala Bagian Hukum", UserName: "Hukum"},
		{ID: 4, Form: FormKepwali, Kind: ParafCoordination, Office: "Asisten", UserName: "Asisten"},
	}
	// The store lists steps by kind and position; ProgressOf keeps its order within a kind.
	slices.SortFunc(steps, func(a, b ParafStep) int { return a.Position - b.Position })
	tests := []struct {
		name     string
		form     LegalForm
		given    []Paraf
		complete bool
		waiting  []int64
		missing  []string
	}{
		{"none given", FormPerwali, nil, false, []int64{3}, []string{"paraf koordinasi Kepala BKPSDM (Kepala)", "paraf hierarki Kepala Bagian Hukum (Hukum)", "paraf hierarki Sekretaris Daerah (Sekda)"}},
		{"first of the hierarchy", FormPerwali, []Paraf{{StepID: id(2), InitialledAt: at}}, false, nil, []string{"paraf koordinasi Kepala BKPSDM (Kepala)", "paraf hierarki Sekretaris Daerah (Sekda)"}},
		{"all", FormPerwali, []Paraf{{StepID: id(1), InitialledAt: at}, {StepID: id(2), InitialledAt: at.Add(time.Hour)}, {StepID: id(3), InitialledAt: at.Add(2 * time.Hour)}}, true, nil, nil},
		{"a removed step's paraf counts for nothing", FormKepwali, []Paraf{{StepID: nil, InitialledAt: at}}, false, nil, []string{"paraf koordinasi Asisten (Asisten)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pr := ProgressOf(tt.form, steps, tt.given)
			if pr.Complete != tt.complete {
				t.Errorf("complete %v, want %v", pr.Complete, tt.complete)
			}
			if got := pr.Missing(); !slices.Equal(got, tt.missing) {
				t.Errorf("missing %q, want %q", got, tt.missing)
			}
			var waiting []int64
			for _, r := range pr.Rows {
				if r.Waiting {
					waiting = append(waiting, r.ID)
				}
			}
			if !slices.Equal(waiting, tt.waiting) {
				t.Errorf("waiting %v, want %v", waiting, tt.waiting)
			}
			if tt.complete && (pr.Since == nil || !pr.Since.Equal(at.Add(2*time.Hour))) {
				t.Errorf("since %v, want the last paraf", pr.Since)
			}
		})
	}
	if pr := ProgressOf(FormKepwali, nil, nil); !pr.Complete || pr.Since != nil {
		t.Errorf("no steps: %+v, want complete with no time", pr)
	}
	s := LegalState{Stage: LegalApproved}
	s.Initialled(ProgressOf(FormPerwali, steps, tests[2].given))
	if s.Stage != LegalInitialled || s.Since == nil {
		t.Errorf("legal state once every paraf is given: %+v", s)
	}
}

// ParafStepInput.Validate names the field at fault.
func TestParafStepInputValidate(t *testing.T) {
	ok := ParafStepInput{Form: FormPerwali, Kind: ParafHierarchy, Position: 1, UserID: 1, Office: " Sekretaris Daerah "}
	tests := []struct {
		name  string
		edit  func(*ParafStepInput)
		field string
	}{
		{"valid", func(*ParafStepInput) {}, ""},
		{"form", func(in *ParafStepInput) { in.Form = "perda" }, "form"},
		{"kind", func(in *ParafStepInput) { in.Kind = "x" }, "kind"},
		{"hierarchy without position", func(in *ParafStepInput) { in.Position = 0 }, "position"},
		{"coordination with position", func(in *ParafStepInput) { in.Kind = ParafCoordination }, "position"},
		{"no one", func(in *ParafStepInput) { in.UserID = 0 }, "user_id"},
		{"no office", func(in *ParafStepInput) { in.Office = "  " }, "office"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := ok
			tt.edit(&in)
			err := in.Validate()
			if tt.field == "" {
				if err != nil || in.Office != "Sekretaris Daerah" {
					t.Errorf("valid input: %v, office %q", err, in.Office)
				}
				return
			}
			if e, isErr := err.(*Error); !isErr || e.Field != tt.field {
				t.Errorf("error %v, want one naming %s", err, tt.field)
			}
		})
	}
}
