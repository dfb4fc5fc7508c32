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
}

// QueryConsultation answers a consultation's state.
const QueryConsultation = "consultation"

// ConsultationState is a consultation's state, as its query answers.
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

// ConsultationWorkflow runs one public consultation: it invites the
// stakeholders, reminds them once before the deadline, closes at the
// deadline (a durable timer) or earlier on the drafter's Update, moves the
// deadline on an extension, and at the close sends the drafter the comment
// counts per section and returns the policy to drafting.
func ConsultationWorkflow(ctx workflow.Context, in ConsultationInput) (policies.ConsultationSummary, error) {
	id := workflow.GetInfo(ctx).WorkflowExecution.ID
	st := ConsultationStatus{WorkflowID: id, OpenedAt: workflow.Now(ctx), ClosesAt: in.ClosesAt}
	lead := consultationReminderLead
	if half := in.ClosesAt.Sub(st.OpenedAt) / 2; half < lead {
		lead = half
	}
	var (
		mu          lock
		closeReason string // set when closing starts
		closedBy    int64
		generation  int // bumped on each extension, to restart the timers
	)
	if err := workflow.SetQueryHandler(ctx, QueryConsultation, func() (ConsultationStatus, error) { return st, nil }); err != nil {
		return policies.ConsultationSummary{}, err
	}
	var opened struct {
		activities.OpenConsultationResult
		ready bool
	}
	validate := func(act policies.Action, req Request, now time.Time) error {
		if closeReason != "" {
			return conflict("konsultasi sudah ditutup")
		}
		if err := checkRole(policies.StatusConsultation, act, req.Actor); err != nil {
			return err
		}
		if act == policies.ActExtendConsultation && !req.ClosesAt.After(st.ClosesAt) {
			return invalid("closes_at", "batas waktu baru harus setelah %s", st.ClosesAt.Format("02-01-2006 15:04 MST"))
		}
		if act == policies.ActExtendConsultation && req.ClosesAt.After(st.OpenedAt.Add(maxConsultation)) {
			return invalid("closes_at", "konsultasi paling lama 180 hari")
		}
		return nil
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, string(policies.ActExtendConsultation),
		func(ctx workflow.Context, req Request) (Result, error) {
			if err := workflow.Await(ctx, func() bool { return opened.ready }); err != nil {
				return Result{}, err
			}
			if err := mu.acquire(ctx); err != nil {
				return Result{}, err
			}
			defer mu.release()
			if err := validate(policies.ActExtendConsultation, req, workflow.Now(ctx)); err != nil {
				return Result{}, err
			}
			if err := workflow.ExecuteLocalActivity(withLocal(ctx), a.ExtendConsultation,
				activities.ExtendConsultationInput{WorkflowID: id, ClosesAt: req.ClosesAt}).Get(ctx, nil); err != nil {
				return Result{}, err
			}
			st.ClosesAt = req.ClosesAt
			generation++
			return Result{Status: policies.StatusConsultation, Outcome: "extended", WorkflowID: id,
				Message: "Konsultasi diperpanjang sampai " + req.ClosesAt.Format("02-01-2006 15:04 MST")}, nil
		},
		workflow.UpdateHandlerOptions{Validator: func(ctx workflow.Context, req Request) error {
			return validate(policies.ActExtendConsultation, req, workflow.Now(ctx))
		}}); err != nil {
		return policies.ConsultationSummary{}, err
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, string(policies.ActCloseConsultation),
		func(ctx workflow.Context, req Request) (Result, error) {
			if err := workflow.Await(ctx, func() bool { return opened.ready }); err != nil {
				return Result{}, err
			}
			if err := mu.acquire(ctx); err != nil {
				return Result{}, err
			}
			if err := validate(policies.ActCloseConsultation, req, workflow.Now(ctx)); err != nil {
				mu.release()
				return Result{}, err
			}
			closeReason, closedBy = "early", req.Actor.UserID
			mu.release()
			// The main loop closes it; answer with the summary.
			if err := workflow.Await(ctx, func() bool { return st.Closed }); err != nil {
				return Result{}, err
			}
			return Result{Status: policies.StatusDrafting, Outcome: "consultation_closed", WorkflowID: id, Summary: st.Summary,
				Message: fmt.Sprintf("Konsultasi ditutup dengan %d komentar", st.Summary.Total)}, nil
		},
		workflow.UpdateHandlerOptions{Validator: func(ctx workflow.Context, req Request) error {
			return validate(policies.ActCloseConsultation, req, workflow.Now(ctx))
		}}); err != nil {
		return policies.ConsultationSummary{}, err
	}

	// Record it and invite; Updates that came first wait for this.
	if err := workflow.ExecuteActivity(withActivities(ctx), a.OpenConsultation, activities.OpenConsultationInput{
		Consultation: policies.Consultation{PolicyID: in.PolicyID, VersionID: in.VersionID, WorkflowID: id,
			OpenedBy: in.OpenedBy, OpenedAt: st.OpenedAt, ClosesAt: in.ClosesAt, AllowPublic: in.AllowPublic},
		Invite: in.Invite,
	}).Get(ctx, &opened.OpenConsultationResult); err != nil {
		return policies.ConsultationSummary{}, err
	}
	st.Invitees = opened.Invitees
	if err := notify(ctx, activities.NotifyInput{Key: id + "-invite", PolicyID: in.PolicyID, UserIDs: opened.Invitees,
		Kind: policies.NoticeConsultationInvitation, Subject: "Undangan konsultasi publik: " + in.Title,
		Body: fmt.Sprintf("Anda diundang memberi masukan atas versi %d sampai %s.", in.VersionNumber, in.ClosesAt.Format("02-01-2006 15:04 MST")),
		Link: policyLink(in.PolicyID, "/consultation")}); err != nil {
		return policies.ConsultationSummary{}, err
	}
	opened.ready = true

	// Wait for the reminder, the deadline, an extension or an early close.
	for closeReason == "" {
		now := workflow.Now(ctx)
		next, isReminder := st.ClosesAt, false
		if remindAt := st.ClosesAt.Add(-lead); !st.Reminded && remindAt.After(now) {
			next, isReminder = remindAt, true
		}
		gen := generation
		changed, err := workflow.AwaitWithTimeout(ctx, next.Sub(now), func() bool { return closeReason != "" || generation != gen })
		if err != nil {
			if temporal.IsCanceledError(err) {
				return closeOnCancel(ctx, id)
			}
			return policies.ConsultationSummary{}, err
		}
		if changed {
			continue
		}
		if isReminder {
			if err := notify(ctx, activities.NotifyInput{Key: id + "-reminder", PolicyID: in.PolicyID, UserIDs: st.Invitees,
				Kind: policies.NoticeConsultationReminder, Subject: "Konsultasi segera ditutup: " + in.Title,
				Body: "Konsultasi publik ditutup pada " + st.ClosesAt.Format("02-01-2006 15:04 MST") + ". Sampaikan masukan Anda sebelum itu.",
				Link: policyLink(in.PolicyID, "/consultation")}); err != nil {
				return policies.ConsultationSummary{}, err
			}
			st.Reminded = true
			continue
		}
		closeReason = "deadline"
	}

	// Close: count, tell the drafter, return the policy to drafting.
	var sum policies.ConsultationSummary
	if err := workflow.ExecuteActivity(withActivities(ctx), a.CloseConsultation, activities.CloseConsultationInput{
		WorkflowID: id, ClosedAt: workflow.Now(ctx), Reason: closeReason}).Get(ctx, &sum); err != nil {
		return sum, err
	}
	if err := setStatus(ctx, policies.StatusChange{PolicyID: in.PolicyID, From: policies.StatusConsultation, To: policies.StatusDrafting,
		Action: actionForClose(closeReason), ActorID: closedBy, VersionID: in.VersionID, Key: id + "-close",
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
	st.Summary, st.Closed = &sum, true
	if err := notify(ctx, activities.NotifyInput{Key: id + "-summary", PolicyID: in.PolicyID, UserIDs: []int64{in.OpenedBy},
		Kind: policies.NoticeConsultationSummary, Subject: "Ringkasan konsultasi: " + in.Title, Body: summaryText(sum),
		Link: policyLink(in.PolicyID, "/consultation")}); err != nil {
		return sum, err
	}
	if !reported {
		reportToParent(ctx, in.PolicyID, ChildEvent{Kind: EventConsultationClosed, WorkflowID: id, Status: policies.StatusDrafting, Summary: &sum})
	}
	// Let the early-close Update, if any, answer before the workflow ends.
	_ = workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) })
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
		name := sc.Section
		if name == "" {
			name = "(umum)"
		}
		b.WriteString(fmt.Sprintf("\n- %s: %d", name, sc.Comments))
	}
	return b.String()
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
