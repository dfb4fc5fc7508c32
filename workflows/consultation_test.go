package workflows

import (
	"context"
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// comment adds a stakeholder's comment on a section of the current version.
func (h *harness) comment(section, body string) {
	h.t.Helper()
	v, err := h.db.CurrentVersion(context.Background(), h.policyID)
	if err != nil {
		h.t.Fatal(err)
	}
	uid := h.users["akademisi"]
	if _, err := h.db.CreateComment(context.Background(), policies.Comment{PolicyID: h.policyID, VersionID: v.ID,
		SectionID: section, AuthorID: &uid, AuthorName: "Akademisi", Body: body}); err != nil {
		h.t.Fatal(err)
	}
}

func (h *harness) openConsultationAt(d time.Duration, name string, closesAt func() time.Time) {
	h.at(d, name, "", policies.ActOpenConsultation, func() Request {
		return Request{Actor: h.actor("penyusun"), ClosesAt: closesAt()}
	})
}

// stakeholders counts the users every consultation invites by default:
// the stakeholders of the policy's region, no other city's.
func (h *harness) stakeholders() int {
	return h.count(`SELECT count(*) FROM users WHERE role = 'stakeholder' AND region_id = (SELECT region_id FROM policies WHERE id = $1)`, h.policyID)
}

func TestConsultationClosesAtDeadline(t *testing.T) {
	h := newHarness(t, "sawahlunto", "sawahlunto-peningkatan-kompetensi-asn")
	closes := h.start.Add(time.Hour + 3*day)
	h.openConsultationAt(time.Hour, "open", func() time.Time { return closes })
	h.do(2*time.Hour, func() {
		h.comment("pendahuluan", "Sebutkan dasar hukum PP 11/2017.")
		h.comment("pendahuluan", "Tambahkan data jumlah ASN.")
		h.comment("peran-masyarakat", "Libatkan musyawarah nagari.")
	})
	var during PolicyState
	h.do(3*time.Hour, func() { during = h.state() })
	reminders := map[string]int{}
	h.do(time.Hour+2*day-time.Minute, func() { reminders["before"] = h.notified("consultation_reminder", h.users["akademisi"]) })
	h.do(time.Hour+2*day+time.Minute, func() { reminders["after"] = h.notified("consultation_reminder", h.users["akademisi"]) })
	var after PolicyState
	var status policies.Status
	h.do(time.Hour+3*day+time.Minute, func() { after, status = h.state(), h.status() })
	h.archiveAt(10 * day)
	h.run()

	if r := h.ok("open"); r.Status != policies.StatusConsultation {
		t.Errorf("open = %+v, want consultation", r)
	}
	if during.Status != policies.StatusConsultation || during.Consultation == nil || !during.Consultation.ClosesAt.Equal(closes) {
		t.Errorf("during: %+v, want consultation closing %s", during.Consultation, closes)
	}
	if reminders["before"] != 0 || reminders["after"] != 1 {
		t.Errorf("reminders 24 h before the deadline: before %d, after %d; want 0 then 1", reminders["before"], reminders["after"])
	}
	if after.Status != policies.StatusDrafting || status != policies.StatusDrafting || after.Consultation != nil {
		t.Errorf("after the deadline: workflow %q, record %q; want drafting", after.Status, status)
	}
	sum := after.LastSummary
	if sum == nil || sum.Total != 3 || sum.Reason != "deadline" || len(sum.Sections) != 2 ||
		sum.Sections[0] != (policies.SectionCount{Section: "pendahuluan", Title: "Pendahuluan", Comments: 2}) ||
		sum.Sections[1] != (policies.SectionCount{Section: "peran-masyarakat", Title: "Peran Masyarakat", Comments: 1}) {
		t.Errorf("summary = %+v, want 2 on pendahuluan, 1 on peran-masyarakat, closed by deadline", sum)
	}
	if n := h.count(`SELECT count(*) FROM notifications WHERE policy_id = $1 AND kind = 'consultation_invitation'`, h.policyID); n != h.stakeholders() {
		t.Errorf("invitations = %d, want one per stakeholder (%d)", n, h.stakeholders())
	}
	if n := h.count(`SELECT count(*) FROM notifications WHERE policy_id = $1 AND kind = 'consultation_reminder'`, h.policyID); n != h.stakeholders() {
		t.Errorf("reminders = %d, want exactly one per stakeholder (%d)", n, h.stakeholders())
	}
	var body string
	if err := h.db.SQL().Get(&body, `SELECT body FROM notifications WHERE policy_id = $1 AND kind = 'consultation_summary' AND user_id = $2`, h.policyID, h.users["penyusun"]); err != nil {
		t.Fatalf("no summary for the drafter: %v", err)
	}
	for _, want := range []string{"3 komentar", "- Pendahuluan: 2", "- Peran Masyarakat: 1"} {
		if !containsStr(body, want) {
			t.Errorf("summary notice %q lacks %q", body, want)
		}
	}
	if n := h.count(`SELECT count(*) FROM consultations WHERE policy_id = $1 AND closed_reason = 'deadline' AND closed_at IS NOT NULL`, h.policyID); n != 1 {
		t.Errorf("consultations closed by deadline = %d, want 1", n)
	}
}

func TestConsultationClosedEarly(t *testing.T) {
	h := newHarness(t, "pangkalpinang", "pangkalpinang-pengembangan-kompetensi-asn")
	h.openConsultationAt(time.Hour, "open", func() time.Time { return h.start.Add(10 * day) })
	h.do(2*time.Hour, func() { h.comment("pendahuluan", "Setuju.") })
	cons := h.child("consultation", 1)
	// Only the drafter may close it.
	h.at(3*time.Hour, "by-stakeholder", cons, policies.ActCloseConsultation, func() Request { return Request{Actor: h.actor("akademisi")} })
	h.at(4*time.Hour, "close", cons, policies.ActCloseConsultation, func() Request { return Request{Actor: h.actor("penyusun")} })
	var status policies.Status
	h.do(5*time.Hour, func() { status = h.status() })
	h.archiveAt(20 * day)
	h.run()

	h.refused("by-stakeholder", policies.KindForbidden)
	r := h.ok("close")
	if r.Status != policies.StatusDrafting || r.Summary == nil || r.Summary.Total != 1 || r.Summary.Reason != "early" {
		t.Errorf("early close = %+v (summary %+v), want drafting with 1 comment, reason early", r, r.Summary)
	}
	if status != policies.StatusDrafting {
		t.Errorf("record status after early close = %q, want drafting", status)
	}
	if n := h.count(`SELECT count(*) FROM notifications WHERE policy_id = $1 AND kind = 'consultation_reminder'`, h.policyID); n != 0 {
		t.Errorf("reminders = %d, want none: it closed days before the reminder", n)
	}
}

func TestConsultationExtended(t *testing.T) {
	h := newHarness(t, "bukittinggi", "bukittinggi-peningkatan-kualitas-asn")
	first := h.start.Add(time.Hour + 2*day)
	extended := h.start.Add(time.Hour + 5*day)
	h.openConsultationAt(time.Hour, "open", func() time.Time { return first })
	cons := h.child("consultation", 1)
	h.at(13*time.Hour, "earlier", cons, policies.ActExtendConsultation, func() Request {
		return Request{Actor: h.actor("penyusun"), ClosesAt: first.Add(-time.Hour)}
	})
	h.at(14*time.Hour, "extend", cons, policies.ActExtendConsultation, func() Request {
		return Request{Actor: h.actor("penyusun"), ClosesAt: extended}
	})
	var atOldDeadline, afterNew policies.Status
	var remindersAtOld int
	h.do(time.Hour+2*day+time.Minute, func() {
		atOldDeadline = h.status()
		remindersAtOld = h.notified("consultation_reminder", h.users["akademisi"])
	})
	h.do(time.Hour+5*day+time.Minute, func() { afterNew = h.status() })
	h.archiveAt(10 * day)
	h.run()

	h.refused("earlier", policies.KindInvalid)
	if r := h.ok("extend"); r.Outcome != "extended" {
		t.Errorf("extend = %+v, want extended", r)
	}
	if atOldDeadline != policies.StatusConsultation {
		t.Errorf("at the old deadline the status is %q, want still consultation", atOldDeadline)
	}
	if afterNew != policies.StatusDrafting {
		t.Errorf("after the new deadline the status is %q, want drafting", afterNew)
	}
	// Extended before its reminder was due, the consultation reminds once,
	// 24 h before the new deadline, not before the old one.
	if remindersAtOld != 0 {
		t.Errorf("reminders by the old deadline = %d, want 0", remindersAtOld)
	}
	if n := h.notified("consultation_reminder", h.users["akademisi"]); n != 1 {
		t.Errorf("reminders in all = %d, want exactly 1", n)
	}
	var closesAt time.Time
	if err := h.db.SQL().Get(&closesAt, `SELECT closes_at FROM consultations WHERE policy_id = $1`, h.policyID); err != nil {
		t.Fatal(err)
	}
	if d := closesAt.Sub(extended); d > time.Microsecond || d < -time.Microsecond {
		t.Errorf("recorded deadline %s, want the extended %s", closesAt, extended)
	}
}
