package activities

import (
	"context"

	"github.com/policyflow/policyflow/policies"
)

// CreateProgramInput records a training program.
type CreateProgramInput struct {
	Program    policies.Program
	ActorID    int64 // who planned it: its audit row's actor
	Key        string
	WorkflowID string
}

// CreateProgram stores a training program once per key.
func (a *Activities) CreateProgram(ctx context.Context, in CreateProgramInput) (policies.Program, error) {
	p, err := a.Store.CreateProgramOnce(ctx, in.Program, in.ActorID, in.Key, in.WorkflowID)
	return p, nonRetryable(err)
}

// ChangeProgram records an edit, a reschedule or a status change of a
// program, audited, once per key (policies.ProgramChange).
func (a *Activities) ChangeProgram(ctx context.Context, c policies.ProgramChange) (policies.Program, error) {
	p, err := a.Store.ChangeProgram(ctx, c)
	return p, nonRetryable(err)
}

// LoadProgramRecipients returns who hears of a program's changes: its
// unit's officers and its participants with an account.
func (a *Activities) LoadProgramRecipients(ctx context.Context, programID int64) ([]int64, error) {
	ids, err := a.Store.ProgramRecipients(ctx, programID)
	return ids, nonRetryable(err)
}
