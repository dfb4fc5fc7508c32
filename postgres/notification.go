package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/policyflow/policyflow/policies"
)

// EnqueueNotification writes a message to the outbox once per de-duplication
// key; it reports whether this call wrote it. The recipient is a person
// (UserID) or, for someone without an account, an address (Email): exactly
// one of them.
func (s *DB) EnqueueNotification(ctx context.Context, n policies.Notification) (bool, error) {
	n.Email = strings.TrimSpace(n.Email)
	if (n.UserID == 0) == (n.Email == "") {
		return false, policies.FieldError("email", "pemberitahuan harus ditujukan ke satu pengguna atau satu alamat email")
	}
	var user *int64
	var email *string
	if n.UserID != 0 {
		user = &n.UserID
	} else {
		email = &n.Email
	}
	res, err := s.db.ExecContext(ctx, `INSERT INTO notifications (dedup_key, user_id, email, policy_id, kind, subject, body, link)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (dedup_key) DO NOTHING`,
		n.DedupKey, user, email, n.PolicyID, n.Kind, n.Subject, n.Body, n.Link)
	if err != nil {
		return false, fmt.Errorf("postgres: notification %q: %w", n.DedupKey, mapErr(err))
	}
	k, _ := res.RowsAffected()
	return k == 1, nil
}

// EnqueueNotifications writes many messages, each once per de-duplication
// key, with one INSERT per thousand (in the order given, so the deliverer
// takes them in that order), and returns how many it wrote. Every message
// is checked as EnqueueNotification checks one, before anything is written.
func (s *DB) EnqueueNotifications(ctx context.Context, ns []policies.Notification) (int, error) {
	const chunk = 1000
	written := 0
	for len(ns) > 0 {
		part := ns[:min(chunk, len(ns))]
		ns = ns[len(part):]
		var keys, emails, kinds, subjects, bodies, links []string
		var users, pols []int64
		for _, n := range part {
			n.Email = strings.TrimSpace(n.Email)
			if (n.UserID == 0) == (n.Email == "") {
				return written, policies.FieldError("email", "pemberitahuan harus ditujukan ke satu pengguna atau satu alamat email")
			}
			var pol int64
			if n.PolicyID != nil {
				pol = *n.PolicyID
			}
			keys, users, emails, pols = append(keys, n.DedupKey), append(users, n.UserID), append(emails, n.Email), append(pols, pol)
			kinds, subjects, bodies, links = append(kinds, string(n.Kind)), append(subjects, n.Subject), append(bodies, n.Body), append(links, n.Link)
		}
		res, err := s.db.ExecContext(ctx, `INSERT INTO notifications (dedup_key, user_id, email, policy_id, kind, subject, body, link)
			SELECT k, nullif(u, 0), nullif(e, ''), nullif(p, 0), kd, sj, b, l
			FROM unnest($1::text[], $2::bigint[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::text[])
				WITH ORDINALITY AS m(k, u, e, p, kd, sj, b, l, ord)
			ORDER BY ord
			ON CONFLICT (dedup_key) DO NOTHING`,
			pq.Array(keys), pq.Array(users), pq.Array(emails), pq.Array(pols), pq.Array(kinds), pq.Array(subjects), pq.Array(bodies), pq.Array(links))
		if err != nil {
			return written, fmt.Errorf("postgres: %d notifications from %q: %w", len(part), part[0].DedupKey, mapErr(err))
		}
		k, _ := res.RowsAffected()
		written += int(k)
	}
	return written, nil
}

// Notifications returns a user's notifications, newest first.
func (s *DB) Notifications(ctx context.Context, userID int64) ([]policies.Notification, error) {
	var ns []policies.Notification
	err := s.db.SelectContext(ctx, &ns, `SELECT id, dedup_key, user_id, policy_id, kind, subject, body, link,
		created_at, delivered_at, read_at FROM notifications WHERE user_id = $1 ORDER BY id DESC`, userID)
	return ns, mapErr(err)
}

// UnreadCount counts a user's unread notifications.
func (s *DB) UnreadCount(ctx context.Context, userID int64) (int, error) {
	var n int
	if err := s.db.GetContext(ctx, &n, `SELECT count(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL`, userID); err != nil {
		return 0, fmt.Errorf("postgres: user %d: unread: %w", userID, mapErr(err))
	}
	return n, nil
}

// MarkRead marks one of a user's notifications read (keeping the first
// reading time); another user's notification is not found.
func (s *DB) MarkRead(ctx context.Context, userID, notificationID int64) error {
	res, err := s.db.ExecContext(ctx, `UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE id = $1 AND user_id = $2`,
		notificationID, userID)
	if err != nil {
		return fmt.Errorf("postgres: notification %d: %w", notificationID, mapErr(err))
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return policies.Errorf(policies.KindNotFound, "notifikasi %d tidak ditemukan", notificationID)
	}
	return nil
}

// SetNotifyMode sets how a user receives notifications: immediate, digest or
// none. Choosing email again (immediate or digest) is the way back from
// having unsubscribed from all email: it undoes that for their address.
func (s *DB) SetNotifyMode(ctx context.Context, userID int64, mode policies.NotifyMode) error {
	if !mode.Valid() {
		return policies.FieldError("notify_mode", "pilihan %q tidak dikenal", mode)
	}
	return mapErr(s.Transact(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET notify_mode = $2 WHERE id = $1`, userID, mode); err != nil {
			return err
		}
		if mode == policies.NotifyNone {
			return nil
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM unsubscribes x USING users u
			WHERE u.id = $1 AND x.email = lower(u.email) AND x.category = 'all'`, userID)
		return err
	}))
}

// NotifyMode returns how a user receives notifications.
func (s *DB) NotifyMode(ctx context.Context, userID int64) (policies.NotifyMode, error) {
	var m policies.NotifyMode
	err := s.db.GetContext(ctx, &m, `SELECT notify_mode FROM users WHERE id = $1`, userID)
	return m, mapErr(err)
}

// UnitWebhook returns the webhook URL of a unit, "" when it has none.
func (s *DB) UnitWebhook(ctx context.Context, unitID int64) (string, error) {
	var u string
	err := s.db.GetContext(ctx, &u, `SELECT coalesce(webhook_url, '') FROM units WHERE id = $1`, unitID)
	if err != nil {
		return "", fmt.Errorf("postgres: unit %d: webhook: %w", unitID, mapErr(err))
	}
	return u, nil
}

// SetUnitWebhook gives a unit a webhook URL signed with secret, or, with
// url "", removes it.
func (s *DB) SetUnitWebhook(ctx context.Context, unitID int64, url, secret string) error {
	var u, sec *string
	if url != "" {
		u, sec = &url, &secret
	}
	res, err := s.db.ExecContext(ctx, `UPDATE units SET webhook_url = $2, webhook_secret = $3 WHERE id = $1`, unitID, u, sec)
	if err != nil {
		return fmt.Errorf("postgres: unit %d: webhook: %w", unitID, mapErr(err))
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return policies.Errorf(policies.KindNotFound, "unit %d tidak ditemukan", unitID)
	}
	return nil
}

// unitWebhook is the recipient's unit webhook URL when the notification is
// about a unit's work, NULL otherwise. It expects notifications n, users u
// and units un (u.unit_id) in scope.
const unitWebhook = `CASE WHEN n.kind ~ '^(evaluation|program)_' THEN un.webhook_url END`

// unsubscribeCategory is the unsubscribe category of a notification n's
// kind, as policies.UnsubscribeCategoryOf has it ('all' for the kinds that
// are in no narrower category; transactional kinds are decided before).
const unsubscribeCategory = `CASE WHEN n.kind IN ('comment_reply', 'comment_answered', 'comment_moderated', 'suggestion_accepted') THEN 'comments'
	WHEN n.kind IN ('consultation_invitation', 'consultation_reminder') THEN 'consultation' ELSE 'all' END`

// ClaimBatch takes up to limit due, undelivered rows for this deliverer: in
// one short statement it locks them (FOR UPDATE SKIP LOCKED, so concurrent
// deliverers never wait for or take the same rows) and moves their
// next_attempt_at to now+policies.ClaimLease, so they are not due for anyone else
// until the lease ends. Rows come oldest due first.
func (s *DB) ClaimBatch(ctx context.Context, limit int, now time.Time) ([]policies.Outgoing, error) {
	var out []policies.Outgoing
	err := s.db.SelectContext(ctx, &out, `WITH due AS (
			SELECT id FROM notifications
			WHERE delivered_at IS NULL AND next_attempt_at <= $1
			ORDER BY next_attempt_at, id
			LIMIT $2
			FOR UPDATE SKIP LOCKED),
		claimed AS (
			UPDATE notifications n SET next_attempt_at = $1::timestamptz + make_interval(secs => $3)
			FROM due WHERE n.id = due.id
			RETURNING n.*)
		SELECT n.id, n.dedup_key, coalesce(n.user_id, 0) AS user_id, n.policy_id, n.kind, n.subject, n.body, n.link, n.created_at,
			n.delivered_at, n.read_at, n.attempts, n.emailed_at, n.email_refused_at, n.webhook_at,
			coalesce(u.email, n.email) AS email, coalesce(u.name, '') AS name,
			-- Nothing is emailed to a deactivated person (the inbox keeps it),
			-- also when the row names only their address; a one-time link to
			-- set a password is emailed at once, whatever the mode. An address
			-- that unsubscribed from the row's category (or from all) gets no
			-- email of it. A row for an address alone is emailed at once.
			CASE WHEN u.deactivated_at IS NOT NULL OR ua.deactivated_at IS NOT NULL THEN 'none'
				WHEN n.kind IN ('invitation', 'password_reset') THEN 'immediate'
				WHEN EXISTS (SELECT 1 FROM unsubscribes x WHERE x.email = lower(coalesce(u.email, n.email))
					AND x.category IN ('all', `+unsubscribeCategory+`)) THEN 'none'
				ELSE coalesce(u.notify_mode, 'immediate') END AS notify_mode,
			coalesce(`+unitWebhook+`, '') AS webhook_url,
			coalesce(CASE WHEN `+unitWebhook+` IS NOT NULL THEN un.webhook_secret END, '') AS webhook_secret
		FROM claimed n LEFT JOIN users u ON u.id = n.user_id LEFT JOIN units un ON un.id = u.unit_id
			LEFT JOIN LATERAL (SELECT bool_or(deactivated_at IS NOT NULL) AS deactivated_at FROM users
				WHERE n.user_id IS NULL AND lower(users.email) = lower(n.email) AND deactivated_at IS NOT NULL) ua ON true
		ORDER BY n.id`, now, limit, policies.ClaimLease.Seconds())
	if err != nil {
		return nil, fmt.Errorf("postgres: claim notifications: %w", mapErr(err))
	}
	return out, nil
}

// MarkEmailRefused records that the mail server refused the row's recipient
// for good (reason is its answer): the email is not tried again.
func (s *DB) MarkEmailRefused(ctx context.Context, id int64, reason string, at time.Time) error {
	_, err := s.db.ExecContext(ctx, `UPDATE notifications SET email_refused_at = coalesce(email_refused_at, $2), last_error = $3
		WHERE id = $1`, id, at, truncate(reason, 2000))
	if err != nil {
		return fmt.Errorf("postgres: notification %d: email refused: %w", id, mapErr(err))
	}
	return nil
}

// MarkEmailed records that the row's email was accepted by the mail server.
// Marking twice keeps the first time.
func (s *DB) MarkEmailed(ctx context.Context, id int64, at time.Time) error {
	return s.markNotification(ctx, id, "emailed", `UPDATE notifications SET emailed_at = coalesce(emailed_at, $2) WHERE id = $1`, at)
}

// MarkWebhooked records that the unit's webhook answered 2xx for the row.
// Marking twice keeps the first time.
func (s *DB) MarkWebhooked(ctx context.Context, id int64, at time.Time) error {
	return s.markNotification(ctx, id, "webhooked", `UPDATE notifications SET webhook_at = coalesce(webhook_at, $2) WHERE id = $1`, at)
}

// MarkDelivered records that every channel of the row is done. Marking twice
// keeps the first time.
func (s *DB) MarkDelivered(ctx context.Context, id int64, at time.Time) error {
	return s.markNotification(ctx, id, "delivered", `UPDATE notifications SET delivered_at = coalesce(delivered_at, $2) WHERE id = $1`, at)
}

// MarkEmailedDelivered records that the row's email was sent and was its
// last channel, in one write. Marking twice keeps the first times.
func (s *DB) MarkEmailedDelivered(ctx context.Context, id int64, at time.Time) error {
	return s.markNotification(ctx, id, "emailed and delivered", `UPDATE notifications
		SET emailed_at = coalesce(emailed_at, $2), delivered_at = coalesce(delivered_at, $2) WHERE id = $1`, at)
}

// WaitForDigest leaves a row whose email goes in the daily digest alone
// until the given time (the next digest); the digest itself does not need
// the row to be due. A row already in a digest is not touched.
func (s *DB) WaitForDigest(ctx context.Context, id int64, until time.Time) error {
	return s.markNotification(ctx, id, "wait for digest", `UPDATE notifications SET next_attempt_at = $2
		WHERE id = $1 AND delivered_at IS NULL AND emailed_at IS NULL`, until)
}

// Release makes claimed rows due again at once, for a deliverer that stops
// before it has handled its whole batch (so they need not wait for the
// lease to end). claimedAt is the now the batch was claimed with: only rows
// still under that lease are released, not those delivered, waiting for a
// retry or for the digest.
func (s *DB) Release(ctx context.Context, ids []int64, claimedAt, now time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := s.db.ExecContext(ctx, `UPDATE notifications SET next_attempt_at = $2
		WHERE id = ANY($1) AND delivered_at IS NULL
		AND next_attempt_at = $3::timestamptz + make_interval(secs => $4)`, pq.Array(ids), now, claimedAt, policies.ClaimLease.Seconds())
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
// from now. It returns when the row is due again.
func (s *DB) MarkFailed(ctx context.Context, id int64, reason string, now time.Time) (time.Time, error) {
	var next time.Time
	err := s.db.GetContext(ctx, &next, `UPDATE notifications SET attempts = attempts + 1, last_error = $2,
		next_attempt_at = $3::timestamptz + make_interval(secs => least($4::float8, $5::float8 * power(2, least(attempts, 30))))
		WHERE id = $1 RETURNING next_attempt_at`,
		id, truncate(reason, 2000), now, policies.MaxRetryDelay.Seconds(), policies.FirstRetryDelay.Seconds())
	if err != nil {
		return next, fmt.Errorf("postgres: notification %d: failed: %w", id, mapErr(err))
	}
	return next, nil
}

// DueDigests claims the digests to send now (at most limit). The first time
// it runs in a digest day (starting at hour o'clock policies.WIB), it writes that
// day's digest for every 'digest' user with an undelivered, un-emailed
// notification from before the day began; a user gets at most one per day
// (one row per user and day, whoever writes it). Unsent digests are claimed
// like outbox rows: locked with SKIP LOCKED and leased for policies.ClaimLease. Each
// comes with the user's notifications waiting for it, oldest first; a digest
// with none (the user changed mode) is to be marked sent without an email.
func (s *DB) DueDigests(ctx context.Context, now time.Time, hour, limit int) ([]policies.Digest, error) {
	day, start := policies.DigestDay(now, hour)
	var ds []policies.Digest
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO digests (user_id, day, next_attempt_at)
			SELECT DISTINCT n.user_id, $1::date, $3::timestamptz FROM notifications n JOIN users u ON u.id = n.user_id
			WHERE u.notify_mode = 'digest' AND u.deactivated_at IS NULL AND n.delivered_at IS NULL AND n.emailed_at IS NULL AND n.created_at < $2
			ON CONFLICT (user_id, day) DO NOTHING`, day, start, now); err != nil {
			return err
		}
		return tx.SelectContext(ctx, &ds, `WITH due AS (
				SELECT id FROM digests WHERE sent_at IS NULL AND next_attempt_at <= $1
				ORDER BY next_attempt_at, id LIMIT $2 FOR UPDATE SKIP LOCKED),
			claimed AS (
				UPDATE digests d SET next_attempt_at = $1::timestamptz + make_interval(secs => $3)
				FROM due WHERE d.id = due.id RETURNING d.*)
			SELECT d.id, d.user_id, d.day, d.attempts, u.email, u.name
			FROM claimed d JOIN users u ON u.id = d.user_id ORDER BY d.id`, now, limit, policies.ClaimLease.Seconds())
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: due digests: %w", mapErr(err))
	}
	for i := range ds {
		err := s.db.SelectContext(ctx, &ds[i].Items, `SELECT n.id, n.dedup_key, n.user_id, n.policy_id, n.kind, n.subject,
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
	var next time.Time
	err := s.db.GetContext(ctx, &next, `UPDATE digests SET attempts = attempts + 1, last_error = $2,
		next_attempt_at = $3::timestamptz + make_interval(secs => least($4::float8, $5::float8 * power(2, least(attempts, 30))))
		WHERE id = $1 RETURNING next_attempt_at`,
		id, truncate(reason, 2000), now, policies.MaxRetryDelay.Seconds(), policies.FirstRetryDelay.Seconds())
	if err != nil {
		return next, fmt.Errorf("postgres: digest %d: failed: %w", id, mapErr(err))
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

// Unsubscribe records that an address wants no more email of category c;
// for policies.UnsubscribeAll, a person with an account at that address
// gets notify mode none (their inbox stays; the settings page turns email
// back on). Repeating it changes nothing.
func (s *DB) Unsubscribe(ctx context.Context, email string, c policies.UnsubscribeCategory) error {
	email = strings.ToLower(strings.TrimSpace(email))
	if !c.Valid() {
		return policies.FieldError("category", "kategori %q tidak dikenal", c)
	}
	if len(email) < 3 || len(email) > 320 || !strings.Contains(email, "@") {
		return policies.FieldError("email", "alamat email tidak sah")
	}
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO unsubscribes (email, category) VALUES ($1, $2)
			ON CONFLICT (email, category) DO NOTHING`, email, c); err != nil {
			return err
		}
		if c != policies.UnsubscribeAll {
			return nil
		}
		_, err := tx.ExecContext(ctx, `UPDATE users SET notify_mode = 'none' WHERE lower(email) = $1`, email)
		return err
	})
	if err != nil {
		return fmt.Errorf("postgres: unsubscribe: %w", mapErr(err))
	}
	return nil
}

// Unsubscribed reports whether an address unsubscribed from the emails of
// kind k: from its category or from all. Transactional kinds never are.
func (s *DB) Unsubscribed(ctx context.Context, email string, k policies.NotificationKind) (bool, error) {
	c, ok := policies.UnsubscribeCategoryOf(k)
	if !ok {
		return false, nil
	}
	var yes bool
	err := s.db.GetContext(ctx, &yes, `SELECT EXISTS (SELECT 1 FROM unsubscribes WHERE email = $1 AND category IN ('all', $2))`,
		strings.ToLower(strings.TrimSpace(email)), c)
	if err != nil {
		return false, fmt.Errorf("postgres: unsubscribed: %w", mapErr(err))
	}
	return yes, nil
}
