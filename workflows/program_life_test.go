package workflows

import (
	"strings"
	"testing"
	"time"

	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/workflow"

	"github.com/policyflow/policyflow/policies"
)

// A reschedule re-times the program's notices and tells the participants;
// a cancellation tells them and ends the program's workflow; a change with
// no reason, or to a cancelled program, is refused.
func TestProgramRescheduleAndCancel(t *testing.T) {
	h := newHarness(t, "sawahlunto", "sawahlunto-peningkatan-kompetensi-asn")
	h.approved()
	unit := h.unit("disdukcapil")
	// A participant with an account: the unit head, by NIP.
	const nip = "198001012006041001"
	h.db.SQL().MustExec(`UPDATE users SET nip = $1 WHERE id = $2`, nip, h.users["kepala.opd"])
	h.implementAt(time.Hour, unit)
	plan := func(title string, starts, ends time.Duration) func() Request {
		return func() Request {
			return Request{Actor: h.actor("opd"), Program: &ProgramPlan{UnitID: unit, Kind: policies.KindPelatihan,
				Title: title, StartsAt: h.start.Add(starts), EndsAt: h.start.Add(ends), JP: 12}}
		}
	}
	moved, dropped := h.child("program", 2), h.child("program", 3)
	h.at(2*time.Hour, "plan-moved", "", policies.ActPlanProgram, plan("Pelatihan pelayanan prima", 10*day, 12*day))
	h.at(3*time.Hour, "plan-dropped", "", policies.ActPlanProgram, plan("Seminar arsip digital", 5*day, 6*day))
	h.do(4*time.Hour, func() {
		h.db.SQL().MustExec(`INSERT INTO participants (program_id, nip, name, unit_id) SELECT id, $2, 'Kepala Dinas', unit_id FROM programs WHERE workflow_id = $1`, moved, nip)
		h.db.SQL().MustExec(`INSERT INTO participants (program_id, nip, name, unit_id) SELECT id, $2, 'Kepala Dinas', unit_id FROM programs WHERE workflow_id = $1`, dropped, nip)
	})
	reschedule := func(reason string) func() Request {
		return func() Request {
			return Request{Actor: h.actor("opd"), Reschedule: &policies.ProgramReschedule{
				StartsAt: h.start.Add(20 * day), EndsAt: h.start.Add(21 * day), Reason: reason}}
		}
	}
	h.at(5*time.Hour, "reschedule-no-reason", moved, policies.Action(policies.ProgramRescheduleAct), reschedule(" "))
	h.at(6*time.Hour, "reschedule", moved, policies.Action(policies.ProgramRescheduleAct), reschedule("Narasumber berhalangan"))
	h.at(7*time.Hour, "edit-by-stakeholder", moved, policies.Action(policies.ProgramEditAct), func() Request {
		return Request{Actor: h.actor("akademisi"), ProgramEdit: &policies.ProgramEdit{Kind: policies.KindPelatihan, Title: "X", JP: 1}}
	})
	h.at(8*time.Hour, "edit", moved, policies.Action(policies.ProgramEditAct), func() Request {
		return Request{Actor: h.actor("penyusun"), ProgramEdit: &policies.ProgramEdit{Kind: policies.KindWorkshop, Title: "Pelatihan pelayanan prima II", JP: 16}}
	})
	h.at(4*day, "cancel", dropped, policies.Action(policies.ProgramCancelAct), func() Request {
		return Request{Actor: h.actor("penyusun"), Reason: "Anggaran dialihkan"}
	})
	var droppedEnded time.Time
	h.env.SetOnChildWorkflowCompletedListener(func(info *workflow.Info, _ converter.EncodedValue, err error) {
		if info.WorkflowExecution.ID == dropped && err == nil {
			droppedEnded = h.env.Now()
		}
	})
	sent := func(wid, kind string) int {
		return h.count(`SELECT count(*) FROM notifications WHERE dedup_key LIKE $1 || '-%' AND kind = $2`, wid, kind)
	}
	type snap struct{ start, attendance, rescheduled, cancelled, droppedStart int }
	snaps := map[string]snap{}
	look := func(label string) func() {
		return func() {
			snaps[label] = snap{sent(moved, "program_start"), sent(moved, "program_attendance_report"),
				h.notified("program_rescheduled", h.users["kepala.opd"]), h.notified("program_cancelled", h.users["kepala.opd"]),
				sent(dropped, "program_start")}
		}
	}
	h.do(10*day+time.Hour, look("old start"))
	h.do(20*day+time.Minute, look("new start"))
	h.do(21*day+time.Minute, look("new end"))
	h.archiveAt(30 * day)
	h.run()

	h.refused("reschedule-no-reason", policies.KindInvalid)
	if o := h.results["reschedule-no-reason"]; o.err == nil || !containsStr(o.err.Error(), "alasan") {
		t.Errorf("reschedule without a reason: %v, want the reason named", o.err)
	}
	if r := h.ok("reschedule"); r.Program == nil || r.Outcome != "rescheduled" {
		t.Errorf("reschedule = %+v", r)
	}
	h.refused("edit-by-stakeholder", policies.KindForbidden)
	if r := h.ok("edit"); r.Program == nil || r.Program.JP != 16 || r.Program.Kind != policies.KindWorkshop {
		t.Errorf("edit = %+v", r)
	}
	h.ok("cancel")
	want := map[string]snap{
		// The old start passed with no notice: the timer was re-timed.
		"old start": {0, 0, 1, 1, 0},
		"new start": {1, 0, 1, 1, 0},
		"new end":   {1, 1, 1, 1, 0},
	}
	for label, w := range want {
		if snaps[label] != w {
			t.Errorf("%s: [start, attendance, rescheduled, cancelled, start of the cancelled] = %+v, want %+v", label, snaps[label], w)
		}
	}
	if droppedEnded.IsZero() || droppedEnded.After(h.start.Add(4*day+time.Hour)) {
		t.Errorf("the cancelled program's workflow ended at %v, want right after the cancellation at %v", droppedEnded, h.start.Add(4*day))
	}
	var st struct {
		Status, Reason string
		JP             int
		Starts         time.Time `db:"starts_on"`
	}
	h.db.SQL().Get(&st, `SELECT status, status_reason AS reason, jp, starts_on FROM programs WHERE workflow_id = $1`, moved)
	if st.Status != "done" || st.JP != 16 || st.Reason != "Narasumber berhalangan" || st.Starts.Format("2006-01-02") != h.start.Add(20*day).Format("2006-01-02") {
		t.Errorf("rescheduled program = %+v, want done, 16 JP, the reason and the new start", st)
	}
	h.db.SQL().Get(&st, `SELECT status, status_reason AS reason, jp, starts_on FROM programs WHERE workflow_id = $1`, dropped)
	if st.Status != "cancelled" || st.Reason != "Anggaran dialihkan" {
		t.Errorf("cancelled program = %+v", st)
	}
	// Every change is audited, once: both plans, edit, reschedule, cancel,
	// and the moved program's start and finish.
	if n := h.count(`SELECT count(*) FROM audit_log WHERE policy_id = $1 AND action LIKE 'program.%'`, h.policyID); n != 7 {
		t.Errorf("program audit rows = %d, want 7", n)
	}
}

// A program started before programs took changes (version DefaultVersion of
// "program-life") keeps its fixed timers, refuses a change with a conflict,
// and records its status at the moments it reaches after the upgrade.
func TestProgramStartedBeforeChangesKeepsItsTimers(t *testing.T) {
	h := newHarness(t, "sawahlunto", "sawahlunto-peningkatan-kompetensi-asn")
	h.env.OnGetVersion("program-life", workflow.DefaultVersion, 1).Return(workflow.DefaultVersion)
	h.approved()
	unit := h.unit("disdukcapil")
	h.implementAt(time.Hour, unit)
	old := h.child("program", 2)
	h.at(2*time.Hour, "plan", "", policies.ActPlanProgram, func() Request {
		return Request{Actor: h.actor("opd"), Program: &ProgramPlan{UnitID: unit, Kind: policies.KindSeminar,
			Title: "Seminar lama", StartsAt: h.start.Add(3 * day), EndsAt: h.start.Add(4 * day), JP: 4}}
	})
	h.at(3*time.Hour, "cancel", old, policies.Action(policies.ProgramCancelAct), func() Request {
		return Request{Actor: h.actor("penyusun"), Reason: "Anggaran dialihkan"}
	})
	statusAt := map[string]string{}
	look := func(label string) func() {
		return func() {
			var s string
			h.db.SQL().Get(&s, `SELECT status FROM programs WHERE workflow_id = $1`, old)
			statusAt[label] = s
		}
	}
	h.do(3*day+time.Hour, look("started"))
	h.do(4*day+time.Hour, look("ended"))
	h.archiveAt(10 * day)
	h.run()

	h.refused("cancel", policies.KindConflict)
	if statusAt["started"] != "running" || statusAt["ended"] != "done" {
		t.Errorf("status after start, end = %v, want running, done", statusAt)
	}
}

// A program that started and is then moved wholly to the future has not
// started after all: it is planned again, starts anew on its new date
// (the unit told again) and ends on the new end. A running program whose
// end only moves stays running.
func TestRunningProgramMovedToTheFutureIsPlannedAgain(t *testing.T) {
	h := newHarness(t, "sawahlunto", "sawahlunto-peningkatan-kompetensi-asn")
	h.approved()
	unit := h.unit("disdukcapil")
	h.implementAt(time.Hour, unit)
	plan := func(title string) func() Request {
		return func() Request {
			return Request{Actor: h.actor("opd"), Program: &ProgramPlan{UnitID: unit, Kind: policies.KindPelatihan,
				Title: title, StartsAt: h.start.Add(2 * day), EndsAt: h.start.Add(5 * day), JP: 12}}
		}
	}
	moved, extended := h.child("program", 2), h.child("program", 3)
	h.at(2*time.Hour, "plan-moved", "", policies.ActPlanProgram, plan("Pelatihan kearsipan"))
	h.at(3*time.Hour, "plan-extended", "", policies.ActPlanProgram, plan("Pelatihan layanan"))
	reschedule := func(starts, ends time.Duration) func() Request {
		return func() Request {
			return Request{Actor: h.actor("opd"), Reschedule: &policies.ProgramReschedule{
				StartsAt: h.start.Add(starts), EndsAt: h.start.Add(ends), Reason: "Gedung diperbaiki"}}
		}
	}
	h.at(3*day, "move", moved, policies.Action(policies.ProgramRescheduleAct), reschedule(10*day, 12*day))
	h.at(3*day+time.Hour, "extend", extended, policies.Action(policies.ProgramRescheduleAct), reschedule(2*day, 8*day))
	status := map[string][2]string{}
	look := func(label string) func() {
		return func() {
			var a, b string
			h.db.SQL().Get(&a, `SELECT status FROM programs WHERE workflow_id = $1`, moved)
			h.db.SQL().Get(&b, `SELECT status FROM programs WHERE workflow_id = $1`, extended)
			status[label] = [2]string{a, b}
		}
	}
	h.do(2*day+time.Hour, look("first start"))
	h.do(4*day, look("after the reschedules"))
	h.do(9*day, look("extended end"))
	h.do(10*day+time.Hour, look("new start"))
	h.do(12*day+time.Hour, look("new end"))
	h.archiveAt(20 * day)
	h.run()

	if r := h.ok("move"); r.Program == nil || r.Program.Status != policies.ProgramPlanned {
		t.Errorf("the move answered %+v, want the program planned again", r.Program)
	}
	if r := h.ok("extend"); r.Program == nil || r.Program.Status != policies.ProgramRunning {
		t.Errorf("the extension answered %+v, want the program still running", r.Program)
	}
	want := map[string][2]string{
		"first start":           {"running", "running"},
		"after the reschedules": {"planned", "running"},
		"extended end":          {"planned", "done"},
		"new start":             {"running", "done"},
		"new end":               {"done", "done"},
	}
	for label, w := range want {
		if status[label] != w {
			t.Errorf("%s: [moved, extended] = %v, want %v", label, status[label], w)
		}
	}
	sent := func(wid, kind string) int {
		return h.count(`SELECT count(*) FROM notifications WHERE dedup_key LIKE $1 || '-%' AND kind = $2`, wid, kind)
	}
	if n, m := sent(moved, "program_start"), sent(moved, "program_attendance_report"); n != 2 || m != 1 {
		t.Errorf("moved program: %d start notices, %d attendance requests; want 2 (each start) and 1", n, m)
	}
	// Audited once each: planned, started, rescheduled (to planned), started, finished.
	var acts []string
	h.db.SQL().Select(&acts, `SELECT a.action FROM audit_log a JOIN programs p ON a.subject = 'program:' || p.id
		WHERE p.workflow_id = $1 ORDER BY a.id`, moved)
	if got := strings.Join(acts, " "); got != "program.created program.program_started program.reschedule_program program.program_started program.program_finished" {
		t.Errorf("moved program's audit = %s", got)
	}
}
