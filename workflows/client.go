package workflows

// The client side of the workflows: Client sends a person's action to the
// workflow that owns it, as a Temporal Update, and turns the answer (or the
// refusal, decoded in errors.go) into a result or a domain error.

import (
	"context"
	"errors"
	"fmt"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"

	"github.com/policyflow/policyflow/policies"
)

// Client sends people's actions to the workflows and reads a policy's state.
type Client struct {
	Temporal client.Client
	// Runs, when set, names the approval run a decision goes to from the
	// database (one indexed read) instead of Queries to the policy's and
	// the run's workflows. The server and the worker set it; without it
	// the client asks the workflows.
	Runs ApprovalRuns
}

// ApprovalRuns reads a policy's latest approval run from the database
// (postgres.DB implements it).
type ApprovalRuns interface {
	LatestApprovalRun(ctx context.Context, policyID int64) (policies.LatestApprovalRun, error)
}

// Start starts a policy's workflow; starting a running one is a no-op.
func (c *Client) Start(ctx context.Context, policyID int64) error {
	_, err := c.Temporal.ExecuteWorkflow(ctx, StartOptions(policyID), PolicyWorkflow, PolicyInput{PolicyID: policyID})
	if err != nil {
		return fmt.Errorf("workflows: start policy %d: %w", policyID, err)
	}
	return nil
}

// State returns a policy's state, with its running approval's and
// consultation's detail read from those workflows themselves: they answer
// the decisions, so their state is what the last answer said (the policy
// hears of a new stage or a new deadline only later, by signal).
func (c *Client) State(ctx context.Context, policyID int64) (PolicyState, error) {
	var st PolicyState
	v, err := c.Temporal.QueryWorkflow(ctx, WorkflowID(policyID), "", QueryState)
	if err != nil {
		return st, domainError(err)
	}
	if err := v.Get(&st); err != nil {
		return st, err
	}
	if ap := st.Approval; ap != nil {
		var cur ApprovalState
		if v, err := c.Temporal.QueryWorkflow(ctx, ap.WorkflowID, "", QueryApproval); err == nil && v.Get(&cur) == nil && cur.Stage > 0 {
			cur.WorkflowID = ap.WorkflowID
			st.Approval = &cur
		}
	}
	if cs := st.Consultation; cs != nil {
		var cur ConsultationStatus
		if v, err := c.Temporal.QueryWorkflow(ctx, cs.WorkflowID, "", QueryConsultation); err == nil && v.Get(&cur) == nil {
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
		return c.child(ctx, policyID, "konsultasi", func(st PolicyState) (string, bool) {
			if st.Consultation != nil {
				return st.Consultation.WorkflowID, true
			}
			return st.LastConsultationWorkflowID, st.LastConsultationWorkflowID != ""
		})
	case policies.ActApprove, policies.ActReject, policies.ActRequestChanges, policies.ActDelegate:
		if c.Runs != nil {
			return c.approvalRun(ctx, policyID)
		}
		return c.child(ctx, policyID, "persetujuan", func(st PolicyState) (string, bool) {
			if st.Approval != nil {
				return st.Approval.WorkflowID, true
			}
			return st.LastApprovalWorkflowID, st.LastApprovalWorkflowID != ""
		})
	}
	return WorkflowID(policyID), nil
}

// child is the child workflow of the policy's state that pick names: the
// running one, else the last one (ended, it answers a retry of an Update it
// took and refuses anything new); with neither, what is not running.
func (c *Client) child(ctx context.Context, policyID int64, what string, pick func(PolicyState) (id string, ok bool)) (string, error) {
	st, err := c.State(ctx, policyID)
	if err != nil {
		return "", err
	}
	if id, ok := pick(st); ok {
		return id, nil
	}
	return "", policies.Errorf(policies.KindConflict, "tidak ada %s yang berjalan (status %q)", what, st.Status)
}

// approvalRun is the workflow of the policy's latest approval run, as the
// database records it. An ended run still gets the Update: it answers a
// retry of an Update it took (the same request ID) and refuses anything new
// with a conflict naming its outcome (see ended).
func (c *Client) approvalRun(ctx context.Context, policyID int64) (string, error) {
	r, err := c.Runs.LatestApprovalRun(ctx, policyID)
	if err != nil {
		return "", err
	}
	if r.WorkflowID == "" {
		return "", policies.Errorf(policies.KindConflict, "tidak ada persetujuan yang berjalan (status %q)", r.Status)
	}
	return r.WorkflowID, nil
}

// ended turns the answer of an approval run that has ended (Temporal's
// "workflow execution already completed") into a conflict that says how it
// ended, read from the database.
func (c *Client) ended(ctx context.Context, policyID int64, act policies.Action, err error) error {
	var closed *serviceerror.NotFound
	switch act {
	case policies.ActApprove, policies.ActReject, policies.ActRequestChanges, policies.ActDelegate:
	default:
		return err
	}
	if c.Runs == nil || policies.KindOf(err) != policies.KindConflict || !errors.As(err, &closed) {
		return err
	}
	r, rerr := c.Runs.LatestApprovalRun(ctx, policyID)
	if rerr != nil || r.Outcome == "" {
		return err
	}
	return &policies.Error{Kind: policies.KindConflict, Err: err,
		Message: fmt.Sprintf("persetujuan ini sudah selesai (%s); muat ulang halaman", outcomeText(r.Outcome))}
}

// outcomeText names an approval run's outcome for people.
func outcomeText(outcome string) string {
	switch outcome {
	case "approved":
		return "disetujui"
	case "rejected":
		return "ditolak"
	case "changes_requested":
		return "diminta perbaikan"
	case "cancelled":
		return "dibatalkan"
	}
	return "berakhir"
}

// Do sends an action as an Update and waits for its outcome. requestID
// makes retries safe: the same ID twice is one Update, answered twice.
func (c *Client) Do(ctx context.Context, policyID int64, act policies.Action, requestID string, req Request) (Result, error) {
	var res Result
	if _, ok := policies.Transitions[act]; !ok {
		return res, policies.FieldError("action", "aksi %q tidak dikenal", act)
	}
	wid, err := c.target(ctx, policyID, act)
	if err != nil {
		return res, err
	}
	res, err = c.update(ctx, wid, string(act), requestID, req)
	if err != nil {
		return res, c.ended(ctx, policyID, act, domainError(err))
	}
	return res, nil
}

// update sends req to workflow wid as the Update name, requestID its ID,
// and waits for its outcome.
func (c *Client) update(ctx context.Context, wid, name, requestID string, req Request) (Result, error) {
	var res Result
	h, err := c.Temporal.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
		WorkflowID:   wid,
		UpdateName:   name,
		UpdateID:     requestID,
		Args:         []any{req},
		WaitForStage: client.WorkflowUpdateStageCompleted,
	})
	if err == nil {
		err = h.Get(ctx, &res)
	}
	return res, err
}

// DoProgram sends a change of a program (edit, reschedule, cancel) to the
// program's workflow as an Update and waits for its outcome; requestID
// makes retries safe, as for Do.
func (c *Client) DoProgram(ctx context.Context, workflowID string, act policies.ProgramAction, requestID string, req Request) (Result, error) {
	var res Result
	if workflowID == "" {
		return res, policies.Errorf(policies.KindConflict, "program ini tidak memiliki alur kerja; tidak dapat diubah")
	}
	res, err := c.update(ctx, workflowID, string(act), requestID, req)
	if err != nil {
		var closed *serviceerror.NotFound
		ended := errors.As(err, &closed)
		err = domainError(err)
		if ended && policies.KindOf(err) == policies.KindConflict {
			err = &policies.Error{Kind: policies.KindConflict, Message: "program ini sudah selesai atau dibatalkan; muat ulang halaman", Err: err}
		}
		return res, err
	}
	return res, nil
}

// LegalRecorded tells a policy's workflow that actor wrote a legal record
// (harmonisation request or answer, paraf, enactment, promulgation), so
// that it follows the next legal step, or opens a revision when the
// Kanwil asked for corrections; requestID makes retries safe, as for Do.
func (c *Client) LegalRecorded(ctx context.Context, policyID int64, requestID string, actor Actor) (Result, error) {
	res, err := c.update(ctx, WorkflowID(policyID), string(UpdateLegalRecorded), requestID, Request{Actor: actor})
	return res, domainError(err)
}
