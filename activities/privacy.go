package activities

import (
	"context"

	"github.com/policyflow/policyflow/policies"
)

// PurgeExpired deletes or clears one batch of a kind of personal data past
// its retention (workflows.PurgeWorkflow). Running it again deletes nothing
// it already deleted: the batch is chosen by the moment the workflow gives.
func (a *Activities) PurgeExpired(ctx context.Context, b policies.PurgeBatch) (int, error) {
	if r, ok := a.Retention.Of(b.Kind); ok && b.Days == 0 {
		b.Days = r.Days // the installation's (RETENTION_DAYS)
	}
	n, err := a.Store.PurgeExpired(ctx, b)
	return n, nonRetryable(err)
}

// RecordPurge keeps a purge run's report, which the retention page shows.
func (a *Activities) RecordPurge(ctx context.Context, r policies.PurgeReport) error {
	return nonRetryable(a.Store.RecordPurge(ctx, r))
}
