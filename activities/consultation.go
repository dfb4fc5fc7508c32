package activities

import (
	"context"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// OpenConsultationInput records a consultation.
type OpenConsultationInput struct {
	Consultation policies.Consultation
	Invite       []int64
}

// OpenConsultationResult is the recorded consultation and who was invited.
type OpenConsultationResult struct {
	ConsultationID int64
	Invitees       []int64
}

// OpenConsultation records a consultation and its invitees, once per
// workflow, and tells the policy's followers.
func (a *Activities) OpenConsultation(ctx context.Context, in OpenConsultationInput) (OpenConsultationResult, error) {
	c, invitees, err := a.Store.OpenConsultation(ctx, in.Consultation, in.Invite)
	if err != nil {
		return OpenConsultationResult{}, nonRetryable(err)
	}
	if err := a.tellFollowers(ctx, in.Consultation.PolicyID); err != nil {
		return OpenConsultationResult{}, err
	}
	return OpenConsultationResult{ConsultationID: c.ID, Invitees: invitees}, nil
}

// ExtendConsultationInput moves a consultation's deadline.
type ExtendConsultationInput struct {
	WorkflowID string
	ActorID    int64 // who extended it: its audit row's actor
	ClosesAt   time.Time
}

// ExtendConsultation moves a consultation's deadline.
func (a *Activities) ExtendConsultation(ctx context.Context, in ExtendConsultationInput) error {
	return nonRetryable(a.Store.ExtendConsultation(ctx, in.WorkflowID, in.ActorID, in.ClosesAt))
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

// AnswerDeadline reads a closed consultation's deadline for its answers
// and report: the region's days, the comments still unanswered, who is
// reminded and who is told when it passes.
func (a *Activities) AnswerDeadline(ctx context.Context, workflowID string) (policies.AnswerDeadline, error) {
	d, err := a.Store.AnswerDeadline(ctx, workflowID)
	return d, nonRetryable(err)
}

// RecordPolicyEvent audits a change of the policy's workflow that is no
// change of status (a consultation scheduled to open, its schedule
// cancelled or failed), once per key.
func (a *Activities) RecordPolicyEvent(ctx context.Context, c policies.AdminChange) error {
	return nonRetryable(a.Store.RecordPolicyEvent(ctx, c))
}
