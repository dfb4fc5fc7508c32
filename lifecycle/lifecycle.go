// Package lifecycle is the client side of the policy workflows: it sends a
// person's action to the workflow that owns it, as a Temporal Update, and
// turns the answer (or the refusal) into a result or a domain error.
package lifecycle

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/workflows"
)

// Client sends lifecycle actions and reads lifecycle state.
type Client struct {
	Temporal client.Client
}

// Start starts a policy's workflow; starting a running one is a no-op.
func (c *Client) Start(ctx context.Context, policyID int64) error {
	_, err := c.Temporal.ExecuteWorkflow(ctx, workflows.StartOptions(policyID), workflows.PolicyWorkflow, workflows.PolicyInput{PolicyID: policyID})
	if err != nil {
		return fmt.Errorf("lifecycle: start policy %d: %w", policyID, err)
	}
	return nil
}

// State returns a policy's state, with its running approval's and
// consultation's detail read from those workflows themselves: they answer
// the decisions, so their state is what the last answer said (the policy
// hears of a new stage or a new deadline only later, by signal).
func (c *Client) State(ctx context.Context, policyID int64) (workflows.PolicyState, error) {
	var st workflows.PolicyState
	v, err := c.Temporal.QueryWorkflow(ctx, workflows.WorkflowID(policyID), "", workflows.QueryState)
	if err != nil {
		return st, mapErr(err)
	}
	if err := v.Get(&st); err != nil {
		return st, err
	}
	if ap := st.Approval; ap != nil {
		var cur workflows.ApprovalState
		if v, err := c.Temporal.QueryWorkflow(ctx, ap.WorkflowID, "", workflows.QueryApproval); err == nil && v.Get(&cur) == nil && cur.Stage > 0 {
			cur.WorkflowID = ap.WorkflowID
			st.Approval = &cur
		}
	}
	if cs := st.Consultation; cs != nil {
		var cur workflows.ConsultationStatus
		if v, err := c.Temporal.QueryWorkflow(ctx, cs.WorkflowID, "", workflows.QueryConsultation); err == nil && v.Get(&cur) == nil {
			merged := *cs
			merged.ClosesAt = cur.ClosesAt
			st.Consultation = &merged
		}
	}
	return st, nil
}

// target is the workflow that owns an action: the running consultation or
// approval run for theirs, the policy's workflow for the rest.
func (c *Client) target(ctx context.Context, policyID int64, act policies.Action) (string, error) {
	switch act {
	case policies.ActExtendConsultation, policies.ActCloseConsultation:
		st, err := c.State(ctx, policyID)
		if err != nil {
			return "", err
		}
		switch {
		case st.Consultation != nil:
			return st.Consultation.WorkflowID, nil
		case st.LastConsultationWorkflowID != "":
			// Ended: it answers a retry of an Update it took, refuses anything new.
			return st.LastConsultationWorkflowID, nil
		}
		return "", policies.Errorf(policies.KindConflict, "tidak ada konsultasi yang berjalan (status %q)", st.Status)
	case policies.ActApprove, policies.ActReject, policies.ActRequestChanges, policies.ActDelegate:
		st, err := c.State(ctx, policyID)
		if err != nil {
			return "", err
		}
		switch {
		case st.Approval != nil:
			return st.Approval.WorkflowID, nil
		case st.LastApprovalWorkflowID != "":
			return st.LastApprovalWorkflowID, nil
		}
		return "", policies.Errorf(policies.KindConflict, "tidak ada persetujuan yang berjalan (status %q)", st.Status)
	}
	return workflows.WorkflowID(policyID), nil
}

// Do sends an action as an Update and waits for its outcome. requestID
// makes retries safe: the same ID twice is one Update, answered twice.
func (c *Client) Do(ctx context.Context, policyID int64, act policies.Action, requestID string, req workflows.Request) (workflows.Result, error) {
	var res workflows.Result
	if _, ok := policies.Transitions[act]; !ok {
		return res, policies.FieldError("action", "aksi %q tidak dikenal", act)
	}
	wid, err := c.target(ctx, policyID, act)
	if err != nil {
		return res, err
	}
	h, err := c.Temporal.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
		WorkflowID:   wid,
		UpdateName:   string(act),
		UpdateID:     requestID,
		Args:         []any{req},
		WaitForStage: client.WorkflowUpdateStageCompleted,
	})
	if err != nil {
		return res, mapErr(err)
	}
	if err := h.Get(ctx, &res); err != nil {
		return res, mapErr(err)
	}
	return res, nil
}

// mapErr turns a workflow's refusal into the domain error it stands for.
func mapErr(err error) error {
	var appErr *temporal.ApplicationError
	if errors.As(err, &appErr) {
		kind := policies.ErrorKind(appErr.Type())
		switch kind {
		case policies.KindInvalid, policies.KindNotFound, policies.KindConflict, policies.KindForbidden, policies.KindTooLarge:
			e := &policies.Error{Kind: kind, Message: appErr.Message(), Err: err}
			var field string
			if appErr.HasDetails() && appErr.Details(&field) == nil {
				e.Field = field
			}
			return e
		}
	}
	var nf *serviceerror.NotFound
	if errors.As(err, &nf) {
		// A run that has decided and is ending (or has ended) takes no
		// new decision: that is a conflict with its outcome, not an absence.
		if strings.Contains(nf.Error(), "completed") || strings.Contains(nf.Error(), "closing workflow") {
			return &policies.Error{Kind: policies.KindConflict, Message: "tahap ini sudah selesai; muat ulang halaman", Err: err}
		}
		return &policies.Error{Kind: policies.KindNotFound, Message: "alur kerja kebijakan tidak ditemukan", Err: err}
	}
	var down *serviceerror.Unavailable
	var late *serviceerror.DeadlineExceeded
	var noWorker *serviceerror.FailedPrecondition
	if errors.As(err, &down) || errors.As(err, &late) ||
		(errors.As(err, &noWorker) && strings.Contains(noWorker.Error(), "poller")) {
		return &policies.Error{Kind: policies.KindUnavailable, Message: "layanan alur kerja sedang tidak tersedia, coba lagi", Err: err}
	}
	var done *serviceerror.WorkflowNotReady
	if errors.As(err, &done) {
		return &policies.Error{Kind: policies.KindUnavailable, Message: "alur kerja belum siap, coba lagi", Err: err}
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return &policies.Error{Kind: policies.KindUnavailable, Message: "layanan alur kerja tidak menjawab, coba lagi", Err: err}
	}
	return err
}
