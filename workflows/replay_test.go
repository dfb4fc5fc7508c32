package workflows_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"
	sdkworker "go.temporal.io/sdk/worker"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/internal/devtest/stack"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/postgres"
	"github.com/policyflow/policyflow/workflows"
)

func replayer() sdkworker.WorkflowReplayer {
	r := sdkworker.NewWorkflowReplayer()
	for _, wf := range workflows.All {
		r.RegisterWorkflow(wf)
	}
	return r
}

// Histories recorded from earlier releases (testdata/*.json) must replay
// on today's code: a change that would break running policies fails here.
// Refresh them with POLICYFLOW_RECORD_HISTORIES=1 (see TestReplayFreshHistories).
func TestReplayRecordedHistories(t *testing.T) {
	files, err := filepath.Glob("testdata/*.json")
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var h historypb.History
			if err := (protojson.UnmarshalOptions{DiscardUnknown: true}).Unmarshal(b, &h); err != nil {
				t.Fatal(err)
			}
			kinds[h.Events[0].GetWorkflowExecutionStartedEventAttributes().GetWorkflowType().GetName()] = true
			if err := replayer().ReplayWorkflowHistory(quietLogger(), &h); err != nil {
				t.Errorf("replay %s: %v", f, err)
			}
		})
	}
	// One history at least for each workflow.
	for _, name := range []string{"PolicyWorkflow", "ConsultationWorkflow", "ApprovalWorkflow", "ProgramWorkflow", "EvaluationScheduleWorkflow", "PurgeWorkflow"} {
		if !kinds[name] {
			t.Errorf("no recorded history of %s in testdata", name)
		}
	}
}

// TestReplayFreshHistories runs a lifecycle on the real Temporal dev server
// and replays every workflow's history: a consultation scheduled,
// cancelled, scheduled again and opened by its timer, closed early with a
// comment unanswered (its answers' deadline followed), four
// approvals, implementation with a program and the evaluation schedule.
func TestReplayFreshHistories(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	db, c := stack.OnDefaultNamespace(ctx, t)
	lc := &workflows.Client{Temporal: c}

	var pid, unit int64
	db.SQL().MustExec(`SELECT 1`)
	if err := db.SQL().Get(&pid, `SELECT id FROM policies WHERE slug = 'pangkalpinang-pengembangan-kompetensi-asn'`); err != nil {
		t.Fatal(err)
	}
	if err := db.SQL().Get(&unit, `SELECT u.id FROM units u JOIN regions r ON r.id = u.region_id WHERE r.slug = 'pangkalpinang' AND u.code = 'diskominfo'`); err != nil {
		t.Fatal(err)
	}
	user := func(who string, role policies.Role) workflows.Actor {
		u, err := db.UserByEmail(ctx, who+".pangkalpinang@policyflow.test")
		if err != nil {
			t.Fatal(err)
		}
		return workflows.Actor{UserID: u.ID, Role: role}
	}
	if err := lc.Start(ctx, pid); err != nil {
		t.Fatal(err)
	}
	n := 0
	do := func(act policies.Action, req workflows.Request) workflows.Result {
		t.Helper()
		n++
		res, err := lc.Do(ctx, pid, act, fmt.Sprintf("replay-%d", n), req)
		if err != nil {
			t.Fatalf("%s: %v", act, err)
		}
		return res
	}
	drafter := user("penyusun", policies.RoleDrafter)
	// Scheduled to open in an hour, cancelled, scheduled again to open in
	// a moment: its timer opens it (scheduled-opening).
	do(policies.ActOpenConsultation, workflows.Request{Actor: drafter, OpensAt: time.Now().Add(time.Hour), ClosesAt: time.Now().Add(48 * time.Hour)})
	do(policies.ActCancelConsultationSchedule, workflows.Request{Actor: drafter})
	do(policies.ActOpenConsultation, workflows.Request{Actor: drafter, OpensAt: time.Now().Add(2 * time.Second), ClosesAt: time.Now().Add(48 * time.Hour)})
	waitStatus(ctx, t, lc, pid, policies.StatusConsultation)
	// A comment left unanswered: after the close the consultation's
	// workflow waits for the answers' deadline (answer-deadline).
	v1, _ := db.CurrentVersion(ctx, pid)
	if _, err := db.CreateComment(ctx, policies.Comment{PolicyID: pid, VersionID: v1.ID, AuthorName: "Warga", Body: "Mohon diperjelas."}); err != nil {
		t.Fatal(err)
	}
	do(policies.ActCloseConsultation, workflows.Request{Actor: drafter})
	waitStatus(ctx, t, lc, pid, policies.StatusDrafting)
	sub := do(policies.ActSubmit, workflows.Request{Actor: drafter})
	v, _ := db.CurrentVersion(ctx, pid)
	for i, who := range []string{"kabid", "kepala", "sekda", "walikota"} {
		waitStage(ctx, t, lc, pid, i+1)
		do(policies.ActApprove, workflows.Request{Actor: user(who, policies.RoleLeader), VersionSHA256: v.SHA256})
	}
	waitStatus(ctx, t, lc, pid, policies.StatusApproved)
	// The last approval retried with its request ID, after its run ended,
	// gets the same answer; a new decision is refused.
	walikota := user("walikota", policies.RoleLeader)
	again, err := lc.Do(ctx, pid, policies.ActApprove, fmt.Sprintf("replay-%d", n), workflows.Request{Actor: walikota, VersionSHA256: v.SHA256})
	if err != nil || again.Outcome != "approved" {
		t.Errorf("retried last approval = %+v, %v; want the original answer, approved", again, err)
	}
	if _, err := lc.Do(ctx, pid, policies.ActApprove, "replay-new", workflows.Request{Actor: walikota, VersionSHA256: v.SHA256}); policies.KindOf(err) != policies.KindConflict {
		t.Errorf("a new decision after the run ended: %v, want a conflict", err)
	}
	devtest.InForceInSQL(t, db, pid) // implementation starts only from a policy in force
	impl := do(policies.ActStartImplementation, workflows.Request{Actor: drafter, UnitIDs: []int64{unit}})
	prog := do(policies.ActPlanProgram, workflows.Request{Actor: user("opd", policies.RoleUnitOfficer), Program: &workflows.ProgramPlan{
		UnitID: unit, Kind: policies.KindELearning, Title: "E-learning SIM", StartsAt: time.Now().Add(24 * time.Hour), EndsAt: time.Now().Add(48 * time.Hour), JP: 8}})
	// The program lives: rescheduled (its timers re-timed), then cancelled (it ends).
	opd := user("opd", policies.RoleUnitOfficer)
	if _, err := lc.DoProgram(ctx, prog.WorkflowID, policies.ProgramRescheduleAct, "replay-reschedule", workflows.Request{Actor: opd,
		Reschedule: &policies.ProgramReschedule{StartsAt: time.Now().Add(72 * time.Hour), EndsAt: time.Now().Add(96 * time.Hour), Reason: "Narasumber berhalangan"}}); err != nil {
		t.Fatalf("reschedule: %v", err)
	}
	if _, err := lc.DoProgram(ctx, prog.WorkflowID, policies.ProgramCancelAct, "replay-cancel", workflows.Request{Actor: opd, Reason: "Anggaran dialihkan"}); err != nil {
		t.Fatalf("cancel: %v", err)
	}
	waitClosed(ctx, t, c, prog.WorkflowID)
	// A program that started, moved wholly to the future: planned again
	// (version 1 of "program-replan"), then cancelled.
	started := do(policies.ActPlanProgram, workflows.Request{Actor: opd, Program: &workflows.ProgramPlan{
		UnitID: unit, Kind: policies.KindPelatihan, Title: "Pelatihan arsip", StartsAt: time.Now().Add(-time.Hour), EndsAt: time.Now().Add(48 * time.Hour), JP: 8}})
	waitProgramStatus(ctx, t, db, started.ID, policies.ProgramRunning)
	moved, err := lc.DoProgram(ctx, started.WorkflowID, policies.ProgramRescheduleAct, "replay-replan", workflows.Request{Actor: opd,
		Reschedule: &policies.ProgramReschedule{StartsAt: time.Now().Add(72 * time.Hour), EndsAt: time.Now().Add(96 * time.Hour), Reason: "Gedung diperbaiki"}})
	if err != nil || moved.Program == nil || moved.Program.Status != policies.ProgramPlanned {
		t.Fatalf("moving the running program to the future = %+v, %v; want it planned again", moved.Program, err)
	}
	if _, err := lc.DoProgram(ctx, started.WorkflowID, policies.ProgramCancelAct, "replay-replan-cancel", workflows.Request{Actor: opd, Reason: "Anggaran dialihkan"}); err != nil {
		t.Fatalf("cancel: %v", err)
	}
	waitClosed(ctx, t, c, started.WorkflowID)
	// A program that runs to its end: done, its Kirkpatrick steps wait on
	// their first timer (the reaction links, days after the end).
	done := do(policies.ActPlanProgram, workflows.Request{Actor: opd, Program: &workflows.ProgramPlan{
		UnitID: unit, Kind: policies.KindPelatihan, Title: "Pelatihan singkat", StartsAt: time.Now().Add(time.Second), EndsAt: time.Now().Add(2 * time.Second), JP: 2}})
	waitKirkpatrickTimer(ctx, t, c, done.WorkflowID)

	ids := map[string]string{
		"policy":       workflows.WorkflowID(pid),
		"consultation": workflows.WorkflowID(pid) + "-consultation-1",
		"approval":     sub.WorkflowID,
		"evaluation":   impl.WorkflowID,
		"program":      prog.WorkflowID,
		// Recorded apart from program.json, which stays a plain reschedule.
		"program_v1_replan": started.WorkflowID,
		// A done program waiting on its Kirkpatrick timers.
		"program_done": done.WorkflowID,
	}
	for kind, id := range ids {
		replayRecorded(t, settledHistory(ctx, t, c, id), kind+" ("+id+")", kind)
	}
}

// settledHistory is a workflow's history once its first workflow task has
// completed: a child that has just started has only two events, which a
// replay cannot check.
func settledHistory(ctx context.Context, t *testing.T, c client.Client, id string) *historypb.History {
	t.Helper()
	var h *historypb.History
	devtest.WaitFor(ctx, t, id+"'s first workflow task to complete", func() (bool, string) {
		h = history(ctx, t, c, id)
		for _, e := range h.Events {
			if e.GetEventType() == enums.EVENT_TYPE_WORKFLOW_TASK_COMPLETED {
				return true, ""
			}
		}
		return false, fmt.Sprintf("%d events, no workflow task completed", len(h.Events))
	})
	return h
}

// waitKirkpatrickTimer waits until a done program's workflow has taken the
// Kirkpatrick path (its version marker) and started its first timer.
func waitKirkpatrickTimer(ctx context.Context, t *testing.T, c client.Client, id string) {
	t.Helper()
	devtest.WaitFor(ctx, t, id+" to wait on its Kirkpatrick timer", func() (bool, string) {
		marked := false
		for _, e := range history(ctx, t, c, id).Events {
			if e.GetEventType() == enums.EVENT_TYPE_MARKER_RECORDED && strings.Contains(e.String(), "kirkpatrick-behaviour") {
				marked = true
			}
			if marked && e.GetEventType() == enums.EVENT_TYPE_TIMER_STARTED {
				return true, ""
			}
		}
		return false, fmt.Sprintf("Kirkpatrick marker recorded: %t, no timer after it", marked)
	})
}

// waitClosed waits until a workflow has ended.
func waitClosed(ctx context.Context, t *testing.T, c client.Client, id string) {
	t.Helper()
	devtest.WaitFor(ctx, t, id+" to end", func() (bool, string) {
		d, err := c.DescribeWorkflowExecution(ctx, id, "")
		return err == nil && d.GetWorkflowExecutionInfo().GetStatus() != enums.WORKFLOW_EXECUTION_STATUS_RUNNING,
			fmt.Sprintf("%v, %v", d.GetWorkflowExecutionInfo().GetStatus(), err)
	})
}

func history(ctx context.Context, t *testing.T, c client.Client, id string) *historypb.History {
	t.Helper()
	it := c.GetWorkflowHistory(ctx, id, "", false, 0)
	h := &historypb.History{}
	for it.HasNext() {
		e, err := it.Next()
		if err != nil {
			t.Fatalf("history of %s: %v", id, err)
		}
		h.Events = append(h.Events, e)
	}
	return h
}

// replayRecorded replays h on today's code, naming what in a failure; with
// POLICYFLOW_RECORD_HISTORIES=1 it also keeps h as testdata/name.json,
// which TestReplayRecordedHistories replays from then on.
func replayRecorded(t *testing.T, h *historypb.History, what, name string) {
	t.Helper()
	if err := replayer().ReplayWorkflowHistory(quietLogger(), h); err != nil {
		t.Errorf("replay of %s: %v", what, err)
	}
	if os.Getenv("POLICYFLOW_RECORD_HISTORIES") != "1" {
		return
	}
	b, err := protojson.MarshalOptions{Indent: "  "}.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("testdata", name+".json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func waitStatus(ctx context.Context, t *testing.T, lc *workflows.Client, pid int64, want policies.Status) {
	t.Helper()
	devtest.WaitFor(ctx, t, fmt.Sprintf("policy %d to reach %s", pid, want), func() (bool, string) {
		st, err := lc.State(ctx, pid)
		return err == nil && st.Status == want, fmt.Sprintf("%q, %v", st.Status, err)
	})
}

// waitProgramStatus waits until a program's workflow has recorded status.
func waitProgramStatus(ctx context.Context, t *testing.T, db *postgres.DB, id int64, want policies.ProgramStatus) {
	t.Helper()
	devtest.WaitFor(ctx, t, fmt.Sprintf("program %d to reach %s", id, want), func() (bool, string) {
		p, err := db.ProgramByID(ctx, id)
		return err == nil && p.Status == want, fmt.Sprintf("%q, %v", p.Status, err)
	})
}

func waitStage(ctx context.Context, t *testing.T, lc *workflows.Client, pid int64, stage int) {
	t.Helper()
	devtest.WaitFor(ctx, t, fmt.Sprintf("the approval of policy %d to reach stage %d", pid, stage), func() (bool, string) {
		st, err := lc.State(ctx, pid)
		return err == nil && st.Approval != nil && st.Approval.Stage == stage, fmt.Sprintf("%+v, %v", st.Approval, err)
	})
}

// quietLogger keeps replays' own log lines out of the test output.
func quietLogger() sdklog.Logger {
	return sdklog.NewStructuredLogger(slog.New(slog.NewTextHandler(io.Discard, nil)))
}
