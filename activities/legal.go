package activities

import (
	"context"

	"github.com/policyflow/policyflow/policies"
)

// LegalStepFacts are what a policy's workflow needs to time the legal step
// its approved version waits for (policies.LegalProgress): the step, the
// region's calendar, who is reminded (Bagian Hukum, and for paraf the
// officials whose paraf is awaited) and who the step escalates to (the
// region's administrators).
type LegalStepFacts struct {
	Title    string
	RegionID int64
	Status   policies.Status
	Progress policies.LegalProgress
	Step     policies.LegalStep
	// SLA is the step's times in the region (its own, else the defaults).
	SLA      policies.LegalSLA
	Calendar policies.Calendar
	Remind   []int64
	Escalate []int64
}

// LegalStep reads where a policy's approved version stands in law.
func (a *Activities) LegalStep(ctx context.Context, policyID int64) (LegalStepFacts, error) {
	p, err := a.Store.PolicyByID(ctx, policyID)
	if err != nil {
		return LegalStepFacts{}, nonRetryable(err)
	}
	lp, err := policies.ReadLegalProgress(ctx, a.Store, p)
	if err != nil {
		return LegalStepFacts{}, nonRetryable(err)
	}
	f := LegalStepFacts{Title: p.Title, RegionID: p.RegionID, Status: p.Status, Progress: lp, Step: lp.Step()}
	settings, err := a.Store.LegalStepSettings(ctx, p.RegionID)
	if err != nil {
		return LegalStepFacts{}, nonRetryable(err)
	}
	f.SLA = policies.SLAOf(settings, f.Step)
	if f.Calendar, err = a.RegionCalendar(ctx, p.RegionID); err != nil {
		return LegalStepFacts{}, err
	}
	legal, err := a.usersOf(ctx, p.RegionID, policies.RoleLegal)
	if err != nil {
		return LegalStepFacts{}, err
	}
	if f.Step == policies.StepParaf {
		legal = append(legal, lp.ParafAwaited()...)
	}
	f.Remind = legal
	f.Escalate, err = a.usersOf(ctx, p.RegionID, policies.RoleAdmin)
	return f, err
}

// usersOf are the IDs of a region's active users in a role.
func (a *Activities) usersOf(ctx context.Context, regionID int64, role policies.Role) ([]int64, error) {
	us, err := a.Store.UsersByRole(ctx, regionID, role)
	if err != nil {
		return nil, nonRetryable(err)
	}
	out := make([]int64, len(us))
	for i, u := range us {
		out[i] = u.ID
	}
	return out, nil
}
