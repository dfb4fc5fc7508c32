package stack

import (
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/workflows"
)

// Progress orders the states a lifecycle goes through in the whole-system
// tests (e2e, cluster): draft 0, consultation 1, drafting 2, approval stage
// s 2+s, approved 7, implementing 8.
func Progress(s workflows.PolicyState) int {
	switch s.Status {
	case policies.StatusConsultation:
		return 1
	case policies.StatusDrafting:
		return 2
	case policies.StatusInApproval:
		if s.Approval != nil {
			return 2 + s.Approval.Stage
		}
		return 3
	case policies.StatusApproved:
		return 7
	case policies.StatusImplementing:
		return 8
	}
	return 0
}
