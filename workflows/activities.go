package workflows

// How the workflows call their activities (package activities): the
// options of the two kinds, and the calls several workflows share.

import (
	"strconv"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/policyflow/policyflow/activities"
	"github.com/policyflow/policyflow/i18n"
	"github.com/policyflow/policyflow/policies"
)

// a names activity methods for ExecuteActivity; the worker registers the
// real struct, so a nil receiver is never called.
var a *activities.Activities

// withActivities is for activities off the user's path (notifications,
// timers' work): retried until they succeed, backing off to a minute.
func withActivities(ctx workflow.Context) workflow.Context {
	return workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 30 * time.Second,
		RetryPolicy: &temporal.RetryPolicy{
			InitialInterval:    time.Second,
			BackoffCoefficient: 2,
			MaximumInterval:    time.Minute,
		},
	})
}

// withLocal is for the short writes inside Update handlers: local
// activities, with no task-queue hop, so a person sees the outcome at once.
// They give up after 30 s, and the Update then fails with nothing changed
// in the workflow's state.
func withLocal(ctx workflow.Context) workflow.Context {
	return workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{
		StartToCloseTimeout:    10 * time.Second,
		ScheduleToCloseTimeout: 30 * time.Second,
		RetryPolicy: &temporal.RetryPolicy{
			InitialInterval:    200 * time.Millisecond,
			BackoffCoefficient: 2,
			MaximumInterval:    5 * time.Second,
		},
	})
}

// notify writes a message for each recipient to the outbox.
func notify(ctx workflow.Context, in activities.NotifyInput) error {
	if len(in.UserIDs) == 0 {
		return nil
	}
	return workflow.ExecuteActivity(withActivities(ctx), a.Notify, in).Get(ctx, nil)
}

// setStatusLocal records a status change from inside an Update handler.
func setStatusLocal(ctx workflow.Context, in policies.StatusChange) error {
	return workflow.ExecuteLocalActivity(withLocal(ctx), a.SetStatus, in).Get(ctx, nil)
}

// setStatus records a status change from the workflow's own timeline.
func setStatus(ctx workflow.Context, in policies.StatusChange) error {
	return workflow.ExecuteActivity(withActivities(ctx), a.SetStatus, in).Get(ctx, nil)
}

// noticeDate is a moment as a notice says it: the date and time in the
// region's zone with the zone's name, "9 Maret 2026 10.00 WIT" (the
// pages' own words for a moment, i18n.Locale.Date). Without a zone (a
// workflow started before its input carried one) the moment's own offset
// names it, as those workflows did.
func noticeDate(t time.Time, zone policies.TimeZone) string {
	if !zone.Valid() {
		zone = policies.TimeZone(policies.InZone(t).Location().String())
	}
	s, _ := i18n.Locale{Lang: i18n.ID, Zone: zone}.Date(t) // a time.Time never fails
	return s
}

func policyLink(id int64, suffix string) string {
	return "/policies/" + itoa(id) + suffix
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
