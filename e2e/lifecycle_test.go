package e2e

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"

	"github.com/policyflow/policyflow/activities"
	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/markdown"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/postgres"
	"github.com/policyflow/policyflow/worker"
	"github.com/policyflow/policyflow/workflows"
)

func TestMain(m *testing.M) {
	// The package's browser (browser_test.go) stops before the services do.
	devtest.Main(m, func() { stopBrowser() })
}

// Every test of this file gets a database of its own and a Temporal
// namespace of its own on the package's dev server: seeded databases number
// their policies alike, so two tests in one namespace would share the
// workflows policy-1…policy-5 (and their task queue) across databases.

// seededDB returns a fresh, migrated and seeded database and its URL.
func seededDB(t *testing.T) (*postgres.DB, string) {
	t.Helper()
	url := devtest.SeededURL(t)
	db, err := postgres.Open(t.Context(), url, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, url
}

var namespaceSerial atomic.Int64

// newNamespace registers a namespace on the dev server at addr and returns
// a client on it, once the server answers for it.
func newNamespace(ctx context.Context, t *testing.T, addr, prefix string) (client.Client, string) {
	t.Helper()
	ns := fmt.Sprintf("%s-%d-%d", prefix, os.Getpid(), namespaceSerial.Add(1))
	devtest.RegisterNamespace(ctx, t, addr, ns)
	c, err := client.DialContext(ctx, client.Options{HostPort: addr, Namespace: ns,
		Logger: sdklog.NewStructuredLogger(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c, ns
}

// ensureWorkflows starts every policy's workflow, retrying while a new
// namespace spreads through the server.
func ensureWorkflows(ctx context.Context, t *testing.T, c client.Client, db *postgres.DB) int {
	t.Helper()
	var n int
	devtest.WaitFor(ctx, t, "EnsurePolicyWorkflows", func() (bool, string) {
		var err error
		n, err = worker.EnsurePolicyWorkflows(ctx, c, db)
		return err == nil, fmt.Sprint(err)
	})
	return n
}

func mustUser(ctx context.Context, t *testing.T, db *postgres.DB, email string) policies.User {
	t.Helper()
	u, err := db.UserByEmail(ctx, email)
	if err != nil {
		t.Fatalf("user %s: %v", email, err)
	}
	return u
}

func policyBySlug(ctx context.Context, t *testing.T, db *postgres.DB, slug string) policies.PolicySummary {
	t.Helper()
	list, _, err := db.SearchPolicies(ctx, policies.SearchFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range list {
		if p.Slug == slug {
			return p
		}
	}
	t.Fatalf("no seeded policy %q among %d", slug, len(list))
	return policies.PolicySummary{}
}

// count runs a SELECT count(…) and returns its number.
func count(ctx context.Context, t *testing.T, db *postgres.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.SQL().GetContext(ctx, &n, query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// commentsOf returns a policy's comments, every status, oldest first.
func commentsOf(ctx context.Context, db *postgres.DB, policyID int64) ([]policies.Comment, error) {
	var cs []policies.Comment
	err := db.SQL().SelectContext(ctx, &cs, `SELECT id, policy_id, version_id, parent_id, section_anchor, author_id,
		author_name, author_email, body, status, created_at FROM comments WHERE policy_id = $1 ORDER BY id`, policyID)
	return cs, err
}

// decisionsOf returns a policy's decisions, oldest first.
func decisionsOf(ctx context.Context, db *postgres.DB, policyID int64) ([]policies.Decision, error) {
	var ds []policies.Decision
	err := db.SQL().SelectContext(ctx, &ds, `SELECT id, policy_id, version_id, stage_id, approval_run_id, decider_id, acting_for_id, decision,
		reason, sha256_approved, idempotency_key, created_at FROM decisions WHERE policy_id = $1 ORDER BY id`, policyID)
	return ds, err
}

// roundsOf returns a policy's evaluation rounds by number, then unit.
func roundsOf(ctx context.Context, db *postgres.DB, policyID int64) ([]policies.EvaluationRound, error) {
	var rs []policies.EvaluationRound
	err := db.SQL().SelectContext(ctx, &rs, `SELECT id, policy_id, unit_id, number, due_at, status, created_at
		FROM evaluation_rounds WHERE policy_id = $1 ORDER BY number, unit_id`, policyID)
	return rs, err
}

// auditOf returns a policy's audit history, oldest first.
func auditOf(ctx context.Context, db *postgres.DB, policyID int64) ([]policies.AuditEntry, error) {
	var es []policies.AuditEntry
	err := db.SQL().SelectContext(ctx, &es, `SELECT id, policy_id, version_id, actor_id, action, detail, created_at
		FROM audit_log WHERE policy_id = $1 ORDER BY id`, policyID)
	return es, err
}

// waitState queries a policy's workflow until cond holds. Each query has
// its own short deadline, so a query stuck on a killed worker is retried.
func waitState(ctx context.Context, t *testing.T, lc *workflows.Client, policyID int64, what string, cond func(workflows.PolicyState) bool) workflows.PolicyState {
	t.Helper()
	var st workflows.PolicyState
	devtest.WaitFor(ctx, t, what, func() (bool, string) {
		qctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		s, err := lc.State(qctx, policyID)
		if err != nil {
			return false, "query error: " + err.Error()
		}
		st = s
		return cond(s), describeState(s)
	})
	return st
}

func describeState(s workflows.PolicyState) string {
	d := fmt.Sprintf("status=%s version=%d", s.Status, s.VersionNumber)
	if s.Consultation != nil {
		d += " consultation=" + s.Consultation.WorkflowID
	}
	if a := s.Approval; a != nil {
		d += fmt.Sprintf(" approval=%s stage=%d/%d awaiting=%v", a.WorkflowID, a.Stage, a.Stages, a.Awaiting)
	}
	return d
}

var requestSerial atomic.Int64

func nextRequestID() string { return fmt.Sprintf("t-%d-%d", os.Getpid(), requestSerial.Add(1)) }

// do sends one lifecycle action with a fresh request ID and fails on error.
func do(ctx context.Context, t *testing.T, lc *workflows.Client, policyID int64, act policies.Action, req workflows.Request) workflows.Result {
	t.Helper()
	actx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	res, err := lc.Do(actx, policyID, act, nextRequestID(), req)
	if err != nil {
		t.Fatalf("%s on policy %d: %v%s", act, policyID, err, explain(ctx, lc, policyID))
	}
	return res
}

// explain describes what the policy's workflows are stuck on: their
// activities that are being retried, with the last failure of each.
func explain(ctx context.Context, lc *workflows.Client, policyID int64) string {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	ids := []string{workflows.WorkflowID(policyID)}
	if st, err := lc.State(ctx, policyID); err == nil {
		if st.Consultation != nil {
			ids = append(ids, st.Consultation.WorkflowID)
		}
		if st.Approval != nil {
			ids = append(ids, st.Approval.WorkflowID)
		}
		if st.EvaluationWorkflowID != "" {
			ids = append(ids, st.EvaluationWorkflowID)
		}
	}
	var b strings.Builder
	for _, id := range ids {
		d, err := lc.Temporal.DescribeWorkflowExecution(ctx, id, "")
		if err != nil {
			fmt.Fprintf(&b, "\n  %s: %v", id, err)
			continue
		}
		for _, pa := range d.PendingActivities {
			fmt.Fprintf(&b, "\n  %s: activity %s, attempt %d, last failure: %s", id, pa.GetActivityType().GetName(), pa.GetAttempt(), pa.GetLastFailure().GetMessage())
		}
	}
	if b.Len() == 0 {
		return ""
	}
	return "\nactivities being retried:" + b.String()
}

// TestWholeLifecycleOnRealServers takes the Bukittinggi policy from a public
// consultation to its first evaluation round, on the real Temporal dev
// server and PostgreSQL, through the lifecycle client, and checks what the
// record keeps of it.
func TestWholeLifecycleOnRealServers(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	db, _ := seededDB(t)
	c, _ := newNamespace(ctx, t, devtest.TemporalAddress(t), "e2e-lifecycle")
	w := worker.New(c, &activities.Activities{Store: db})
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.Stop)
	if n := ensureWorkflows(ctx, t, c, db); n != 5 {
		t.Fatalf("EnsurePolicyWorkflows started %d, want the 5 seeded policies", n)
	}
	lc := &workflows.Client{Temporal: c}

	pol := policyBySlug(ctx, t, db, "bukittinggi-peningkatan-kualitas-asn")
	v, err := db.CurrentVersion(ctx, pol.ID)
	if err != nil {
		t.Fatal(err)
	}
	drafter := mustUser(ctx, t, db, "penyusun.bukittinggi@policyflow.test")
	stakeholder := mustUser(ctx, t, db, "akademisi.bukittinggi@policyflow.test")
	officer := mustUser(ctx, t, db, "opd.bukittinggi@policyflow.test")
	if officer.UnitID == nil {
		t.Fatal("opd.bukittinggi has no unit")
	}
	var approvers []policies.User
	for _, who := range []string{"kabid", "kepala", "sekda", "walikota"} {
		approvers = append(approvers, mustUser(ctx, t, db, who+".bukittinggi@policyflow.test"))
	}
	asDrafter := workflows.Actor{UserID: drafter.ID, Role: policies.RoleDrafter}

	// The sections commented on are real anchors of the rendered version.
	const intro, strategy = "pendahuluan", "strategi-peningkatan-kualitas-asn"
	rendered, err := markdown.NewRenderer(2).Render(v.SHA256, v.Markdown)
	if err != nil {
		t.Fatal(err)
	}
	anchors := map[string]bool{}
	for _, h := range rendered.TOC {
		anchors[h.ID] = true
	}
	for _, a := range []string{intro, strategy} {
		if !anchors[a] {
			t.Fatalf("section %q is not a heading anchor of the policy; anchors: %v", a, rendered.TOC)
		}
	}

	st := waitState(ctx, t, lc, pol.ID, "the policy workflow to load", func(s workflows.PolicyState) bool { return s.Status != "" })
	if st.Status != policies.StatusDraft || st.VersionSHA256 != v.SHA256 {
		t.Fatalf("initial state = %s; want draft at sha %s", describeState(st), v.SHA256)
	}

	// 1. Public consultation, closed early by the drafter.
	opened := do(ctx, t, lc, pol.ID, policies.ActOpenConsultation, workflows.Request{Actor: asDrafter, ClosesAt: time.Now().Add(2 * time.Hour)})
	if opened.Status != policies.StatusConsultation || opened.Outcome != "consultation_opened" || opened.WorkflowID == "" {
		t.Fatalf("open consultation = %+v; want status consultation, outcome consultation_opened and a workflow ID", opened)
	}
	// Stakeholders comment once invited (the consultation is recorded then).
	devtest.WaitFor(ctx, t, "consultation invitations", func() (bool, string) {
		n := count(ctx, t, db, `SELECT count(*) FROM notifications WHERE policy_id = $1 AND kind = 'consultation_invitation'`, pol.ID)
		return n > 0, fmt.Sprintf("%d invitations", n)
	})
	for _, cm := range []struct{ section, body string }{
		{intro, "Mohon tambahkan target JP per tahun."},
		{intro, "Latar belakang perlu data jumlah ASN."},
		{strategy, "Strategi e-learning perlu anggaran."},
	} {
		if _, err := db.CreateComment(ctx, policies.Comment{PolicyID: pol.ID, VersionID: v.ID, SectionID: cm.section,
			AuthorID: &stakeholder.ID, AuthorName: stakeholder.Name, Body: cm.body}); err != nil {
			t.Fatal(err)
		}
	}
	closed := do(ctx, t, lc, pol.ID, policies.ActCloseConsultation, workflows.Request{Actor: asDrafter})
	if closed.Status != policies.StatusDrafting || closed.Outcome != "consultation_closed" {
		t.Errorf("close consultation = status %q outcome %q; want drafting, consultation_closed", closed.Status, closed.Outcome)
	}
	titles := map[string]string{}
	for _, h := range rendered.TOC {
		titles[h.ID] = h.Text
	}
	wantSections := []policies.SectionCount{{Section: intro, Title: titles[intro], Comments: 2}, {Section: strategy, Title: titles[strategy], Comments: 1}}
	if s := closed.Summary; s == nil {
		t.Fatalf("close consultation returned no summary: %+v", closed)
	} else if !reflect.DeepEqual(s.Sections, wantSections) || s.Total != 3 || s.Reason != "early" {
		t.Fatalf("consultation summary = sections %+v total %d reason %q; want %+v total 3 reason early", s.Sections, s.Total, s.Reason, wantSections)
	}
	st = waitState(ctx, t, lc, pol.ID, "drafting after the consultation", func(s workflows.PolicyState) bool {
		return s.Status == policies.StatusDrafting && s.Consultation == nil
	})
	if st.LastSummary == nil || st.LastSummary.Total != 3 {
		t.Errorf("state after consultation: LastSummary = %+v, want total 3", st.LastSummary)
	}

	// 2. Approval through the four stages.
	submitted := do(ctx, t, lc, pol.ID, policies.ActSubmit, workflows.Request{Actor: asDrafter})
	if submitted.Status != policies.StatusInApproval || submitted.Outcome != "submitted" || submitted.WorkflowID == "" {
		t.Fatalf("submit = %+v; want in_approval, submitted, an approval workflow", submitted)
	}
	for i, ap := range approvers {
		stage := i + 1
		st = waitState(ctx, t, lc, pol.ID, fmt.Sprintf("approval stage %d", stage), func(s workflows.PolicyState) bool {
			return s.Approval != nil && s.Approval.Stage == stage
		})
		if st.Approval.WorkflowID != submitted.WorkflowID || st.Approval.SHA256 != v.SHA256 {
			t.Fatalf("stage %d: approval = %s sha %s; want %s sha %s", stage, st.Approval.WorkflowID, st.Approval.SHA256, submitted.WorkflowID, v.SHA256)
		}
		if !reflect.DeepEqual(st.Approval.Awaiting, []int64{ap.ID}) {
			t.Errorf("stage %d awaits %v, want [%d] (%s)", stage, st.Approval.Awaiting, ap.ID, ap.Email)
		}
		res := do(ctx, t, lc, pol.ID, policies.ActApprove, workflows.Request{
			Actor: workflows.Actor{UserID: ap.ID, Role: policies.RoleLeader}, VersionSHA256: st.Approval.SHA256})
		wantOutcome, wantStatus := "stage_approved", policies.StatusInApproval
		if stage == len(approvers) {
			wantOutcome, wantStatus = "approved", policies.StatusApproved
		}
		if res.Outcome != wantOutcome || res.Status != wantStatus || res.ID == 0 {
			t.Fatalf("stage %d approve by %s = outcome %q status %q decision %d; want %q, %q, a decision ID",
				stage, ap.Email, res.Outcome, res.Status, res.ID, wantOutcome, wantStatus)
		}
	}
	waitState(ctx, t, lc, pol.ID, "approved, with no approval running", func(s workflows.PolicyState) bool {
		return s.Status == policies.StatusApproved && s.Approval == nil
	})

	// 3. Implementation, with the officer's unit responsible for evaluation,
	// once the policy is in force (enacted and promulgated; enactment is
	// not under test here).
	devtest.InForceInSQL(t, db, pol.ID)
	started := time.Now()
	impl := do(ctx, t, lc, pol.ID, policies.ActStartImplementation, workflows.Request{Actor: asDrafter, UnitIDs: []int64{*officer.UnitID}})
	if impl.Status != policies.StatusImplementing || impl.Outcome != "implementing" || impl.WorkflowID == "" {
		t.Fatalf("start implementation = %+v; want implementing and an evaluation workflow", impl)
	}
	var rounds []policies.EvaluationRound
	devtest.WaitFor(ctx, t, "the first evaluation round", func() (bool, string) {
		rounds, err = roundsOf(ctx, db, pol.ID)
		return err == nil && len(rounds) > 0, fmt.Sprintf("%d rounds, %v", len(rounds), err)
	})
	if len(rounds) != 1 {
		t.Fatalf("evaluation rounds = %+v; want exactly one", rounds)
	}
	r := rounds[0]
	wantDue := started.AddDate(0, 6, 0)
	if r.Number != 1 || r.UnitID != *officer.UnitID || r.Status != "pending" || r.DueAt.Sub(wantDue).Abs() > time.Minute {
		t.Errorf("first round = number %d unit %d status %q due %s; want 1, %d, pending, due ≈ %s",
			r.Number, r.UnitID, r.Status, r.DueAt, *officer.UnitID, wantDue)
	}

	// 4. The record.
	var status string
	var inForce *int64
	if err := db.SQL().QueryRowContext(ctx, `SELECT status, in_force_version_id FROM policies WHERE id = $1`, pol.ID).Scan(&status, &inForce); err != nil {
		t.Fatal(err)
	}
	if status != string(policies.StatusImplementing) || inForce == nil || *inForce != v.ID {
		t.Errorf("policies row: status %q, in force %v; want implementing, version %d", status, inForce, v.ID)
	}
	ds, err := decisionsOf(ctx, db, pol.ID)
	if err != nil {
		t.Fatal(err)
	}
	stages := map[int64]bool{}
	for i, d := range ds {
		stages[d.StageID] = true
		if d.Decision != "approve" || d.SHA256Approved != v.SHA256 || (i < len(approvers) && d.DeciderID != approvers[i].ID) {
			t.Errorf("decision %d = %s by %d sha %s; want approve by %d sha %s", i, d.Decision, d.DeciderID, d.SHA256Approved, approvers[min(i, len(approvers)-1)].ID, v.SHA256)
		}
	}
	if len(ds) != 4 || len(stages) != 4 {
		t.Errorf("decisions = %d over %d stages; want 4 over 4", len(ds), len(stages))
	}
	invitees := count(ctx, t, db, `SELECT count(*) FROM consultation_invitees i JOIN consultations c ON c.id = i.consultation_id WHERE c.policy_id = $1`, pol.ID)
	var approverIDs []int64
	for _, a := range approvers {
		approverIDs = append(approverIDs, a.ID)
	}
	for _, want := range []struct {
		kind string
		to   []int64 // nil: the consultation's invitees
		n    int
	}{
		{"consultation_invitation", nil, invitees},
		{"consultation_summary", []int64{drafter.ID}, 1},
		{"approval_request", approverIDs, 4},
		{"approval_outcome", []int64{drafter.ID}, 1},
	} {
		devtest.WaitFor(ctx, t, want.kind+" notifications", func() (bool, string) {
			n := count(ctx, t, db, `SELECT count(*) FROM notifications WHERE policy_id = $1 AND kind = $2`, pol.ID, want.kind)
			return n == want.n && n > 0, fmt.Sprintf("%d, want %d", n, want.n)
		})
		for _, uid := range want.to {
			if n := count(ctx, t, db, `SELECT count(*) FROM notifications WHERE policy_id = $1 AND kind = $2 AND user_id = $3`, pol.ID, want.kind, uid); n != 1 {
				t.Errorf("%s notifications to user %d = %d, want 1", want.kind, uid, n)
			}
		}
	}
	if n := count(ctx, t, db, `SELECT count(*) FROM notifications n JOIN consultation_invitees i ON i.user_id = n.user_id
		JOIN consultations c ON c.id = i.consultation_id AND c.policy_id = n.policy_id
		WHERE n.policy_id = $1 AND n.kind = 'consultation_invitation'`, pol.ID); n != invitees {
		t.Errorf("invitations sent to invitees = %d, want %d (every invitee once)", n, invitees)
	}
	log, err := auditOf(ctx, db, pol.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range log {
		if strings.Contains(e.Detail, "→") {
			got = append(got, e.Action+": "+strings.Fields(e.Detail)[0]+" → "+strings.Fields(e.Detail)[2])
		}
	}
	want := []string{
		"open_consultation: draft → consultation",
		"close_consultation: consultation → drafting",
		"submit: drafting → in_approval",
		"approval_completed: in_approval → approved",
		"start_implementation: approved → implementing",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("audited transitions:\n got %q\nwant %q", got, want)
	}
	t.Logf("policy %d: consultation %d comments (%v), 4 decisions, round 1 due %s, %d audit entries",
		pol.ID, closed.Summary.Total, closed.Summary.Sections, r.DueAt.Format(time.DateOnly), len(log))
}

// workerSetup is what the worker-killing tests run on: a seeded database,
// a client on a namespace of its own whose policy workflows are started,
// the policyflow binary and the environment of its worker processes.
func workerSetup(ctx context.Context, t *testing.T, prefix string) (*postgres.DB, client.Client, string, []string) {
	t.Helper()
	db, dbURL := seededDB(t)
	addr := devtest.TemporalAddress(t)
	c, ns := newNamespace(ctx, t, addr, prefix)
	env := append(devtest.Environ("DATABASE_URL", "TEMPORAL_ADDRESS", "TEMPORAL_NAMESPACE", "LOG_LEVEL", "PUBLIC_URL"),
		"DATABASE_URL="+dbURL, "TEMPORAL_ADDRESS="+addr, "TEMPORAL_NAMESPACE="+ns, "LOG_LEVEL=warn", "PUBLIC_URL=https://policyflow.e2e.test")
	return db, c, devtest.BuildPolicyflow(t), env
}

// workerProc is a `policyflow worker` process.
type workerProc struct {
	cmd  *exec.Cmd
	out  *devtest.Buffer
	done chan struct{} // closed when the process has exited
}

func startWorkerProcess(t *testing.T, bin string, env []string) *workerProc {
	t.Helper()
	cmd := exec.Command(bin, "worker")
	cmd.Env = env
	out := &devtest.Buffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &workerProc{cmd: cmd, out: out, done: make(chan struct{})}
	go func() {
		cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			cmd.Process.Kill()
			<-p.done
		}
		if t.Failed() {
			t.Logf("worker %d output:\n%s", cmd.Process.Pid, out.String())
		}
	})
	return p
}

// alive fails the test if the worker exited by itself.
func (p *workerProc) alive(t *testing.T) {
	t.Helper()
	select {
	case <-p.done:
		t.Fatalf("worker %d exited by itself: %v\n%s", p.cmd.Process.Pid, p.cmd.ProcessState, p.out.String())
	default:
	}
}

// kill SIGKILLs the worker: no graceful shutdown, tasks in flight are lost.
func (p *workerProc) kill(t *testing.T) {
	t.Helper()
	p.alive(t)
	if err := p.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-p.done
}

// TestWorkerCrashDuringApproval runs the worker as its own process and
// SIGKILLs it three times while an approval run is under way: while the run
// waits at stage 1, between stages 2 and 3, and while the last approval's
// Update is in flight. Every decision and notification must be written
// exactly once, and the policy must end approved.
func TestWorkerCrashDuringApproval(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	db, c, bin, env := workerSetup(ctx, t, "e2e-crash")
	ensureWorkflows(ctx, t, c, db) // the namespace is usable before a worker needs it
	lc := &workflows.Client{Temporal: c}

	pol := policyBySlug(ctx, t, db, "sawahlunto-peningkatan-kompetensi-asn")
	v, err := db.CurrentVersion(ctx, pol.ID)
	if err != nil {
		t.Fatal(err)
	}
	drafter := mustUser(ctx, t, db, "penyusun.sawahlunto@policyflow.test")
	var approvers []policies.User
	for _, who := range []string{"kabid", "kepala", "sekda", "walikota"} {
		approvers = append(approvers, mustUser(ctx, t, db, who+".sawahlunto@policyflow.test"))
	}

	kills, starts := 0, 0
	w := startWorkerProcess(t, bin, env)
	starts++
	restart := func(why string) {
		t.Helper()
		w.kill(t)
		kills++
		t.Logf("kill -9 #%d (%s): worker %d", kills, why, w.cmd.Process.Pid)
		w = startWorkerProcess(t, bin, env)
		starts++
	}

	waitState(ctx, t, lc, pol.ID, "the policy workflow to load", func(s workflows.PolicyState) bool { return s.Status != "" })
	sub := do(ctx, t, lc, pol.ID, policies.ActSubmit, workflows.Request{Actor: workflows.Actor{UserID: drafter.ID, Role: policies.RoleDrafter}})
	if sub.Status != policies.StatusInApproval || sub.WorkflowID == "" {
		t.Fatalf("submit = %+v; want in_approval and an approval workflow", sub)
	}
	runWF := sub.WorkflowID

	// The run waits at stage 1 once its approver has been asked.
	waitState(ctx, t, lc, pol.ID, "approval stage 1", func(s workflows.PolicyState) bool { return s.Approval != nil && s.Approval.Stage == 1 })
	devtest.WaitFor(ctx, t, "the stage-1 approval request", func() (bool, string) {
		n := count(ctx, t, db, `SELECT count(*) FROM notifications WHERE kind = 'approval_request' AND dedup_key LIKE $1`, runWF+"-s1-%")
		return n == 1, fmt.Sprintf("%d requests", n)
	})
	restart("run waiting at stage 1")

	var runID int64
	if err := db.SQL().GetContext(ctx, &runID, `SELECT id FROM approval_runs WHERE workflow_id = $1`, runWF); err != nil {
		t.Fatalf("approval run %s: %v", runWF, err)
	}
	decisionsSoFar := func() int {
		return count(ctx, t, db, `SELECT count(*) FROM decisions WHERE approval_run_id = $1`, runID)
	}

	// approve sends stage's approval with requestID, retrying the same
	// requestID until it is answered; it returns the result and the errors seen.
	approve := func(stage int, requestID string) (workflows.Result, []error) {
		ap := approvers[stage-1]
		var errs []error
		for {
			st := waitState(ctx, t, lc, pol.ID, fmt.Sprintf("approval stage %d (or its end)", stage), func(s workflows.PolicyState) bool {
				return s.Approval == nil || s.Approval.Stage >= stage
			})
			sha := v.SHA256
			if st.Approval != nil {
				sha = st.Approval.SHA256
			}
			actx, cancel := context.WithTimeout(ctx, 45*time.Second)
			res, err := lc.Do(actx, pol.ID, policies.ActApprove, requestID, workflows.Request{
				Actor: workflows.Actor{UserID: ap.ID, Role: policies.RoleLeader}, VersionSHA256: sha})
			cancel()
			if err == nil {
				return res, errs
			}
			errs = append(errs, err)
			if policies.KindOf(err) == policies.KindConflict && st.Approval == nil {
				t.Fatalf("stage %d: retrying request %s after the run ended was refused: %v\n"+
					"workflows.Client.Do finds the approval run through the policy's state, which forgets the run once it ends, "+
					"so a retry with the same request ID never reaches the run that already answered it (errors so far: %v)",
					stage, requestID, err, errs)
			}
			if ctx.Err() != nil || len(errs) >= 5 {
				t.Fatalf("stage %d approval (request %s) never answered; errors: %v", stage, requestID, errs)
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	check := func(stage int, res workflows.Result) {
		t.Helper()
		want := "stage_approved"
		if stage == len(approvers) {
			want = "approved"
		}
		if res.Outcome != want || res.ID == 0 {
			t.Fatalf("stage %d approval = outcome %q decision %d (%s); want %q and a decision ID", stage, res.Outcome, res.ID, res.Message, want)
		}
	}

	for stage := 1; stage <= 3; stage++ {
		res, errs := approve(stage, nextRequestID())
		if len(errs) > 0 {
			t.Logf("stage %d: %d failed attempts before the answer: %v", stage, len(errs), errs)
		}
		check(stage, res)
		if stage == 2 {
			restart("between stages 2 and 3")
		}
	}

	// The last approval: kill the worker while its Update is in flight, as
	// soon as its decision is in the record.
	waitState(ctx, t, lc, pol.ID, "approval stage 4", func(s workflows.PolicyState) bool { return s.Approval != nil && s.Approval.Stage == 4 })
	lastID := nextRequestID()
	type answer struct {
		res workflows.Result
		err error
	}
	first := make(chan answer, 1)
	go func() {
		actx, cancel := context.WithTimeout(ctx, 60*time.Second)
		defer cancel()
		res, err := lc.Do(actx, pol.ID, policies.ActApprove, lastID, workflows.Request{
			Actor: workflows.Actor{UserID: approvers[3].ID, Role: policies.RoleLeader}, VersionSHA256: v.SHA256})
		first <- answer{res, err}
	}()
	deadline := time.Now().Add(15 * time.Second)
	for decisionsSoFar() < 4 && time.Now().Before(deadline) {
		time.Sleep(2 * time.Millisecond)
	}
	recordedBeforeKill := decisionsSoFar() == 4
	restart("stage-4 approval Update in flight")
	a := <-first
	res := a.res
	if a.err != nil {
		t.Logf("stage 4: the in-flight Update failed (%v); retrying request %s", a.err, lastID)
		var errs []error
		res, errs = approve(4, lastID)
		if len(errs) > 0 {
			t.Logf("stage 4: %d more failed attempts: %v", len(errs), errs)
		}
	} else {
		t.Logf("stage 4: the in-flight Update was answered across the kill (decision recorded before the kill: %v)", recordedBeforeKill)
	}
	check(4, res)

	waitState(ctx, t, lc, pol.ID, "approved, with no approval running", func(s workflows.PolicyState) bool {
		return s.Status == policies.StatusApproved && s.Approval == nil
	})
	devtest.WaitFor(ctx, t, "the approval run to complete", func() (bool, string) {
		d, err := c.DescribeWorkflowExecution(ctx, runWF, "")
		if err != nil {
			return false, err.Error()
		}
		s := d.WorkflowExecutionInfo.Status
		return s == enums.WORKFLOW_EXECUTION_STATUS_COMPLETED, s.String()
	})

	w.alive(t)

	// Exactly once, everywhere.
	decisions := decisionsSoFar()
	stages := count(ctx, t, db, `SELECT count(DISTINCT stage_id) FROM decisions WHERE approval_run_id = $1`, runID)
	approvals := count(ctx, t, db, `SELECT count(*) FROM decisions WHERE approval_run_id = $1 AND decision = 'approve' AND sha256_approved = $2`, runID, v.SHA256)
	dupKeys := count(ctx, t, db, `SELECT count(*) - count(DISTINCT dedup_key) FROM notifications`)
	requests := count(ctx, t, db, `SELECT count(*) FROM notifications WHERE kind = 'approval_request' AND dedup_key LIKE $1`, runWF+"-%")
	outcomes := count(ctx, t, db, `SELECT count(*) FROM notifications WHERE kind = 'approval_outcome' AND dedup_key LIKE $1`, runWF+"-%")
	outcomesToDrafter := count(ctx, t, db, `SELECT count(*) FROM notifications WHERE kind = 'approval_outcome' AND dedup_key LIKE $1 AND user_id = $2`, runWF+"-%", drafter.ID)
	allNotifications := count(ctx, t, db, `SELECT count(*) FROM notifications WHERE policy_id = $1`, pol.ID)
	var status, outcome string
	if err := db.SQL().QueryRowContext(ctx, `SELECT p.status, coalesce(r.outcome, '') FROM policies p JOIN approval_runs r ON r.policy_id = p.id WHERE r.id = $1`, runID).Scan(&status, &outcome); err != nil {
		t.Fatal(err)
	}
	t.Logf("kills: %d (worker processes started: %d); decisions: %d over %d stages (%d approvals of sha %.12s); notifications of the policy: %d (approval_request %d, approval_outcome %d), duplicate dedup keys: %d; policy %s, run %s",
		kills, starts, decisions, stages, approvals, v.SHA256, allNotifications, requests, outcomes, dupKeys, status, outcome)

	if kills != 3 {
		t.Errorf("kills = %d, want 3", kills)
	}
	if decisions != 4 || stages != 4 || approvals != 4 {
		t.Errorf("decisions of run %d = %d over %d stages (%d approvals of the version); want 4 over 4, all approvals", runID, decisions, stages, approvals)
	}
	if dupKeys != 0 {
		t.Errorf("notifications with a duplicated dedup_key = %d, want 0", dupKeys)
	}
	for i, ap := range approvers {
		if n := count(ctx, t, db, `SELECT count(*) FROM notifications WHERE kind = 'approval_request' AND dedup_key LIKE $1 AND user_id = $2`, runWF+"-%", ap.ID); n != 1 {
			t.Errorf("approval_request notifications to the stage-%d approver %s = %d, want 1", i+1, ap.Email, n)
		}
	}
	if requests != 4 {
		t.Errorf("approval_request notifications of the run = %d, want 4", requests)
	}
	if outcomes != 1 || outcomesToDrafter != 1 {
		t.Errorf("approval_outcome notifications = %d (%d to the drafter), want 1 to the drafter", outcomes, outcomesToDrafter)
	}
	if status != string(policies.StatusApproved) || outcome != "approved" {
		t.Errorf("policy status %q, run outcome %q; want approved, approved", status, outcome)
	}
	if n := count(ctx, t, db, `SELECT count(*) FROM audit_log WHERE policy_id = $1 AND action = 'approval_completed'`, pol.ID); n != 1 {
		t.Errorf("approval_completed audit entries = %d, want 1", n)
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		t.Error("the test ran out of time")
	}
}
