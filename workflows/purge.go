package workflows

import (
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/policyflow/policyflow/policies"
)

// The purge of personal data past its retention (UU 27/2022 Pasal 16 ayat
// (2) huruf g, Pasal 42–44; docs/PRIVACY.md). A Temporal Schedule
// (PurgeScheduleID, made by worker.EnsurePurgeSchedule) starts a
// PurgeWorkflow every day; each run deletes or clears, kind by kind and in
// batches, the rows that ended before the run's moment less their
// retention, and keeps its counts. The moment is the workflow's own
// (workflow.Now), passed to every batch, so a retried batch or a second run
// of the same day deletes nothing a first one did not.

// Names of the purge's schedule and its runs.
const (
	PurgeScheduleID = "privacy-purge"
	PurgeWorkflowID = "privacy-purge-run"
	// PurgeEvery is how often the schedule starts a run.
	PurgeEvery = 24 * time.Hour
	// PurgeOffset places the daily run at 02:00 WIB (19:00 UTC), the
	// quietest hour of the regions' working days.
	PurgeOffset = 19 * time.Hour
	// purgeBatch rows go per activity: short transactions that hold no lock long.
	purgeBatch = 500
	// purgeMaxBatches bounds one kind's work per run (and the run's
	// history); what is left waits for the next day's run.
	purgeMaxBatches = 200
)

// PurgeInput starts a purge run. It carries nothing today: the rules are
// the code's defaults and the regions' own, read by the activities.
type PurgeInput struct{}

// PurgeWorkflow deletes or clears every kind of personal data past its
// retention and reports the counts per kind.
func PurgeWorkflow(ctx workflow.Context, _ PurgeInput) (policies.PurgeReport, error) {
	rep := policies.PurgeReport{RanAt: workflow.Now(ctx), Counts: map[policies.RetentionKind]int{}}
	actx := withActivities(ctx)
	for _, rule := range policies.DefaultRetention {
		for range purgeMaxBatches {
			var n int
			b := policies.PurgeBatch{Kind: rule.Kind, Now: rep.RanAt, Limit: purgeBatch}
			if err := workflow.ExecuteActivity(actx, a.PurgeExpired, b).Get(ctx, &n); err != nil {
				return rep, err
			}
			rep.Counts[rule.Kind] += n
			if n < purgeBatch {
				break
			}
		}
	}
	if err := workflow.ExecuteActivity(actx, a.RecordPurge, rep).Get(ctx, nil); err != nil {
		return rep, err
	}
	workflow.GetLogger(ctx).Info("purge done", "counts", rep.Counts)
	return rep, nil
}
