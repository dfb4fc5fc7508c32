package worker_test

import (
	"context"
	"testing"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/policyflow/policyflow/internal/devtest/stack"
	"github.com/policyflow/policyflow/worker"
	"github.com/policyflow/policyflow/workflows"
)

// On the real Temporal dev server: the worker makes the daily purge
// schedule once (a second call keeps it), and a run it starts purges the
// record and keeps its report.
func TestPurgeScheduleRunsThePurge(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	db, c := stack.OnDefaultNamespace(ctx, t)
	db.SQL().MustExec(`INSERT INTO login_attempts (email, ip, ok, created_at) VALUES ('lama@contoh.id', '203.0.113.9', false, now() - interval '1 year')`)
	for range 2 {
		if err := worker.EnsurePurgeSchedule(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	h := c.ScheduleClient().GetHandle(ctx, workflows.PurgeScheduleID)
	t.Cleanup(func() { _ = h.Delete(context.Background()) })
	d, err := h.Describe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if iv := d.Schedule.Spec.Intervals; len(iv) != 1 || iv[0].Every != 24*time.Hour {
		t.Errorf("schedule intervals %+v, want every 24 h", iv)
	}
	if act, ok := d.Schedule.Action.(*client.ScheduleWorkflowAction); !ok || act.Workflow != "PurgeWorkflow" || act.TaskQueue != workflows.TaskQueue {
		t.Errorf("schedule action %+v, want PurgeWorkflow on %s", d.Schedule.Action, workflows.TaskQueue)
	}
	if err := h.Trigger(ctx, client.ScheduleTriggerOptions{}); err != nil {
		t.Fatal(err)
	}
	for {
		last, err := db.LastPurge(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !last.RanAt.IsZero() {
			if last.Counts["sign_in_attempts"] < 1 {
				t.Errorf("the run's counts %v, want the year-old sign-in attempt purged", last.Counts)
			}
			break
		}
		select {
		case <-ctx.Done():
			t.Fatal("the triggered purge did not report before the deadline")
		case <-time.After(100 * time.Millisecond):
		}
	}
	var n int
	if err := db.SQL().Get(&n, `SELECT count(*) FROM login_attempts WHERE email = 'lama@contoh.id'`); err != nil || n != 0 {
		t.Errorf("year-old sign-in attempt: %d rows (%v), want 0", n, err)
	}
}
