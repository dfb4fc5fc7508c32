package server

import (
	"context"
	"net/http"
	"time"

	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/workflows"
)

// Legal steps (issue 23): after the last approval the policy's workflow
// follows harmonisation, paraf, enactment and promulgation, each timed in
// working days (workflows/legal_steps.go). The server writes the records
// (harmonisation.go, paraf.go, enactments.go) and then tells the workflow,
// which moves to the next step or, on the Kanwil's "perlu perbaikan",
// opens a revision. The dashboard and the policy page show the step the
// workflow follows, its due date in the region's zone and whether it is
// late.

// tellLegalStep tells the policy's workflow that the viewer wrote a legal
// record. The record is kept whatever the workflow answers: a workflow
// that cannot be told now reads the record at the next one.
func (s *Server) tellLegalStep(r *http.Request, p policies.PolicySummary) {
	v := viewerOf(r)
	ctx, cancel := context.WithTimeout(r.Context(), 20*time.Second)
	defer cancel()
	if _, err := s.lc.LegalRecorded(ctx, p.ID, updateID(v, "legal-"+randomToken()), actorOf(v)); err != nil {
		s.log.Warn("legal record not told to the policy workflow", "policy", p.ID, "err", err)
	}
	s.tellFollowers(r.Context(), p.ID) // an enactment or a promulgation is news to its followers
}

// writeLegalRecord checks a legal record and writes it on the URL's
// policy of the writer's region (writeOnRegionPolicy), then tells the
// policy's workflow.
func writeLegalRecord[In, Out any](s *Server, r *http.Request, in In, validate func() error,
	write func(ctx context.Context, regionID, actorID, policyID int64, in In) (Out, error)) (Out, error) {
	p, out, err := writeOnRegionPolicy(s, r, in, func(int64) error { return validate() }, write)
	if err == nil {
		s.tellLegalStep(r, p)
	}
	return out, err
}

// withApprovedStates words the legal state of each listed policy whose
// approved version is not enacted yet as its page does: harmonised or
// initialled where it is (the list's query knows only the enactments).
func (s *Server) withApprovedStates(ctx context.Context, list []policies.PolicySummary) error {
	for i, p := range list {
		if p.LegalStage != policies.LegalApproved || p.InForceVersion == 0 {
			continue
		}
		lp, err := policies.ReadLegalProgress(ctx, s.store, p)
		if err != nil {
			return err
		}
		st := lp.ApprovedState()
		list[i].LegalStage, list[i].LegalSince = st.Stage, st.Since
	}
	return nil
}

// legalStepTask is a policy waiting on a legal step, as the dashboard and
// the policy page show it.
type legalStepTask struct {
	PolicyID int64              `json:"policy_id"`
	Title    string             `json:"title"`
	Version  int                `json:"version"`
	Step     policies.LegalStep `json:"step"`
	Since    time.Time          `json:"since"`
	// Due is the end of the step's SLA, SLADays working days of the
	// region's calendar after Since; Overdue once it has passed.
	Due       time.Time `json:"due"`
	SLADays   int       `json:"sla_working_days"`
	Overdue   bool      `json:"overdue"`
	Escalated bool      `json:"escalated"`
}

// legalStepOf is the step a workflow's state follows, nil for none.
func legalStepOf(p policies.PolicySummary, st *workflows.PolicyState, now time.Time) *legalStepTask {
	if st == nil || st.Legal == nil {
		return nil
	}
	ls := st.Legal
	return &legalStepTask{PolicyID: p.ID, Title: p.Title, Version: ls.VersionNumber, Step: ls.Step, Since: ls.Started,
		Due: ls.SLADue, SLADays: ls.SLADays, Overdue: now.After(ls.SLADue), Escalated: ls.Escalated}
}

// legalStepTasks are the region's approved policies waiting on a legal
// step, for Bagian Hukum and the region's administrators.
func (s *Server) legalStepTasks(ctx context.Context, u *policies.User) ([]legalStepTask, error) {
	if u.RegionID == nil || (u.Role != policies.RoleLegal && u.Role != policies.RoleAdmin) {
		return nil, nil
	}
	list, _, err := s.store.SearchPolicies(ctx, policies.SearchFilter{Status: policies.StatusApproved, RegionID: *u.RegionID, Limit: 100})
	if err != nil {
		return nil, err
	}
	now := time.Now()
	var out []legalStepTask
	for _, p := range list {
		if t := legalStepOf(p, s.state(ctx, p.ID), now); t != nil {
			out = append(out, *t)
		}
	}
	return out, nil
}
