package server

import (
	"net/http"

	"github.com/policyflow/policyflow/evaluation"
	"github.com/policyflow/policyflow/policies"
)

// planForm is what the plan page shows again after a refusal.
type planForm struct {
	Error string
	Field string
	Lines []evaluation.LineError
}

// planView is the plan page's view model.
type planView struct {
	Plan     planAnswer
	Region   policies.Region
	Units    []policies.Unit // the units a need or item may name
	Kinds    []policies.CompetencyKind
	Paths    []policies.DevelopmentPath
	Programs []policies.ProgramKind
	MayWrite bool // a drafter: items, links, AKPK import
	Saved    bool
	Form     planForm
	Tables   []planTable // the report per unit, then per policy
}

// planTable is one table of the plan-versus-realisation report.
type planTable struct {
	ID    string
	Units bool
	Rows  []evaluation.PlanLine
}

func (s *Server) handlePlan(w http.ResponseWriter, r *http.Request) error {
	return s.renderPlan(w, r, http.StatusOK, planForm{})
}

// renderPlan shows the plan of the URL's year as the viewer may read it,
// with the forms the viewer may use.
func (s *Server) renderPlan(w http.ResponseWriter, r *http.Request, status int, form planForm) error {
	lang := language(w, r)
	rg, unit, err := s.planScope(r)
	if err != nil {
		return err
	}
	if r.Method == http.MethodPost && r.URL.Query().Get("year") == "" {
		// A refused form: show the year it was for.
		q := r.URL.Query()
		q.Set("year", r.PostFormValue("year"))
		r.URL.RawQuery = q.Encode()
		if _, err := planYear(r, rg); err != nil {
			q.Del("year")
			r.URL.RawQuery = q.Encode()
		}
	}
	p, err := s.planAnswerOf(r)
	if err != nil {
		return err
	}
	units := []policies.Unit{unit}
	if unit.ID == 0 {
		if units, err = s.store.Units(r.Context(), rg.ID); err != nil {
			return err
		}
	}
	v := planView{Plan: p, Region: rg, Units: units, Kinds: policies.CompetencyKinds, Paths: policies.DevelopmentPaths,
		Programs: policies.ProgramKinds, MayWrite: viewerOf(r).Is(policies.RoleDrafter), Saved: r.URL.Query().Get("saved") != "", Form: form,
		Tables: []planTable{{"units", true, p.Report.Units}, {"policies", false, p.Report.Policies}}}
	title := messages[lang]["plan"] + " " + rg.Name
	s.render(w, r, lang, status, "plan", map[string]any{"Title": title, "Plan": v})
	return nil
}
