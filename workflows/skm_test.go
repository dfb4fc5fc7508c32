package workflows

import (
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// every is an SKM where each element U1..U9 got the counts c.
func every(c [4]int) [9][4]int {
	var r [9][4]int
	for e := range r {
		r[e] = c
	}
	return r
}

// skmReport is the record_evaluation report of SKM answers, as the forms make it.
func skmReport(t *testing.T, unit int64, round int, responses [9][4]int, population int) *EvaluationReport {
	t.Helper()
	rep, _, err := SKMReport(unit, round, responses, population, nil)
	if err != nil {
		t.Fatal(err)
	}
	return &rep
}

// A low IKM from too few respondents is recorded but reopens nothing; a low
// IKM from a sufficient sample (the Krejcie–Morgan size of the population
// the unit entered) opens the revision, its reason naming the unit, the
// round and the weak elements.
func TestSKMSampleGatesRevision(t *testing.T) {
	h := newHarness(t, "bukittinggi", "bukittinggi-peningkatan-kualitas-asn")
	h.approved()
	disdik, dinkes, bkpsdm := h.unit("disdik"), h.unit("dinkes"), h.unit("bkpsdm")
	h.implementAt(time.Hour, disdik, dinkes, bkpsdm)
	// One respondent answering 1 everywhere: IKM 25.00, band D, but one
	// person is not a sample (region minimum 30, no population entered).
	h.at(2*time.Hour, "one", "", policies.ActRecordEvaluation, func() Request {
		return Request{Actor: h.actor("opd"), Evaluation: skmReport(t, disdik, 1, every([4]int{1, 0, 0, 0}), 0)}
	})
	// 43 of a population of 50 (Krejcie–Morgan: 44): still not enough.
	h.at(3*time.Hour, "short", "", policies.ActRecordEvaluation, func() Request {
		return Request{Actor: h.actor("opd"), Evaluation: skmReport(t, dinkes, 1, every([4]int{43, 0, 0, 0}), 50)}
	})
	var mid policies.Status
	h.do(4*time.Hour, func() { mid = h.status() })
	// 44 of 50: sufficient. U1 and U9 all 4 (100.00); U2, U4–U8 all 2
	// (50.00), U3 4×1 and 40×2 (47.73): IKM 60.86, weak U2–U8.
	weak := every([4]int{0, 0, 0, 44})
	weak[1] = [4]int{0, 44, 0, 0}
	weak[2] = [4]int{4, 40, 0, 0}
	for e := 3; e < 9; e++ {
		weak[e] = [4]int{0, 44, 0, 0}
	}
	weak[8] = [4]int{0, 0, 0, 44}
	h.at(5*time.Hour, "enough", "", policies.ActRecordEvaluation, func() Request {
		return Request{Actor: h.actor("opd"), Evaluation: skmReport(t, bkpsdm, 1, weak, 50)}
	})
	h.archiveAt(6 * time.Hour)
	h.run()

	for _, name := range []string{"one", "short"} {
		if r := h.ok(name); r.Outcome != "recorded_small_sample" || r.Status == policies.StatusRevision {
			t.Errorf("%s: %+v, want recorded_small_sample and no revision", name, r)
		}
	}
	if mid == policies.StatusRevision {
		t.Error("a small sample reopened the policy")
	}
	r := h.ok("enough")
	if r.Outcome != "revision_opened" || r.Status != policies.StatusRevision {
		t.Fatalf("sufficient weak sample: %+v, want revision_opened", r)
	}
	for _, want := range []string{"BKPSDM", "IKM 60.86 pada putaran 1", "44 responden, sampel minimum 44",
		"U2 Sistem, mekanisme dan prosedur", "U3 Waktu penyelesaian", "U8 Penanganan pengaduan"} {
		if !strings.Contains(r.Message, want) {
			t.Errorf("revision reason %q lacks %q", r.Message, want)
		}
	}
	if strings.Contains(r.Message, "U1 ") || strings.Contains(r.Message, "U9 ") {
		t.Errorf("revision reason %q names an element at 100.00", r.Message)
	}
	if n := h.count(`SELECT count(*) FROM audit_log WHERE policy_id = $1 AND action = 'low_evaluation' AND detail LIKE '%BKPSDM%U2%'`, h.policyID); n != 1 {
		t.Errorf("audits of the revision naming the unit and U2 = %d, want 1", n)
	}
	if n := h.count(`SELECT count(*) FROM evaluation_results e JOIN evaluation_rounds r ON r.id = e.round_id
		WHERE r.policy_id = $1 AND e.population = 50`, h.policyID); n != 2 {
		t.Errorf("results recorded with population 50 = %d, want 2", n)
	}
}

// A follow-up is reminded a week before its due date, on it, then weekly
// (overdue, to the unit head too) until it is done; then the reminders end.
func TestFollowUpRemindedUntilDone(t *testing.T) {
	h, f, due := followUpDueIn10Days(t)
	ctx := t.Context()
	counts := map[string]int{}
	snap := func(label string) func() {
		return func() { counts[label] = h.notified("evaluation_reminder", h.users["opd"]) }
	}
	h.do(2*day, snap("before H-7"))
	h.do(4*day, snap("after H-7"))
	h.do(11*day, snap("after due"))
	h.do(18*day, snap("a week late"))
	h.do(20*day, func() {
		if _, err := h.db.SetFollowUpStatus(ctx, h.policyID, f.ID, policies.FollowUpDone, h.users["opd"]); err != nil {
			t.Error(err)
		}
	})
	h.env.ExecuteWorkflow(FollowUpWorkflow, FollowUpInput{FollowUpID: f.ID, DueOn: due})
	if !h.env.IsWorkflowCompleted() || h.env.GetWorkflowError() != nil {
		t.Fatalf("reminders did not end once done: completed %v, %v", h.env.IsWorkflowCompleted(), h.env.GetWorkflowError())
	}
	if now := h.env.Now(); now.Sub(h.start) > 25*day {
		t.Errorf("reminders ended %s after the start, want at the first reminder after done (day 24)", now.Sub(h.start))
	}
	snap("after the reminders ended")()
	want := map[string]int{"before H-7": 0, "after H-7": 1, "after due": 2, "a week late": 3, "after the reminders ended": 3}
	for label, n := range want {
		if counts[label] != n {
			t.Errorf("reminders to the officer %s = %d, want %d", label, counts[label], n)
		}
	}
	if n := h.notified("evaluation_reminder", h.users["kepala.opd"]); n != 1 {
		t.Errorf("reminders to the unit head = %d, want 1 (the overdue one)", n)
	}
}

// A follow-up of an archived policy is moot: the reminder after the
// archiving sends nothing and the reminders end.
func TestFollowUpRemindersEndWhenPolicyArchived(t *testing.T) {
	h, f, due := followUpDueIn10Days(t)
	var beforeArchive int
	h.do(4*day, func() {
		beforeArchive = h.notified("evaluation_reminder", h.users["opd"])
		h.db.SQL().MustExec(`UPDATE policies SET status = 'archived' WHERE id = $1`, h.policyID)
	})
	h.env.ExecuteWorkflow(FollowUpWorkflow, FollowUpInput{FollowUpID: f.ID, DueOn: due})
	if !h.env.IsWorkflowCompleted() || h.env.GetWorkflowError() != nil {
		t.Fatalf("reminders did not end once the policy was archived: completed %v, %v", h.env.IsWorkflowCompleted(), h.env.GetWorkflowError())
	}
	if now := h.env.Now(); now.Sub(h.start) > 11*day {
		t.Errorf("reminders ended %s after the start, want at the due date (day 10), the first reminder after the archiving", now.Sub(h.start))
	}
	if got := h.notified("evaluation_reminder", h.users["opd"]); beforeArchive != 1 || got != 1 {
		t.Errorf("reminders to the officer: %d before the archiving, %d in all; want 1 and 1 (H-7 only)", beforeArchive, got)
	}
}

// followUpDueIn10Days records a follow-up of round 1 of a unit, due ten
// days after the harness's start.
func followUpDueIn10Days(t *testing.T) (*harness, policies.SKMFollowUp, time.Time) {
	h := newHarness(t, "bukittinggi", "bukittinggi-peningkatan-kualitas-asn")
	ctx := t.Context()
	disdik := h.unit("disdik")
	due := h.start.Add(10 * day)
	if _, err := h.db.CreateRounds(ctx, h.policyID, 1, h.start, []int64{disdik}); err != nil {
		t.Fatal(err)
	}
	f, err := h.db.CreateFollowUp(ctx, h.policyID, 1, disdik, policies.FollowUpInput{Element: "u3", Action: "Pangkas alur", Owner: "Kabid Pelayanan"},
		due, h.users["opd"])
	if err != nil {
		t.Fatal(err)
	}
	return h, f, due
}
