package server

import (
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/workflows"
)

// judgeApproval: a stage is stuck only when the approvers who can still
// decide cannot make up the approvals it still needs.
func TestJudgeApproval(t *testing.T) {
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	gone := &now
	active := func(id int64) policies.AwaitedApprover { return policies.AwaitedApprover{ID: id, Name: "Aktif"} }
	away := func(id int64) policies.AwaitedApprover {
		return policies.AwaitedApprover{ID: id, Name: "Nonaktif", DeactivatedAt: gone}
	}
	covered := func(id int64) policies.AwaitedApprover {
		p := away(id)
		p.Acting = "Plt."
		return p
	}
	for _, c := range []struct {
		name      string
		st        workflows.ApprovalState
		people    []policies.AwaitedApprover
		stuck     bool
		goneCount int
	}{
		{"the only approver gone", workflows.ApprovalState{Awaiting: []int64{1}, Needed: 1}, []policies.AwaitedApprover{away(1)}, true, 1},
		{"any one of two, one gone", workflows.ApprovalState{Awaiting: []int64{1, 2}, Needed: 1}, []policies.AwaitedApprover{away(1), active(2)}, false, 1},
		{"all of two, one gone", workflows.ApprovalState{Awaiting: []int64{1, 2}, Needed: 2}, []policies.AwaitedApprover{away(1), active(2)}, true, 1},
		{"2 of 3, one approved, one gone", workflows.ApprovalState{Awaiting: []int64{1, 3}, Needed: 2, Approvals: 1}, []policies.AwaitedApprover{away(1), active(3)}, false, 1},
		{"gone, a Plt. appointed", workflows.ApprovalState{Awaiting: []int64{1}, Needed: 1}, []policies.AwaitedApprover{covered(1)}, false, 0},
		{"gone, delegated within the run until later", workflows.ApprovalState{Awaiting: []int64{1}, Needed: 1,
			Delegations: []workflows.Delegation{{PrincipalID: 1, DelegateID: 9, Until: now.Add(time.Hour)}}}, []policies.AwaitedApprover{away(1)}, false, 0},
		{"gone, a delegation that ended", workflows.ApprovalState{Awaiting: []int64{1}, Needed: 1,
			Delegations: []workflows.Delegation{{PrincipalID: 1, DelegateID: 9, Until: now.Add(-time.Hour)}}}, []policies.AwaitedApprover{away(1)}, true, 1},
		{"everyone active", workflows.ApprovalState{Awaiting: []int64{1, 2}, Needed: 2}, []policies.AwaitedApprover{active(1), active(2)}, false, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			var w opsWorkflow
			judgeApproval(&w, &c.st, c.people, now)
			if w.Stuck != c.stuck || len(w.Gone) != c.goneCount {
				t.Errorf("stuck %v, %d gone; want %v, %d", w.Stuck, len(w.Gone), c.stuck, c.goneCount)
			}
		})
	}
}
