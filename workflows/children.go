package workflows

// A policy's workflow runs its consultations, approval runs, programs and
// evaluation schedule as child workflows; they report back by signal.

import (
	"fmt"
	"time"

	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/workflow"

	"github.com/policyflow/policyflow/policies"
)

// SignalChildEvent carries a child workflow's news to its policy's workflow.
const SignalChildEvent = "child_event"

// ChildEvent is what a child workflow tells its policy's workflow.
type ChildEvent struct {
	Kind       string // consultation_closed, approval_progress, approval_ended, evaluation_due
	WorkflowID string
	Status     policies.Status // the status the child set, if it set one
	Approval   *ApprovalState
	Summary    *policies.ConsultationSummary
	Round      int
	Due        time.Time
	// Reason is why a program's Kirkpatrick level is weak (kirkpatrick_weak).
	Reason string `json:",omitempty"`
}

// Event kinds.
const (
	EventConsultationClosed = "consultation_closed"
	EventApprovalProgress   = "approval_progress"
	EventApprovalEnded      = "approval_ended"
	EventEvaluationDue      = "evaluation_due"
	EventKirkpatrickWeak    = "kirkpatrick_weak"
)

// childID names a child workflow of a policy: policy-7-approval-2.
func childID(policyID int64, kind string, n int64) string {
	return fmt.Sprintf("%s-%s-%d", WorkflowID(policyID), kind, n)
}

// startChild starts a child that outlives this run (so the policy may
// continue as new) and waits until it is running.
func startChild(ctx workflow.Context, id string, fn any, arg any) error {
	cctx := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{
		WorkflowID:            id,
		TaskQueue:             TaskQueue,
		ParentClosePolicy:     enums.PARENT_CLOSE_POLICY_ABANDON,
		WaitForCancellation:   true, // a cancelled child records its end (see closeOnCancel)
		WorkflowIDReusePolicy: enums.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
	})
	f := workflow.ExecuteChildWorkflow(cctx, fn, arg)
	return f.GetChildWorkflowExecution().Get(ctx, nil)
}

// reportToParent signals the policy's workflow from a child.
func reportToParent(ctx workflow.Context, policyID int64, ev ChildEvent) {
	err := workflow.SignalExternalWorkflow(ctx, WorkflowID(policyID), "", SignalChildEvent, ev).Get(ctx, nil)
	if err != nil {
		workflow.GetLogger(ctx).Warn("could not report to the policy workflow", "policy", policyID, "event", ev.Kind, "err", err)
	}
}

// cancelChild asks a running child to stop (it may have ended already).
func cancelChild(ctx workflow.Context, id string) {
	if id == "" {
		return
	}
	_ = workflow.RequestCancelExternalWorkflow(ctx, id, "").Get(ctx, nil)
}
