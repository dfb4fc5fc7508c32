// Package workflows holds Policyflow's Temporal workflows: deterministic code
// only. Every side effect is an activity (package activities).
//
// Each workflow is a state struct with methods, in a file named after its
// noun: policy.go and policy_updates.go (PolicyWorkflow), approval.go and
// approval_updates.go, consultation.go, program.go, evaluation.go (the
// evaluation schedule). Every Update that changes state goes through one
// guard (guard.go); requests.go holds the Request and Result of every
// Update, children.go what children report to their policy, activities.go
// how workflows call activities. client.go is the caller's side: it routes
// an action to the workflow that answers it, and errors.go carries a
// refusal across as its domain error.
package workflows

import (
	"fmt"
	"time"

	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/workflow"

	"github.com/policyflow/policyflow/activities"
	"github.com/policyflow/policyflow/policies"
)

// Names shared by the worker, the server and tests.
const (
	TaskQueue  = "policyflow"
	QueryState = "state"
)

// WorkflowID is the business key of a policy's workflow.
func WorkflowID(policyID int64) string { return fmt.Sprintf("policy-%d", policyID) }

// PolicyInput starts a PolicyWorkflow; State is set when it continues as new.
type PolicyInput struct {
	PolicyID int64
	State    *PolicyState `json:",omitempty"`
}

// PolicyState is what the workflow answers to QueryState: where the policy
// stands, what runs under it, who is awaited and until when.
type PolicyState struct {
	PolicyID      int64
	Title         string
	Status        policies.Status
	VersionNumber int
	VersionSHA256 string
	Since         time.Time // when the policy reached this status

	Consultation *ConsultationState `json:",omitempty"`
	Approval     *ApprovalState     `json:",omitempty"`
	// EvaluationWorkflowID is the running evaluation schedule, if any.
	EvaluationWorkflowID string   `json:",omitempty"`
	Programs             []string `json:",omitempty"` // program workflow IDs
	LastOutcome          string   `json:",omitempty"` // the last approval run's or consultation's end, for people
	// The last ended consultation and approval run: a retried Update (same
	// request ID) is answered by the run that took it.
	LastConsultationWorkflowID string                        `json:",omitempty"`
	LastApprovalWorkflowID     string                        `json:",omitempty"`
	LastSummary                *policies.ConsultationSummary `json:",omitempty"`

	Seq int64 // numbers child workflows: policy-7-approval-3
	// Zone is the region's time zone, in which the children's notices name
	// their dates ("" until the record is loaded with it).
	Zone policies.TimeZone `json:",omitempty"`
	// Legal is the legal step the approved version waits for (harmonisation,
	// paraf, enactment, promulgation; legal_steps.go); nil for none.
	Legal *LegalStepState `json:",omitempty"`
	// Scheduled is a consultation waiting to open (consultation_schedule.go);
	// ScheduleSeq numbers the schedules made.
	Scheduled   *ScheduledConsultation `json:",omitempty"`
	ScheduleSeq int                    `json:",omitempty"`
}

// ConsultationState is a running consultation as the policy sees it.
type ConsultationState struct {
	WorkflowID    string
	VersionNumber int
	OpenedAt      time.Time
	ClosesAt      time.Time
}

// StartOptions are the options to start a policy's workflow. Starting it
// again while it runs returns the running one, so starting is idempotent.
func StartOptions(policyID int64) client.StartWorkflowOptions {
	return client.StartWorkflowOptions{
		ID:                       WorkflowID(policyID),
		TaskQueue:                TaskQueue,
		WorkflowIDConflictPolicy: enums.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		WorkflowIDReusePolicy:    enums.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY,
	}
}

// policy is the PolicyWorkflow's state and handlers.
type policy struct {
	State PolicyState
	guard updateGuard
	// archived ends the workflow once handlers have finished.
	archived bool
	// loaded is set once the record is loaded; Updates wait for it.
	loaded bool
	// events brings the children's reports; applying is set while the main
	// loop applies one. Until both are done the state is about to change.
	events   workflow.ReceiveChannel
	applying bool
	// root is the workflow's own context, in which the legal step's timers
	// run (legal_steps.go); legalGen counts the steps followed, so that
	// the timers of a step that changed end; cal is the region's calendar.
	root          workflow.Context
	legalGen      int
	legalWatching bool
	cal           policies.Calendar
	// scheduleWatching is set while a scheduled opening's timer runs.
	scheduleWatching bool
}

// settled reports whether every child report received has been applied.
// An Update validated before that would judge a state about to change: a
// submit sent as soon as a consultation closed would be refused as
// "during consultation" when the close report and the Update arrive in the
// same workflow task (seen when workers were killed and tasks piled up).
func (p *policy) settled() bool { return p.events.Len() == 0 && !p.applying }

// PolicyWorkflow is the long-lived process of one policy. People's actions
// arrive as Updates (named after their policies.Action) checked against the
// transition table; consultations, approval runs, programs and the
// evaluation schedule run as child workflows that report back by signal.
func PolicyWorkflow(ctx workflow.Context, in PolicyInput) error {
	p := &policy{events: workflow.GetSignalChannel(ctx, SignalChildEvent), root: ctx}
	p.guard.ready = p.ready
	if err := workflow.SetQueryHandler(ctx, QueryState, func() (PolicyState, error) {
		return p.State, nil
	}); err != nil {
		return err
	}
	// Updates may arrive before the record is loaded: their handlers wait
	// for it (see ready), so they must exist from the start.
	if err := p.registerUpdates(ctx); err != nil {
		return err
	}
	if in.State != nil {
		p.State = *in.State
		p.watchLegal()    // a step followed before continuing as new
		p.watchSchedule() // and a consultation scheduled to open
	} else {
		// The first release loaded the record with LoadPolicy; workflows it
		// started replay that branch. New ones use LoadFacts, the same read
		// the Update handlers use.
		if workflow.GetVersion(ctx, "load-facts", workflow.DefaultVersion, 1) == workflow.DefaultVersion {
			var snap activities.PolicySnapshot
			if err := workflow.ExecuteActivity(withActivities(ctx), a.LoadPolicy, activities.LoadPolicyInput{PolicyID: in.PolicyID}).Get(ctx, &snap); err != nil {
				return err // an activity error naming LoadPolicy, with its type (not_found…) intact
			}
			p.State = PolicyState{PolicyID: in.PolicyID, Title: snap.Title, Status: snap.Status,
				VersionNumber: snap.VersionNumber, VersionSHA256: snap.VersionSHA256, Since: workflow.Now(ctx)}
		} else {
			var f policies.PolicyFacts
			if err := workflow.ExecuteActivity(withActivities(ctx), a.LoadFacts, in.PolicyID).Get(ctx, &f); err != nil {
				return err
			}
			p.State = PolicyState{PolicyID: in.PolicyID, Title: f.Title, Status: f.Status,
				VersionNumber: f.VersionNumber, VersionSHA256: f.VersionSHA256, Since: workflow.Now(ctx), Zone: f.Zone}
		}
		workflow.GetLogger(ctx).Info("policy workflow ready", "policy", in.PolicyID, "status", p.State.Status)
	}
	p.loaded = true
	if p.State.Status == policies.StatusArchived {
		return nil // nothing more can happen to an archived policy
	}

	events := p.events
	for {
		err := workflow.Await(ctx, func() bool {
			return events.Len() > 0 || p.archived || workflow.GetInfo(ctx).GetContinueAsNewSuggested()
		})
		if err != nil {
			return err
		}
		if events.Len() > 0 {
			var ev ChildEvent
			events.Receive(ctx, &ev)
			p.applying = true
			p.onChildEvent(ctx, ev)
			p.applying = false
			continue
		}
		// Archived, or history long enough: let running handlers finish first.
		if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) }); err != nil {
			return err
		}
		if events.Len() > 0 {
			continue
		}
		if p.archived {
			return nil
		}
		st := p.State
		return workflow.NewContinueAsNewError(ctx, PolicyWorkflow, PolicyInput{PolicyID: in.PolicyID, State: &st})
	}
}

// onChildEvent applies what a child workflow reports. Children write the
// record themselves; the policy only follows.
func (p *policy) onChildEvent(ctx workflow.Context, ev ChildEvent) {
	switch ev.Kind {
	case EventConsultationClosed:
		if p.State.Consultation != nil && p.State.Consultation.WorkflowID == ev.WorkflowID {
			p.State.Consultation = nil
			p.State.LastConsultationWorkflowID = ev.WorkflowID
			p.State.LastSummary = ev.Summary
			p.State.LastOutcome = "consultation_closed"
			p.moveTo(ctx, ev.Status)
		}
	case EventApprovalProgress:
		if p.State.Approval != nil && p.State.Approval.WorkflowID == ev.WorkflowID && ev.Approval != nil {
			p.State.Approval = ev.Approval
		}
	case EventApprovalEnded:
		if p.State.Approval != nil && p.State.Approval.WorkflowID == ev.WorkflowID {
			if ev.Approval != nil {
				p.State.LastOutcome = ev.Approval.Outcome
			}
			p.State.Approval = nil
			p.State.LastApprovalWorkflowID = ev.WorkflowID
			p.moveTo(ctx, ev.Status)
			// An approved version waits for its legal steps (runs that
			// ended before them followed none).
			if ev.Status == policies.StatusApproved && workflow.GetVersion(ctx, versionEnactmentSteps, workflow.DefaultVersion, 1) == 1 {
				p.beginLegal(ctx)
			}
		}
	case EventKirkpatrickWeak:
		// A program's weak level 3 or 4 reopens the policy it carries out
		// (only while implemented or evaluated: a revision already open,
		// or an archive, takes nothing more).
		if _, err := policies.CheckTransition(p.State.Status, policies.ActLowEvaluation, policies.RoleSystem); err != nil {
			workflow.GetLogger(ctx).Info("weak Kirkpatrick result: no revision opened", "status", p.State.Status, "reason", ev.Reason)
			return
		}
		if _, err := p.openRevision(ctx, 0, policies.ActLowEvaluation, ev.Reason); err != nil {
			workflow.GetLogger(ctx).Error("weak Kirkpatrick result: revision not opened", "err", err)
		}
	case EventEvaluationDue:
		if ev.WorkflowID != p.State.EvaluationWorkflowID || p.State.Status != policies.StatusImplementing {
			return
		}
		err := setStatus(ctx, policies.StatusChange{PolicyID: p.State.PolicyID, From: policies.StatusImplementing,
			To: policies.StatusEvaluating, Action: policies.ActEvaluationDue, Key: ev.WorkflowID + "-due-" + itoa(int64(ev.Round)),
			Detail: fmt.Sprintf("putaran evaluasi %d dibuka", ev.Round)})
		if err != nil {
			workflow.GetLogger(ctx).Error("evaluation due: status not recorded", "err", err)
			return
		}
		p.moveTo(ctx, policies.StatusEvaluating)
	}
}

func (p *policy) moveTo(ctx workflow.Context, s policies.Status) {
	if s != "" && s != p.State.Status {
		p.State.Status = s
		p.State.Since = workflow.Now(ctx)
	}
}

// nextSeq numbers the next child workflow.
func (p *policy) nextSeq() int64 {
	p.State.Seq++
	return p.State.Seq
}

// All lists every workflow the worker registers.
var All = []any{PolicyWorkflow, ConsultationWorkflow, ApprovalWorkflow, ProgramWorkflow, EvaluationScheduleWorkflow, FollowUpWorkflow, PurgeWorkflow}
