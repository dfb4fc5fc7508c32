package policies

import (
	"testing"
	"time"
)

func TestOfficeKey(t *testing.T) {
	for title, want := range map[string]string{
		"Wali Kota Sawahlunto":              "wali kota",
		"Wakil Wali Kota  Sawahlunto":       "wakil wali kota",
		"Sekretaris Daerah Kota Sawahlunto": "sekretaris daerah",
		"Sekretaris Daerah":                 "sekretaris daerah",
		"Kepala BKPSDM":                     "kepala bkpsdm",
	} {
		if got := officeKey(title, "Kota Sawahlunto"); got != want {
			t.Errorf("officeKey(%q) = %q, want %q", title, got, want)
		}
	}
}

func TestActingRulesValidate(t *testing.T) {
	for name, c := range map[string]struct {
		mod   func(*ActingRules)
		field string
	}{
		"defaults":           {func(*ActingRules) {}, ""},
		"no principal":       {func(r *ActingRules) { r.StandIns[0].Principal = " " }, "stand_ins[0].principal"},
		"self":               {func(r *ActingRules) { r.StandIns[0].Acting = "wali  kota" }, "stand_ins[0].acting"},
		"no kinds":           {func(r *ActingRules) { r.StandIns[1].Kinds = nil }, "stand_ins[1].kinds"},
		"unknown kind":       {func(r *ActingRules) { r.StandIns[1].Kinds = []ActingKind{"pj"} }, "stand_ins[1].kinds"},
		"repeated stand-in":  {func(r *ActingRules) { r.StandIns[1].Acting = "Wakil Wali Kota" }, "stand_ins[1].acting"},
		"Plt. term too long": {func(r *ActingRules) { r.PltMaxMonths = 13 }, "plt_max_months"},
		"Plh. term negative": {func(r *ActingRules) { r.PlhMaxDays = -1 }, "plh_max_days"},
		"unknown act":        {func(r *ActingRules) { r.Bars[0].Act = "sign_anything" }, "bars[0].act"},
		"unknown holder":     {func(r *ActingRules) { r.Bars[0].Holders = []SignCapacity{"own"} }, "bars[0].holders"},
		"act barred twice":   {func(r *ActingRules) { r.Bars[1].Act = r.Bars[0].Act }, "bars[1].act"},
	} {
		r := DefaultActingRules()
		c.mod(&r)
		err := r.Validate()
		var got string
		if e, ok := err.(*Error); ok {
			got = e.Field
		}
		if got != c.field || (c.field == "") != (err == nil) {
			t.Errorf("%s: %v, want field %q", name, err, c.field)
		}
	}
}

func TestActingTermEnd(t *testing.T) {
	r := DefaultActingRules()
	starts := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	if last, ok := r.TermEnd(ActingPlt, starts); !ok || last.Format(time.DateOnly) != "2026-05-31" {
		t.Errorf("Plt. from 1 March: last day %s, want 2026-05-31", last.Format(time.DateOnly))
	}
	if last, ok := r.TermEnd(ActingPlh, starts); !ok || last.Format(time.DateOnly) != "2026-03-30" {
		t.Errorf("Plh. from 1 March: last day %s, want 2026-03-30", last.Format(time.DateOnly))
	}
	r.PlhMaxDays = 0
	if _, ok := r.TermEnd(ActingPlh, starts); ok {
		t.Error("Plh. with no limit has a last day")
	}
}
