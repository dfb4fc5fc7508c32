package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/lib/pq"

	"github.com/policyflow/policyflow/policies"
)

// The outbox as its deliverer sees it (policies.OutboxStore): claiming due
// rows, marking each channel and the row, retrying with backoff. The rows
// are written in notification.go; the daily digests are in digest.go.

// unitWebhook is the recipient's unit webhook URL when the notification is
// about a unit's work, NULL otherwise. It expects notifications n, users u
// and units un (u.unit_id) in scope.
const unitWebhook = `CASE WHEN n.kind ~ '^(evaluation|program)_' THEN un.webhook_url END`

// unsubscribeCategory is the unsubscribe category of a notification n's
// kind, as policies.UnsubscribeCategoryOf has it ('all' for the kinds that
// are in no narrower category; transactional kinds are decided before).
const unsubscribeCategory = `CASE WHEN n.kind IN ('comment_reply', 'comment_answered', 'comment_moderated', 'suggestion_accepted') THEN 'comments'
	WHEN n.kind IN ('consultation_invitation', 'consultation_reminder') THEN 'consultation' ELSE 'all' END`

// oneTimeLink is the kinds whose link is a one-time link to set a password
// (an invitation, a reset): the token in it is a password to whoever reads
// it. Only the deliverer reads it, to email it: the inbox never shows it
// (Notifications), and once the email is sent, refused for good, or not
// to be sent at all, the row keeps the message without it (redactLink).
const oneTimeLink = `kind IN ('invitation', 'password_reset')`

// endClaim is the SET clause that ends a deliverer's claim on a row
// (ClaimBatch): the marks that end its work on the row for this attempt
// (delivered, failed, left for the digest, given back) include it.
const endClaim = `claimed_until = NULL, claimed_by = NULL`

// redactLink is the SET clause that drops a one-time link from a row its
// deliverer is done emailing; the person's copy is the email.
const redactLink = `link = CASE WHEN ` + oneTimeLink + ` THEN '' ELSE link END`

// ClaimBatch takes up to limit due, undelivered rows for deliverer by: in
// one short statement it locks them (FOR UPDATE SKIP LOCKED, so concurrent
// deliverers never wait for or take the same rows) and moves their
// next_attempt_at to now+lease, so they are not due for anyone else
// until the lease ends; claimed_until and claimed_by say that it holds
// them (migration 0062), until a mark that ends its work on the row
// (endClaim). Rows come oldest due first.
func (s *DB) ClaimBatch(ctx context.Context, by string, limit int, now time.Time, lease time.Duration) ([]policies.Outgoing, error) {
	var out []policies.Outgoing
	err := s.q.SelectContext(ctx, &out, `WITH due AS (
			SELECT id FROM notifications
			WHERE delivered_at IS NULL AND next_attempt_at <= $1
			ORDER BY next_attempt_at, id
			LIMIT $2
			FOR UPDATE SKIP LOCKED),
		claimed AS (
			UPDATE notifications n SET next_attempt_at = $1::timestamptz + make_interval(secs => $3),
				claimed_until = $1::timestamptz + make_interval(secs => $3), claimed_by = $4
			FROM due WHERE n.id = due.id
			RETURNING n.*)
		SELECT n.id, n.dedup_key, coalesce(n.user_id, 0) AS user_id, n.policy_id, n.kind, n.subject, n.body, n.link, n.created_at,
			n.delivered_at, n.read_at, n.attempts, n.emailed_at, n.email_refused_at, n.webhook_at,
			coalesce(u.email, n.email) AS email, coalesce(u.name, '') AS name, coalesce(u.lang, 'id') AS lang,
			-- Nothing is emailed to a deactivated person (the inbox keeps it),
			-- also when the row names only their address; a one-time link to
			-- set a password is emailed at once, whatever the mode. An address
			-- that unsubscribed from the row's category (or from all) gets no
			-- email of it. A row for an address alone is emailed at once.
			CASE WHEN u.deactivated_at IS NOT NULL OR ua.deactivated_at IS NOT NULL THEN 'none'
				WHEN n.kind IN ('invitation', 'password_reset', 'erasure_decision') THEN 'immediate'
				WHEN EXISTS (SELECT 1 FROM unsubscribes x WHERE x.email = lower(coalesce(u.email, n.email))
					AND x.category IN ('all', `+unsubscribeCategory+`)) THEN 'none'
				ELSE coalesce(u.notify_mode, 'immediate') END AS notify_mode,
			coalesce(`+unitWebhook+`, '') AS webhook_url,
			coalesce(CASE WHEN `+unitWebhook+` IS NOT NULL THEN un.webhook_secret END, '') AS webhook_secret,
			coalesce(rg.time_zone, 'WIB') AS time_zone
		FROM claimed n LEFT JOIN users u ON u.id = n.user_id LEFT JOIN units un ON un.id = u.unit_id
			LEFT JOIN regions rg ON rg.id = u.region_id
			LEFT JOIN LATERAL (SELECT bool_or(deactivated_at IS NOT NULL) AS deactivated_at FROM users
				WHERE n.user_id IS NULL AND lower(users.email) = lower(n.email) AND deactivated_at IS NOT NULL) ua ON true
		ORDER BY n.id`, now, limit, lease.Seconds(), truncate(by, 200))
	if err != nil {
		return nil, fmt.Errorf("postgres: claim notifications: %w", mapErr(err))
	}
	return out, nil
}

// MarkEmailRefused records that the mail server refused the row's recipient
// for good (reason is its answer): the email is not tried again.
func (s *DB) MarkEmailRefused(ctx context.Context, id int64, reason string, at time.Time) error {
	_, err := s.db.ExecContext(ctx, `UPDATE notifications SET email_refused_at = coalesce(email_refused_at, $2), last_error = $3,
		`+redactLink+` WHERE id = $1`, id, at, truncate(reason, 2000))
	if err != nil {
		return fmt.Errorf("postgres: notification %d: email refused: %w", id, mapErr(err))
	}
	return nil
}

// MarkEmailed records that the row's email was accepted by the mail server.
// Marking twice keeps the first time.
func (s *DB) MarkEmailed(ctx context.Context, id int64, at time.Time) error {
	return s.markNotification(ctx, id, "emailed", `UPDATE notifications SET emailed_at = coalesce(emailed_at, $2), `+redactLink+` WHERE id = $1`, at)
}

// MarkWebhooked records that the unit's webhook answered 2xx for the row.
// Marking twice keeps the first time.
func (s *DB) MarkWebhooked(ctx context.Context, id int64, at time.Time) error {
	return s.markNotification(ctx, id, "webhooked", `UPDATE notifications SET webhook_at = coalesce(webhook_at, $2) WHERE id = $1`, at)
}

// MarkDelivered records that every channel of the row is done. Marking twice
// keeps the first time.
func (s *DB) MarkDelivered(ctx context.Context, id int64, at time.Time) error {
	return s.markNotification(ctx, id, "delivered", `UPDATE notifications SET delivered_at = coalesce(delivered_at, $2), `+endClaim+`, `+redactLink+` WHERE id = $1`, at)
}

// MarkEmailedDelivered records that the rows' emails were sent and were
// their last channel, in one statement for all of them (the deliverer
// groups the marks of its connections). Marking twice keeps the first
// times.
func (s *DB) MarkEmailedDelivered(ctx context.Context, ids []int64, at time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := s.db.ExecContext(ctx, `UPDATE notifications
		SET emailed_at = coalesce(emailed_at, $2), delivered_at = coalesce(delivered_at, $2), `+endClaim+`, `+redactLink+`
		WHERE id = ANY($1)`, pq.Array(ids), at)
	if err != nil {
		return fmt.Errorf("postgres: notifications %v: emailed and delivered: %w", ids, mapErr(err))
	}
	return nil
}

// WaitForDigest leaves a row whose email goes in the daily digest alone
// until the given time (the next digest); the digest itself does not need
// the row to be due. A row already in a digest keeps its next attempt;
// either way the deliverer's claim ends.
func (s *DB) WaitForDigest(ctx context.Context, id int64, until time.Time) error {
	return s.markNotification(ctx, id, "wait for digest", `UPDATE notifications
		SET next_attempt_at = CASE WHEN delivered_at IS NULL AND emailed_at IS NULL THEN $2 ELSE next_attempt_at END, `+endClaim+`
		WHERE id = $1`, until)
}

// Release makes claimed rows due again at once, for a deliverer that stops
// before it has handled its whole batch (so they need not wait for the
// lease to end). claimedAt is the now the batch was claimed with: only rows
// still under that lease are released, not those delivered, waiting for a
// retry or for the digest.
func (s *DB) Release(ctx context.Context, ids []int64, claimedAt, now time.Time, lease time.Duration) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := s.db.ExecContext(ctx, `UPDATE notifications SET next_attempt_at = $2, `+endClaim+`
		WHERE id = ANY($1) AND delivered_at IS NULL
		AND next_attempt_at = $3::timestamptz + make_interval(secs => $4)`, pq.Array(ids), now, claimedAt, lease.Seconds())
	if err != nil {
		return fmt.Errorf("postgres: release notifications: %w", mapErr(err))
	}
	return nil
}

func (s *DB) markNotification(ctx context.Context, id int64, what, query string, at time.Time) error {
	if _, err := s.db.ExecContext(ctx, query, id, at); err != nil {
		return fmt.Errorf("postgres: notification %d: %s: %w", id, what, mapErr(err))
	}
	return nil
}

// MarkFailed records a failed attempt at the row: it counts it, keeps the
// error, and makes the row due again after policies.RetryDelay(attempts), computed
// from now, ending the deliverer's claim. It returns when the row is due
// again.
func (s *DB) MarkFailed(ctx context.Context, id int64, reason string, now time.Time) (time.Time, error) {
	return s.retryLater(ctx, "notifications", "notification", endClaim+", ", id, reason, now)
}

// retryLater counts a failed attempt at row id of table (notifications or
// digests, a row of which an error calls noun), keeps the error, and makes
// the row due again after policies.RetryDelay(attempts) from now; it
// returns when. set is more of the SET clause, ending in ", " ("" for none).
func (s *DB) retryLater(ctx context.Context, table, noun, set string, id int64, reason string, now time.Time) (time.Time, error) {
	var next time.Time
	err := s.q.GetContext(ctx, &next, `UPDATE `+table+` SET `+set+`attempts = attempts + 1, last_error = $2,
		next_attempt_at = $3::timestamptz + make_interval(secs => least($4::float8, $5::float8 * power(2, least(attempts, 30))))
		WHERE id = $1 RETURNING next_attempt_at`,
		id, truncate(reason, 2000), now, policies.MaxRetryDelay.Seconds(), policies.FirstRetryDelay.Seconds())
	if err != nil {
		return next, fmt.Errorf("postgres: %s %d: failed: %w", noun, id, mapErr(err))
	}
	return next, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 { // do not cut a UTF-8 sequence
		n--
	}
	return s[:n]
}
