// Package worker runs Policyflow's Temporal worker: it registers every
// workflow and activity, and makes sure every policy has its workflow.
package worker

import (
	"context"
	"fmt"

	"go.temporal.io/sdk/client"
	sdkworker "go.temporal.io/sdk/worker"

	"github.com/policyflow/policyflow/activities"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/workflows"
)

// New returns a worker on the Policyflow task queue with every workflow and
// activity registered. The caller runs it (Start/Run) and stops it.
func New(c client.Client, acts *activities.Activities) sdkworker.Worker {
	w := sdkworker.New(c, workflows.TaskQueue, sdkworker.Options{})
	for _, wf := range workflows.All {
		w.RegisterWorkflow(wf)
	}
	w.RegisterActivity(acts)
	return w
}

// EnsurePolicyWorkflows starts the workflow of every policy in the record
// that has none running: policies created while Temporal was down, or by
// seeding, get theirs. Starting a running one is a no-op.
func EnsurePolicyWorkflows(ctx context.Context, c client.Client, store policies.PolicyStore) (int, error) {
	ids, err := store.PolicyIDs(ctx)
	if err != nil {
		return 0, err
	}
	for _, id := range ids {
		if _, err := c.ExecuteWorkflow(ctx, workflows.StartOptions(id), workflows.PolicyWorkflow, workflows.PolicyInput{PolicyID: id}); err != nil {
			return 0, fmt.Errorf("worker: start workflow of policy %d: %w", id, err)
		}
	}
	return len(ids), nil
}
