package policies

import "testing"

func TestCheckTransition(t *testing.T) {
	tests := []struct {
		from   Status
		act    Action
		role   Role
		to     Status
		reject ErrorKind
	}{
		{StatusDraft, ActOpenConsultation, RoleDrafter, StatusConsultation, ""},
		{StatusRevision, ActOpenConsultation, RoleDrafter, StatusConsultation, ""},
		{StatusDraft, ActOpenConsultation, RoleStakeholder, "", KindForbidden},
		{StatusApproved, ActOpenConsultation, RoleDrafter, "", KindConflict},
		{StatusConsultation, ActCloseConsultation, RoleDrafter, StatusDrafting, ""},
		{StatusConsultation, ActConsultationClosed, RoleSystem, StatusDrafting, ""},
		{StatusConsultation, ActConsultationClosed, RoleDrafter, "", KindForbidden},
		{StatusDrafting, ActSubmit, RoleDrafter, StatusInApproval, ""},
		{StatusConsultation, ActSubmit, RoleDrafter, "", KindConflict},
		{StatusDrafting, ActSubmit, RoleLeader, "", KindForbidden},
		{StatusInApproval, ActApprove, RoleLeader, StatusInApproval, ""},
		{StatusInApproval, ActApprove, RoleAdmin, "", KindForbidden},
		{StatusDrafting, ActApprove, RoleLeader, "", KindConflict},
		{StatusInApproval, ActApprovalCompleted, RoleSystem, StatusApproved, ""},
		{StatusInApproval, ActApprovalReturned, RoleSystem, StatusDrafting, ""},
		{StatusApproved, ActStartImplementation, RoleDrafter, StatusImplementing, ""},
		{StatusDrafting, ActStartImplementation, RoleDrafter, "", KindConflict},
		{StatusImplementing, ActPlanProgram, RoleUnitOfficer, StatusImplementing, ""},
		{StatusImplementing, ActEvaluationDue, RoleSystem, StatusEvaluating, ""},
		{StatusEvaluating, ActRecordEvaluation, RoleUnitOfficer, StatusEvaluating, ""},
		{StatusEvaluating, ActLowEvaluation, RoleSystem, StatusRevision, ""},
		{StatusEvaluating, ActOpenRevision, RoleDrafter, StatusRevision, ""},
		{StatusDraft, ActOpenRevision, RoleDrafter, "", KindConflict},
		{StatusImplementing, ActArchive, RoleAdmin, StatusArchived, ""},
		{StatusArchived, ActArchive, RoleAdmin, "", KindConflict},
		{StatusDraft, ActArchive, RoleDrafter, "", KindForbidden},
		{StatusDraft, "teleport", RoleAdmin, "", KindInvalid},
	}
	for _, tt := range tests {
		t.Run(string(tt.from)+"/"+string(tt.act)+"/"+string(tt.role), func(t *testing.T) {
			to, err := CheckTransition(tt.from, tt.act, tt.role)
			if tt.reject != "" {
				if got := KindOf(err); got != tt.reject {
					t.Errorf("got %q, %v; want refusal %s", to, err, tt.reject)
				}
				return
			}
			if err != nil || to != tt.to {
				t.Errorf("got %q, %v; want %q", to, err, tt.to)
			}
		})
	}
}

// No person may take a system action, and every system action is the
// system's alone: the server can never pass a timer's work off as a person's.
func TestSystemActionsAreTheSystemsAlone(t *testing.T) {
	for act, tr := range Transitions {
		hasSystem := false
		for _, r := range tr.Roles {
			if r == RoleSystem {
				hasSystem = true
			}
		}
		if hasSystem && len(tr.Roles) != 1 {
			t.Errorf("%s mixes the system with people: %v", act, tr.Roles)
		}
		for _, from := range tr.From {
			if from == StatusArchived {
				t.Errorf("%s leaves archived: archived is final", act)
			}
		}
	}
}
