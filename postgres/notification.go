package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/policyflow/policyflow/policies"
)

// EnqueueNotification writes a message to the outbox once per de-duplication
// key; it reports whether this call wrote it. The recipient is a person
// (UserID) or, for someone without an account, an address (Email): exactly
// one of them.
func (s *DB) EnqueueNotification(ctx context.Context, n policies.Notification) (bool, error) {
	return enqueueNotification(ctx, s.writer(ctx), n)
}

// enqueueNotification is EnqueueNotification through ex: the store's
// writer, or the transaction of the write that causes the message (a
// follow's confirmation, follow.go).
func enqueueNotification(ctx context.Context, ex sqlx.ExecerContext, n policies.Notification) (bool, error) {
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
	res, err := ex.ExecContext(ctx, `INSERT INTO notifications (dedup_key, user_id, email, policy_id, kind, subject, body, link)
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
		res, err := s.writer(ctx).ExecContext(ctx, `INSERT INTO notifications (dedup_key, user_id, email, policy_id, kind, subject, body, link)
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

// Notifications returns a user's notifications, newest first, without
// the one-time links to set a password: those go by email only, so a
// stolen session or API token reading the inbox does not become a password.
func (s *DB) Notifications(ctx context.Context, userID int64) ([]policies.Notification, error) {
	var ns []policies.Notification
	err := s.q.SelectContext(ctx, &ns, `SELECT id, dedup_key, user_id, policy_id, kind, subject, body,
		CASE WHEN `+oneTimeLink+` THEN '' ELSE link END AS link,
		created_at, delivered_at, read_at FROM notifications WHERE user_id = $1 ORDER BY id DESC`, userID)
	return ns, mapErr(err)
}

// UnreadCount counts a user's unread notifications.
func (s *DB) UnreadCount(ctx context.Context, userID int64) (int, error) {
	var n int
	if err := s.q.GetContext(ctx, &n, `SELECT count(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL`, userID); err != nil {
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
		var was policies.NotifyMode
		if err := tx.GetContext(ctx, &was, `SELECT notify_mode FROM users WHERE id = $1 FOR UPDATE`, userID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET notify_mode = $2 WHERE id = $1`, userID, mode); err != nil {
			return err
		}
		if err := auditNotifyMode(ctx, tx, userID, was, mode); err != nil {
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
	err := s.q.GetContext(ctx, &m, `SELECT notify_mode FROM users WHERE id = $1`, userID)
	return m, mapErr(err)
}

// UnitWebhook returns the webhook URL of a unit, "" when it has none.
func (s *DB) UnitWebhook(ctx context.Context, unitID int64) (string, error) {
	var u string
	err := s.q.GetContext(ctx, &u, `SELECT coalesce(webhook_url, '') FROM units WHERE id = $1`, unitID)
	if err != nil {
		return "", fmt.Errorf("postgres: unit %d: webhook: %w", unitID, mapErr(err))
	}
	return u, nil
}

// SetUnitWebhook gives a unit a webhook URL signed with secret, or, with
// url "", removes it, audited as by's change of the unit (the host called
// before and after, never the secret).
func (s *DB) SetUnitWebhook(ctx context.Context, unitID, by int64, url, secret string) error {
	var u, sec *string
	if url != "" {
		u, sec = &url, &secret
	}
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		var before struct {
			Region int64   `db:"region_id"`
			URL    *string `db:"webhook_url"`
		}
		if err := tx.GetContext(ctx, &before, `SELECT region_id, webhook_url FROM units WHERE id = $1 FOR UPDATE`, unitID); err != nil {
			if policies.IsKind(mapErr(err), policies.KindNotFound) {
				return policies.Errorf(policies.KindNotFound, "unit %d tidak ditemukan", unitID)
			}
			return mapErr(err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE units SET webhook_url = $2, webhook_secret = $3 WHERE id = $1`, unitID, u, sec); err != nil {
			return mapErr(err)
		}
		action := "unit.webhook_set"
		if u == nil {
			action = "unit.webhook_removed"
		}
		return auditAdmin(ctx, tx, policies.AdminChange{RegionID: before.Region, ActorID: by, Action: action,
			Subject: fmt.Sprintf("unit:%d", unitID), Before: webhookOf(before.URL), After: webhookOf(u)})
	})
	if err != nil {
		return fmt.Errorf("postgres: unit %d: webhook: %w", unitID, err)
	}
	return nil
}
