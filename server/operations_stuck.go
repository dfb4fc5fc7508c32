package server

import (
	"context"
	"slices"
	"time"

	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/workflows"
)

// Why a workflow on the operations console is stuck, in the region's
// words, and the safe way on where the domain has one.
//
// An approval stage waits for people. When an approver it waits for has
// been deactivated (left the office, berhalangan tetap) and no acting
// official covers them, the stage may never reach its quorum. Nothing on
// the console decides or ends it: workflows own the lifecycle, and no one
// acts alone on a leader's power. The way on is the one Indonesian offices
// take for a vacant office, an acting official (Plt.) appointed by letter,
// who then decides in the approver's name; the appointment takes effect
// only when a second person confirms it (pending changes, migration 0047).
// The console names the approvers gone and links to the proposal of a Plt.
// for each (acting.go), already filled in with the office to fill.

// judgeApproval marks w stuck when the approval stage a waits for cannot
// reach its quorum with the approvers who can still decide: those active,
// those an acting official covers today, and those whose decision is
// delegated within the run to someone until later than now. gone are the
// awaited approvers as the store read them.
func judgeApproval(w *opsWorkflow, a *workflows.ApprovalState, people []policies.AwaitedApprover, now time.Time) {
	able := 0
	for _, p := range people {
		if !slices.Contains(a.Awaiting, p.ID) {
			continue
		}
		if p.DeactivatedAt == nil || p.Acting != "" || delegated(a, p.ID, now) {
			able++
			continue
		}
		w.Gone = append(w.Gone, p)
	}
	w.Stuck = len(w.Gone) > 0 && able < a.Needed-a.Approvals
}

// delegated reports whether approver's decision is delegated within the
// run to someone until later than now.
func delegated(a *workflows.ApprovalState, approver int64, now time.Time) bool {
	return slices.ContainsFunc(a.Delegations, func(d workflows.Delegation) bool {
		return d.PrincipalID == approver && now.Before(d.Until)
	})
}

// judgeStuck reads the approvers a workflow's approval stage waits for and
// judges whether it can go on (judgeApproval); the other waits are for
// timers and people who can act, and are left as they are.
func (s *Server) judgeStuck(ctx context.Context, reg policies.Region, w *opsWorkflow, st workflows.PolicyState, now time.Time) error {
	if st.Approval == nil || len(st.Approval.Awaiting) == 0 {
		return nil
	}
	people, err := s.store.AwaitedApprovers(ctx, reg.ID, st.Approval.Awaiting, now.In(reg.TimeZone.Location()))
	if err != nil {
		return err
	}
	judgeApproval(w, st.Approval, people, now)
	return nil
}
