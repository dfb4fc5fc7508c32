package workflows

import (
	"fmt"
	"slices"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/policyflow/policyflow/activities"
	"github.com/policyflow/policyflow/policies"
)

const maxDelegation = 365 * 24 * time.Hour

func (r *approval) registerUpdates(ctx workflow.Context) error {
	for _, act := range []policies.Action{policies.ActApprove, policies.ActReject, policies.ActRequestChanges} {
		check := func(req Request, now time.Time) error { return r.validateDecision(act, req, now) }
		body := func(ctx workflow.Context, req Request) (Result, error) { return r.decide(ctx, act, req) }
		if err := r.guard.update(ctx, act, check, body); err != nil {
			return err
		}
	}
	return r.guard.update(ctx, policies.ActDelegate, r.validateDelegation, r.delegate)
}

// ready waits until the run has loaded its chain and entered its first
// stage, or ended.
func (r *approval) ready(ctx workflow.Context) error {
	return workflow.Await(ctx, func() bool { return r.st.Stage > 0 || r.st.Outcome != "" })
}

// validateDecision checks a decision: on the version under approval, by
// an approver of the current stage (or their acting official) who has not
// decided yet.
func (r *approval) validateDecision(act policies.Action, req Request, now time.Time) error {
	if r.st.Outcome != "" {
		return conflict("persetujuan versi %d sudah selesai (%s)", r.in.VersionNumber, outcomeText(r.st.Outcome))
	}
	if err := checkRole(policies.StatusInApproval, act, req.Actor); err != nil {
		return err
	}
	if req.VersionSHA256 == "" {
		return invalid("version_sha256", "SHA-256 versi yang ditinjau wajib disertakan")
	}
	if req.VersionSHA256 != r.in.SHA256 {
		return conflict("versi yang Anda tinjau (%.12s…) bukan versi yang sedang disetujui (versi %d, %.12s…)", req.VersionSHA256, r.in.VersionNumber, r.in.SHA256)
	}
	if act != policies.ActApprove && req.Reason == "" {
		return invalid("reason", "alasan wajib diisi untuk menolak atau meminta perbaikan")
	}
	if len(req.Reason) > 4000 {
		return invalid("reason", "alasan maksimal 4000 karakter")
	}
	if r.st.Stage == 0 { // still loading the chain: the handler waits for it
		return nil
	}
	principal := principalOf(req)
	if req.OnBehalfOf != 0 && !r.activeDelegation(req.OnBehalfOf, req.Actor.UserID, now) {
		// Not delegated inside this run: a standing appointment (Plt./Plh.)
		// covering now may still let the actor decide for the principal.
		if err := actingCovers(req, now); err != nil {
			return err
		}
	}
	if !slices.Contains(r.stage.ApproverIDs, principal) {
		return forbidden("Anda bukan penyetuju tahap %s", r.st.StageName)
	}
	if !slices.Contains(r.st.Awaiting, principal) {
		return conflict("keputusan untuk tahap %s sudah diberikan", r.st.StageName)
	}
	return nil
}

// principalOf is the approver a decision is for: the one an acting
// official decides for, or the actor themself.
func principalOf(req Request) int64 {
	if req.OnBehalfOf != 0 {
		return req.OnBehalfOf
	}
	return req.Actor.UserID
}

func (r *approval) activeDelegation(principal, delegate int64, now time.Time) bool {
	for _, d := range r.st.Delegations {
		if d.PrincipalID == principal && d.DelegateID == delegate && now.Before(d.Until) {
			return true
		}
	}
	return false
}

// decide records a decision and, when it settles the run, the outcome, so
// the approver sees the result in the same request.
// It runs under the guard, which has checked it.
func (r *approval) decide(ctx workflow.Context, act policies.Action, req Request) (Result, error) {
	now := workflow.Now(ctx)
	principal := principalOf(req)
	d := policies.Decision{PolicyID: r.in.PolicyID, VersionID: r.in.VersionID, StageID: r.stage.ID, ApprovalRunID: &r.st.RunID,
		DeciderID: req.Actor.UserID, Decision: string(act), Reason: req.Reason, SHA256Approved: r.in.SHA256,
		IdempotencyKey: fmt.Sprintf("%s-s%d-u%d", r.id, r.st.Stage, principal)}
	if principal != req.Actor.UserID {
		d.ActingForID = &principal
		// Same commands as before: only the recorded decision says which
		// kind of standing appointment it was made under.
		if actingCovers(req, now) == nil {
			d.ActingKind = req.Acting.Kind
		}
	}
	// A decision that ends the run writes itself, the policy's move and
	// the outcome in one local activity (see versionDecideAndEnd).
	end, ends := r.ending(act)
	written := ends && workflow.GetVersion(ctx, versionDecideAndEnd, workflow.DefaultVersion, 1) == 1
	var saved policies.Decision
	if written {
		if err := workflow.ExecuteLocalActivity(withLocal(ctx), a.DecideAndEnd, activities.DecideAndEndInput{Decision: d,
			Move: r.move(end, req.Actor.UserID), End: activities.EndApprovalRunInput{WorkflowID: r.id, Outcome: end.outcome, EndedAt: now}}).Get(ctx, &saved); err != nil {
			return Result{}, err
		}
	} else if err := workflow.ExecuteLocalActivity(withLocal(ctx), a.RecordDecision, d).Get(ctx, &saved); err != nil {
		return Result{}, err
	}
	rec := DecisionRecord{Stage: r.st.Stage, DeciderID: req.Actor.UserID, Decision: act, Reason: req.Reason, DecisionID: saved.ID, At: now}
	if d.ActingForID != nil {
		rec.ActingFor = principal
		rec.ActingKind = d.ActingKind
	}
	r.st.Decisions = append(r.st.Decisions, rec)
	r.st.Awaiting = slices.DeleteFunc(r.st.Awaiting, func(id int64) bool { return id == principal })

	res := Result{Status: policies.StatusInApproval, ID: saved.ID, WorkflowID: r.id}
	switch {
	case act == policies.ActApprove:
		r.st.Approvals++
		switch {
		case r.st.Approvals < r.st.Needed:
			res.Outcome = "recorded"
			res.Message = fmt.Sprintf("Persetujuan dicatat; tahap %s menunggu %d lagi", r.st.StageName, r.st.Needed-r.st.Approvals)
		case r.st.Stage < r.st.Stages:
			res.Outcome = "stage_approved"
			res.Message = fmt.Sprintf("Tahap %s disetujui; lanjut ke tahap berikutnya", r.st.StageName)
			if r.advanceInHandler && r.idx+1 < len(r.chain.Stages) {
				// The next stage is entered and its approvers asked before
				// the answer: they may decide on it at once.
				r.enterStage(ctx, r.idx+1)
				// The decision stands either way: a notice not written here
				// is sent by the run's timeline, with retries.
				if err := workflow.ExecuteLocalActivity(withLocal(ctx), a.Notify, r.request()).Get(ctx, nil); err != nil {
					workflow.GetLogger(ctx).Warn("approval request not written at once", "stage", r.st.Stage, "err", err)
				} else {
					r.requested = r.idx
				}
			}
		default:
			if err := r.finish(ctx, end, req.Actor.UserID, written); err != nil {
				return Result{}, err
			}
			res.Status, res.Outcome, res.Message = policies.StatusApproved, "approved", fmt.Sprintf("Versi %d disetujui", r.in.VersionNumber)
		}
	default:
		if err := r.finish(ctx, end, req.Actor.UserID, written); err != nil {
			return Result{}, err
		}
		res.Status, res.Outcome = policies.StatusDrafting, end.outcome
		res.Message = fmt.Sprintf("Versi %d %s; kebijakan kembali ke penyusunan", r.in.VersionNumber, decisionText(act))
	}
	return res, nil
}

// finish records the run's outcome and the policy's new status (unless
// written, by the decision's own local activity), then tells the policy.
func (r *approval) finish(ctx workflow.Context, end runEnd, actorID int64, written bool) error {
	outcome, to := end.outcome, end.to
	if !written {
		if err := setStatusLocal(ctx, r.move(end, actorID)); err != nil {
			return err
		}
		if err := workflow.ExecuteLocalActivity(withLocal(ctx), a.EndApprovalRun, activities.EndApprovalRunInput{
			WorkflowID: r.id, Outcome: outcome, EndedAt: workflow.Now(ctx)}).Get(ctx, nil); err != nil {
			return err
		}
	}
	r.st.Outcome = outcome
	// The policy's workflow learns the outcome before the approver's answer
	// leaves: once the signal is in its history, every later Update to it
	// (start implementation, a new submit) sees the new status.
	if workflow.GetVersion(ctx, versionReportBeforeAnswer, workflow.DefaultVersion, 1) == 1 {
		reportToParent(ctx, r.in.PolicyID, ChildEvent{Kind: EventApprovalEnded, WorkflowID: r.id, Status: to, Approval: r.snapshot()})
		r.reported = true
	}
	return nil
}

func (r *approval) validateDelegation(req Request, now time.Time) error {
	if r.st.Outcome != "" {
		return conflict("persetujuan versi %d sudah selesai", r.in.VersionNumber)
	}
	if err := checkRole(policies.StatusInApproval, policies.ActDelegate, req.Actor); err != nil {
		return err
	}
	switch {
	case req.DelegateTo == 0:
		return invalid("delegate_to", "Plt. wajib dipilih")
	case req.DelegateTo == req.Actor.UserID:
		return invalid("delegate_to", "tidak dapat mendelegasikan kepada diri sendiri")
	case !req.DelegateUntil.After(now):
		return invalid("delegate_until", "akhir delegasi harus di masa depan")
	case req.DelegateUntil.After(now.Add(maxDelegation)):
		return invalid("delegate_until", "delegasi paling lama satu tahun")
	}
	if r.st.Stage > 0 && !r.approverInChain(req.Actor.UserID) {
		return forbidden("Anda bukan penyetuju dalam rantai persetujuan ini")
	}
	return nil
}

func (r *approval) approverInChain(id int64) bool {
	for _, s := range r.chain.Stages {
		if slices.Contains(s.ApproverIDs, id) {
			return true
		}
	}
	return false
}

// delegate records a delegation to an acting official and tells them.
// It runs under the guard, which has checked it.
func (r *approval) delegate(ctx workflow.Context, req Request) (Result, error) {
	now := workflow.Now(ctx)
	key := fmt.Sprintf("%s-delegation-%s", r.id, workflow.GetCurrentUpdateInfo(ctx).ID)
	if err := workflow.ExecuteLocalActivity(withLocal(ctx), a.RecordDelegation, activities.DelegationInput{
		PolicyID: r.in.PolicyID, PrincipalID: req.Actor.UserID, DelegateID: req.DelegateTo, StartsAt: now, EndsAt: req.DelegateUntil, Key: key}).Get(ctx, nil); err != nil {
		return Result{}, err
	}
	r.st.Delegations = append(r.st.Delegations, Delegation{PrincipalID: req.Actor.UserID, DelegateID: req.DelegateTo, Until: req.DelegateUntil})
	_ = workflow.ExecuteLocalActivity(withLocal(ctx), a.Notify, activities.NotifyInput{Key: key, PolicyID: r.in.PolicyID,
		UserIDs: []int64{req.DelegateTo}, Kind: policies.NoticeDelegation, Subject: "Anda ditunjuk sebagai Plt.: " + r.in.Title,
		Body:    fmt.Sprintf("Anda dapat memberi keputusan atas nama penyetuju %d sampai %s.", req.Actor.UserID, noticeDate(req.DelegateUntil, r.zone())),
		Message: policies.Msg("nm_delegation", policies.MsgText(r.in.Title), policies.MsgNumber(req.Actor.UserID), policies.MsgMoment(req.DelegateUntil, r.zone())),
		Link:    policyLink(r.in.PolicyID, "/approval")}).Get(ctx, nil)
	return Result{Status: policies.StatusInApproval, Outcome: "delegated", WorkflowID: r.id,
		Message: "Delegasi dicatat sampai " + noticeDate(req.DelegateUntil, r.zone())}, nil
}
