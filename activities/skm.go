package activities

import (
	"context"

	"github.com/policyflow/policyflow/policies"
)

// SKMSampleRuleInput names a responsible unit of a policy.
type SKMSampleRuleInput struct {
	PolicyID, UnitID int64
}

// SKMSampleRule reads what an SKM result is judged by before it may open a
// revision: the unit's name and its region's minimum of respondents.
func (a *Activities) SKMSampleRule(ctx context.Context, in SKMSampleRuleInput) (policies.SKMSampleRule, error) {
	r, err := a.Store.SKMSampleRule(ctx, in.PolicyID, in.UnitID)
	return r, nonRetryable(err)
}
