package workflows

import (
	"fmt"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// Signal names. Updates are named after their policies.Action.
const (
	// SignalChildEvent carries a child workflow's news to its policy's workflow.
	SignalChildEvent = "child_event"
	// SignalApprovalState is unused by people; kept for documentation of names.
)

// Actor is who asks for an action: the server authenticates them and passes
// their user ID and role; the workflows check the role against the table.
type Actor struct {
	UserID int64
	Role   policies.Role
}

// Request is the argument of every lifecycle Update. Each action reads the
// fields it needs and ignores the rest.
type Request struct {
	Actor Actor
	// VersionNumber is the version the drafter acts on (submit, open
	// consultation); 0 means the current one.
	VersionNumber int
	// VersionSHA256 is the content an approver reviewed; a decision on any
	// other content is refused.
	VersionSHA256 string
	// ClosesAt is a consultation's deadline (open, extend).
	ClosesAt time.Time
	// InviteUserIDs are the stakeholders invited to a consultation; empty
	// invites every stakeholder.
	InviteUserIDs []int64
	AllowPublic   bool
	// Reason explains a decision (required to reject or request changes),
	// a revision, or an archive.
	Reason string
	// OnBehalfOf is the approver an acting official (Plt.) decides for.
	OnBehalfOf int64
	// DelegateTo and DelegateUntil: an approver hands their decisions to an
	// acting official until a moment.
	DelegateTo    int64
	DelegateUntil time.Time
	// UnitIDs are the units responsible for evaluation (start
	// implementation); empty means every unit of the policy's region.
	UnitIDs    []int64
	Program    *ProgramPlan
	Evaluation *EvaluationReport
}

// ProgramPlan is a training program to run under an approved policy.
type ProgramPlan struct {
	UnitID             int64
	Kind               policies.ProgramKind
	Title              string
	Partner            string
	StartsAt, EndsAt   time.Time
	JP                 int
	TargetParticipants int
}

// EvaluationReport is a unit's result for an evaluation round.
type EvaluationReport struct {
	UnitID     int64
	Round      int
	Instrument string // skm, kirkpatrick
	Score      float64
	Data       []byte // the instrument's answers, JSON
}

// Result answers every lifecycle Update.
type Result struct {
	Status  policies.Status // the policy's status after the action
	Outcome string          // e.g. "recorded", "stage_approved", "approved", "rejected"
	Message string          // for people, in Indonesian
	// WorkflowID of the child started by the action, if any.
	WorkflowID string
	ID         int64 // the record created (program, decision), if any
	Summary    *policies.ConsultationSummary
}

// ChildEvent is what a child workflow tells its policy's workflow.
type ChildEvent struct {
	Kind       string // consultation_closed, approval_progress, approval_ended, evaluation_due, evaluation_round
	WorkflowID string
	Status     policies.Status // the status the child set, if it set one
	Approval   *ApprovalState
	Summary    *policies.ConsultationSummary
	Round      int
	Due        time.Time
}

// Event kinds.
const (
	EventConsultationClosed = "consultation_closed"
	EventApprovalProgress   = "approval_progress"
	EventApprovalEnded      = "approval_ended"
	EventEvaluationDue      = "evaluation_due"
)

// childID names a child workflow of a policy: policy-7-approval-2.
func childID(policyID int64, kind string, n int64) string {
	return fmt.Sprintf("%s-%s-%d", WorkflowID(policyID), kind, n)
}
