package workflows

import (
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// nextMonday8 is the first Monday 08.00 WIB after t.
func nextMonday8(t time.Time) time.Time {
	w := t.In(policies.WIB)
	d := time.Date(w.Year(), w.Month(), w.Day(), 8, 0, 0, 0, policies.WIB)
	for d.Weekday() != time.Monday || !d.After(t) {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

// A consultation prepared now to open next Monday 08.00 WIB opens then, not
// before: until then the policy stays a draft, nothing is recorded and no
// one is invited or told; at 08.00 it opens, its record dated then, the
// stakeholders invited and the policy's follower told once. The scheduling
// is audited. Time-skipped: days in a second.
func TestScheduledConsultationOpensOnTime(t *testing.T) {
	h := newHarness(t, "sawahlunto", "sawahlunto-peningkatan-kompetensi-asn")
	h.db.SQL().MustExec(`INSERT INTO follows (email, policy_id, confirmed_at, created_at) VALUES ('warga.ikut@contoh.test', $1, now() - interval '1 day', now() - interval '1 day')`, h.policyID)
	opens := nextMonday8(h.start.Add(2 * time.Hour))
	closes := opens.Add(14 * day)
	h.at(time.Hour, "schedule", "", policies.ActOpenConsultation, func() Request {
		return Request{Actor: h.actor("penyusun"), OpensAt: opens, ClosesAt: closes, AllowPublic: true}
	})
	type look struct {
		st                                 PolicyState
		status                             policies.Status
		consultations, invited, toFollower int
	}
	var before, after look
	see := func(l *look) func() {
		return func() {
			*l = look{st: h.state(), status: h.status(),
				consultations: h.count(`SELECT count(*) FROM consultations WHERE policy_id = $1`, h.policyID),
				invited:       h.count(`SELECT count(*) FROM notifications WHERE policy_id = $1 AND kind = 'consultation_invitation'`, h.policyID),
				toFollower:    h.count(`SELECT count(*) FROM notifications WHERE email = 'warga.ikut@contoh.test'`)}
		}
	}
	h.do(opens.Sub(h.start)-time.Minute, see(&before))
	h.do(opens.Sub(h.start)+time.Minute, see(&after))
	h.archiveAt(opens.Sub(h.start) + 2*day)
	h.run()

	if r := h.ok("schedule"); r.Outcome != "consultation_scheduled" || r.Status != policies.StatusDraft {
		t.Errorf("scheduling = %+v, want consultation_scheduled with the policy still a draft", r)
	}
	if s := before.st.Scheduled; s == nil || !s.OpensAt.Equal(opens) || !s.ClosesAt.Equal(closes) {
		t.Errorf("a minute before: scheduled %+v, want opening %s", s, opens)
	}
	if before.status != policies.StatusDraft || before.st.Status != policies.StatusDraft || before.consultations != 0 || before.invited != 0 || before.toFollower != 0 {
		t.Errorf("a minute before: %+v, want a draft with no consultation, invitation or follower notice", before)
	}
	if after.status != policies.StatusConsultation || after.st.Consultation == nil || after.st.Scheduled != nil || after.consultations != 1 ||
		after.invited != h.stakeholders() || after.toFollower != 1 {
		t.Errorf("a minute after: %+v, want the consultation open, every stakeholder invited, the follower told once", after)
	}
	if c := after.st.Consultation; c == nil || !c.OpenedAt.Equal(opens) || !c.ClosesAt.Equal(closes) {
		t.Errorf("the consultation %+v, want opened at %s closing %s", c, opens, closes)
	}
	var openedAt time.Time
	if err := h.db.SQL().Get(&openedAt, `SELECT opened_at FROM consultations WHERE policy_id = $1`, h.policyID); err != nil || !openedAt.Equal(opens) {
		t.Errorf("recorded opening %s (%v), want %s", openedAt, err, opens)
	}
	if n := h.count(`SELECT count(*) FROM audit_log WHERE policy_id = $1 AND action = 'consultation.scheduled' AND actor_id = $2`, h.policyID, h.users["penyusun"]); n != 1 {
		t.Errorf("audited schedulings: %d, want 1", n)
	}
	if n := h.count(`SELECT count(*) FROM audit_log WHERE policy_id = $1 AND action = 'open_consultation' AND actor_id = $2`, h.policyID, h.users["penyusun"]); n != 1 {
		t.Errorf("audited openings by the drafter: %d, want 1", n)
	}
}

// A scheduled opening may be moved and cancelled before it opens: moved
// later, it does not open at the first time; cancelled, it never opens;
// a second cancellation is a conflict. An opening scheduled in the past,
// or closing before it opens, is refused naming the field.
func TestScheduledConsultationMovedAndCancelled(t *testing.T) {
	h := newHarness(t, "pangkalpinang", "pangkalpinang-pengembangan-kompetensi-asn")
	first, later := h.start.Add(2*day), h.start.Add(3*day)
	schedule := func(d time.Duration, name string, opens time.Time, closes time.Time) {
		h.at(d, name, "", policies.ActOpenConsultation, func() Request {
			return Request{Actor: h.actor("penyusun"), OpensAt: opens, ClosesAt: closes}
		})
	}
	cancel := func(d time.Duration, name string) {
		h.at(d, name, "", policies.ActCancelConsultationSchedule, func() Request { return Request{Actor: h.actor("penyusun")} })
	}
	schedule(time.Hour, "past", h.start.Add(-time.Hour), h.start.Add(10*day))
	schedule(time.Hour, "closes-first", first, first.Add(-time.Hour))
	schedule(2*time.Hour, "schedule", first, first.Add(10*day))
	schedule(3*time.Hour, "move", later, later.Add(10*day))
	var atFirst, atLater policies.Status
	var movedTo time.Time
	h.do(4*time.Hour, func() {
		if s := h.state().Scheduled; s != nil {
			movedTo = s.OpensAt
		}
	})
	h.do(2*day+time.Minute, func() { atFirst = h.status() })
	h.do(3*day+time.Minute, func() { atLater = h.status() })
	// The consultation is closed early; a new one scheduled and cancelled.
	cons := h.child("consultation", 1)
	h.at(3*day+time.Hour, "close", cons, policies.ActCloseConsultation, func() Request { return Request{Actor: h.actor("penyusun")} })
	again := h.start.Add(5 * day)
	schedule(3*day+2*time.Hour, "schedule-again", again, again.Add(10*day))
	cancel(3*day+3*time.Hour, "cancel")
	cancel(3*day+4*time.Hour, "cancel-again")
	var afterCancel policies.Status
	var consultations int
	h.do(5*day+time.Minute, func() {
		afterCancel = h.status()
		consultations = h.count(`SELECT count(*) FROM consultations WHERE policy_id = $1`, h.policyID)
	})
	h.archiveAt(6 * day)
	h.run()

	h.refused("past", policies.KindInvalid)
	h.refused("closes-first", policies.KindInvalid)
	h.ok("schedule")
	if r := h.ok("move"); r.Outcome != "consultation_scheduled" || !movedTo.Equal(later) {
		t.Errorf("moved: %+v, scheduled for %s; want %s", r, movedTo, later)
	}
	if atFirst != policies.StatusDraft || atLater != policies.StatusConsultation {
		t.Errorf("status at the first time %q, at the later %q; want draft, then consultation", atFirst, atLater)
	}
	h.ok("close")
	h.ok("schedule-again")
	if r := h.ok("cancel"); r.Outcome != "consultation_schedule_cancelled" {
		t.Errorf("cancel = %+v", r)
	}
	h.refused("cancel-again", policies.KindConflict)
	if afterCancel != policies.StatusDrafting || consultations != 1 {
		t.Errorf("after the cancelled time: status %q with %d consultations, want drafting with the 1 closed before", afterCancel, consultations)
	}
	if n := h.count(`SELECT count(*) FROM audit_log WHERE policy_id = $1 AND action = 'consultation.scheduled'`, h.policyID); n != 3 {
		t.Errorf("audited schedulings: %d, want 3 (scheduled, moved, scheduled again)", n)
	}
	if n := h.count(`SELECT count(*) FROM audit_log WHERE policy_id = $1 AND action = 'cancel_consultation_schedule'`, h.policyID); n != 1 {
		t.Errorf("audited cancellations: %d, want 1", n)
	}
}

// A scheduled consultation whose policy was submitted for approval before
// its time does not open: the schedule is dropped, audited, and the
// drafter who scheduled it is told why.
func TestScheduledConsultationFailsWhenSubmitted(t *testing.T) {
	h := newHarness(t, "sawahlunto", "sawahlunto-peningkatan-kompetensi-asn")
	opens := h.start.Add(2 * day)
	h.at(time.Hour, "schedule", "", policies.ActOpenConsultation, func() Request {
		return Request{Actor: h.actor("penyusun"), OpensAt: opens, ClosesAt: opens.Add(14 * day)}
	})
	h.submitAt(2*time.Hour, "submit")
	var after PolicyState
	h.do(2*day+time.Minute, func() { after = h.state() })
	h.archiveAt(3 * day)
	h.run()

	h.ok("schedule")
	h.ok("submit")
	if after.Status != policies.StatusInApproval || after.Scheduled != nil || after.Consultation != nil {
		t.Errorf("after the scheduled time: %q, scheduled %+v, consultation %+v; want in approval with the schedule dropped", after.Status, after.Scheduled, after.Consultation)
	}
	if n := h.count(`SELECT count(*) FROM audit_log WHERE policy_id = $1 AND action = 'consultation.schedule_failed'`, h.policyID); n != 1 {
		t.Errorf("audited failures: %d, want 1", n)
	}
	var body string
	if err := h.db.SQL().Get(&body, `SELECT body FROM notifications WHERE policy_id = $1 AND kind = 'consultation_schedule_failed' AND user_id = $2`,
		h.policyID, h.users["penyusun"]); err != nil || !containsStr(body, "tidak dapat dibuka") || !containsStr(body, "kebijakan sudah berstatus") {
		t.Errorf("the drafter's notice: %q (%v), want why it did not open", body, err)
	}
}
