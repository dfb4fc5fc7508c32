package workflows

import (
	"context"
	"time"
)

// Trouble is work of a policy's workflows that keeps failing, as Temporal
// describes it: an activity retried after failures (Activity set), or a
// workflow task that failed and is tried again (Activity ""). Temporal
// retries both by itself; the operations console shows them so a region's
// administrator knows the workflow is held up and why, without the
// Temporal CLI.
type Trouble struct {
	WorkflowID string `json:"workflow_id"`
	// Activity is the activity's type (e.g. Notify, SetStatus); "" for a
	// workflow task.
	Activity string `json:"activity,omitempty"`
	// Attempts is the attempt now due or under way (2: failed once).
	Attempts int `json:"attempts"`
	// LastError is the last failure's message (an activity's; a failing
	// workflow task's is in the worker's log), cut to 300 bytes.
	LastError   string    `json:"last_error,omitempty"`
	NextAttempt time.Time `json:"next_attempt,omitzero"`
}

// Troubles describes the policy's workflow and the children its state
// names as running (the approval run, the consultation, the evaluation
// schedule, the programs), and returns their activities that have failed
// at least once and their workflow tasks that failed, in that order.
// A workflow that cannot be described is skipped; the first error is
// returned with what was found.
func (c *Client) Troubles(ctx context.Context, st PolicyState) ([]Trouble, error) {
	ids := []string{WorkflowID(st.PolicyID)}
	if st.Approval != nil {
		ids = append(ids, st.Approval.WorkflowID)
	}
	if st.Consultation != nil {
		ids = append(ids, st.Consultation.WorkflowID)
	}
	if st.EvaluationWorkflowID != "" {
		ids = append(ids, st.EvaluationWorkflowID)
	}
	ids = append(ids, st.Programs...)
	var out []Trouble
	var first error
	for _, id := range ids {
		d, err := c.Temporal.DescribeWorkflowExecution(ctx, id, "")
		if err != nil {
			if first == nil {
				first = domainError(err)
			}
			continue
		}
		for _, a := range d.GetPendingActivities() {
			if a.GetAttempt() < 2 && a.GetLastFailure() == nil {
				continue
			}
			t := Trouble{WorkflowID: id, Activity: a.GetActivityType().GetName(), Attempts: int(a.GetAttempt()),
				LastError: cut(a.GetLastFailure().GetMessage(), 300)}
			if n := a.GetNextAttemptScheduleTime(); n != nil {
				t.NextAttempt = n.AsTime()
			}
			out = append(out, t)
		}
		if wt := d.GetPendingWorkflowTask(); wt != nil && wt.GetAttempt() > 1 {
			out = append(out, Trouble{WorkflowID: id, Attempts: int(wt.GetAttempt())})
		}
	}
	return out, first
}

// cut is s in at most n bytes, not cutting a UTF-8 sequence.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
