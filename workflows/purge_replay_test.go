package workflows_test

import (
	"context"
	"testing"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/policyflow/policyflow/internal/devtest/stack"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/workflows"
)

// A purge run on the real Temporal dev server replays on today's code; with
// POLICYFLOW_RECORD_HISTORIES=1 its history becomes testdata/purge.json,
// which TestReplayRecordedHistories replays from then on.
func TestReplayPurgeHistory(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	db, c := stack.OnDefaultNamespace(ctx, t)
	db.SQL().MustExec(`INSERT INTO login_attempts (email, ip, ok, created_at) VALUES ('lama@contoh.id', '203.0.113.9', false, now() - interval '1 year')`)
	id := workflows.PurgeWorkflowID + "-replay"
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: workflows.TaskQueue}, workflows.PurgeWorkflow, workflows.PurgeInput{})
	if err != nil {
		t.Fatal(err)
	}
	var rep policies.PurgeReport
	if err := run.Get(ctx, &rep); err != nil || rep.Counts[policies.RetainSignInAttempts] < 1 {
		t.Fatalf("purge: %v, counts %v", err, rep.Counts)
	}
	replayRecorded(t, history(ctx, t, c, id), "the purge", "purge")
}
