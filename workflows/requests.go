package workflows

// The argument and the answer of every Update people send: an action
// (named after its policies.Action) goes to the workflow that owns it with
// a Request, and comes back as a Result.

import (
	"time"

	"github.com/policyflow/policyflow/policies"
)

// Actor is who asks for an action: the server authenticates them and passes
// their user ID and role; the workflows check the role against the transition table
// (policies.Transitions).
type Actor struct {
	UserID int64
	Role   policies.Role
}

// Request is the argument of every Update. Each action reads the
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
	// OpensAt schedules a consultation to open later (open); zero opens it now.
	OpensAt time.Time `json:",omitzero"`
	// InviteUserIDs are the stakeholders invited to a consultation; empty
	// invites every stakeholder.
	InviteUserIDs []int64
	AllowPublic   bool
	// ShowInvitedAtOnce shows a consultation's invited stakeholders'
	// comments at once (open); else they wait for moderation.
	ShowInvitedAtOnce bool `json:",omitempty"`
	// Reason explains a decision (required to reject or request changes),
	// a revision, or an archive.
	Reason string
	// OnBehalfOf is the approver an acting official (Plt.) decides for.
	OnBehalfOf int64
	// Acting is the actor's standing appointment as Plt./Plh. for
	// OnBehalfOf, found by the server in the record; nil for none.
	Acting *ActingAppointment `json:",omitempty"`
	// DelegateTo and DelegateUntil: an approver hands their decisions to an
	// acting official until a moment.
	DelegateTo    int64
	DelegateUntil time.Time
	// UnitIDs are the units responsible for evaluation (start
	// implementation); empty means every unit of the policy's region.
	UnitIDs []int64
	// StartedOn is when implementation started, for a policy implemented
	// before it was recorded here (start implementation); zero means now.
	// The evaluation schedule counts its rounds from it.
	StartedOn  time.Time `json:",omitzero"`
	Program    *ProgramPlan
	Evaluation *EvaluationReport
	// ProgramEdit and Reschedule change a program (edit_program,
	// reschedule_program, sent to its workflow); Reason is a reschedule's
	// or a cancellation's reason.
	ProgramEdit *policies.ProgramEdit       `json:",omitempty"`
	Reschedule  *policies.ProgramReschedule `json:",omitempty"`
	// Warning is what the server found wrong but allowed (a consultation
	// shorter than its region's minimum, in warn mode): the action's audit
	// row and its answer carry it. Set by the server, never by a client.
	Warning string `json:",omitempty"`
}

// Result answers every Update.
type Result struct {
	Status  policies.Status // the policy's status after the action
	Outcome string          // e.g. "recorded", "stage_approved", "approved", "rejected"
	Message string          // for people, in Indonesian
	// WorkflowID of the child started by the action, if any.
	WorkflowID string
	ID         int64 // the record created (program, decision), if any
	Summary    *policies.ConsultationSummary
	// Program is a program as a change to it left it.
	Program *policies.Program `json:",omitempty"`
	// Warning is the request's warning, kept in the action's audit row.
	Warning string `json:",omitempty"`
}
