package postgres

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/policyflow/policyflow/policies"
)

// A person's one-time links to set a password: an invitation while they
// have none, else a reset; each sent by email through the outbox.

// sendLink stores a one-time link of the person and writes its email to the
// outbox, keyed by the link.
func sendLink(ctx context.Context, tx *sqlx.Tx, actorID, userID int64, purpose policies.LinkPurpose, tokenHash string, n policies.Notification) error {
	if len(tokenHash) != 64 {
		return fmt.Errorf("postgres: password link: want the token's hex SHA-256")
	}
	// Only the newest link works: the ones sent before it end now (they
	// read as expired), and their emails stop showing them.
	var older []int64
	if err := tx.SelectContext(ctx, &older, `UPDATE password_tokens SET expires_at = now()
		WHERE user_id = $1 AND used_at IS NULL AND expires_at > now() RETURNING id`, userID); err != nil {
		return fmt.Errorf("postgres: password link: %w", mapErr(err))
	}
	if err := endLinkNotices(ctx, tx, userID, older); err != nil {
		return err
	}
	var id int64
	err := tx.GetContext(ctx, &id, `INSERT INTO password_tokens (user_id, purpose, token_hash, created_by, expires_at)
		VALUES ($1, $2, $3, nullif($4::bigint, 0), now() + make_interval(secs => $5)) RETURNING id`,
		userID, purpose, tokenHash, actorID, purpose.Lifetime().Seconds())
	if err != nil {
		return fmt.Errorf("postgres: password link: %w", mapErr(err))
	}
	n.UserID, n.DedupKey = userID, fmt.Sprintf("password-link:%d", id)
	if _, err := tx.ExecContext(ctx, `INSERT INTO notifications (dedup_key, user_id, kind, subject, body, link) VALUES ($1, $2, $3, $4, $5, $6)`,
		n.DedupKey, n.UserID, n.Kind, n.Subject, n.Body, n.Link); err != nil {
		return fmt.Errorf("postgres: password link: email: %w", mapErr(err))
	}
	return nil
}

// SendPasswordLink gives a person of the region a new one-time link: an
// invitation while they have no password, else a reset. A deactivated
// person gets none.
func (s *DB) SendPasswordLink(ctx context.Context, actorID, regionID, userID int64, tokenHash string,
	notice func(p policies.LinkPurpose, lang string) policies.Notification) (policies.LinkPurpose, error) {
	purpose := policies.LinkReset
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		u, err := person(ctx, tx, regionID, userID)
		if err != nil {
			return err
		}
		if u.DeactivatedAt != nil {
			return policies.Errorf(policies.KindConflict, "akun %s dinonaktifkan; aktifkan kembali sebelum mengirim tautan kata sandi", u.Email)
		}
		if u.PasswordHash == "" {
			purpose = policies.LinkInvite
		}
		lang, err := userLang(ctx, tx, userID)
		if err != nil {
			return err
		}
		if err := sendLink(ctx, tx, actorID, userID, purpose, tokenHash, notice(purpose, lang)); err != nil {
			return err
		}
		return auditAdmin(ctx, tx, policies.AdminChange{RegionID: regionID, ActorID: actorID, Action: "user.password_reset_requested",
			Subject: fmt.Sprintf("user:%d", userID), After: map[string]any{"purpose": purpose}})
	})
	if err != nil {
		return purpose, fmt.Errorf("postgres: region %d: password link of %d: %w", regionID, userID, err)
	}
	return purpose, nil
}

const linkColumns = `t.id, t.user_id, t.purpose, t.expires_at, t.used_at, t.expires_at <= now() AS expired,
	u.email, u.name, u.deactivated_at IS NOT NULL AS deactivated`

// PasswordLink reads a link by its token's hash.
func (s *DB) PasswordLink(ctx context.Context, tokenHash string) (policies.PasswordLink, error) {
	var l policies.PasswordLink
	err := s.q.GetContext(ctx, &l, `SELECT `+linkColumns+` FROM password_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1`, tokenHash)
	if err != nil {
		return l, fmt.Errorf("postgres: password link: %w", notFound(err, "tautan tidak dikenal"))
	}
	return l, nil
}

// Refusals of a link that cannot be used (any more).
var (
	ErrLinkUsed        = policies.Errorf(policies.KindConflict, "tautan ini sudah dipakai; setiap tautan hanya berlaku sekali")
	ErrLinkExpired     = policies.Errorf(policies.KindConflict, "tautan ini sudah kedaluwarsa")
	ErrLinkDeactivated = policies.Errorf(policies.KindConflict, "akun ini dinonaktifkan")
)

// SetPassword uses a link once, under a row lock, so two tabs racing get
// one success. The person's password is set, every unused link of theirs
// ends, after a reset their sessions and API tokens end, and the emails
// that carried the links no longer show them in the inbox.
func (s *DB) SetPassword(ctx context.Context, tokenHash, passwordHash string) (policies.User, error) {
	var u policies.User
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		var l policies.PasswordLink
		err := tx.GetContext(ctx, &l, `SELECT `+linkColumns+` FROM password_tokens t JOIN users u ON u.id = t.user_id
			WHERE t.token_hash = $1 FOR UPDATE OF t, u`, tokenHash)
		if err != nil {
			return notFound(err, "tautan tidak dikenal")
		}
		switch {
		case l.UsedAt != nil:
			return ErrLinkUsed
		case l.Deactivated:
			return ErrLinkDeactivated
		case l.Expired:
			return ErrLinkExpired
		}
		if passwordHash == "" {
			return policies.FieldError("password", "kata sandi wajib diisi")
		}
		var ids []int64
		if err := tx.SelectContext(ctx, &ids, `UPDATE password_tokens SET used_at = now() WHERE user_id = $1 AND used_at IS NULL RETURNING id`, l.UserID); err != nil {
			return mapErr(err)
		}
		if err := endLinkNotices(ctx, tx, l.UserID, ids); err != nil {
			return err
		}
		// A reset means the old password may be known to someone else:
		// whatever it opened (sessions, API tokens) ends with it.
		if l.Purpose == policies.LinkReset {
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, l.UserID); err != nil {
				return mapErr(err)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, l.UserID); err != nil {
				return mapErr(err)
			}
		}
		if err := tx.GetContext(ctx, &u, `UPDATE users SET password_hash = $2 WHERE id = $1
			RETURNING `+personColumns, l.UserID, passwordHash); err != nil {
			return mapErr(err)
		}
		var region int64
		if u.RegionID != nil {
			region = *u.RegionID
		}
		return auditAdmin(ctx, tx, policies.AdminChange{RegionID: region, ActorID: u.ID, Action: "user.password_set",
			Subject: fmt.Sprintf("user:%d", u.ID), After: map[string]any{"purpose": l.Purpose}})
	})
	if err != nil {
		return u, fmt.Errorf("postgres: set password: %w", err)
	}
	return u, nil
}

// endLinkNotices blanks the one-time links of ended password links out of
// the notifications that carried them.
func endLinkNotices(ctx context.Context, tx *sqlx.Tx, userID int64, linkIDs []int64) error {
	if len(linkIDs) == 0 {
		return nil
	}
	keys := make([]string, len(linkIDs))
	for i, id := range linkIDs {
		keys[i] = fmt.Sprintf("password-link:%d", id)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE notifications SET link = '/login', body = 'Tautan sekali pakai dalam pemberitahuan ini sudah tidak berlaku.'
		WHERE user_id = $1 AND dedup_key = ANY($2)`, userID, pq.Array(keys)); err != nil {
		return mapErr(err)
	}
	return nil
}
