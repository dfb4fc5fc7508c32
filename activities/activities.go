// Package activities holds every side effect of Policyflow's workflows:
// reads and writes of the record, and (later) notifications. Each activity
// is safe to retry.
package activities

import (
	"context"
	"fmt"

	"go.temporal.io/sdk/temporal"

	"github.com/policyflow/policyflow/policies"
)

// Activities carries the dependencies activities need.
type Activities struct {
	Store policies.Store
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

// nonRetryable marks invalid-input and not-found errors as final; other
// errors (a database restart, a timeout) stay retryable.
func nonRetryable(err error) error {
	switch policies.KindOf(err) {
	case policies.KindNotFound, policies.KindInvalid, policies.KindForbidden:
		return temporal.NewNonRetryableApplicationError(err.Error(), string(policies.KindOf(err)), err)
	}
	return fmt.Errorf("activities: %w", err)
}
