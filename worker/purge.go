package worker

import (
	"context"
	"errors"
	"fmt"

	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/policyflow/policyflow/workflows"
)

// EnsurePurgeSchedule makes the Temporal Schedule that starts the purge of
// personal data past its retention every day (workflows.PurgeWorkflow),
// once: a schedule already there is kept as it is. A run still going when
// the next is due makes the next one wait rather than run beside it.
func EnsurePurgeSchedule(ctx context.Context, c client.Client) error {
	_, err := c.ScheduleClient().Create(ctx, client.ScheduleOptions{
		ID: workflows.PurgeScheduleID,
		Spec: client.ScheduleSpec{
			Intervals: []client.ScheduleIntervalSpec{{Every: workflows.PurgeEvery, Offset: workflows.PurgeOffset}},
		},
		Action: &client.ScheduleWorkflowAction{
			ID:        workflows.PurgeWorkflowID,
			Workflow:  workflows.PurgeWorkflow,
			Args:      []any{workflows.PurgeInput{}},
			TaskQueue: workflows.TaskQueue,
		},
		Overlap: enums.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE,
		Note:    "Policyflow: purge of personal data past its retention (docs/PRIVACY.md)",
	})
	if errors.Is(err, temporal.ErrScheduleAlreadyRunning) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("worker: purge schedule: %w", err)
	}
	return nil
}
