package activities

import (
	"context"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// StartApprovalRunResult is the recorded run, the chain it follows and
// the working-day calendar of the chain's region, in which the stages'
// SLAs count (runs recorded before it have none).
type StartApprovalRunResult struct {
	RunID    int64
	Chain    policies.ApprovalChain
	Calendar policies.Calendar
}

// StartApprovalRun records an approval run and loads its chain.
func (a *Activities) StartApprovalRun(ctx context.Context, in policies.ApprovalRun) (StartApprovalRunResult, error) {
	r, chain, err := a.Store.StartApprovalRun(ctx, in)
	if err != nil {
		return StartApprovalRunResult{}, nonRetryable(err)
	}
	if len(chain.Stages) == 0 {
		return StartApprovalRunResult{}, nonRetryable(policies.Errorf(policies.KindInvalid, "rantai persetujuan %d tidak memiliki tahap", chain.ID))
	}
	cal, err := a.RegionCalendar(ctx, chain.RegionID)
	if err != nil {
		return StartApprovalRunResult{}, err
	}
	return StartApprovalRunResult{RunID: r.ID, Chain: chain, Calendar: cal}, nil
}

// EndApprovalRunInput records a run's outcome.
type EndApprovalRunInput struct {
	WorkflowID string
	Outcome    string
	EndedAt    time.Time
}

// EndApprovalRun records a run's outcome. An approval is news to the
// policy's followers (follownotice.go): the version approved is the text
// the public reads, and its event exists once the run's outcome is
// recorded, after the policy's status (approval.finish).
func (a *Activities) EndApprovalRun(ctx context.Context, in EndApprovalRunInput) error {
	policyID, err := a.Store.EndApprovalRun(ctx, in.WorkflowID, in.Outcome, in.EndedAt)
	if err != nil {
		return nonRetryable(err)
	}
	if in.Outcome != "approved" || policyID == 0 {
		return nil
	}
	return a.tellFollowers(ctx, policyID)
}

// RecordDecision stores a decision once per idempotency key.
func (a *Activities) RecordDecision(ctx context.Context, d policies.Decision) (policies.Decision, error) {
	out, err := a.Store.RecordDecision(ctx, d)
	return out, nonRetryable(err)
}

// DecideAndEndInput is the decision that ends a run (approving its last
// stage, rejecting or requesting changes), the policy's move to the run's
// outcome and the outcome.
type DecideAndEndInput struct {
	Decision policies.Decision
	Move     policies.StatusChange
	End      EndApprovalRunInput
}

// DecideAndEnd records the last decision of a run, the policy's move and
// the run's outcome in one transaction (what RecordDecision, SetStatus and
// EndApprovalRun write, as one local activity instead of three), then
// tells the policy's followers once (SetStatus and EndApprovalRun each
// told them).
func (a *Activities) DecideAndEnd(ctx context.Context, in DecideAndEndInput) (policies.Decision, error) {
	out, err := a.Store.DecideAndEnd(ctx, in.Decision, in.Move, in.End.WorkflowID, in.End.Outcome, in.End.EndedAt)
	if err != nil {
		return out, nonRetryable(err)
	}
	return out, a.tellFollowers(ctx, in.Move.PolicyID)
}

// DelegationInput records a delegation to an acting official.
type DelegationInput struct {
	PolicyID                int64 // whose approval: its history shows the delegation
	PrincipalID, DelegateID int64
	StartsAt, EndsAt        time.Time
	Key                     string
}

// RecordDelegation stores a delegation once per key.
func (a *Activities) RecordDelegation(ctx context.Context, in DelegationInput) error {
	return nonRetryable(a.Store.RecordDelegation(ctx, in.PolicyID, in.PrincipalID, in.DelegateID, in.StartsAt, in.EndsAt, in.Key))
}
