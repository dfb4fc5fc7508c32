package activities

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/policyflow/policyflow/policies"
)

func asDomain(err error) *policies.Error {
	var de *policies.Error
	if errors.As(err, &de) {
		return de
	}
	return nil
}

// LoadFacts reads what a policy's workflow needs from the record.
func (a *Activities) LoadFacts(ctx context.Context, policyID int64) (policies.PolicyFacts, error) {
	f, err := a.Store.PolicyFacts(ctx, policyID)
	return f, nonRetryable(err)
}

// SetStatus moves a policy to a new status, once per key.
func (a *Activities) SetStatus(ctx context.Context, in policies.StatusChange) error {
	return nonRetryable(a.Store.SetStatus(ctx, in))
}

// RegionUnits returns the IDs of every unit of a region.
func (a *Activities) RegionUnits(ctx context.Context, regionID int64) ([]int64, error) {
	us, err := a.Store.Units(ctx, regionID)
	if err != nil {
		return nil, nonRetryable(err)
	}
	ids := make([]int64, len(us))
	for i, u := range us {
		ids[i] = u.ID
	}
	return ids, nil
}

// OpenConsultationResult is the recorded consultation and who was invited.
type OpenConsultationResult struct {
	ConsultationID int64
	Invitees       []int64
}

// OpenConsultationInput records a consultation.
type OpenConsultationInput struct {
	Consultation policies.Consultation
	Invite       []int64
}

// OpenConsultation records a consultation and its invitees, once per workflow.
func (a *Activities) OpenConsultation(ctx context.Context, in OpenConsultationInput) (OpenConsultationResult, error) {
	c, invitees, err := a.Store.OpenConsultation(ctx, in.Consultation, in.Invite)
	if err != nil {
		return OpenConsultationResult{}, nonRetryable(err)
	}
	return OpenConsultationResult{ConsultationID: c.ID, Invitees: invitees}, nil
}

// ExtendConsultationInput moves a consultation's deadline.
type ExtendConsultationInput struct {
	WorkflowID string
	ClosesAt   time.Time
}

// ExtendConsultation moves a consultation's deadline.
func (a *Activities) ExtendConsultation(ctx context.Context, in ExtendConsultationInput) error {
	return nonRetryable(a.Store.ExtendConsultation(ctx, in.WorkflowID, in.ClosesAt))
}

// CloseConsultationInput closes a consultation.
type CloseConsultationInput struct {
	WorkflowID string
	ClosedAt   time.Time
	Reason     string
}

// CloseConsultation closes a consultation and counts its comments per section.
func (a *Activities) CloseConsultation(ctx context.Context, in CloseConsultationInput) (policies.ConsultationSummary, error) {
	s, err := a.Store.CloseConsultation(ctx, in.WorkflowID, in.ClosedAt, in.Reason)
	return s, nonRetryable(err)
}

// StartApprovalRunResult is the recorded run and the chain it follows.
type StartApprovalRunResult struct {
	RunID int64
	Chain policies.ApprovalChain
}

// StartApprovalRun records an approval run and loads its chain.
func (a *Activities) StartApprovalRun(ctx context.Context, in policies.ApprovalRun) (StartApprovalRunResult, error) {
	r, chain, err := a.Store.StartApprovalRun(ctx, in)
	if err != nil {
		return StartApprovalRunResult{}, nonRetryable(err)
	}
	if len(chain.Stages) == 0 {
		return StartApprovalRunResult{}, nonRetryable(policies.Errorf(policies.KindInvalid, "rantai persetujuan %d tidak memiliki tahap", chain.ID))
	}
	return StartApprovalRunResult{RunID: r.ID, Chain: chain}, nil
}

// EndApprovalRunInput records a run's outcome.
type EndApprovalRunInput struct {
	WorkflowID string
	Outcome    string
	EndedAt    time.Time
}

// EndApprovalRun records a run's outcome.
func (a *Activities) EndApprovalRun(ctx context.Context, in EndApprovalRunInput) error {
	return nonRetryable(a.Store.EndApprovalRun(ctx, in.WorkflowID, in.Outcome, in.EndedAt))
}

// RecordDecision stores a decision once per idempotency key.
func (a *Activities) RecordDecision(ctx context.Context, d policies.Decision) (policies.Decision, error) {
	out, err := a.Store.RecordDecision(ctx, d)
	return out, nonRetryable(err)
}

// DelegationInput records a delegation to an acting official.
type DelegationInput struct {
	PrincipalID, DelegateID int64
	StartsAt, EndsAt        time.Time
	Key                     string
}

// RecordDelegation stores a delegation once per key.
func (a *Activities) RecordDelegation(ctx context.Context, in DelegationInput) error {
	return nonRetryable(a.Store.RecordDelegation(ctx, in.PrincipalID, in.DelegateID, in.StartsAt, in.EndsAt, in.Key))
}

// CreateProgramInput records a training program.
type CreateProgramInput struct {
	Program    policies.Program
	Key        string
	WorkflowID string
}

// CreateProgram stores a training program once per key.
func (a *Activities) CreateProgram(ctx context.Context, in CreateProgramInput) (policies.Program, error) {
	p, err := a.Store.CreateProgramOnce(ctx, in.Program, in.Key, in.WorkflowID)
	return p, nonRetryable(err)
}

// UnitContacts are who hears about a unit's work: its officers and its head.
type UnitContacts struct {
	Officers []int64
	Head     int64
}

// LoadUnitContacts returns a unit's officers and head.
func (a *Activities) LoadUnitContacts(ctx context.Context, unitID int64) (UnitContacts, error) {
	officers, err := a.Store.UnitOfficers(ctx, unitID)
	if err != nil {
		return UnitContacts{}, nonRetryable(err)
	}
	head, err := a.Store.UnitHead(ctx, unitID)
	if err != nil {
		return UnitContacts{}, nonRetryable(err)
	}
	return UnitContacts{Officers: officers, Head: head}, nil
}

// RoundsInput names round n of a policy's evaluation.
type RoundsInput struct {
	PolicyID int64
	Number   int
	DueAt    time.Time
	UnitIDs  []int64
}

// CreateRounds opens round n for each unit, once.
func (a *Activities) CreateRounds(ctx context.Context, in RoundsInput) ([]policies.EvaluationRound, error) {
	rs, err := a.Store.CreateRounds(ctx, in.PolicyID, in.Number, in.DueAt, in.UnitIDs)
	return rs, nonRetryable(err)
}

// PendingRounds returns round n's rounds not yet submitted.
func (a *Activities) PendingRounds(ctx context.Context, in RoundsInput) ([]policies.EvaluationRound, error) {
	rs, err := a.Store.PendingRounds(ctx, in.PolicyID, in.Number)
	return rs, nonRetryable(err)
}

// MarkOverdue marks round n's unsubmitted rounds overdue.
func (a *Activities) MarkOverdue(ctx context.Context, in RoundsInput) ([]policies.EvaluationRound, error) {
	rs, err := a.Store.MarkOverdue(ctx, in.PolicyID, in.Number)
	return rs, nonRetryable(err)
}

// RecordResultInput is a unit's result for a round.
type RecordResultInput struct {
	PolicyID, UnitID int64
	Round            int
	Result           policies.EvaluationResult
	Key              string
}

// RecordResult stores a unit's result once per key.
func (a *Activities) RecordResult(ctx context.Context, in RecordResultInput) (policies.EvaluationResult, error) {
	r, err := a.Store.RecordResult(ctx, in.PolicyID, in.UnitID, in.Round, in.Result, in.Key)
	return r, nonRetryable(err)
}

// NotifyInput is one message to several people. Each person gets it once:
// the outbox row's key is Key plus the user ID.
type NotifyInput struct {
	Key      string
	PolicyID int64
	UserIDs  []int64
	Kind     policies.NotificationKind
	Subject  string
	Body     string
	Link     string
}

// Notify writes the message to the outbox for each recipient, once, and
// returns how many rows this call wrote.
func (a *Activities) Notify(ctx context.Context, in NotifyInput) (int, error) {
	written := 0
	seen := map[int64]bool{}
	for _, uid := range in.UserIDs {
		if uid == 0 || seen[uid] {
			continue
		}
		seen[uid] = true
		pid := in.PolicyID
		ok, err := a.Store.EnqueueNotification(ctx, policies.Notification{
			DedupKey: fmt.Sprintf("%s/u%d", in.Key, uid), UserID: uid, PolicyID: &pid,
			Kind: in.Kind, Subject: in.Subject, Body: in.Body, Link: in.Link,
		})
		if err != nil {
			return written, nonRetryable(err)
		}
		if ok {
			written++
		}
	}
	return written, nil
}

// RemindRoundsInput reminds the units whose round n is still open.
type RemindRoundsInput struct {
	PolicyID int64
	Round    int
	Key      string // per reminder: each unit and person gets it once
	Overdue  bool   // mark the open rounds overdue and escalate to the unit heads
	Kind     policies.NotificationKind
	Subject  string
	Body     string
	Link     string
}

// RemindRounds writes one reminder per unit officer (and, when overdue, per
// unit head) of every unit that has not submitted round n, in one batch.
// It returns the units reminded.
func (a *Activities) RemindRounds(ctx context.Context, in RemindRoundsInput) ([]int64, error) {
	var rounds []policies.EvaluationRound
	var err error
	if in.Overdue {
		rounds, err = a.Store.MarkOverdue(ctx, in.PolicyID, in.Round)
	} else {
		rounds, err = a.Store.PendingRounds(ctx, in.PolicyID, in.Round)
	}
	if err != nil {
		return nil, nonRetryable(err)
	}
	var units []int64
	for _, r := range rounds {
		officers, err := a.Store.UnitOfficers(ctx, r.UnitID)
		if err != nil {
			return nil, nonRetryable(err)
		}
		to := officers
		if in.Overdue {
			head, err := a.Store.UnitHead(ctx, r.UnitID)
			if err != nil {
				return nil, nonRetryable(err)
			}
			to = append(to, head)
		}
		if _, err := a.Notify(ctx, NotifyInput{Key: fmt.Sprintf("%s/unit%d", in.Key, r.UnitID), PolicyID: in.PolicyID,
			UserIDs: to, Kind: in.Kind, Subject: in.Subject, Body: in.Body, Link: in.Link}); err != nil {
			return nil, err
		}
		units = append(units, r.UnitID)
	}
	return units, nil
}
