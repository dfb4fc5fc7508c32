package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/policyflow/policyflow/policies"
)

// DueDigests claims the digests to send now (at most limit). The first time
// it runs in a digest day of a zone (starting at hour o'clock in WIB, WITA
// or WIT: policies.DigestDay), it writes that day's digest for every
// 'digest' user whose region keeps that zone (WIB for someone with no
// region) with an undelivered, un-emailed notification from before the
// day began; a user gets at most one per day
// (one row per user and day, whoever writes it). Unsent digests are claimed
// like outbox rows: locked with SKIP LOCKED and leased like them. Each
// comes with the user's notifications waiting for it, oldest first; a digest
// with none (the user changed mode) is to be marked sent without an email.
func (s *DB) DueDigests(ctx context.Context, now time.Time, hour, limit int, lease time.Duration) ([]policies.Digest, error) {
	var ds []policies.Digest
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		for _, zone := range []policies.TimeZone{policies.ZoneWIB, policies.ZoneWITA, policies.ZoneWIT} {
			day, start := policies.DigestDay(now, hour, zone)
			if _, err := tx.ExecContext(ctx, `INSERT INTO digests (user_id, day, next_attempt_at)
				SELECT DISTINCT n.user_id, $1::date, $3::timestamptz FROM notifications n JOIN users u ON u.id = n.user_id
				LEFT JOIN regions r ON r.id = u.region_id
				WHERE u.notify_mode = 'digest' AND u.deactivated_at IS NULL AND n.delivered_at IS NULL AND n.emailed_at IS NULL
				AND n.created_at < $2 AND coalesce(r.time_zone, 'WIB') = $4
				ON CONFLICT (user_id, day) DO NOTHING`, day, start, now, zone); err != nil {
				return err
			}
		}
		return tx.SelectContext(ctx, &ds, `WITH due AS (
				SELECT id FROM digests WHERE sent_at IS NULL AND next_attempt_at <= $1
				ORDER BY next_attempt_at, id LIMIT $2 FOR UPDATE SKIP LOCKED),
			claimed AS (
				UPDATE digests d SET next_attempt_at = $1::timestamptz + make_interval(secs => $3)
				FROM due WHERE d.id = due.id RETURNING d.*)
			SELECT d.id, d.user_id, d.day, d.attempts, u.email, u.name, u.lang
			FROM claimed d JOIN users u ON u.id = d.user_id ORDER BY d.id`, now, limit, lease.Seconds())
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: due digests: %w", mapErr(err))
	}
	for i := range ds {
		err := s.q.SelectContext(ctx, &ds[i].Items, `SELECT n.id, n.dedup_key, n.user_id, n.policy_id, n.kind, n.subject,
			n.body, n.link, n.created_at, n.delivered_at, n.read_at
			FROM notifications n JOIN users u ON u.id = n.user_id
			WHERE n.user_id = $1 AND u.notify_mode = 'digest' AND u.deactivated_at IS NULL AND n.delivered_at IS NULL AND n.emailed_at IS NULL
			-- Unsubscribed from its category: left out, delivered without email when next claimed.
			AND NOT EXISTS (SELECT 1 FROM unsubscribes x WHERE x.email = lower(u.email) AND x.category IN ('all', `+unsubscribeCategory+`))
			ORDER BY n.id LIMIT 500`, ds[i].UserID)
		if err != nil {
			return nil, fmt.Errorf("postgres: digest %d: %w", ds[i].ID, mapErr(err))
		}
	}
	return ds, nil
}

// MarkDigested records that a digest was sent (or had nothing to send): the
// digest is sent, and each notification it listed is emailed, in it, and
// delivered unless its unit webhook is still to be called. Marking twice
// keeps the first times.
func (s *DB) MarkDigested(ctx context.Context, d policies.Digest, at time.Time) error {
	ids := make([]int64, len(d.Items))
	for i, n := range d.Items {
		ids[i] = n.ID
	}
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE digests SET sent_at = coalesce(sent_at, $2),
			count = CASE WHEN sent_at IS NULL THEN $3 ELSE count END WHERE id = $1`, d.ID, at, len(ids)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE notifications n SET emailed_at = coalesce(n.emailed_at, $2),
			digest_id = coalesce(n.digest_id, $3),
			link = CASE WHEN n.`+oneTimeLink+` THEN '' ELSE n.link END, -- sent: the email is the copy (redactLink)
			delivered_at = coalesce(n.delivered_at, CASE WHEN n.webhook_at IS NOT NULL OR `+unitWebhook+` IS NULL THEN $2::timestamptz END)
			FROM users u LEFT JOIN units un ON un.id = u.unit_id
			WHERE n.id = ANY($1) AND u.id = n.user_id`, pq.Array(ids), at, d.ID)
		return err
	})
	if err != nil {
		return fmt.Errorf("postgres: digest %d: sent: %w", d.ID, mapErr(err))
	}
	return nil
}

// MarkDigestFailed records a failed attempt at a digest, with the same
// backoff as MarkFailed, and returns when it is due again.
func (s *DB) MarkDigestFailed(ctx context.Context, id int64, reason string, now time.Time) (time.Time, error) {
	return s.retryLater(ctx, "digests", "digest", "", id, reason, now)
}
