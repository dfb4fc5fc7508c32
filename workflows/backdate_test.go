package workflows

import (
	"slices"
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// A city digitising a policy implemented since last year says when it
// started: the rounds due since then exist at once, the missing ones are
// overdue, and nobody is reminded of a moment already past.
func TestBackdatedImplementationStart(t *testing.T) {
	h := newHarness(t, "sawahlunto", "sawahlunto-pengelolaan-kompetensi-asn")
	h.approved()
	disdukcapil, bkpsdm := h.unit("disdukcapil"), h.unit("bkpsdm")
	// Six-monthly rounds (the default): rounds 1–3 fell due before today, round 4 is due in about five months.
	startedOn := h.start.AddDate(0, -18, -40)
	due4 := startedOn.AddDate(0, 24, 0)
	start := func(on time.Time) func() Request {
		return func() Request {
			return Request{Actor: h.actor("penyusun"), UnitIDs: []int64{disdukcapil, bkpsdm}, StartedOn: on}
		}
	}
	h.at(time.Hour, "future", "", policies.ActStartImplementation, start(h.start.Add(2*day)))
	h.at(time.Hour+time.Minute, "too-old", "", policies.ActStartImplementation, start(h.start.AddDate(-6, 0, 0)))
	h.at(2*time.Hour, "implement", "", policies.ActStartImplementation, start(startedOn))
	var answered []string
	var afterStart snapBackdate
	h.do(2*time.Hour+time.Second, func() { answered = h.rounds() })
	h.do(3*time.Hour, func() { afterStart = h.snapBackdate() })
	// A late result for a past round is still taken.
	h.at(4*time.Hour, "late", "", policies.ActRecordEvaluation, func() Request {
		return Request{Actor: h.actor("opd"), Evaluation: &EvaluationReport{UnitID: disdukcapil, Round: 2, Instrument: "skm", Score: 88}}
	})
	var beforeH7, afterH7 snapBackdate
	at := func(t time.Time) time.Duration { return t.Sub(h.start) }
	h.do(at(due4.Add(-7*day))-time.Minute, func() { beforeH7 = h.snapBackdate() })
	h.do(at(due4.Add(-7*day))+time.Minute, func() { afterH7 = h.snapBackdate() })
	h.archiveAt(at(due4.Add(-7*day)) + time.Hour)
	h.run()

	h.refused("future", policies.KindInvalid)
	h.refused("too-old", policies.KindInvalid)
	if r := h.ok("implement"); r.Status != policies.StatusImplementing {
		t.Errorf("backdated start = %+v, want implementing", r)
	}
	// Answered with every round opened since the start already there.
	if len(answered) != 8 {
		t.Errorf("rounds when the start answered = %v, want rounds 1–4 of both units", answered)
	}
	want := snapBackdate{status: policies.StatusEvaluating, reminders: 0, overdue: 0, headOverdue: 0,
		rounds: []string{"1:bkpsdm:overdue", "1:disdukcapil:overdue", "2:bkpsdm:overdue", "2:disdukcapil:overdue",
			"3:bkpsdm:overdue", "3:disdukcapil:overdue", "4:bkpsdm:pending", "4:disdukcapil:pending"}}
	if !afterStart.equal(want) {
		t.Errorf("after the start: %+v, want %+v", afterStart, want)
	}
	if r := h.ok("late"); r.Outcome != "recorded" {
		t.Errorf("late result = %+v, want recorded", r)
	}
	want.rounds[3] = "2:disdukcapil:submitted"
	if !beforeH7.equal(want) {
		t.Errorf("before round 4's H-7: %+v, want %+v (no reminder for a past moment)", beforeH7, want)
	}
	want.reminders = 1
	if !afterH7.equal(want) {
		t.Errorf("after round 4's H-7: %+v, want %+v", afterH7, want)
	}
	var due time.Time
	if err := h.db.SQL().Get(&due, `SELECT due_at FROM evaluation_rounds WHERE policy_id = $1 AND number = 1 AND unit_id = $2`, h.policyID, bkpsdm); err != nil {
		t.Fatal(err)
	}
	if want := startedOn.AddDate(0, 6, 0); due.Sub(want).Abs() > time.Millisecond {
		t.Errorf("round 1 due %s, want %s (six months after the start)", due, want)
	}
}

type snapBackdate struct {
	status                          policies.Status
	reminders, overdue, headOverdue int // to the Disdukcapil officer; escalations to its head
	rounds                          []string
}

func (a snapBackdate) equal(b snapBackdate) bool {
	return a.status == b.status && a.reminders == b.reminders && a.overdue == b.overdue &&
		a.headOverdue == b.headOverdue && slices.Equal(a.rounds, b.rounds)
}

func (h *harness) snapBackdate() snapBackdate {
	return snapBackdate{h.status(), h.notified("evaluation_reminder", h.users["opd"]), h.notified("evaluation_overdue", h.users["opd"]),
		h.notified("evaluation_overdue", h.users["kepala.opd"]), h.rounds()}
}

// rounds lists the policy's rounds as number:unit:status.
func (h *harness) rounds() []string {
	var rs []string
	if err := h.db.SQL().Select(&rs, `SELECT number || ':' || u.code || ':' || status FROM evaluation_rounds r JOIN units u ON u.id = r.unit_id
		WHERE policy_id = $1 ORDER BY number, u.code`, h.policyID); err != nil {
		h.t.Fatal(err)
	}
	return rs
}

// A unit with no officer is reminded through its head; one with no head
// either, through the drafters of the policy's owner unit.
func TestReminderForUnitWithoutOfficer(t *testing.T) {
	h := newHarness(t, "bukittinggi", "bukittinggi-peningkatan-kualitas-asn")
	h.approved()
	var region int64
	if err := h.db.SQL().Get(&region, `SELECT id FROM regions WHERE slug = 'bukittinggi'`); err != nil {
		t.Fatal(err)
	}
	var headed, headless int64
	if err := h.db.SQL().Get(&headed, `INSERT INTO units (code, region_id, name, head_user_id) VALUES ('dispora', $1, 'Dinas Pemuda dan Olahraga', $2) RETURNING id`,
		region, h.users["kepala.opd"]); err != nil {
		t.Fatal(err)
	}
	if err := h.db.SQL().Get(&headless, `INSERT INTO units (code, region_id, name) VALUES ('dishub', $1, 'Dinas Perhubungan') RETURNING id`, region); err != nil {
		t.Fatal(err)
	}
	h.implementAt(time.Hour, headed, headless)
	due1 := h.start.Add(time.Hour).AddDate(0, 6, 0)
	counts := map[string][2]int{}
	look := func(label string) func() {
		return func() {
			counts[label] = [2]int{h.notified("evaluation_reminder", h.users["kepala.opd"]), h.notified("evaluation_reminder", h.users["penyusun"])}
		}
	}
	h.do(due1.Add(-7*day).Sub(h.start)-time.Minute, look("before H-7"))
	h.do(due1.Add(-7*day).Sub(h.start)+time.Minute, look("after H-7"))
	h.archiveAt(due1.Add(-7*day).Sub(h.start) + time.Hour)
	h.run()

	h.ok("implement")
	want := map[string][2]int{"before H-7": {0, 0}, "after H-7": {1, 1}}
	for label, w := range want {
		if counts[label] != w {
			t.Errorf("%s: [reminders to the head of the unit without officer, to the drafter] = %v, want %v", label, counts[label], w)
		}
	}
}
