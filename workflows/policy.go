// Package workflows holds Policyflow's Temporal workflows: deterministic code
// only. Every side effect is an activity (package activities).
package workflows

import (
	"fmt"
	"time"

	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/policyflow/policyflow/activities"
	"github.com/policyflow/policyflow/policies"
)

// Names shared by the worker, the server and tests.
const (
	TaskQueue  = "policyflow"
	QueryState = "state"
)

// WorkflowID is the business key of a policy's workflow.
func WorkflowID(policyID int64) string { return fmt.Sprintf("policy-%d", policyID) }

// PolicyInput starts a PolicyWorkflow.
type PolicyInput struct {
	PolicyID int64
}

// PolicyState is what the workflow answers to QueryState.
type PolicyState struct {
	PolicyID      int64
	Title         string
	Status        policies.Status
	VersionNumber int
	VersionSHA256 string
	Since         time.Time // when the workflow reached this state
}

// StartOptions are the options to start a policy's workflow. Starting it
// again while it runs returns the running one, so starting is idempotent.
func StartOptions(policyID int64) client.StartWorkflowOptions {
	return client.StartWorkflowOptions{
		ID:                       WorkflowID(policyID),
		TaskQueue:                TaskQueue,
		WorkflowIDConflictPolicy: enums.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		WorkflowIDReusePolicy:    enums.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY,
	}
}

// PolicyWorkflow is the long-lived process of one policy. It loads the
// policy's record and answers QueryState; the lifecycle (consultation,
// approval, implementation, evaluation) is added on top of it.
func PolicyWorkflow(ctx workflow.Context, in PolicyInput) error {
	state := PolicyState{PolicyID: in.PolicyID}
	if err := workflow.SetQueryHandler(ctx, QueryState, func() (PolicyState, error) {
		return state, nil
	}); err != nil {
		return err
	}
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 30 * time.Second,
		RetryPolicy: &temporal.RetryPolicy{
			InitialInterval:    time.Second,
			BackoffCoefficient: 2,
			MaximumInterval:    time.Minute,
		},
	})
	var a *activities.Activities
	var snap activities.PolicySnapshot
	if err := workflow.ExecuteActivity(ctx, a.LoadPolicy, activities.LoadPolicyInput{PolicyID: in.PolicyID}).Get(ctx, &snap); err != nil {
		return err // an activity error naming LoadPolicy, with its type (not_found…) intact
	}
	state.Title = snap.Title
	state.Status = snap.Status
	state.VersionNumber = snap.VersionNumber
	state.VersionSHA256 = snap.VersionSHA256
	state.Since = workflow.Now(ctx)
	workflow.GetLogger(ctx).Info("policy workflow ready", "policy", in.PolicyID, "status", state.Status)

	// The policy lives until it is archived.
	return workflow.Await(ctx, func() bool { return state.Status == policies.StatusArchived })
}
