package workflows

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/policyflow/policyflow/activities"
	"github.com/policyflow/policyflow/i18n"
	"github.com/policyflow/policyflow/policies"
)

// A consultation scheduled to open later (issue 26): the drafter prepares
// it (open_consultation with OpensAt, e.g. on Friday for Monday 08.00 in the
// region's zone); the policy's workflow keeps the request and waits on a
// durable timer, then opens it as if the drafter had pressed the button then
// (openConsultation: the record, the invitations and the followers' notices
// all at the real opening). Until then it may be moved (open_consultation
// again, with another OpensAt, or without one to open at once) or cancelled
// (cancel_consultation_schedule). Every change is audited.

// versionScheduledOpening guards the scheduling: a workflow that replays a
// history from before it never held a schedule.
const versionScheduledOpening = "scheduled-opening"

// maxScheduleAhead is how far ahead an opening may be scheduled.
const maxScheduleAhead = 180 * 24 * time.Hour

// ScheduledConsultation is a consultation prepared to open at OpensAt.
type ScheduledConsultation struct {
	OpensAt  time.Time
	ClosesAt time.Time
	By       int64   // the drafter who scheduled it (the opening is theirs)
	Request  Request // the opening as the drafter asked for it, sent at OpensAt
	Gen      int     // its number (PolicyState.ScheduleSeq): the timer of an older one ends
}

// validateOpening checks an opening's times: a consultation of at least
// minConsultation and at most maxConsultation from when it opens (now, or
// the scheduled OpensAt, which must be ahead and within maxScheduleAhead).
func validateOpening(req Request, now time.Time) error {
	opens, from := now, "dari sekarang"
	if !req.OpensAt.IsZero() {
		if !req.OpensAt.After(now) {
			return invalid("opens_at", "waktu pembukaan terjadwal harus setelah sekarang (kosongkan untuk membuka sekarang)")
		}
		if req.OpensAt.After(now.Add(maxScheduleAhead)) {
			return invalid("opens_at", "pembukaan paling lambat dijadwalkan 180 hari ke depan")
		}
		opens, from = req.OpensAt, "setelah waktu pembukaan"
	}
	if !req.ClosesAt.After(opens.Add(minConsultation)) {
		return invalid("closes_at", "batas waktu konsultasi harus paling cepat 1 jam %s", from)
	}
	if req.ClosesAt.After(opens.Add(maxConsultation)) {
		return invalid("closes_at", "batas waktu konsultasi paling lama 180 hari")
	}
	return nil
}

// checkCancelSchedule refuses a cancellation when nothing is scheduled.
func (p *policy) checkCancelSchedule() error {
	if p.State.Scheduled == nil {
		return conflict("tidak ada konsultasi yang dijadwalkan dibuka")
	}
	return nil
}

// scheduleConsultation keeps (or moves) a scheduled opening and starts its
// timer.
func (p *policy) scheduleConsultation(ctx workflow.Context, req Request) (Result, error) {
	if workflow.GetVersion(ctx, versionScheduledOpening, workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		return Result{}, invalid("opens_at", "pembukaan terjadwal belum didukung oleh alur kerja ini")
	}
	f, err := p.currentVersion(ctx, req)
	if err != nil {
		return Result{}, err
	}
	p.State.ScheduleSeq++
	gen := p.State.ScheduleSeq
	open := req
	open.OpensAt, open.VersionNumber = time.Time{}, 0 // at the opening: the version current then
	detail := fmt.Sprintf("dibuka %s sampai %s", noticeDate(req.OpensAt, f.Zone), noticeDate(req.ClosesAt, f.Zone))
	// The audit carries the schedule: the public's record of it (policies.ScheduledOpening).
	at := policies.ScheduledOpening{OpensAt: req.OpensAt, ClosesAt: req.ClosesAt, AllowPublic: req.AllowPublic, Gen: gen}
	if err := p.recordEvent(ctx, policies.ActionConsultationScheduled, req.Actor.UserID, f.VersionID, detail, gen, at); err != nil {
		return Result{}, err
	}
	p.State.Scheduled = &ScheduledConsultation{OpensAt: req.OpensAt, ClosesAt: req.ClosesAt, By: req.Actor.UserID, Request: open, Gen: gen}
	p.watchSchedule()
	return Result{Status: p.State.Status, Outcome: "consultation_scheduled", Warning: req.Warning,
		Message: "Konsultasi publik dijadwalkan dibuka " + noticeDate(req.OpensAt, f.Zone)}, nil
}

// cancelSchedule drops the scheduled opening; its timer ends.
func (p *policy) cancelSchedule(ctx workflow.Context, req Request) (Result, error) {
	s := p.State.Scheduled
	if err := p.recordEvent(ctx, string(policies.ActCancelConsultationSchedule), req.Actor.UserID, 0,
		"jadwal "+noticeDate(s.OpensAt, p.State.Zone), s.Gen, nil); err != nil {
		return Result{}, err
	}
	p.State.Scheduled = nil
	return Result{Status: p.State.Status, Outcome: "consultation_schedule_cancelled", Message: "Jadwal pembukaan konsultasi dibatalkan"}, nil
}

// recordEvent audits a change of the schedule, once per kind and schedule.
// after is the record's state after it (nil: none).
func (p *policy) recordEvent(ctx workflow.Context, action string, actor, versionID int64, detail string, gen int, after any) error {
	return workflow.ExecuteLocalActivity(withLocal(ctx), a.RecordPolicyEvent, policies.AdminChange{PolicyID: p.State.PolicyID,
		VersionID: versionID, ActorID: actor, Action: action, Subject: fmt.Sprintf("policy:%d", p.State.PolicyID), Detail: detail, After: after,
		Key: fmt.Sprintf("%s-%s-%d", WorkflowID(p.State.PolicyID), action, gen)}).Get(ctx, nil)
}

// watchSchedule runs the scheduled opening's timer, in the workflow's own
// context (as the legal steps' timers), once.
func (p *policy) watchSchedule() {
	if p.scheduleWatching || p.State.Scheduled == nil {
		return
	}
	p.scheduleWatching = true
	workflow.Go(p.root, func(ctx workflow.Context) {
		defer func() { p.scheduleWatching = false }()
		for !p.archived && p.State.Scheduled != nil {
			s := p.State.Scheduled
			moved, err := workflow.AwaitWithTimeout(ctx, s.OpensAt.Sub(workflow.Now(ctx)), func() bool {
				return p.archived || p.State.Scheduled == nil || p.State.Scheduled.Gen != s.Gen
			})
			if err != nil || p.archived {
				return
			}
			if !moved {
				p.openScheduled(ctx, s)
			}
		}
	})
}

// openScheduled opens the scheduled consultation under the Updates' guard,
// as its drafter; a refusal (the policy moved on, a deadline already
// passed) drops the schedule and is audited.
func (p *policy) openScheduled(ctx workflow.Context, s *ScheduledConsultation) {
	check := func(req Request, now time.Time) error { return p.validate(policies.ActOpenConsultation, req, now) }
	_, err := p.guard.run(ctx, s.Request, check, p.openConsultation)
	if err == nil || p.State.Scheduled != s {
		return
	}
	workflow.GetLogger(ctx).Warn("scheduled consultation not opened", "policy", p.State.PolicyID, "err", err)
	why := err.Error()
	var ae *temporal.ApplicationError
	if errors.As(err, &ae) {
		why = ae.Message() // the refusal's words, without its kind
	}
	whyArg := policies.MsgText(why)
	if !slices.Contains(policies.Transitions[policies.ActOpenConsultation].From, p.State.Status) {
		why = fmt.Sprintf("kebijakan sudah berstatus %q", i18n.StatusNames[i18n.ID][p.State.Status])
		whyArg = policies.MsgParts(policies.MsgWord("nm_w_status_already"), policies.MsgText(` "`),
			policies.MsgStatus(p.State.Status), policies.MsgText(`"`))
	}
	_ = p.recordEvent(ctx, policies.ActionScheduleFailed, 0, 0, why, s.Gen, nil)
	p.State.Scheduled = nil
	_ = notify(ctx, activities.NotifyInput{Key: fmt.Sprintf("%s-schedule-failed-%d", WorkflowID(p.State.PolicyID), s.Gen),
		PolicyID: p.State.PolicyID, UserIDs: []int64{s.By}, Kind: policies.NoticeScheduleFailed,
		Subject: "Konsultasi terjadwal tidak dibuka: " + p.State.Title,
		Body: fmt.Sprintf("Konsultasi publik yang dijadwalkan dibuka %s tidak dapat dibuka: %s. Buka atau jadwalkan lagi dari halaman kebijakan.",
			noticeDate(s.OpensAt, p.State.Zone), why), Link: policyLink(p.State.PolicyID, ""),
		Message: policies.Msg("nm_schedule_failed", policies.MsgText(p.State.Title), policies.MsgMoment(s.OpensAt, p.State.Zone), whyArg)})
}
