package server

// Kirkpatrick level 4 of a program (issue 22): the unit's chosen indicator
// — name, unit of measure, baseline, target — set when the program is
// planned or later, and the value measured months after the end (the
// program's workflow asks for it), recorded by those who run the program
// through the Kirkpatrick page's form or the API. Every save is audited.

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// resultForm is the page's indicator form as typed.
type resultForm struct {
	Indicator, Unit, Baseline, Target, Actual, MeasuredOn string
	LowerIsBetter                                         bool
}

func resultFromForm(r *http.Request) (resultForm, error) {
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	return resultForm{v("indicator"), v("unit_of_measure"), v("baseline"), v("target"), v("actual"), v("measured_on"),
		r.PostFormValue("lower_is_better") != ""}, nil
}

// resultSaved is a saved indicator with its policy (where the page goes back to).
type resultSaved struct {
	policies.ProgramResult
	policyID int64
}

// saveResultForm reads the typed indicator, naming a field that is not a
// number or a date, and saves it.
func (s *Server) saveResultForm(r *http.Request, ref programRef, f resultForm) (resultSaved, error) {
	in := policies.ResultInput{Indicator: f.Indicator, UnitOfMeasure: f.Unit, LowerIsBetter: f.LowerIsBetter}
	for _, x := range []struct {
		name, typed string
		to          *float64
	}{{"baseline", f.Baseline, &in.Baseline}, {"target", f.Target, &in.Target}} {
		n, err := decimal(x.name, x.typed)
		if err != nil {
			return resultSaved{}, err
		}
		*x.to = n
	}
	if f.Actual != "" || f.MeasuredOn != "" {
		n, err := decimal("actual", f.Actual)
		if err != nil {
			return resultSaved{}, err
		}
		day, err := time.ParseInLocation("2006-01-02", f.MeasuredOn, ref.Policy.RegionZone.Location())
		if err != nil {
			return resultSaved{}, policies.FieldError("measured_on", "tanggal pengukuran tidak sah (TTTT-BB-HH)")
		}
		in.Actual, in.MeasuredOn = &n, &day
	}
	out, err := s.saveResult(r, ref, in)
	return resultSaved{out, ref.Policy.ID}, err
}

// decimal reads a typed number (a decimal comma or point), naming field.
func decimal(field, typed string) (float64, error) {
	n, err := strconv.ParseFloat(strings.Replace(typed, ",", ".", 1), 64)
	if err != nil {
		return 0, policies.FieldError(field, "%s harus angka", map[string]string{"baseline": "nilai awal", "target": "target", "actual": "nilai capaian"}[field])
	}
	return n, nil
}

// saveResult checks and saves a program's indicator (page and API).
func (s *Server) saveResult(r *http.Request, ref programRef, in policies.ResultInput) (policies.ProgramResult, error) {
	if err := in.Validate(time.Now()); err != nil {
		return policies.ProgramResult{}, err
	}
	return s.store.SaveProgramResult(r.Context(), ref.Program.ID, viewerOf(r).User.ID, in)
}

func resultSays(lang string, _ resultForm, out resultSaved) string {
	return saying(fmt.Sprintf("/policies/%d/programs/%d/kirkpatrick#kp-results", out.policyID, out.ProgramID), doneKey("kp_result_saved"))
}

// resultOf is the program's indicator, or nil when none is set.
func (s *Server) resultOf(r *http.Request, programID int64) (*policies.ProgramResult, error) {
	res, err := s.store.ProgramResultOf(r.Context(), programID)
	switch {
	case policies.KindOf(err) == policies.KindNotFound:
		return nil, nil
	case err != nil:
		return nil, err
	}
	return &res, nil
}
