package activities

import (
	"context"

	"github.com/policyflow/policyflow/policies"
)

// LoadFacts reads what a policy's workflow needs from the record.
func (a *Activities) LoadFacts(ctx context.Context, policyID int64) (policies.PolicyFacts, error) {
	f, err := a.Store.PolicyFacts(ctx, policyID)
	return f, nonRetryable(err)
}

// SetStatus moves a policy to a new status, once per key, and tells the
// policy's followers of what it made public (follownotice.go).
func (a *Activities) SetStatus(ctx context.Context, in policies.StatusChange) error {
	if err := a.Store.SetStatus(ctx, in); err != nil {
		return nonRetryable(err)
	}
	return a.tellFollowers(ctx, in.PolicyID)
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
// non-retryable error: retrying will not make it appear. Only policy
// workflows started by the first release schedule it (workflows replay
// that branch, see "load-facts" in PolicyWorkflow); new ones use LoadFacts.
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
