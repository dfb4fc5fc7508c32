package server

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"

	"github.com/policyflow/policyflow/policies"
)

// timelineData is a policy's history as people read it.
type timelineData struct {
	Consultations []consultationView     `json:"consultations"`
	Runs          []runView              `json:"approval_runs"`
	Audit         []policies.AuditRecord `json:"audit"`
}

type consultationView struct {
	policies.ConsultationRecord
	Summary *policies.ConsultationSummary `json:"summary,omitempty"`
}

type runView struct {
	policies.ApprovalRunRecord
	Decisions []policies.DecisionRecord `json:"decisions"`
}

// timeline is a policy's history as the viewer may read it: consultations
// and approval decisions for anyone who may see the policy, the audit log
// (every action, by whom) for its region's people only.
func (s *Server) timeline(ctx context.Context, v *viewer, p policies.PolicySummary) (timelineData, error) {
	policyID := p.ID
	var tl timelineData
	cs, err := s.store.Consultations(ctx, policyID)
	if err != nil {
		return tl, err
	}
	for _, c := range cs {
		cv := consultationView{ConsultationRecord: c}
		if len(c.Summary) > 0 {
			var sum policies.ConsultationSummary
			if json.Unmarshal(c.Summary, &sum) == nil {
				cv.Summary = &sum
			}
		}
		tl.Consultations = append(tl.Consultations, cv)
	}
	runs, err := s.store.ApprovalRuns(ctx, policyID)
	if err != nil {
		return tl, err
	}
	ds, err := s.store.DecisionRecords(ctx, policyID)
	if err != nil {
		return tl, err
	}
	for _, run := range runs {
		rv := runView{ApprovalRunRecord: run}
		for _, d := range ds {
			if d.ApprovalRunID != nil && *d.ApprovalRunID == run.ID {
				rv.Decisions = append(rv.Decisions, d)
			}
		}
		tl.Runs = append(tl.Runs, rv)
	}
	if !v.InRegion(p.RegionID) {
		// Others read the history of the versions they may read: nothing
		// of a revision drafted after the text in force, nor the audit log.
		latest := v.LatestVisible(p)
		tl.Consultations = slices.DeleteFunc(tl.Consultations, func(c consultationView) bool { return c.VersionNumber > latest })
		tl.Runs = slices.DeleteFunc(tl.Runs, func(r runView) bool { return r.VersionNumber > latest })
		return tl, nil
	}
	tl.Audit, err = s.store.AuditRecords(ctx, policyID)
	return tl, err
}

// timelineOf is the timeline of the policy of the URL, for the API.
func (s *Server) timelineOf(r *http.Request) (timelineData, error) {
	p, err := s.loadPolicy(r)
	if err != nil {
		return timelineData{}, err
	}
	return s.timeline(r.Context(), viewerOf(r), p)
}

func (s *Server) handleHistory(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	p, as, err := policyAnd(r, s.loadRegionPolicy, s.store.AuditRecords)
	if err != nil {
		return err
	}
	s.render(w, r, lang, http.StatusOK, "history", map[string]any{"Title": p.Title, "Policy": p, "Audit": as})
	return nil
}

// auditOf is the audit history of the policy of the URL (its region's
// only), for the API.
func (s *Server) auditOf(r *http.Request) (map[string]any, error) {
	_, as, err := policyAnd(r, s.loadRegionPolicy, s.store.AuditRecords)
	return map[string]any{"audit": as}, err
}
