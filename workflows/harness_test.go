package workflows

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"

	"github.com/policyflow/policyflow/activities"
	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/postgres"
)

func TestMain(m *testing.M) { devtest.Main(m) }

// harness runs a PolicyWorkflow in the test environment (time skipping) with
// the real activities on a real, seeded PostgreSQL: what the workflows write
// is checked in the database, as a person would find it.
type harness struct {
	t        *testing.T
	ts       testsuite.WorkflowTestSuite
	env      *testsuite.TestWorkflowEnvironment
	db       *postgres.DB
	policyID int64
	users    map[string]int64 // by short name: penyusun, kabid, kepala, sekda, walikota, opd, kepala.opd, akademisi, admin, hukum
	region   string
	results  map[string]updateOutcome
	start    time.Time
}

type updateOutcome struct {
	accepted bool
	result   Result
	err      error
}

func newHarness(t *testing.T, region, slug string) *harness {
	t.Helper()
	ctx := context.Background()
	db := devtest.Seeded(t)
	h := &harness{t: t, db: db, region: region, users: map[string]int64{}, results: map[string]updateOutcome{}}
	if err := db.SQL().Get(&h.policyID, `SELECT id FROM policies WHERE slug = $1`, slug); err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{"penyusun", "akademisi", "kabid", "kepala", "sekda", "walikota", "opd", "kepala.opd", "admin", "hukum"} {
		u, err := db.UserByEmail(ctx, who+"."+region+"@policyflow.test")
		if err != nil {
			t.Fatal(err)
		}
		h.users[who] = u.ID
	}
	h.env = h.ts.NewTestWorkflowEnvironment()
	h.env.SetTestTimeout(60 * time.Second)
	h.env.SetStartWorkflowOptions(client.StartWorkflowOptions{ID: WorkflowID(h.policyID), TaskQueue: TaskQueue})
	for _, wf := range All {
		h.env.RegisterWorkflow(wf)
	}
	h.env.RegisterActivity(&activities.Activities{Store: db})
	h.start = h.env.Now()
	return h
}

// actor returns a named seeded user acting in their role.
func (h *harness) actor(who string) Actor {
	role := map[string]policies.Role{"penyusun": policies.RoleDrafter, "akademisi": policies.RoleStakeholder,
		"opd": policies.RoleUnitOfficer, "admin": policies.RoleAdmin, "hukum": policies.RoleLegal}[who]
	if role == "" {
		role = policies.RoleLeader
	}
	return Actor{UserID: h.users[who], Role: role}
}

// at schedules an Update at a moment after the start; name labels its outcome.
func (h *harness) at(d time.Duration, name, workflowID string, act policies.Action, req func() Request) {
	h.env.RegisterDelayedCallback(func() {
		wid := workflowID
		if wid == "" {
			wid = WorkflowID(h.policyID)
		}
		h.env.UpdateWorkflowByID(wid, string(act), name, h.outcome(name), req())
	}, d)
}

// outcome keeps an Update's outcome under name.
func (h *harness) outcome(name string) *testsuite.TestUpdateCallback {
	return &testsuite.TestUpdateCallback{
		OnAccept: func() { o := h.results[name]; o.accepted = true; h.results[name] = o },
		OnReject: func(err error) { h.results[name] = updateOutcome{err: err} },
		OnComplete: func(r any, err error) {
			o := h.results[name]
			if err != nil {
				o.err = err
			} else if res, ok := r.(Result); ok {
				o.result = res
			}
			h.results[name] = o
		},
	}
}

// do runs fn at a moment after the start (to look at state mid-way).
func (h *harness) do(d time.Duration, fn func()) { h.env.RegisterDelayedCallback(fn, d) }

// run executes the policy workflow until it ends (tests end it by archiving).
func (h *harness) run() {
	h.t.Helper()
	h.env.ExecuteWorkflow(PolicyWorkflow, PolicyInput{PolicyID: h.policyID})
	if !h.env.IsWorkflowCompleted() {
		h.t.Fatal("policy workflow did not complete (was it archived?)")
	}
	if err := h.env.GetWorkflowError(); err != nil {
		h.t.Fatalf("policy workflow failed: %v", err)
	}
}

// archiveAt ends the test's workflow at d.
func (h *harness) archiveAt(d time.Duration) {
	h.at(d, "archive", "", policies.ActArchive, func() Request {
		return Request{Actor: h.actor("admin"), Reason: "akhir uji"}
	})
}

// ok asserts an Update was accepted and completed, returning its result.
func (h *harness) ok(name string) Result {
	h.t.Helper()
	o, found := h.results[name]
	switch {
	case !found:
		h.t.Fatalf("update %s never ran", name)
	case o.err != nil:
		h.t.Fatalf("update %s failed: %v", name, o.err)
	case !o.accepted:
		h.t.Fatalf("update %s not accepted", name)
	}
	return o.result
}

// refused asserts an Update was refused with an error of the kind.
func (h *harness) refused(name string, kind policies.ErrorKind) {
	h.t.Helper()
	o, found := h.results[name]
	if !found {
		h.t.Fatalf("update %s never ran", name)
	}
	if o.err == nil {
		h.t.Fatalf("update %s succeeded (%+v), want it refused as %s", name, o.result, kind)
	}
	if got := policies.KindOf(mapKind(o.err)); got != kind {
		h.t.Errorf("update %s refused as %s (%v), want %s", name, got, o.err, kind)
	}
}

// state queries the policy workflow.
func (h *harness) state() PolicyState {
	h.t.Helper()
	v, err := h.env.QueryWorkflow(QueryState)
	if err != nil {
		h.t.Fatal(err)
	}
	var st PolicyState
	if err := v.Get(&st); err != nil {
		h.t.Fatal(err)
	}
	return st
}

func (h *harness) count(query string, args ...any) int {
	h.t.Helper()
	var n int
	if err := h.db.SQL().Get(&n, query, args...); err != nil {
		h.t.Fatalf("%s: %v", query, err)
	}
	return n
}

func (h *harness) status() policies.Status {
	h.t.Helper()
	var s policies.Status
	if err := h.db.SQL().Get(&s, `SELECT status FROM policies WHERE id = $1`, h.policyID); err != nil {
		h.t.Fatal(err)
	}
	return s
}

// notified counts outbox rows of a kind for a user on this policy.
func (h *harness) notified(kind string, user int64) int {
	return h.count(`SELECT count(*) FROM notifications WHERE policy_id = $1 AND kind = $2 AND user_id = $3`, h.policyID, kind, user)
}

func (h *harness) sha() string {
	v, err := h.db.CurrentVersion(context.Background(), h.policyID)
	if err != nil {
		h.t.Fatal(err)
	}
	return v.SHA256
}

func (h *harness) child(kind string, n int64) string { return childID(h.policyID, kind, n) }

// submitted has the drafter submit the current version at the first hour:
// its hash and the approval run's workflow.
func (h *harness) submitted() (sha, run string) {
	sha = h.sha()
	h.submitAt(time.Hour, "submit")
	return sha, h.child("approval", 1)
}

// implementAt has the drafter start implementation at d with units.
func (h *harness) implementAt(d time.Duration, units ...int64) {
	h.at(d, "implement", "", policies.ActStartImplementation, func() Request {
		return Request{Actor: h.actor("penyusun"), UnitIDs: units}
	})
}

// mapKind recovers the domain error kind from an Update's error: the
// application error's type (see refusal).
func mapKind(err error) error {
	var ae *temporal.ApplicationError
	if errors.As(err, &ae) {
		return &policies.Error{Kind: policies.ErrorKind(ae.Type()), Message: ae.Message()}
	}
	return fmt.Errorf("not an application error: %w", err)
}

const day = 24 * time.Hour

func containsStr(s, sub string) bool { return strings.Contains(s, sub) }
