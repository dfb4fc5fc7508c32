package worker_test

import (
	"context"
	"reflect"
	"strconv"
	"testing"
	"time"

	"go.temporal.io/api/enums/v1"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/internal/devtest/stack"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/worker"
	"github.com/policyflow/policyflow/workflows"
)

func TestMain(m *testing.M) { devtest.Main(m) }

// On the real Temporal dev server and a real PostgreSQL: a policy created in
// the record gets its workflow, which answers the state query with the
// record's status and version.
func TestPolicyWorkflowRunsEndToEnd(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	db, c := stack.OnDefaultNamespace(ctx, t)

	n, err := worker.EnsurePolicyWorkflows(ctx, c, db)
	if err != nil {
		t.Fatal(err)
	}
	if n != 5 {
		t.Errorf("EnsurePolicyWorkflows started %d, want the 5 seeded policies", n)
	}

	// A policy created afterwards, with a second version.
	author, _ := db.UserByEmail(ctx, "penyusun.sawahlunto@policyflow.test")
	region, _ := db.RegionBySlug(ctx, "sawahlunto")
	units, _ := db.Units(ctx, region.ID)
	p, _, err := db.CreatePolicy(ctx, policies.NewPolicy{RegionID: region.ID, OwnerUnitID: units[0].ID,
		Slug: "uji-alur-kerja", Title: "Uji alur kerja", Markdown: "# Uji alur kerja\n\nIsi.\n", AuthorID: author.ID})
	if err != nil {
		t.Fatal(err)
	}
	v2, err := db.CreateVersion(ctx, p.ID, 1, "# Uji alur kerja\n\nIsi versi 2.\n", author.ID, "perbaikan")
	if err != nil {
		t.Fatal(err)
	}
	run, err := c.ExecuteWorkflow(ctx, workflows.StartOptions(p.ID), workflows.PolicyWorkflow, workflows.PolicyInput{PolicyID: p.ID})
	if err != nil {
		t.Fatal(err)
	}
	if run.GetID() != "policy-"+itoa(p.ID) {
		t.Errorf("workflow ID = %q, want policy-%d", run.GetID(), p.ID)
	}

	st := stack.LoadedState(ctx, t, c, p.ID)
	want := workflows.PolicyState{PolicyID: p.ID, Title: "Uji alur kerja", Status: policies.StatusDraft, VersionNumber: 2, VersionSHA256: v2.SHA256,
		Zone: policies.ZoneWIB} // Sawahlunto's zone, for the dates of its notices
	st.Since = time.Time{}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("state = %+v, want %+v", st, want)
	}

	// Starting again (a restart of the worker, say) keeps the running workflow.
	again, err := worker.EnsurePolicyWorkflows(ctx, c, db)
	if err != nil || again != 6 {
		t.Fatalf("EnsurePolicyWorkflows again = %d, %v; want 6, nil", again, err)
	}
	desc, err := c.DescribeWorkflowExecution(ctx, workflows.WorkflowID(p.ID), "")
	if err != nil {
		t.Fatal(err)
	}
	if got := desc.WorkflowExecutionInfo.Execution.RunId; got != run.GetRunID() {
		t.Errorf("run ID after a second start = %s, want the first run %s", got, run.GetRunID())
	}
	if s := desc.WorkflowExecutionInfo.Status; s != enums.WORKFLOW_EXECUTION_STATUS_RUNNING {
		t.Errorf("workflow status = %s, want running", s)
	}

	// Every seeded policy's workflow answers with its record's title.
	list, _, err := db.SearchPolicies(ctx, policies.SearchFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, sp := range list {
		st := stack.LoadedState(ctx, t, c, sp.ID)
		if st.Title != sp.Title || st.VersionNumber != sp.CurrentVersion {
			t.Errorf("policy %d state = %+v, want title %q version %d", sp.ID, st, sp.Title, sp.CurrentVersion)
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
