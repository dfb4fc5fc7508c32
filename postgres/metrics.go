package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// OutboxBacklog counts the undelivered notifications per delivery channel
// and the age of the oldest (by the database clock), for /metrics. A row
// waits on "email" while its immediate email is not sent (nor refused for
// good), on "digest" while it waits for its reader's daily digest, and on
// "webhook" while its unit's webhook is not called; a row may wait on two.
// It reads only undelivered rows (the partial index notifications_undelivered).
func (s *DB) OutboxBacklog(ctx context.Context) ([]policies.OutboxBacklog, error) {
	var rows []struct {
		Channel string  `db:"channel"`
		Depth   int     `db:"depth"`
		Age     float64 `db:"age"`
	}
	err := s.q.SelectContext(ctx, &rows, `SELECT c.channel, count(*) AS depth,
			coalesce(extract(epoch FROM now() - min(n.created_at)), 0)::float8 AS age
		FROM notifications n LEFT JOIN users u ON u.id = n.user_id LEFT JOIN units un ON un.id = u.unit_id
		CROSS JOIN LATERAL (VALUES
			(CASE WHEN n.emailed_at IS NULL AND n.email_refused_at IS NULL THEN
				CASE WHEN n.kind IN ('invitation', 'password_reset') THEN 'email'
					WHEN coalesce(u.notify_mode, 'immediate') = 'immediate' THEN 'email'
					WHEN u.notify_mode = 'digest' THEN 'digest' END END),
			(CASE WHEN n.webhook_at IS NULL AND `+unitWebhook+` IS NOT NULL THEN 'webhook' END)) c(channel)
		WHERE n.delivered_at IS NULL AND c.channel IS NOT NULL
		GROUP BY c.channel`)
	if err != nil {
		return nil, fmt.Errorf("postgres: outbox backlog: %w", mapErr(err))
	}
	out := make([]policies.OutboxBacklog, len(rows))
	for i, r := range rows {
		out[i] = policies.OutboxBacklog{Channel: r.Channel, Depth: r.Depth, OldestAge: time.Duration(r.Age * float64(time.Second))}
	}
	return out, nil
}

// ApprovalBacklog counts the approval runs that have not ended and how long
// the longest-waiting one has waited for a decision (by the database clock):
// since the run's last decision, or since it began. For /metrics, where an
// alert names an approval waiting past what any region's escalation allows.
func (s *DB) ApprovalBacklog(ctx context.Context) (policies.ApprovalBacklog, error) {
	var r struct {
		Open int     `db:"open"`
		Wait float64 `db:"wait"`
	}
	err := s.q.GetContext(ctx, &r, `SELECT count(*) AS open,
			coalesce(extract(epoch FROM now() - min(coalesce(
				(SELECT max(d.created_at) FROM decisions d WHERE d.approval_run_id = ar.id), ar.started_at))), 0)::float8 AS wait
		FROM approval_runs ar WHERE ar.ended_at IS NULL`)
	if err != nil {
		return policies.ApprovalBacklog{}, fmt.Errorf("postgres: approval backlog: %w", mapErr(err))
	}
	return policies.ApprovalBacklog{Open: r.Open, OldestWait: time.Duration(r.Wait * float64(time.Second))}, nil
}
