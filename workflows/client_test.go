package workflows_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"

	"github.com/policyflow/policyflow/internal/devtest/stack"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/workflows"
)

// countingClient is the real Temporal client, counting the Queries made
// through it.
type countingClient struct {
	client.Client
	queries atomic.Int64
}

func (c *countingClient) QueryWorkflow(ctx context.Context, workflowID, runID, queryType string, args ...any) (converter.EncodedValue, error) {
	c.queries.Add(1)
	return c.Client.QueryWorkflow(ctx, workflowID, runID, queryType, args...)
}

// A decision goes straight to the approval run the database names: no
// Query before the Update, the run the submit started answers, a retry of
// the deciding request is answered again once the run has ended, and a new
// decision on the ended run is refused with a conflict saying how it ended.
func TestDecisionGoesToStoredRunWithoutQuery(t *testing.T) {
	ctx := context.Background()
	st := stack.New(t)
	var policyID int64
	if err := st.DB.SQL().Get(&policyID, `SELECT id FROM policies WHERE slug = 'sawahlunto-peningkatan-kompetensi-asn'`); err != nil {
		t.Fatal(err)
	}
	if err := st.Lifecycle.Start(ctx, policyID); err != nil {
		t.Fatal(err)
	}
	counted := &countingClient{Client: st.Temporal}
	lc := &workflows.Client{Temporal: counted, Runs: st.DB}
	leader := func(who string) workflows.Actor {
		return workflows.Actor{UserID: st.UserID(t, who+".sawahlunto@policyflow.test"), Role: policies.RoleLeader}
	}

	// Not submitted yet: no run to decide on.
	_, err := lc.Do(ctx, policyID, policies.ActApprove, "early", workflows.Request{Actor: leader("kabid"), VersionSHA256: strings.Repeat("0", 64)})
	if policies.KindOf(err) != policies.KindConflict || !strings.Contains(err.Error(), "tidak ada persetujuan yang berjalan") {
		t.Fatalf("a decision before any submit = %v, want a conflict: no approval running", err)
	}

	drafter := workflows.Actor{UserID: st.UserID(t, "penyusun.sawahlunto@policyflow.test"), Role: policies.RoleDrafter}
	sub, err := lc.Do(ctx, policyID, policies.ActSubmit, "submit", workflows.Request{Actor: drafter})
	if err != nil {
		t.Fatalf("submit: %v", err)
	}
	var stored string
	if err := st.DB.SQL().Get(&stored, `SELECT workflow_id FROM approval_runs WHERE policy_id = $1 ORDER BY id DESC LIMIT 1`, policyID); err != nil {
		t.Fatal(err)
	}
	if sub.WorkflowID != stored {
		t.Fatalf("submit started %q, the database names %q", sub.WorkflowID, stored)
	}
	v, err := st.DB.CurrentVersion(ctx, policyID)
	if err != nil {
		t.Fatal(err)
	}
	before := counted.queries.Load()

	r, err := lc.Do(ctx, policyID, policies.ActApprove, "kabid-1", workflows.Request{Actor: leader("kabid"), VersionSHA256: v.SHA256})
	if err != nil || r.Outcome != "stage_approved" || r.WorkflowID != stored {
		t.Fatalf("kabid's approval = %+v, %v; want stage_approved by run %s", r, err, stored)
	}
	// The decision is in the database when the answer comes.
	var decided int
	st.DB.SQL().Get(&decided, `SELECT count(*) FROM decisions WHERE policy_id = $1 AND decider_id = $2`, policyID, leader("kabid").UserID)
	if decided != 1 {
		t.Errorf("kabid's decisions stored at the answer = %d, want 1", decided)
	}
	// Someone not awaited is refused as before.
	if _, err := lc.Do(ctx, policyID, policies.ActApprove, "walikota-early", workflows.Request{Actor: leader("walikota"), VersionSHA256: v.SHA256}); policies.KindOf(err) != policies.KindForbidden {
		t.Errorf("the wali kota deciding at stage 2 = %v, want forbidden", err)
	}
	reject := workflows.Request{Actor: leader("kepala"), VersionSHA256: v.SHA256, Reason: "Perlu kajian anggaran"}
	r, err = lc.Do(ctx, policyID, policies.ActReject, "kepala-1", reject)
	if err != nil || r.Outcome != "rejected" {
		t.Fatalf("kepala's rejection = %+v, %v; want rejected", r, err)
	}

	// Wait until the run's workflow has closed, then ask again.
	deadline := time.Now().Add(30 * time.Second)
	for {
		d, err := st.Temporal.DescribeWorkflowExecution(ctx, stored, "")
		if err != nil {
			t.Fatal(err)
		}
		if d.WorkflowExecutionInfo.Status != enums.WORKFLOW_EXECUTION_STATUS_RUNNING {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("approval run %s still running 30 s after its rejection", stored)
		}
		time.Sleep(50 * time.Millisecond)
	}
	again, err := lc.Do(ctx, policyID, policies.ActReject, "kepala-1", reject)
	if err != nil || again.Outcome != "rejected" || again.ID != r.ID {
		t.Errorf("the same rejection request again = %+v, %v; want the first answer %+v", again, err, r)
	}
	_, err = lc.Do(ctx, policyID, policies.ActApprove, "sekda-late", workflows.Request{Actor: leader("sekda"), VersionSHA256: v.SHA256})
	if policies.KindOf(err) != policies.KindConflict || !strings.Contains(err.Error(), "sudah selesai (ditolak)") {
		t.Errorf("a decision on the ended run = %v, want a conflict saying it ended rejected", err)
	}
	if n := counted.queries.Load() - before; n != 0 {
		t.Errorf("%d Queries made to send decisions, want none", n)
	}
	var decisions int
	st.DB.SQL().Get(&decisions, `SELECT count(*) FROM decisions WHERE policy_id = $1`, policyID)
	if decisions != 2 {
		t.Errorf("decisions stored = %d, want 2 (the retry and the late one add none)", decisions)
	}
}
