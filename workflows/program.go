package workflows

import (
	"fmt"
	"github.com/policyflow/policyflow/policies"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/policyflow/policyflow/activities"
)

// ProgramInput starts the workflow of one training program.
type ProgramInput struct {
	PolicyID, ProgramID, UnitID int64
	Title                       string
	StartsAt, EndsAt            time.Time
	JP                          int
}

// ProgramWorkflow follows one training program: at its start it tells the
// organising unit, at its end it asks the unit for the attendance report.
// Both moments are durable timers.
func ProgramWorkflow(ctx workflow.Context, in ProgramInput) error {
	id := workflow.GetInfo(ctx).WorkflowExecution.ID
	link := policyLink(in.PolicyID, fmt.Sprintf("/programs/%d", in.ProgramID))
	for _, step := range []struct {
		at      time.Time
		kind    policies.NotificationKind
		subject string
		body    string
	}{
		{in.StartsAt, policies.NoticeProgramStart, "Program dimulai: " + in.Title,
			fmt.Sprintf("Program %s (%d JP) dimulai %s.", in.Title, in.JP, in.StartsAt.Format("02-01-2006"))},
		{in.EndsAt, policies.NoticeProgramAttendance, "Laporan kehadiran: " + in.Title,
			fmt.Sprintf("Program %s selesai %s. Mohon kirim laporan kehadiran dan kelulusan peserta.", in.Title, in.EndsAt.Format("02-01-2006"))},
	} {
		if d := step.at.Sub(workflow.Now(ctx)); d > 0 {
			if err := workflow.Sleep(ctx, d); err != nil {
				if temporal.IsCanceledError(err) {
					return nil
				}
				return err
			}
		}
		var c activities.UnitContacts
		if err := workflow.ExecuteActivity(withActivities(ctx), a.LoadUnitContacts, in.UnitID).Get(ctx, &c); err != nil {
			return err
		}
		if err := notify(ctx, activities.NotifyInput{Key: id + "-" + string(step.kind), PolicyID: in.PolicyID, UserIDs: c.Officers,
			Kind: step.kind, Subject: step.subject, Body: step.body, Link: link}); err != nil {
			return err
		}
	}
	return nil
}
