// Package activities holds every side effect of Policyflow's workflows:
// reads and writes of the record and the notifications outbox. Each
// activity is safe to retry: its writes carry keys derived from the
// workflow ID and step, so a retry finds its earlier write instead of
// writing twice.
package activities

import (
	"context"
	"fmt"
	"time"

	"go.temporal.io/sdk/temporal"

	"github.com/policyflow/policyflow/policies"
)

// Store is what the activities need of the record (package postgres).
type Store interface {
	PolicyByID(ctx context.Context, id int64) (policies.PolicySummary, error)
	CurrentVersion(ctx context.Context, policyID int64) (policies.Version, error)
	PolicyFacts(ctx context.Context, id int64) (policies.PolicyFacts, error)
	Units(ctx context.Context, regionID int64) ([]policies.Unit, error)
	SetStatus(ctx context.Context, in policies.StatusChange) error
	OpenConsultation(ctx context.Context, c policies.Consultation, invite []int64) (policies.Consultation, []int64, error)
	ExtendConsultation(ctx context.Context, workflowID string, closesAt time.Time) error
	CloseConsultation(ctx context.Context, workflowID string, closedAt time.Time, reason string) (policies.ConsultationSummary, error)
	StartApprovalRun(ctx context.Context, r policies.ApprovalRun) (policies.ApprovalRun, policies.ApprovalChain, error)
	EndApprovalRun(ctx context.Context, workflowID, outcome string, endedAt time.Time) error
	RecordDecision(ctx context.Context, d policies.Decision) (policies.Decision, error)
	RecordDelegation(ctx context.Context, principal, delegate int64, starts, ends time.Time, key string) error
	CreateProgramOnce(ctx context.Context, p policies.Program, key, workflowID string) (policies.Program, error)
	UnitOfficers(ctx context.Context, unitID int64) ([]int64, error)
	UnitHead(ctx context.Context, unitID int64) (int64, error)
	CreateRounds(ctx context.Context, policyID int64, n int, due time.Time, unitIDs []int64) ([]policies.EvaluationRound, error)
	PendingRounds(ctx context.Context, policyID int64, n int) ([]policies.EvaluationRound, error)
	MarkOverdue(ctx context.Context, policyID int64, n int) ([]policies.EvaluationRound, error)
	RecordResult(ctx context.Context, policyID, unitID int64, n int, r policies.EvaluationResult, key string) (policies.EvaluationResult, error)
	EnqueueNotification(ctx context.Context, n policies.Notification) (bool, error)
}

// Activities carries the dependencies activities need.
type Activities struct {
	Store Store
}

// LoadPolicyInput names the policy to load.
type LoadPolicyInput struct {
	PolicyID int64
}

// PolicySnapshot is what a workflow needs to know of a policy's record.
type PolicySnapshot struct {
	PolicyID      int64
	Title         string
	Status        policies.Status
	VersionID     int64
	VersionNumber int
	VersionSHA256 string
}

// LoadPolicy reads a policy and its current version. An unknown policy is a
// non-retryable error: retrying will not make it appear.
func (a *Activities) LoadPolicy(ctx context.Context, in LoadPolicyInput) (PolicySnapshot, error) {
	p, err := a.Store.PolicyByID(ctx, in.PolicyID)
	if err != nil {
		return PolicySnapshot{}, nonRetryable(err)
	}
	v, err := a.Store.CurrentVersion(ctx, in.PolicyID)
	if err != nil {
		return PolicySnapshot{}, nonRetryable(err)
	}
	return PolicySnapshot{
		PolicyID: p.ID, Title: p.Title, Status: p.Status,
		VersionID: v.ID, VersionNumber: v.Number, VersionSHA256: v.SHA256,
	}, nil
}

// nonRetryable marks invalid-input, not-found, forbidden and conflict errors
// as final, keeping their kind as the error type; other errors (a database
// restart, a timeout) stay retryable.
func nonRetryable(err error) error {
	if err == nil {
		return nil
	}
	switch k := policies.KindOf(err); k {
	case policies.KindNotFound, policies.KindInvalid, policies.KindForbidden, policies.KindConflict, policies.KindTooLarge:
		msg := err.Error()
		if de := asDomain(err); de != nil {
			msg = de.Message
		}
		return temporal.NewNonRetryableApplicationError(msg, string(k), err)
	}
	return fmt.Errorf("activities: %w", err)
}
