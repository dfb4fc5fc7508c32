package policies

import "slices"

// Action is something a person (or the system, on a timer) does to a policy.
type Action string

// The actions of the lifecycle. People's actions arrive as Temporal Updates;
// system actions happen inside the workflows.
const (
	ActOpenConsultation    Action = "open_consultation"
	ActExtendConsultation  Action = "extend_consultation"
	ActCloseConsultation   Action = "close_consultation"
	ActSubmit              Action = "submit"
	ActApprove             Action = "approve"
	ActReject              Action = "reject"
	ActRequestChanges      Action = "request_changes"
	ActDelegate            Action = "delegate"
	ActStartImplementation Action = "start_implementation"
	ActPlanProgram         Action = "plan_program"
	ActRecordEvaluation    Action = "record_evaluation"
	ActOpenRevision        Action = "open_revision"
	ActArchive             Action = "archive"
	// ActCancelConsultationSchedule cancels a consultation scheduled to
	// open later (open_consultation with opens_at) before it opens.
	ActCancelConsultationSchedule Action = "cancel_consultation_schedule"

	// System actions.
	ActConsultationClosed Action = "consultation_closed" // deadline reached or closed early
	ActApprovalCompleted  Action = "approval_completed"  // last stage approved
	ActApprovalReturned   Action = "approval_returned"   // rejected or changes requested
	ActEvaluationDue      Action = "evaluation_due"      // the first evaluation round opened
	ActLowEvaluation      Action = "low_evaluation"      // a result fell below the threshold
	// ActHarmonisationCorrection: the Kanwil answered "perlu perbaikan"
	// on the approved version; a revision opens for the corrected text.
	ActHarmonisationCorrection Action = "harmonisation_correction"
)

// Transition is one row of the lifecycle table: from which states an action
// is legal, which roles may take it, and the state it leads to ("" keeps
// the state).
type Transition struct {
	From  []Status
	Roles []Role
	To    Status
}

var preApproval = []Status{StatusDraft, StatusDrafting, StatusRevision}

// Transitions is the one lifecycle table (DESIGN.md, "Lifecycle"): every
// change of state is checked against it, by workflows and server alike.
var Transitions = map[Action]Transition{
	ActOpenConsultation:           {preApproval, []Role{RoleDrafter}, StatusConsultation},
	ActExtendConsultation:         {[]Status{StatusConsultation}, []Role{RoleDrafter}, ""},
	ActCancelConsultationSchedule: {preApproval, []Role{RoleDrafter}, ""},
	ActCloseConsultation:          {[]Status{StatusConsultation}, []Role{RoleDrafter}, StatusDrafting},
	ActConsultationClosed:         {[]Status{StatusConsultation}, []Role{RoleSystem}, StatusDrafting},
	ActSubmit:                     {preApproval, []Role{RoleDrafter}, StatusInApproval},
	ActApprove:                    {[]Status{StatusInApproval}, []Role{RoleLeader}, ""},
	ActReject:                     {[]Status{StatusInApproval}, []Role{RoleLeader}, ""},
	ActRequestChanges:             {[]Status{StatusInApproval}, []Role{RoleLeader}, ""},
	ActDelegate:                   {[]Status{StatusInApproval}, []Role{RoleLeader}, ""},
	ActApprovalCompleted:          {[]Status{StatusInApproval}, []Role{RoleSystem}, StatusApproved},
	ActApprovalReturned:           {[]Status{StatusInApproval}, []Role{RoleSystem}, StatusDrafting},
	ActStartImplementation:        {[]Status{StatusApproved}, []Role{RoleDrafter}, StatusImplementing},
	ActPlanProgram:                {[]Status{StatusImplementing, StatusEvaluating}, []Role{RoleDrafter, RoleUnitOfficer}, ""},
	ActEvaluationDue:              {[]Status{StatusImplementing}, []Role{RoleSystem}, StatusEvaluating},
	ActRecordEvaluation:           {[]Status{StatusImplementing, StatusEvaluating}, []Role{RoleUnitOfficer}, ""},
	ActLowEvaluation:              {[]Status{StatusImplementing, StatusEvaluating}, []Role{RoleSystem}, StatusRevision},
	ActHarmonisationCorrection:    {[]Status{StatusApproved}, []Role{RoleSystem}, StatusRevision},
	ActOpenRevision:               {[]Status{StatusApproved, StatusImplementing, StatusEvaluating}, []Role{RoleDrafter}, StatusRevision},
	ActArchive: {[]Status{StatusDraft, StatusConsultation, StatusDrafting, StatusInApproval, StatusApproved,
		StatusImplementing, StatusEvaluating, StatusRevision}, []Role{RoleAdmin}, StatusArchived},
}

// CheckTransition says whether role may take action in state from, and the
// state it leads to. A role that may never take the action is forbidden
// (403); a legal role in the wrong state is a conflict (409).
func CheckTransition(from Status, a Action, role Role) (Status, error) {
	t, ok := Transitions[a]
	if !ok {
		return "", FieldError("action", "aksi %q tidak dikenal", a)
	}
	if !slices.Contains(t.Roles, role) {
		return "", Errorf(KindForbidden, "peran %q tidak boleh melakukan %q", role, a)
	}
	if !slices.Contains(t.From, from) {
		return "", Errorf(KindConflict, "transisi tidak sah: %q tidak dapat dilakukan saat status %q", a, from)
	}
	if t.To == "" {
		return from, nil
	}
	return t.To, nil
}
