package workflows

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/workflow"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/policies"
)

// approved puts the policy in the approved state with its version in force,
// as a finished approval run leaves it.
// approved approves the policy in SQL and puts it in force (enacted and
// promulgated): implementation starts only from a policy in force.
func (h *harness) approved() {
	h.approvedOnly()
	devtest.InForceInSQL(h.t, h.db, h.policyID)
}

// approvedOnly approves the policy in SQL, no more: not in force.
func (h *harness) approvedOnly() {
	devtest.ApproveInSQL(h.t, h.db, h.policyID)
}

// Implementation starts only from a policy in force: approved, then
// enacted, a start is refused (409) naming the state, and nothing starts;
// once promulgated, it starts.
func TestImplementationOnlyFromInForce(t *testing.T) {
	h := newHarness(t, "sawahlunto", "sawahlunto-peningkatan-kompetensi-asn")
	h.approvedOnly()
	unit := h.unit("disdukcapil")
	start := func() Request { return Request{Actor: h.actor("penyusun"), UnitIDs: []int64{unit}} }
	h.at(time.Hour, "approved", "", policies.ActStartImplementation, start)
	h.do(2*time.Hour, func() {
		devtest.EnactInSQL(h.t, h.db, h.policyID, 901, time.Now().AddDate(0, 0, -2).Format(time.DateOnly), 0)
	})
	h.at(3*time.Hour, "enacted", "", policies.ActStartImplementation, start)
	h.do(4*time.Hour, func() { devtest.PromulgateInSQL(h.t, h.db, h.policyID, 901) })
	h.at(5*time.Hour, "in force", "", policies.ActStartImplementation, start)
	h.archiveAt(day)
	h.run()

	h.refused("approved", policies.KindConflict)
	h.refused("enacted", policies.KindConflict)
	for name, says := range map[string]string{"approved": "belum ditetapkan", "enacted": "belum diundangkan"} {
		if err := h.results[name].err; err == nil || !strings.Contains(err.Error(), says) {
			t.Errorf("start when %s refused with %v, want it to say %q", name, err, says)
		}
	}
	if r := h.ok("in force"); r.Status != policies.StatusImplementing {
		t.Errorf("start once in force: %+v, want implementing", r)
	}
}

func (h *harness) unit(code string) int64 {
	h.t.Helper()
	var id int64
	if err := h.db.SQL().Get(&id, `SELECT u.id FROM units u JOIN regions r ON r.id = u.region_id WHERE r.slug = $1 AND u.code = $2`, h.region, code); err != nil {
		h.t.Fatal(err)
	}
	return id
}

func TestProgramStartAndEnd(t *testing.T) {
	h := newHarness(t, "sawahlunto", "sawahlunto-peningkatan-kompetensi-asn")
	h.approved()
	unit := h.unit("disdukcapil")
	h.implementAt(time.Hour, unit)
	plan := func(who string, title string) func() Request {
		return func() Request {
			return Request{Actor: h.actor(who), Program: &ProgramPlan{UnitID: unit, Kind: policies.KindWorkshop,
				Title: title, Partner: "Universitas Negeri Padang", StartsAt: h.start.Add(10 * day), EndsAt: h.start.Add(12 * day), JP: 16, TargetParticipants: 30}}
		}
	}
	h.at(2*time.Hour, "plan", "", policies.ActPlanProgram, plan("opd", "Workshop manajemen pemerintahan"))
	h.at(3*time.Hour, "plan-by-stakeholder", "", policies.ActPlanProgram, plan("akademisi", "Tidak boleh"))
	h.at(4*time.Hour, "plan-bad-kind", "", policies.ActPlanProgram, func() Request {
		r := plan("opd", "Jenis salah")()
		r.Program.Kind = "rapat"
		return r
	})
	counts := map[string][2]int{}
	look := func(label string) func() {
		return func() {
			counts[label] = [2]int{h.notified("program_start", h.users["opd"]), h.notified("program_attendance_report", h.users["opd"])}
		}
	}
	h.do(10*day-time.Minute, look("before start"))
	h.do(10*day+time.Minute, look("after start"))
	h.do(12*day+time.Minute, look("after end"))
	h.archiveAt(20 * day)
	h.run()

	if r := h.ok("implement"); r.Status != policies.StatusImplementing {
		t.Errorf("start implementation = %+v, want implementing", r)
	}
	r := h.ok("plan")
	if r.ID == 0 || r.WorkflowID != h.child("program", 2) {
		t.Errorf("plan = %+v, want a program row and workflow %s", r, h.child("program", 2))
	}
	h.refused("plan-by-stakeholder", policies.KindForbidden)
	h.refused("plan-bad-kind", policies.KindInvalid)
	want := map[string][2]int{"before start": {0, 0}, "after start": {1, 0}, "after end": {1, 1}}
	for label, w := range want {
		if counts[label] != w {
			t.Errorf("%s: [start notices, attendance requests] to the unit officer = %v, want %v", label, counts[label], w)
		}
	}
	if n := h.count(`SELECT count(*) FROM programs WHERE policy_id = $1 AND kind = 'workshop' AND jp = 16`, h.policyID); n != 1 {
		t.Errorf("programs = %d, want 1", n)
	}
}

func TestTwoEvaluationCyclesWithOneUnitOverdue(t *testing.T) {
	h := newHarness(t, "sawahlunto", "sawahlunto-pengelolaan-kompetensi-asn")
	h.approved()
	disdukcapil, bkpsdm := h.unit("disdukcapil"), h.unit("bkpsdm")
	h.implementAt(time.Hour, disdukcapil, bkpsdm)
	impl := h.start.Add(time.Hour)
	due1, due2 := impl.AddDate(0, 6, 0), impl.AddDate(0, 12, 0)
	at := func(t time.Time) time.Duration { return t.Sub(h.start) }
	type snap struct {
		status                      policies.Status
		reminders, overdueOfficer   int // to the Disdukcapil officer
		headDisdukcapil, headBKPSDM int // overdue escalations to the unit heads
	}
	snaps := map[string]snap{}
	look := func(label string) func() {
		return func() {
			snaps[label] = snap{h.status(), h.notified("evaluation_reminder", h.users["opd"]), h.notified("evaluation_overdue", h.users["opd"]),
				h.notified("evaluation_overdue", h.users["kepala.opd"]), h.notified("evaluation_overdue", h.users["kepala"])}
		}
	}
	h.do(at(due1.Add(-7*day))-time.Minute, look("r1 before H-7"))
	h.do(at(due1.Add(-7*day))+time.Minute, look("r1 after H-7"))
	// Disdukcapil reports round 1 on time, well above the threshold.
	h.at(at(due1.Add(-2*day)), "report-1", "", policies.ActRecordEvaluation, func() Request {
		return Request{Actor: h.actor("opd"), Evaluation: &EvaluationReport{UnitID: disdukcapil, Round: 1, Instrument: "skm", Score: 85.2}}
	})
	h.do(at(due1)+time.Minute, look("r1 after due"))
	// Round 2: nobody reports.
	h.do(at(due2.Add(-day))+time.Minute, look("r2 after H-1"))
	h.do(at(due2)+time.Minute, look("r2 after due"))
	h.archiveAt(at(due2) + 2*day)
	h.run()

	if r := h.ok("report-1"); r.Outcome != "recorded" {
		t.Errorf("report = %+v, want recorded", r)
	}
	want := map[string]snap{
		"r1 before H-7": {policies.StatusImplementing, 0, 0, 0, 0},
		"r1 after H-7":  {policies.StatusEvaluating, 1, 0, 0, 0},
		// Disdukcapil reported before H-1: no H-1 reminder, no escalation; BKPSDM did not: its head is told.
		"r1 after due": {policies.StatusEvaluating, 1, 0, 0, 1},
		"r2 after H-1": {policies.StatusEvaluating, 3, 0, 0, 1},
		"r2 after due": {policies.StatusEvaluating, 3, 1, 1, 2},
	}
	for label, w := range want {
		if got := snaps[label]; got != w {
			t.Errorf("%s: %+v, want %+v", label, got, w)
		}
	}
	var statuses []string
	if err := h.db.SQL().Select(&statuses, `SELECT number || ':' || u.code || ':' || status FROM evaluation_rounds r JOIN units u ON u.id = r.unit_id
		WHERE policy_id = $1 ORDER BY number, u.code`, h.policyID); err != nil {
		t.Fatal(err)
	}
	wantRounds := []string{"1:bkpsdm:overdue", "1:disdukcapil:submitted", "2:bkpsdm:overdue", "2:disdukcapil:overdue"}
	if len(statuses) < 4 || !slices.Equal(statuses[:4], wantRounds) {
		t.Errorf("rounds = %v, want %v first", statuses, wantRounds)
	}
}

func TestLowEvaluationOpensRevision(t *testing.T) {
	h := newHarness(t, "bukittinggi", "bukittinggi-peningkatan-kualitas-asn")
	h.approved()
	disdik := h.unit("disdik")
	h.implementAt(time.Hour, disdik)
	// IKM 70.00 is band C, below the default threshold 76.61; 40
	// respondents meet the region's default minimum of 30.
	h.at(2*time.Hour, "report", "", policies.ActRecordEvaluation, func() Request {
		return Request{Actor: h.actor("opd"), Evaluation: skmReport(t, disdik, 1, every([4]int{0, 8, 32, 0}), 0)}
	})
	var after PolicyState
	var status policies.Status
	h.do(3*time.Hour, func() { after, status = h.state(), h.status() })
	h.submitAt(4*time.Hour, "resubmit")
	h.do(300*day, func() {
		// The schedule was stopped: no reminders for round 1 ever.
		if n := h.notified("evaluation_reminder", h.users["opd"]); n != 0 {
			t.Errorf("reminders after the revision opened = %d, want 0", n)
		}
	})
	h.archiveAt(301 * day)
	h.run()

	if r := h.ok("report"); r.Outcome != "revision_opened" || r.Status != policies.StatusRevision {
		t.Errorf("low result = %+v, want revision_opened", r)
	}
	if after.Status != policies.StatusRevision || status != policies.StatusRevision || after.EvaluationWorkflowID != "" {
		t.Errorf("after the low result: workflow %q, record %q, schedule %q; want revision and no schedule", after.Status, status, after.EvaluationWorkflowID)
	}
	if n := h.notified("revision_opened", h.users["penyusun"]); n != 1 {
		t.Errorf("revision notices to the drafter = %d, want 1", n)
	}
	if n := h.count(`SELECT count(*) FROM policies WHERE id = $1 AND in_force_version_id IS NOT NULL`, h.policyID); n != 1 {
		t.Error("the approved version is no longer in force during the revision")
	}
	if r := h.ok("resubmit"); r.Status != policies.StatusInApproval {
		t.Errorf("resubmission during revision = %+v, want in_approval", r)
	}
	if n := h.count(`SELECT count(*) FROM audit_log WHERE policy_id = $1 AND action = 'low_evaluation' AND detail LIKE '%IKM 70.00%'`, h.policyID); n != 1 {
		t.Errorf("audit of the low result = %d, want 1", n)
	}
}

// The schedule continues as new after a few rounds, carrying the next round,
// so its history stays small however long the policy lives.
func TestEvaluationScheduleContinuesAsNew(t *testing.T) {
	h := newHarness(t, "bukittinggi", "bukittinggi-peningkatan-kualitas-asn")
	unit := h.unit("disdik")
	in := EvaluationInput{PolicyID: h.policyID, Title: "Uji", UnitIDs: []int64{unit}, CadenceMonths: 6,
		Start: h.env.Now(), Round: 1, ReminderLeads: DefaultReminderLeads}
	h.env.ExecuteWorkflow(EvaluationScheduleWorkflow, in)
	var can *workflow.ContinueAsNewError
	if err := h.env.GetWorkflowError(); !errors.As(err, &can) {
		t.Fatalf("schedule ended with %v, want continue-as-new", err)
	}
	var next EvaluationInput
	if err := converter.GetDefaultDataConverter().FromPayloads(can.Input, &next); err != nil {
		t.Fatal(err)
	}
	if next.Round != 1+roundsPerRun || !next.Start.Equal(in.Start) {
		t.Errorf("continues with round %d from %s, want round %d from %s", next.Round, next.Start, 1+roundsPerRun, in.Start)
	}
	if n := h.count(`SELECT count(*) FROM evaluation_rounds WHERE policy_id = $1 AND status = 'overdue'`, h.policyID); n != roundsPerRun {
		t.Errorf("overdue rounds = %d, want %d (nobody reported)", n, roundsPerRun)
	}
	if n := h.notified("evaluation_reminder", h.users["opd"]); n != 2*roundsPerRun {
		t.Errorf("reminders = %d, want 2 per round (H-7, H-1)", n)
	}
}
