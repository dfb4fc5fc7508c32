package stack

import (
	"context"
	"testing"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/policyflow/policyflow/activities"
	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/postgres"
	"github.com/policyflow/policyflow/worker"
	"github.com/policyflow/policyflow/workflows"
)

// StartWorker runs Policyflow's worker in-process on c and db until the
// test ends.
func StartWorker(t testing.TB, c client.Client, db *postgres.DB) {
	t.Helper()
	w := worker.New(c, &activities.Activities{Store: db})
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.Stop)
}

// OnDefaultNamespace is a seeded database and a client on the default
// namespace of the package's Temporal dev server, with a worker running on
// both until the test ends.
func OnDefaultNamespace(ctx context.Context, t testing.TB) (*postgres.DB, client.Client) {
	t.Helper()
	db := devtest.Seeded(t)
	c, err := client.DialContext(ctx, client.Options{HostPort: devtest.TemporalAddress(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	StartWorker(t, c, db)
	return db, c
}

// LoadedState queries a policy's workflow until its first activity has
// loaded the record.
func LoadedState(ctx context.Context, t testing.TB, c client.Client, policyID int64) workflows.PolicyState {
	t.Helper()
	for {
		var st workflows.PolicyState
		v, err := c.QueryWorkflow(ctx, workflows.WorkflowID(policyID), "", workflows.QueryState)
		if err == nil {
			err = v.Get(&st)
		}
		if err == nil && st.Status != "" {
			return st
		}
		select {
		case <-ctx.Done():
			t.Fatalf("policy %d: workflow state not loaded: %v", policyID, err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}
