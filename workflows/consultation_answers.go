package workflows

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/policyflow/policyflow/activities"
	"github.com/policyflow/policyflow/policies"
)

// After its close a consultation's workflow follows the region's deadline
// for its answers and report (issue 26): it reminds the drafters before it,
// and when it passes with comments still without a published answer tells
// the drafters and their supervisors (the owner unit's head). Every notice
// goes through the outbox (notify).

// versionAnswerDeadline guards the follow-up: consultations closed before
// it end at their close.
const versionAnswerDeadline = "answer-deadline"

// answersReminderLead is how long before the answers are due the drafters
// are reminded; a deadline shorter than twice it is reminded half-way.
const answersReminderLead = 3 * 24 * time.Hour

// followAnswers waits for the reminder and the deadline on durable timers.
// Before each it reads the record again: once every comment has a
// published answer, or the policy is archived, it stops.
func (c *consultation) followAnswers(ctx workflow.Context) error {
	var d policies.AnswerDeadline
	if err := workflow.ExecuteActivity(withActivities(ctx), a.AnswerDeadline, c.id).Get(ctx, &d); err != nil {
		return err
	}
	if d.Done() || d.ClosedAt == nil || d.Days <= 0 {
		return nil
	}
	due := d.Due() // the region's days at the close: a later change of the setting does not move it
	lead := answersReminderLead
	if span := due.Sub(*d.ClosedAt); span < 2*lead {
		lead = span / 2
	}
	for _, step := range []struct {
		at       time.Time
		escalate bool
	}{{due.Add(-lead), false}, {due, true}} {
		if wait := step.at.Sub(workflow.Now(ctx)); wait > 0 {
			if err := workflow.Sleep(ctx, wait); err != nil {
				return err
			}
		}
		if err := workflow.ExecuteActivity(withActivities(ctx), a.AnswerDeadline, c.id).Get(ctx, &d); err != nil {
			return err
		}
		if d.Done() {
			return nil
		}
		if err := c.tellAnswersDue(ctx, d, due, step.escalate); err != nil {
			return err
		}
	}
	return nil
}

// tellAnswersDue reminds the drafters that the answers are due, or (escalate)
// tells them and their supervisors that the deadline passed.
func (c *consultation) tellAnswersDue(ctx workflow.Context, d policies.AnswerDeadline, due time.Time, escalate bool) error {
	when := noticeDate(due, d.Zone)
	link := policyLink(d.PolicyID, fmt.Sprintf("/consultations/%d/answers", d.ConsultationID))
	if !escalate {
		return notify(ctx, activities.NotifyInput{Key: c.id + "-answers-reminder", PolicyID: d.PolicyID, UserIDs: d.Drafters,
			Kind: policies.NoticeAnswersReminder, Subject: "Jawaban konsultasi jatuh tempo " + when + ": " + d.PolicyTitle,
			Body: fmt.Sprintf("%d komentar konsultasi ini belum memiliki jawaban yang diterbitkan. Jawaban dan laporan konsultasi wajib terbit paling lambat %s.",
				d.Unanswered, when), Link: link,
			Message: policies.Msg("nm_answers_reminder", policies.MsgText(d.PolicyTitle), policies.MsgMoment(due, d.Zone), policies.MsgNumber(d.Unanswered))})
	}
	to := append(append([]int64{}, d.Drafters...), d.Supervisors...)
	return notify(ctx, activities.NotifyInput{Key: c.id + "-answers-overdue", PolicyID: d.PolicyID, UserIDs: to,
		Kind: policies.NoticeAnswersEscalation, Subject: "Jawaban konsultasi terlambat: " + d.PolicyTitle,
		Body: fmt.Sprintf("Batas waktu jawaban dan laporan konsultasi (%s) sudah lewat; %d komentar belum memiliki jawaban yang diterbitkan.",
			when, d.Unanswered), Link: link,
		Message: policies.Msg("nm_answers_escalation", policies.MsgText(d.PolicyTitle), policies.MsgMoment(due, d.Zone), policies.MsgNumber(d.Unanswered))})
}
