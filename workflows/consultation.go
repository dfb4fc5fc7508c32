package workflows

import (
	"fmt"
	"strings"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/policyflow/policyflow/activities"
	"github.com/policyflow/policyflow/policies"
)

// ConsultationInput starts a public consultation on one version.
type ConsultationInput struct {
	PolicyID      int64
	Title         string
	VersionID     int64
	VersionNumber int
	OpenedBy      int64
	ClosesAt      time.Time
	Invite        []int64
	AllowPublic   bool
	// ShowInvitedAtOnce: the invited stakeholders' comments show at once.
	ShowInvitedAtOnce bool `json:",omitempty"`
	// Zone is the region's: the notices name the deadline in it.
	Zone policies.TimeZone `json:",omitempty"`
}

// QueryConsultation answers a consultation's state.
const QueryConsultation = "consultation"

// ConsultationStatus is a consultation's state, as its query answers.
type ConsultationStatus struct {
	WorkflowID string
	OpenedAt   time.Time
	ClosesAt   time.Time
	Reminded   bool
	Invitees   []int64
	Closed     bool
	Summary    *policies.ConsultationSummary `json:",omitempty"`
}

// consultationReminderLead is how long before the deadline invitees are
// reminded, at most; short consultations are reminded half-way.
const consultationReminderLead = 24 * time.Hour

// consultation is the ConsultationWorkflow's state and handlers.
type consultation struct {
	in    ConsultationInput
	id    string
	st    ConsultationStatus
	lead  time.Duration // how long before the deadline invitees are reminded
	guard updateGuard
	// opened is set once the consultation is recorded and its invitees
	// invited; Updates wait for it.
	opened      bool
	closeReason string // set when closing starts
	closedBy    int64
	generation  int // bumped on each extension, to restart the timers
}

// ConsultationWorkflow runs one public consultation: it invites the
// stakeholders, reminds them once before the deadline, closes at the
// deadline (a durable timer) or earlier on the drafter's Update, moves the
// deadline on an extension, and at the close sends the drafter the comment
// counts per section and returns the policy to drafting.
func ConsultationWorkflow(ctx workflow.Context, in ConsultationInput) (policies.ConsultationSummary, error) {
	c := &consultation{in: in, id: workflow.GetInfo(ctx).WorkflowExecution.ID}
	c.st = ConsultationStatus{WorkflowID: c.id, OpenedAt: workflow.Now(ctx), ClosesAt: in.ClosesAt}
	c.lead = consultationReminderLead
	if half := in.ClosesAt.Sub(c.st.OpenedAt) / 2; half < c.lead {
		c.lead = half
	}
	c.guard.ready = func(ctx workflow.Context) error { return workflow.Await(ctx, func() bool { return c.opened }) }
	if err := workflow.SetQueryHandler(ctx, QueryConsultation, func() (ConsultationStatus, error) { return c.st, nil }); err != nil {
		return policies.ConsultationSummary{}, err
	}
	if err := c.guard.update(ctx, policies.ActExtendConsultation, c.check(policies.ActExtendConsultation), c.extend); err != nil {
		return policies.ConsultationSummary{}, err
	}
	if err := setUpdate(ctx, policies.ActCloseConsultation, c.check(policies.ActCloseConsultation), c.closeEarly); err != nil {
		return policies.ConsultationSummary{}, err
	}
	if err := c.open(ctx); err != nil {
		return policies.ConsultationSummary{}, err
	}

	// Wait for the reminder, the deadline, an extension or an early close.
	for c.closeReason == "" {
		now := workflow.Now(ctx)
		next, isReminder := c.st.ClosesAt, false
		if remindAt := c.st.ClosesAt.Add(-c.lead); !c.st.Reminded && remindAt.After(now) {
			next, isReminder = remindAt, true
		}
		gen := c.generation
		changed, err := workflow.AwaitWithTimeout(ctx, next.Sub(now), func() bool { return c.closeReason != "" || c.generation != gen })
		if err != nil {
			if temporal.IsCanceledError(err) {
				return closeOnCancel(ctx, c.id)
			}
			return policies.ConsultationSummary{}, err
		}
		if changed {
			continue
		}
		if isReminder {
			if err := c.remind(ctx); err != nil {
				return policies.ConsultationSummary{}, err
			}
			continue
		}
		c.closeReason = "deadline"
	}
	return c.close(ctx)
}

// check validates an extension or an early close.
func (c *consultation) check(act policies.Action) updateCheck {
	return func(req Request, now time.Time) error {
		if c.closeReason != "" {
			return conflict("konsultasi sudah ditutup")
		}
		if err := checkRole(policies.StatusConsultation, act, req.Actor); err != nil {
			return err
		}
		if act == policies.ActExtendConsultation && !req.ClosesAt.After(c.st.ClosesAt) {
			return invalid("closes_at", "batas waktu baru harus setelah %s", noticeDate(c.st.ClosesAt, c.in.Zone))
		}
		if act == policies.ActExtendConsultation && req.ClosesAt.After(c.st.OpenedAt.Add(maxConsultation)) {
			return invalid("closes_at", "konsultasi paling lama 180 hari")
		}
		return nil
	}
}

// extend moves the deadline; the main loop restarts its timers.
func (c *consultation) extend(ctx workflow.Context, req Request) (Result, error) {
	if err := workflow.ExecuteLocalActivity(withLocal(ctx), a.ExtendConsultation,
		activities.ExtendConsultationInput{WorkflowID: c.id, ActorID: req.Actor.UserID, ClosesAt: req.ClosesAt}).Get(ctx, nil); err != nil {
		return Result{}, err
	}
	c.st.ClosesAt = req.ClosesAt
	c.generation++
	return Result{Status: policies.StatusConsultation, Outcome: "extended", WorkflowID: c.id,
		Message: "Konsultasi diperpanjang sampai " + noticeDate(req.ClosesAt, c.in.Zone)}, nil
}

// closeEarly starts closing under the guard; the main loop closes, and the
// Update answers with the summary.
func (c *consultation) closeEarly(ctx workflow.Context, req Request) (Result, error) {
	_, err := c.guard.run(ctx, req, c.check(policies.ActCloseConsultation), func(ctx workflow.Context, req Request) (Result, error) {
		c.closeReason, c.closedBy = "early", req.Actor.UserID
		return Result{}, nil
	})
	if err != nil {
		return Result{}, err
	}
	if err := workflow.Await(ctx, func() bool { return c.st.Closed }); err != nil {
		return Result{}, err
	}
	return Result{Status: policies.StatusDrafting, Outcome: "consultation_closed", WorkflowID: c.id, Summary: c.st.Summary,
		Message: fmt.Sprintf("Konsultasi ditutup dengan %d komentar", c.st.Summary.Total)}, nil
}

// open records the consultation and invites; Updates that came first wait
// for this.
func (c *consultation) open(ctx workflow.Context) error {
	in := c.in
	var opened activities.OpenConsultationResult
	if err := workflow.ExecuteActivity(withActivities(ctx), a.OpenConsultation, activities.OpenConsultationInput{
		Consultation: policies.Consultation{PolicyID: in.PolicyID, VersionID: in.VersionID, WorkflowID: c.id,
			OpenedBy: in.OpenedBy, OpenedAt: c.st.OpenedAt, ClosesAt: in.ClosesAt, AllowPublic: in.AllowPublic, ShowInvitedAtOnce: in.ShowInvitedAtOnce},
		Invite: in.Invite,
	}).Get(ctx, &opened); err != nil {
		return err
	}
	c.st.Invitees = opened.Invitees
	if err := notify(ctx, activities.NotifyInput{Key: c.id + "-invite", PolicyID: in.PolicyID, UserIDs: opened.Invitees,
		Kind: policies.NoticeConsultationInvitation, Subject: "Undangan konsultasi publik: " + in.Title,
		Body:    fmt.Sprintf("Anda diundang memberi masukan atas versi %d sampai %s.", in.VersionNumber, noticeDate(in.ClosesAt, in.Zone)),
		Message: policies.Msg("nm_consultation_invitation", policies.MsgText(in.Title), policies.MsgNumber(in.VersionNumber), policies.MsgMoment(in.ClosesAt, in.Zone)),
		Link:    policyLink(in.PolicyID, "/consultation")}); err != nil {
		return err
	}
	c.opened = true
	return nil
}

// remind reminds the invitees once before the deadline.
func (c *consultation) remind(ctx workflow.Context) error {
	if err := notify(ctx, activities.NotifyInput{Key: c.id + "-reminder", PolicyID: c.in.PolicyID, UserIDs: c.st.Invitees,
		Kind: policies.NoticeConsultationReminder, Subject: "Konsultasi segera ditutup: " + c.in.Title,
		Body:    "Konsultasi publik ditutup pada " + noticeDate(c.st.ClosesAt, c.in.Zone) + ". Sampaikan masukan Anda sebelum itu.",
		Message: policies.Msg("nm_consultation_reminder", policies.MsgText(c.in.Title), policies.MsgMoment(c.st.ClosesAt, c.in.Zone)),
		Link:    policyLink(c.in.PolicyID, "/consultation")}); err != nil {
		return err
	}
	c.st.Reminded = true
	return nil
}

// close counts the comments, tells the drafter and returns the policy to
// drafting.
func (c *consultation) close(ctx workflow.Context) (policies.ConsultationSummary, error) {
	in, id := c.in, c.id
	var sum policies.ConsultationSummary
	if err := workflow.ExecuteActivity(withActivities(ctx), a.CloseConsultation, activities.CloseConsultationInput{
		WorkflowID: id, ClosedAt: workflow.Now(ctx), Reason: c.closeReason}).Get(ctx, &sum); err != nil {
		return sum, err
	}
	if err := setStatus(ctx, policies.StatusChange{PolicyID: in.PolicyID, From: policies.StatusConsultation, To: policies.StatusDrafting,
		Action: actionForClose(c.closeReason), ActorID: c.closedBy, VersionID: in.VersionID, Key: id + "-close",
		Detail: fmt.Sprintf("%d komentar", sum.Total)}); err != nil {
		return sum, err
	}
	// The policy's workflow learns of the close before the drafter's
	// answer leaves (the close Update waits for st.Closed), so a submit
	// sent right after it is accepted.
	reported := false
	if workflow.GetVersion(ctx, versionReportBeforeAnswer, workflow.DefaultVersion, 1) == 1 {
		reportToParent(ctx, in.PolicyID, ChildEvent{Kind: EventConsultationClosed, WorkflowID: id, Status: policies.StatusDrafting, Summary: &sum})
		reported = true
	}
	c.st.Summary, c.st.Closed = &sum, true
	if err := notify(ctx, activities.NotifyInput{Key: id + "-summary", PolicyID: in.PolicyID, UserIDs: []int64{in.OpenedBy},
		Kind: policies.NoticeConsultationSummary, Subject: "Ringkasan konsultasi: " + in.Title, Body: summaryText(sum), Message: summaryMessage(in.Title, sum),
		Link: policyLink(in.PolicyID, "/consultation")}); err != nil {
		return sum, err
	}
	if !reported {
		reportToParent(ctx, in.PolicyID, ChildEvent{Kind: EventConsultationClosed, WorkflowID: id, Status: policies.StatusDrafting, Summary: &sum})
	}
	// Let the early-close Update, if any, answer before the workflow ends.
	_ = workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) })
	// Then follow the answers' deadline (consultation_answers.go).
	if workflow.GetVersion(ctx, versionAnswerDeadline, workflow.DefaultVersion, 1) == 1 {
		if err := c.followAnswers(ctx); err != nil {
			workflow.GetLogger(ctx).Warn("answers deadline not followed", "consultation", id, "err", err)
		}
	}
	return sum, nil
}

func actionForClose(reason string) policies.Action {
	if reason == "early" {
		return policies.ActCloseConsultation
	}
	return policies.ActConsultationClosed
}

// closeOnCancel records a consultation ended by archiving the policy.
func closeOnCancel(ctx workflow.Context, id string) (policies.ConsultationSummary, error) {
	dctx, _ := workflow.NewDisconnectedContext(ctx)
	var sum policies.ConsultationSummary
	err := workflow.ExecuteActivity(withActivities(dctx), a.CloseConsultation, activities.CloseConsultationInput{
		WorkflowID: id, ClosedAt: workflow.Now(dctx), Reason: "archived"}).Get(dctx, &sum)
	return sum, err
}

func summaryText(s policies.ConsultationSummary) string {
	var b strings.Builder
	b.WriteString(fmt.Sprintf("Konsultasi ditutup (%s) dengan %d komentar.", closeReasonText(s.Reason), s.Total))
	for _, sc := range s.Sections {
		name := sc.Title // the summaries of older runs have only the anchor
		switch {
		case sc.Section == "":
			name = "(umum)"
		case name == "":
			name = sc.Section
		}
		b.WriteString(fmt.Sprintf("\n- %s: %d", name, sc.Comments))
	}
	return b.String()
}

// summaryMessage is summaryText as a message of the notices catalogue.
func summaryMessage(title string, s policies.ConsultationSummary) policies.Message {
	reason := policies.MsgText(s.Reason)
	switch s.Reason {
	case "deadline":
		reason = policies.MsgWord("nm_w_close_deadline")
	case "early":
		reason = policies.MsgWord("nm_w_close_early")
	}
	var lines []policies.MessageArg
	for _, sc := range s.Sections {
		name := policies.MsgText(sc.Title) // the summaries of older runs have only the anchor
		switch {
		case sc.Section == "":
			name = policies.MsgWord("nm_w_general_section")
		case sc.Title == "":
			name = policies.MsgText(sc.Section)
		}
		lines = append(lines, policies.MsgText("\n- "), name, policies.MsgText(fmt.Sprintf(": %d", sc.Comments)))
	}
	return policies.Msg("nm_consultation_summary", policies.MsgText(title), reason, policies.MsgNumber(s.Total), policies.MsgParts(lines...))
}

func closeReasonText(r string) string {
	switch r {
	case "deadline":
		return "batas waktu"
	case "early":
		return "ditutup lebih awal"
	}
	return r
}
