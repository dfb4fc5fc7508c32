package workflows

import (
	"context"
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// answersDeadline sets the region's answers deadline to days and makes
// kepala the head of the policy's owner unit (whom an overdue answer is
// escalated to).
func (h *harness) answersDeadline(days int) {
	h.t.Helper()
	h.db.SQL().MustExec(`UPDATE regions SET answer_deadline_days = $2 WHERE id = (SELECT region_id FROM policies WHERE id = $1)`, h.policyID, days)
	h.db.SQL().MustExec(`UPDATE units SET head_user_id = $2 WHERE id = (SELECT owner_unit_id FROM policies WHERE id = $1)`, h.policyID, h.users["kepala"])
}

// commentsInTime dates the policy's comments an hour after its
// consultation opened, on the workflow's (skipped) clock: the database
// dates them by the wall clock, before the opening, where the answers page
// would not count them.
func (h *harness) commentsInTime() {
	h.db.SQL().MustExec(`UPDATE comments SET created_at = (SELECT max(opened_at) FROM consultations WHERE policy_id = $1) + interval '1 hour'
		WHERE policy_id = $1`, h.policyID)
}

// answerAll drafts and publishes an answer to every comment of the
// policy's latest consultation, as the drafter.
func (h *harness) answerAll() {
	h.t.Helper()
	ctx := context.Background()
	var kid int64
	if err := h.db.SQL().Get(&kid, `SELECT id FROM consultations WHERE policy_id = $1 ORDER BY id DESC LIMIT 1`, h.policyID); err != nil {
		h.t.Fatal(err)
	}
	cs, err := h.db.ConsultationComments(ctx, kid, true)
	if err != nil {
		h.t.Fatal(err)
	}
	for _, c := range cs {
		if _, err := h.db.DraftAnswer(ctx, kid, h.users["penyusun"], policies.AnswerInput{CommentID: c.ID,
			Disposition: policies.DispositionAccepted, Reason: "Diterima dan dimasukkan ke rancangan."}); err != nil {
			h.t.Fatal(err)
		}
	}
	if _, err := h.db.PublishAnswers(ctx, kid, h.users["penyusun"]); err != nil {
		h.t.Fatal(err)
	}
}

// A consultation closed with comments unanswered: with a 10-day answers
// deadline, its drafter is reminded once 3 days before it (not earlier),
// and when it passes the drafter and the owner unit's head are told once;
// the stakeholder hears nothing of it. Time-skipped: 14 days in seconds.
func TestConsultationAnswersDeadlineRemindsAndEscalates(t *testing.T) {
	h := newHarness(t, "sawahlunto", "sawahlunto-peningkatan-kompetensi-asn")
	h.answersDeadline(10)
	closes := h.start.Add(time.Hour + 3*day)
	h.openConsultationAt(time.Hour, "open", func() time.Time { return closes })
	h.do(2*time.Hour, func() {
		h.comment("pendahuluan", "Sebutkan dasar hukum PP 11/2017.")
		h.comment("peran-masyarakat", "Libatkan musyawarah nagari.")
		h.commentsInTime()
	})
	got := map[string][3]int{}
	look := func(name string, d time.Duration) {
		h.do(d, func() {
			got[name] = [3]int{h.notified("answers_reminder", h.users["penyusun"]),
				h.notified("answers_escalation", h.users["penyusun"]), h.notified("answers_escalation", h.users["kepala"])}
		})
	}
	reminderAt, dueAt := time.Hour+3*day+7*day, time.Hour+3*day+10*day
	look("before the reminder", reminderAt-time.Minute)
	look("after the reminder", reminderAt+time.Minute)
	look("before the deadline", dueAt-time.Minute)
	look("after the deadline", dueAt+time.Minute)
	h.archiveAt(20 * day)
	h.run()

	want := map[string][3]int{"before the reminder": {0, 0, 0}, "after the reminder": {1, 0, 0},
		"before the deadline": {1, 0, 0}, "after the deadline": {1, 1, 1}}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s: drafter reminded %d, drafter and head told of the overdue %d, %d; want %v", name, got[name][0], got[name][1], got[name][2], w)
		}
	}
	if n := h.count(`SELECT count(*) FROM notifications WHERE policy_id = $1 AND kind IN ('answers_reminder', 'answers_escalation') AND user_id = $2`,
		h.policyID, h.users["akademisi"]); n != 0 {
		t.Errorf("the stakeholder got %d answers notices, want none", n)
	}
	var body string
	if err := h.db.SQL().Get(&body, `SELECT body FROM notifications WHERE policy_id = $1 AND kind = 'answers_reminder' AND user_id = $2`,
		h.policyID, h.users["penyusun"]); err != nil || !containsStr(body, "2 komentar") || !containsStr(body, "WIB") {
		t.Errorf("the reminder says %q (%v), want the 2 comments and the due date in WIB", body, err)
	}
}

// Answers published after the reminder: nothing more is sent, no
// escalation when the deadline passes.
func TestConsultationAnswersPublishedStopReminders(t *testing.T) {
	h := newHarness(t, "sawahlunto", "sawahlunto-peningkatan-kompetensi-asn")
	h.answersDeadline(10)
	h.openConsultationAt(time.Hour, "open", func() time.Time { return h.start.Add(time.Hour + 3*day) })
	h.do(2*time.Hour, func() { h.comment("pendahuluan", "Tambahkan data jumlah ASN."); h.commentsInTime() })
	h.do(time.Hour+3*day+8*day, h.answerAll)
	h.archiveAt(20 * day)
	h.run()

	if n := h.notified("answers_reminder", h.users["penyusun"]); n != 1 {
		t.Errorf("reminders: %d, want 1 (before the answers were published)", n)
	}
	if n := h.count(`SELECT count(*) FROM notifications WHERE policy_id = $1 AND kind = 'answers_escalation'`, h.policyID); n != 0 {
		t.Errorf("escalations: %d, want none: the answers were published before the deadline", n)
	}
}
