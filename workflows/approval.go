package workflows

import (
	"fmt"
	"slices"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/policyflow/policyflow/activities"
	"github.com/policyflow/policyflow/policies"
)

// QueryApproval answers an approval run's state.
const QueryApproval = "approval"

// ApprovalInput starts an approval run over one immutable version.
type ApprovalInput struct {
	PolicyID      int64
	Title         string
	VersionID     int64
	VersionNumber int
	SHA256        string
	SubmittedBy   int64
}

// ApprovalState is where an approval run stands: the stage, who is awaited,
// the deadlines, and every decision so far.
type ApprovalState struct {
	WorkflowID    string
	RunID         int64
	VersionNumber int
	SHA256        string
	Stage         int // 1-based position of the current stage; 0 while loading
	StageName     string
	Stages        int
	Quorum        policies.Quorum `json:",omitempty"` // "" while loading (Stage 0)
	Needed        int
	Approvals     int
	Awaiting      []int64 // approvers of this stage who have not decided
	StageStarted  time.Time
	SLADue        time.Time
	EscalationDue time.Time
	Reminded      bool
	Escalated     bool
	Delegations   []Delegation
	Decisions     []DecisionRecord
	Outcome       string // "", approved, rejected, changes_requested, cancelled
}

// Delegation hands an approver's decisions to an acting official (Plt.) until a moment.
type Delegation struct {
	PrincipalID, DelegateID int64
	Until                   time.Time
}

// Delegator is the awaited approver whose decision userID holds by a
// delegation still running at now (the latest such), 0 for none. For the
// pages that offer the decision; the run checks it again itself.
func (st ApprovalState) Delegator(userID int64, now time.Time) int64 {
	var by int64
	for _, dl := range st.Delegations {
		if dl.DelegateID == userID && now.Before(dl.Until) && slices.Contains(st.Awaiting, dl.PrincipalID) {
			by = dl.PrincipalID
		}
	}
	return by
}

// DecisionRecord is one decision as the run saw it.
type DecisionRecord struct {
	Stage      int
	DeciderID  int64
	ActingFor  int64 // the approver a Plt. decided for; 0 when on their own behalf
	Decision   policies.Action
	Reason     string
	DecisionID int64
	At         time.Time
	// ActingKind: plt or plh when ActingFor's standing appointment (not a
	// delegation within the run) covered the decision.
	ActingKind policies.ActingKind `json:",omitempty"`
}

type approval struct {
	in    ApprovalInput
	id    string
	st    ApprovalState
	chain policies.ApprovalChain
	guard updateGuard
	stage policies.ApprovalStage
	// reported is set once the policy's workflow has been told the run's
	// outcome (from the deciding Update, before it answers).
	reported bool
	// advanceInHandler: the deciding Update enters the next stage itself
	// (see versionStageInHandler); idx is the current stage's index.
	advanceInHandler bool
	idx              int
	// requested is the index of the last stage whose approvers were asked
	// (-1 before the first): a stage entered by a decision asks at once.
	requested int
	// workingDays: the stages' SLA and escalation count working days of
	// cal, the region's calendar (see versionWorkingDays).
	workingDays bool
	cal         policies.Calendar
}

// versionStageInHandler guards the change that makes the Update reaching a
// stage's quorum enter the next stage before it answers: the main loop
// used to do it later, after the previous stage's notices, so the next
// approver's decision, sent on the answer, met the old stage (403).
const versionStageInHandler = "approval-stage-in-handler"

// runStages is the run's timeline when decisions move the stages: each
// stage's notices, then its wait with SLA reminder and escalation, until a
// decision moves to the next stage or ends the run.
func (r *approval) runStages(ctx workflow.Context) error {
	r.requested = -1
	r.enterStage(ctx, 0)
	for r.st.Outcome == "" {
		idx := r.idx
		reportToParent(ctx, r.in.PolicyID, ChildEvent{Kind: EventApprovalProgress, WorkflowID: r.id, Approval: r.snapshot()})
		if r.requested < idx {
			if err := notify(ctx, r.request()); err != nil {
				return err
			}
			r.requested = max(r.requested, idx)
		}
		moved := func() bool { return r.st.Outcome != "" || r.idx != idx }
		for !moved() {
			seen := len(r.st.Decisions)
			overdue, err := r.awaitDecision(ctx, func() bool { return moved() || len(r.st.Decisions) != seen })
			if err != nil {
				return err
			}
			if overdue && !moved() {
				if err := r.remindOrEscalate(ctx); err != nil {
					return err
				}
			}
			if !moved() {
				reportToParent(ctx, r.in.PolicyID, ChildEvent{Kind: EventApprovalProgress, WorkflowID: r.id, Approval: r.snapshot()})
			}
		}
	}
	return nil
}

// versionReportBeforeAnswer guards the change that tells the policy's
// workflow a run's or a consultation's end before the deciding Update
// answers, so the next action the answer allows is accepted at once.
// Runs started before it report after answering, as they did.
const versionReportBeforeAnswer = "report-before-answer"

// ApprovalWorkflow takes one version through the region's approval chain,
// stage by stage. Each stage waits for its quorum; approvers decide by
// Update (approve, reject, request_changes) with the SHA-256 of what they
// reviewed; reject or request-changes ends the run and returns the policy
// to drafting; the last stage's quorum approves it. A stage waiting past its
// SLA reminds its approvers, and past its escalation limit notifies the
// stage's superior and the approvers' acting officials.
func ApprovalWorkflow(ctx workflow.Context, in ApprovalInput) (ApprovalState, error) {
	r := &approval{in: in, id: workflow.GetInfo(ctx).WorkflowExecution.ID}
	r.guard.ready = r.ready
	r.st = ApprovalState{WorkflowID: r.id, VersionNumber: in.VersionNumber, SHA256: in.SHA256}
	if err := workflow.SetQueryHandler(ctx, QueryApproval, func() (ApprovalState, error) { return r.st, nil }); err != nil {
		return r.st, err
	}
	if err := r.registerUpdates(ctx); err != nil {
		return r.st, err
	}
	// Runs started since "approval-stage-in-handler" load their chain by
	// local activity (the submit waits for the first stage) and move to the
	// next stage inside the deciding Update, before it answers.
	r.advanceInHandler = workflow.GetVersion(ctx, versionStageInHandler, workflow.DefaultVersion, 1) == 1
	r.workingDays = workflow.GetVersion(ctx, versionWorkingDays, workflow.DefaultVersion, 1) == 1
	var started activities.StartApprovalRunResult
	run := policies.ApprovalRun{PolicyID: in.PolicyID, VersionID: in.VersionID, SHA256: in.SHA256, WorkflowID: r.id,
		SubmittedBy: in.SubmittedBy, StartedAt: workflow.Now(ctx)}
	var load workflow.Future
	if r.advanceInHandler {
		load = workflow.ExecuteLocalActivity(withLocal(ctx), a.StartApprovalRun, run)
	} else {
		load = workflow.ExecuteActivity(withActivities(ctx), a.StartApprovalRun, run)
	}
	if err := load.Get(ctx, &started); err != nil {
		return r.st, err
	}
	r.chain, r.cal = started.Chain, started.Calendar
	r.st.RunID, r.st.Stages = started.RunID, len(started.Chain.Stages)

	if r.advanceInHandler {
		if err := r.runStages(ctx); err != nil {
			if temporal.IsCanceledError(err) {
				return r.cancelled(ctx)
			}
			return r.st, err
		}
	}
	for i := 0; !r.advanceInHandler && i < len(r.chain.Stages) && r.st.Outcome == ""; i++ {
		r.enterStage(ctx, i)
		reportToParent(ctx, in.PolicyID, ChildEvent{Kind: EventApprovalProgress, WorkflowID: r.id, Approval: r.snapshot()})
		if err := notify(ctx, r.request()); err != nil {
			return r.st, err
		}
		if err := r.waitStage(ctx); err != nil {
			if temporal.IsCanceledError(err) {
				return r.cancelled(ctx)
			}
			return r.st, err
		}
	}
	if r.st.Outcome == "" { // a chain with no stage cannot get here: StartApprovalRun refuses it
		r.st.Outcome = "approved"
	}
	status := policies.StatusDrafting
	subject := "Perlu perbaikan: " + in.Title
	if r.st.Outcome == "approved" {
		status, subject = policies.StatusApproved, "Disetujui: "+in.Title
	}
	if err := notify(ctx, activities.NotifyInput{Key: r.id + "-outcome", PolicyID: in.PolicyID, UserIDs: []int64{in.SubmittedBy},
		Kind: policies.NoticeApprovalOutcome, Subject: subject, Body: r.outcomeText(), Message: r.outcomeMessage(), Link: policyLink(in.PolicyID, "")}); err != nil {
		return r.st, err
	}
	if !r.reported {
		reportToParent(ctx, in.PolicyID, ChildEvent{Kind: EventApprovalEnded, WorkflowID: r.id, Status: status, Approval: r.snapshot()})
	}
	_ = workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) })
	return r.st, nil
}

// request asks the current stage's approvers for their decision.
func (r *approval) request() activities.NotifyInput {
	return activities.NotifyInput{Key: fmt.Sprintf("%s-s%d-request", r.id, r.st.Stage), PolicyID: r.in.PolicyID,
		UserIDs: r.st.Awaiting, Kind: policies.NoticeApprovalRequest, Subject: "Menunggu persetujuan Anda: " + r.in.Title,
		Body: fmt.Sprintf("Versi %d menunggu keputusan tahap %s sebelum %s.", r.in.VersionNumber, r.st.StageName, noticeDate(r.st.SLADue, r.zone())),
		Message: policies.Msg("nm_approval_request", policies.MsgText(r.in.Title), policies.MsgNumber(r.in.VersionNumber),
			policies.MsgText(r.st.StageName), policies.MsgMoment(r.st.SLADue, r.zone())),
		Link: policyLink(r.in.PolicyID, "/approval")}
}

func (r *approval) snapshot() *ApprovalState {
	s := r.st
	return &s
}

func (r *approval) enterStage(ctx workflow.Context, i int) {
	r.idx = i
	r.stage = r.chain.Stages[i]
	r.st.Stage, r.st.StageName, r.st.Quorum = r.stage.Position, r.stage.Name, r.stage.Quorum
	r.st.Awaiting = append([]int64(nil), r.stage.ApproverIDs...)
	r.st.Approvals, r.st.Reminded, r.st.Escalated = 0, false, false
	r.st.StageStarted = workflow.Now(ctx)
	r.setDeadlines()
	switch r.stage.Quorum {
	case policies.QuorumAll:
		r.st.Needed = len(r.stage.ApproverIDs)
	case policies.QuorumNOfM:
		r.st.Needed = min(r.stage.QuorumN, len(r.stage.ApproverIDs))
	default:
		r.st.Needed = 1
	}
}

// waitStage waits for the stage's quorum or a refusal, reminding and
// escalating on its timers.
func (r *approval) waitStage(ctx workflow.Context) error {
	done := func() bool { return r.st.Outcome != "" || r.st.Approvals >= r.st.Needed }
	for !done() {
		seen := len(r.st.Decisions)
		decided := func() bool { return done() || len(r.st.Decisions) != seen }
		overdue, err := r.awaitDecision(ctx, decided)
		if err != nil {
			return err
		}
		if overdue {
			if err := r.remindOrEscalate(ctx); err != nil {
				return err
			}
		}
		// Every change that leaves the stage waiting is reported, so the
		// policy's state shows who is still awaited and what was sent.
		if !done() {
			reportToParent(ctx, r.in.PolicyID, ChildEvent{Kind: EventApprovalProgress, WorkflowID: r.id, Approval: r.snapshot()})
		}
	}
	return nil
}

// remindOrEscalate sends the SLA reminder, or after it the escalation.
func (r *approval) remindOrEscalate(ctx workflow.Context) error {
	if !r.st.Reminded {
		r.st.Reminded = true
		return notify(ctx, activities.NotifyInput{Key: fmt.Sprintf("%s-s%d-sla", r.id, r.st.Stage), PolicyID: r.in.PolicyID,
			UserIDs: r.st.Awaiting, Kind: policies.NoticeApprovalSLAReminder, Subject: "Lewat tenggat persetujuan: " + r.in.Title,
			Body: fmt.Sprintf("Tahap %s melewati tenggat %d %s (%s). Mohon beri keputusan.", r.st.StageName, r.stage.SLADays, r.dayWord(), noticeDate(r.st.SLADue, r.zone())),
			Message: policies.Msg("nm_approval_sla", policies.MsgText(r.in.Title), policies.MsgText(r.st.StageName), policies.MsgNumber(r.stage.SLADays),
				r.dayMsgWord(), policies.MsgMoment(r.st.SLADue, r.zone())),
			Link: policyLink(r.in.PolicyID, "/approval")})
	}
	r.st.Escalated = true
	return notify(ctx, activities.NotifyInput{Key: fmt.Sprintf("%s-s%d-escalation", r.id, r.st.Stage), PolicyID: r.in.PolicyID,
		UserIDs: r.escalationRecipients(workflow.Now(ctx)), Kind: policies.NoticeApprovalEscalation, Subject: "Eskalasi persetujuan: " + r.in.Title,
		Body: fmt.Sprintf("Tahap %s belum diputuskan setelah %d %s (%s). Penyetuju yang ditunggu: %v.", r.st.StageName, r.stage.EscalationDays, r.dayWord(), noticeDate(r.st.EscalationDue, r.zone()), r.st.Awaiting),
		Message: policies.Msg("nm_approval_escalation", policies.MsgText(r.in.Title), policies.MsgText(r.st.StageName), policies.MsgNumber(r.stage.EscalationDays),
			r.dayMsgWord(), policies.MsgMoment(r.st.EscalationDue, r.zone()), policies.MsgText(fmt.Sprint(r.st.Awaiting))),
		Link: policyLink(r.in.PolicyID, "/approval")})
}

// escalationRecipients: the stage's superior and the acting officials of the
// awaited approvers; the submitter when there is neither.
func (r *approval) escalationRecipients(now time.Time) []int64 {
	var to []int64
	if r.stage.SuperiorID != 0 {
		to = append(to, r.stage.SuperiorID)
	}
	for _, d := range r.st.Delegations {
		if slices.Contains(r.st.Awaiting, d.PrincipalID) && now.Before(d.Until) {
			to = append(to, d.DelegateID)
		}
	}
	if len(to) == 0 {
		to = []int64{r.in.SubmittedBy}
	}
	return to
}

func (r *approval) outcomeText() string {
	switch r.st.Outcome {
	case "approved":
		return fmt.Sprintf("Versi %d disetujui di semua %d tahap.", r.in.VersionNumber, r.st.Stages)
	}
	last := r.st.Decisions[len(r.st.Decisions)-1]
	return fmt.Sprintf("Tahap %s: %s. Alasan: %s", r.st.StageName, decisionText(last.Decision), last.Reason)
}

// outcomeMessage is the outcome's notice as a message of the notices
// catalogue (outcomeText in the recipient's language).
func (r *approval) outcomeMessage() policies.Message {
	if r.st.Outcome == "approved" {
		return policies.Msg("nm_approval_approved", policies.MsgText(r.in.Title), policies.MsgNumber(r.in.VersionNumber), policies.MsgNumber(r.st.Stages))
	}
	last := r.st.Decisions[len(r.st.Decisions)-1]
	decided := policies.MsgText(string(last.Decision))
	switch last.Decision {
	case policies.ActApprove:
		decided = policies.MsgWord("nm_w_approved")
	case policies.ActReject:
		decided = policies.MsgWord("nm_w_rejected")
	case policies.ActRequestChanges:
		decided = policies.MsgWord("nm_w_changes")
	}
	return policies.Msg("nm_approval_returned", policies.MsgText(r.in.Title), policies.MsgText(r.st.StageName), decided, policies.MsgText(last.Reason))
}

func decisionText(a policies.Action) string {
	switch a {
	case policies.ActApprove:
		return "disetujui"
	case policies.ActReject:
		return "ditolak"
	case policies.ActRequestChanges:
		return "diminta perbaikan"
	}
	return string(a)
}

// cancelled records a run ended by archiving the policy.
func (r *approval) cancelled(ctx workflow.Context) (ApprovalState, error) {
	dctx, _ := workflow.NewDisconnectedContext(ctx)
	r.st.Outcome = "cancelled"
	err := workflow.ExecuteActivity(withActivities(dctx), a.EndApprovalRun, activities.EndApprovalRunInput{
		WorkflowID: r.id, Outcome: "cancelled", EndedAt: workflow.Now(dctx)}).Get(dctx, nil)
	return r.st, err
}
