package activities

import (
	"context"

	"github.com/policyflow/policyflow/policies"
)

// CreateProgramInput records a training program.
type CreateProgramInput struct {
	Program    policies.Program
	Key        string
	WorkflowID string
}

// CreateProgram stores a training program once per key.
func (a *Activities) CreateProgram(ctx context.Context, in CreateProgramInput) (policies.Program, error) {
	p, err := a.Store.CreateProgramOnce(ctx, in.Program, in.Key, in.WorkflowID)
	return p, nonRetryable(err)
}
