package workflows

import (
	"context"
	"fmt"
	"time"

	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/workflow"

	"github.com/policyflow/policyflow/activities"
)

// FollowUpInput starts the reminders of a follow-up (rencana tindak
// lanjut) of an SKM element below the threshold.
type FollowUpInput struct {
	FollowUpID int64
	DueOn      time.Time // the due date, at its start in the region's zone
}

// The follow-up reminders: a week before the due date, on it, then every
// week until the follow-up is done; the workflow continues as new after
// followUpRemindersPerRun reminders so its history stays small.
const (
	followUpLead            = 7 * 24 * time.Hour
	followUpEvery           = 7 * 24 * time.Hour
	followUpRemindersPerRun = 26
)

// FollowUpWorkflowID names the reminders of follow-up id.
func FollowUpWorkflowID(id int64) string { return fmt.Sprintf("skm-followup-%d", id) }

// FollowUpWorkflow reminds a follow-up's unit until it is done: on durable
// timers (H-7, the due date, then weekly, overdue), each reminder an
// activity that first reads the follow-up and ends the reminders once it
// is done or moot (its policy archived: SKMFollowUp.Moot). Cancelling the workflow stops them quietly.
func FollowUpWorkflow(ctx workflow.Context, in FollowUpInput) error {
	for i := 0; i < followUpRemindersPerRun; i++ {
		next := nextFollowUpReminder(workflow.Now(ctx), in.DueOn)
		if err := sleepUntil(ctx, next); err != nil {
			return stopped(err)
		}
		var out activities.FollowUpReminded
		if err := workflow.ExecuteActivity(withActivities(ctx), a.RemindFollowUp, activities.RemindFollowUpInput{
			FollowUpID: in.FollowUpID, Key: fmt.Sprintf("%s-%d", FollowUpWorkflowID(in.FollowUpID), next.Unix()),
			Overdue: !next.Before(in.DueOn.Add(24 * time.Hour)),
		}).Get(ctx, &out); err != nil {
			return stopped(err)
		}
		if out.Done {
			return nil
		}
	}
	return workflow.NewContinueAsNewError(ctx, FollowUpWorkflow, in)
}

// nextFollowUpReminder is the reminder after now: H-7, else the due date,
// else a week on.
func nextFollowUpReminder(now, due time.Time) time.Time {
	switch {
	case now.Before(due.Add(-followUpLead)):
		return due.Add(-followUpLead)
	case now.Before(due):
		return due
	}
	return now.Add(followUpEvery)
}

// RemindFollowUp starts the reminders of follow-up id, due on due; running
// already, they are left as they are; ended (done), they start again (a
// follow-up reopened is reminded again).
func (c *Client) RemindFollowUp(ctx context.Context, id int64, due time.Time) error {
	_, err := c.Temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: FollowUpWorkflowID(id), TaskQueue: TaskQueue,
		WorkflowIDConflictPolicy: enums.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		WorkflowIDReusePolicy:    enums.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE},
		FollowUpWorkflow, FollowUpInput{FollowUpID: id, DueOn: due})
	if err != nil {
		return fmt.Errorf("workflows: follow-up %d reminders: %w", id, err)
	}
	return nil
}
