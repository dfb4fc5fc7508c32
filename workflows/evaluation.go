package workflows

import (
	"fmt"
	"github.com/policyflow/policyflow/policies"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/policyflow/policyflow/activities"
)

// DefaultReminderLeads: units are reminded 7 days (H-7) and 1 day (H-1)
// before an evaluation round is due.
var DefaultReminderLeads = []time.Duration{7 * 24 * time.Hour, 24 * time.Hour}

// roundsPerRun bounds the history: after this many rounds the schedule
// continues as new.
const roundsPerRun = 4

// EvaluationInput starts (or continues) a policy's evaluation schedule.
type EvaluationInput struct {
	PolicyID      int64
	Title         string
	UnitIDs       []int64
	CadenceMonths int
	Start         time.Time // implementation start: round n is due Start + n×cadence
	Round         int       // the next round
	ReminderLeads []time.Duration
}

// Due returns when round n is due.
func (in EvaluationInput) Due(n int) time.Time { return in.Start.AddDate(0, in.CadenceMonths*n, 0) }

// EvaluationScheduleWorkflow opens an evaluation round for every responsible
// unit on the policy's cadence, reminds the units that have not reported
// before the due date, and when a round falls due marks what is missing
// overdue and escalates it to the unit head. Rounds keep coming until the
// policy is revised or archived (the workflow is cancelled); it continues
// as new every few rounds so its history stays small.
func EvaluationScheduleWorkflow(ctx workflow.Context, in EvaluationInput) error {
	id := workflow.GetInfo(ctx).WorkflowExecution.ID
	link := policyLink(in.PolicyID, "/evaluations")
	for i := 0; i < roundsPerRun; i++ {
		n := in.Round + i
		due := in.Due(n)
		if err := workflow.ExecuteActivity(withActivities(ctx), a.CreateRounds, activities.RoundsInput{
			PolicyID: in.PolicyID, Number: n, DueAt: due, UnitIDs: in.UnitIDs}).Get(ctx, nil); err != nil {
			return err
		}
		for j, lead := range in.ReminderLeads {
			if err := sleepUntil(ctx, due.Add(-lead)); err != nil {
				return stopped(err)
			}
			if n == 1 && j == 0 {
				reportToParent(ctx, in.PolicyID, ChildEvent{Kind: EventEvaluationDue, WorkflowID: id, Round: n, Due: due})
			}
			days := int(lead / (24 * time.Hour))
			if err := workflow.ExecuteActivity(withActivities(ctx), a.RemindRounds, activities.RemindRoundsInput{
				PolicyID: in.PolicyID, Round: n, Key: fmt.Sprintf("%s-r%d-h%d", id, n, days), Kind: policies.NoticeEvaluationReminder,
				Subject: fmt.Sprintf("H-%d evaluasi putaran %d: %s", days, n, in.Title),
				Body:    fmt.Sprintf("Evaluasi putaran %d jatuh tempo %s. Mohon isi survei unit Anda.", n, due.Format("02-01-2006")),
				Link:    link}).Get(ctx, nil); err != nil {
				return err
			}
		}
		if err := sleepUntil(ctx, due); err != nil {
			return stopped(err)
		}
		if err := workflow.ExecuteActivity(withActivities(ctx), a.RemindRounds, activities.RemindRoundsInput{
			PolicyID: in.PolicyID, Round: n, Key: fmt.Sprintf("%s-r%d-overdue", id, n), Overdue: true, Kind: policies.NoticeEvaluationOverdue,
			Subject: fmt.Sprintf("Terlambat: evaluasi putaran %d %s", n, in.Title),
			Body:    fmt.Sprintf("Evaluasi putaran %d jatuh tempo %s dan belum diisi unit Anda.", n, due.Format("02-01-2006")),
			Link:    link}).Get(ctx, nil); err != nil {
			return err
		}
	}
	next := in
	next.Round = in.Round + roundsPerRun
	return workflow.NewContinueAsNewError(ctx, EvaluationScheduleWorkflow, next)
}

// sleepUntil waits on a durable timer until t (at once if t has passed).
func sleepUntil(ctx workflow.Context, t time.Time) error {
	if d := t.Sub(workflow.Now(ctx)); d > 0 {
		return workflow.Sleep(ctx, d)
	}
	return nil
}

// stopped ends the schedule quietly when it was cancelled (revision, archive).
func stopped(err error) error {
	if temporal.IsCanceledError(err) {
		return nil
	}
	return err
}
