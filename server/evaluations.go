package server

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/policyflow/policyflow/evaluation"

	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/workflows"
)

// evaluationRowView is a row of the report with its band.
type evaluationRowView struct {
	policies.EvaluationRow
	Band, Label string
	Mine        bool // the viewer's unit may still fill it
}

func (s *Server) evaluationRows(ctx context.Context, v *viewer, policyID int64) ([]evaluationRowView, error) {
	rows, err := s.store.EvaluationRows(ctx, policyID)
	if err != nil {
		return nil, err
	}
	out := make([]evaluationRowView, len(rows))
	for i, r := range rows {
		out[i].EvaluationRow = r
		if r.SKM != nil {
			out[i].Band, out[i].Label = evaluation.BandOf(*r.SKM)
		}
		out[i].Mine = v.Is(policies.RoleUnitOfficer) && v.User.UnitID != nil && *v.User.UnitID == r.UnitID && r.SKM == nil
	}
	return out, nil
}

// unstaffedUnit is a responsible unit with no officer: its reminders go
// to its head or, with no head either, to the policy's drafters.
type unstaffedUnit struct {
	UnitID  int64
	Name    string
	HasHead bool
}

// unitsWithoutOfficer lists the units with a round still to report and
// nobody in the role that reports it, so someone can appoint an officer
// before the reminders go elsewhere (activities.RemindRounds).
func (s *Server) unitsWithoutOfficer(ctx context.Context, rows []evaluationRowView) ([]unstaffedUnit, error) {
	var out []unstaffedUnit
	seen := map[int64]bool{}
	for _, r := range rows {
		if seen[r.UnitID] || (r.Status != "pending" && r.Status != "overdue") {
			continue
		}
		seen[r.UnitID] = true
		officers, err := s.store.UnitOfficers(ctx, r.UnitID)
		if err != nil {
			return nil, err
		}
		if len(officers) > 0 {
			continue
		}
		head, err := s.store.UnitHead(ctx, r.UnitID)
		if err != nil {
			return nil, err
		}
		out = append(out, unstaffedUnit{UnitID: r.UnitID, Name: r.UnitName, HasHead: head != 0})
	}
	return out, nil
}

// reportRows is the URL's policy, of the viewer's region, and its report's
// rows: the page, the API and the CSV export alike.
func (s *Server) reportRows(r *http.Request) (policies.PolicySummary, []evaluationRowView, error) {
	p, err := s.loadRegionPolicy(r)
	if err != nil {
		return p, nil, err
	}
	rows, err := s.evaluationRows(r.Context(), viewerOf(r), p.ID)
	return p, rows, err
}

// handleEvaluations is the evaluation report of a policy: IKM per unit and
// round with its band, Kirkpatrick scores, the IKM trend drawn as SVG.
func (s *Server) handleEvaluations(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	p, rows, err := s.reportRows(r)
	if err != nil {
		return err
	}
	months, threshold, err := s.store.EvaluationPlan(r.Context(), p.ID)
	if err != nil {
		return err
	}
	programs, err := s.store.ProgramCompletions(r.Context(), p.ID)
	if err != nil {
		return err
	}
	unstaffed, err := s.unitsWithoutOfficer(r.Context(), rows)
	if err != nil {
		return err
	}
	s.render(w, r, lang, http.StatusOK, "evaluations", map[string]any{"Title": p.Title, "Policy": p, "Rows": rows, "Unstaffed": unstaffed,
		"Chart": trendChart(rows), "Done": doneText(r, lang), "Months": months, "Threshold": threshold,
		"Drafter": viewerOf(r).Is(policies.RoleDrafter), "Programs": programs, "ProgramTotals": programTotals(programs)})
	return nil
}

// evaluationAnswer is the report for the API: the rounds with their
// bands, the programs with the JP they earned, and their totals.
func (s *Server) evaluationAnswer(r *http.Request) (map[string]any, error) {
	p, rows, err := s.reportRows(r)
	if err != nil {
		return nil, err
	}
	type row struct {
		policies.EvaluationRow
		Band  string `json:"band,omitempty"`
		Label string `json:"band_label,omitempty"`
	}
	out := []row{}
	for _, rv := range rows {
		out = append(out, row{rv.EvaluationRow, rv.Band, rv.Label})
	}
	programs, err := s.store.ProgramCompletions(r.Context(), p.ID)
	if err != nil {
		return nil, err
	}
	type program struct {
		policies.ProgramCompletion
		JPEarned int `json:"jp_earned"`
	}
	ps := []program{}
	for _, c := range programs {
		ps = append(ps, program{c, c.JPEarned()})
	}
	return map[string]any{"rounds": out, "programs": ps, "program_totals": programTotals(programs)}, nil
}

// handleEvaluationsCSV exports the report.
func (s *Server) handleEvaluationsCSV(w http.ResponseWriter, r *http.Request) error {
	p, rows, err := s.reportRows(r)
	if err != nil {
		return err
	}
	return s.sendDownload(w, csvType, fmt.Sprintf("evaluasi-kebijakan-%d.csv", p.ID), "evaluations csv",
		func(w io.Writer) error { return writeEvaluationsCSV(w, rows) })
}

// evalRound is an evaluation round of a policy, as its URL names them.
type evalRound struct {
	Policy policies.PolicySummary
	Number int
}

// policyRound reads the policy, of the viewer's region, and the round
// number of the URL: looked up before a form or body is read.
func (s *Server) policyRound(r *http.Request) (evalRound, error) {
	p, err := s.loadRegionPolicy(r)
	if err != nil {
		return evalRound{Policy: p}, err
	}
	n, err := roundParam(r)
	return evalRound{p, n}, err
}

func roundParam(r *http.Request) (int, error) {
	n, err := strconv.Atoi(chi.URLParam(r, "round"))
	if err != nil || n < 1 {
		return 0, policies.Errorf(policies.KindNotFound, "putaran evaluasi tidak ditemukan")
	}
	return n, nil
}

// evaluationsSaying is the evaluation report again, saying the notice key.
func evaluationsSaying(policyID int64, key string) string {
	return saying(fmt.Sprintf("/policies/%d/evaluations", policyID), key)
}

// kirkpatrickInput is the trained-staff survey of a round: each level's
// scores (1–5) from the staff who answered.
type kirkpatrickInput struct {
	UnitID int64    `json:"unit_id,omitempty"`
	Levels [4][]int `json:"levels" minimum:"1" maximum:"5" doc:"reaction, learning, behaviour, results: scores 1–5"`
}

// kirkpatrickRecorded is a survey as recorded: the API's answer (its
// fields in the order it has always had them) and, for the page, the policy.
type kirkpatrickRecorded struct {
	PolicyID        int64      `json:"-"`
	Index           float64    `json:"index"`
	LevelMeans      [4]float64 `json:"level_means"`
	LevelsEvaluated int        `json:"levels_evaluated"`
}

// recordKirkpatrick scores the survey and sends the index to the workflow
// (page and API).
func (s *Server) recordKirkpatrick(r *http.Request, rd evalRound, in kirkpatrickInput) (kirkpatrickRecorded, error) {
	v := viewerOf(r)
	if v.User.UnitID == nil || (in.UnitID != 0 && in.UnitID != *v.User.UnitID) {
		return kirkpatrickRecorded{}, policies.Errorf(policies.KindForbidden, "Anda hanya dapat mengisi evaluasi unit Anda sendiri")
	}
	report, res, err := workflows.KirkpatrickReport(*v.User.UnitID, rd.Number, in.Levels)
	if err != nil {
		return kirkpatrickRecorded{}, err
	}
	req := workflows.Request{Actor: actorOf(v), Evaluation: &report}
	if _, err := s.doRequest(r.Context(), rd.Policy.ID, policies.ActRecordEvaluation, requestKey(r), req, v); err != nil {
		return kirkpatrickRecorded{}, err
	}
	return kirkpatrickRecorded{PolicyID: rd.Policy.ID, Index: res.Index, LevelMeans: res.LevelMeans, LevelsEvaluated: res.Evaluated}, nil
}

// kirkpatrickFromForm reads the survey from the form: each level's scores
// as numbers separated by commas, semicolons or spaces.
func kirkpatrickFromForm(r *http.Request) (kirkpatrickInput, error) {
	var in kirkpatrickInput
	for l := 0; l < 4; l++ {
		name := fmt.Sprintf("level%d", l+1)
		for _, f := range strings.FieldsFunc(r.PostFormValue(name), func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
			v, err := strconv.Atoi(f)
			if err != nil {
				return in, policies.FieldError(name, "nilai %q bukan angka 1–5", f)
			}
			in.Levels[l] = append(in.Levels[l], v)
		}
	}
	return in, nil
}

// kirkpatrickSaid is the report again, saying the index recorded.
func kirkpatrickSaid(lang string, _ kirkpatrickInput, res kirkpatrickRecorded) string {
	return evaluationsSaying(res.PolicyID, "done_kirkpatrick_saved")
}

// handleEvaluationPlan sets a policy's evaluation cadence and IKM threshold (the drafter's).
func (s *Server) handleEvaluationPlan(w http.ResponseWriter, r *http.Request) error {
	p, err := s.loadRegionPolicy(r)
	if err != nil {
		return err
	}
	months, err := strconv.Atoi(r.PostFormValue("evaluation_months"))
	if err != nil {
		return policies.FieldError("evaluation_months", "jarak evaluasi harus angka bulan")
	}
	threshold, err := strconv.ParseFloat(strings.Replace(r.PostFormValue("ikm_threshold"), ",", ".", 1), 64)
	if err != nil {
		return policies.FieldError("ikm_threshold", "ambang IKM harus angka")
	}
	if err := (policies.EvaluationPlan{Months: months, Threshold: threshold}).Validate(); err != nil {
		return err
	}
	if err := s.store.SetEvaluationPlan(r.Context(), p.ID, months, threshold, viewerOf(r).User.ID); err != nil {
		return err
	}
	http.Redirect(w, r, evaluationsSaying(p.ID, doneKey("done_plan")), http.StatusSeeOther)
	return nil
}

// programTotalsView sums the programs of a policy for the report.
type programTotalsView struct {
	Programs  int `json:"programs"`
	Enrolled  int `json:"enrolled"`
	Attended  int `json:"attended"`
	Completed int `json:"completed"`
	JPEarned  int `json:"jp_earned"`
}

func programTotals(cs []policies.ProgramCompletion) programTotalsView {
	t := programTotalsView{Programs: len(cs)}
	for _, c := range cs {
		t.Enrolled += c.Enrolled
		t.Attended += c.Attended
		t.Completed += c.Completed
		t.JPEarned += c.JPEarned()
	}
	return t
}
