package workflows

import (
	"github.com/policyflow/policyflow/policies"
)

// versionDecideAndEnd guards the change that writes the decision ending a
// run, the policy's move to the run's outcome and the outcome in one local
// activity (one transaction, DecideAndEnd) instead of three (RecordDecision,
// SetStatus, EndApprovalRun): the approver who decides last waits for one
// write, and the run's timeline is not woken between them (it used to
// report the stage's progress to the policy while the outcome was still
// being written). Runs that ended before it replay the three.
const versionDecideAndEnd = "approval-decide-and-end"

// runEnd is how a decision ends a run: its outcome, the policy's status
// after it and the action that records the move.
type runEnd struct {
	outcome string
	to      policies.Status
	act     policies.Action
}

// ending is how decision act ends the run, and whether it does: an
// approval that completes the last stage's quorum, a rejection or a
// request for changes.
func (r *approval) ending(act policies.Action) (runEnd, bool) {
	switch act {
	case policies.ActApprove:
		if r.st.Approvals+1 < r.st.Needed || r.st.Stage < r.st.Stages {
			return runEnd{}, false
		}
		return runEnd{outcome: "approved", to: policies.StatusApproved, act: policies.ActApprovalCompleted}, true
	case policies.ActRequestChanges:
		return runEnd{outcome: "changes_requested", to: policies.StatusDrafting, act: policies.ActApprovalReturned}, true
	}
	return runEnd{outcome: "rejected", to: policies.StatusDrafting, act: policies.ActApprovalReturned}, true
}

// move is the policy's status change that end records, by actorID.
func (r *approval) move(end runEnd, actorID int64) policies.StatusChange {
	return policies.StatusChange{PolicyID: r.in.PolicyID, From: policies.StatusInApproval, To: end.to, Action: end.act,
		ActorID: actorID, VersionID: r.in.VersionID, Key: r.id + "-" + end.outcome, Detail: "versi " + itoa(int64(r.in.VersionNumber))}
}
