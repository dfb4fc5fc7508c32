package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/policyflow/policyflow/policies"
)

// Second factors (policies/secondfactor.go): a TOTP secret per person,
// confirmed by a first valid code; the step last accepted, so that no
// code is accepted twice; ten recovery codes kept as hashes; and the
// sign-ins waiting for a second factor. No read here returns a confirmed
// secret: only the checks of a code see it.

// SecondFactorOf is the person's second factor as the pages show it.
func (s *DB) SecondFactorOf(ctx context.Context, userID int64) (policies.SecondFactor, error) {
	var f policies.SecondFactor
	err := s.q.GetContext(ctx, &f.ConfirmedAt, `SELECT confirmed_at FROM second_factors WHERE user_id = $1`, userID)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return f, nil
	case err != nil:
		return f, fmt.Errorf("postgres: user %d: second factor: %w", userID, mapErr(err))
	}
	f.Enrolled = f.ConfirmedAt != nil
	if err := s.q.GetContext(ctx, &f.RecoveryLeft, `SELECT count(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL`, userID); err != nil {
		return f, fmt.Errorf("postgres: user %d: recovery codes: %w", userID, mapErr(err))
	}
	return f, nil
}

// BeginEnrolment is the secret of the enrolment under way, made from
// secret when none is; an enrolled person is a conflict.
func (s *DB) BeginEnrolment(ctx context.Context, userID int64, secret string) (string, error) {
	var row struct {
		Secret    string `db:"secret"`
		Confirmed bool   `db:"confirmed"`
	}
	err := s.q.GetContext(ctx, &row, `INSERT INTO second_factors (user_id, secret) VALUES ($1, $2)
		ON CONFLICT (user_id) DO UPDATE SET user_id = EXCLUDED.user_id
		RETURNING secret, confirmed_at IS NOT NULL AS confirmed`, userID, secret)
	if err != nil {
		return "", fmt.Errorf("postgres: user %d: begin enrolment: %w", userID, mapErr(err))
	}
	if row.Confirmed {
		return "", policies.Errorf(policies.KindConflict, "verifikasi dua langkah sudah aktif")
	}
	return row.Secret, nil
}

// EnrolmentSecret is the secret of the enrolment under way (not confirmed).
func (s *DB) EnrolmentSecret(ctx context.Context, userID int64) (string, error) {
	var secret string
	err := s.q.GetContext(ctx, &secret, `SELECT secret FROM second_factors WHERE user_id = $1 AND confirmed_at IS NULL`, userID)
	if err != nil {
		return "", fmt.Errorf("postgres: user %d: enrolment: %w", userID, notFound(err, "belum ada pemasangan verifikasi dua langkah yang berjalan"))
	}
	return secret, nil
}

// useSecret runs check on the person's secret (confirmed or not, as
// asked) under a lock and, when it accepts, remembers the step with
// accepted's changes inside the same transaction.
func (s *DB) useSecret(ctx context.Context, userID int64, confirmed bool, check policies.TOTPCheck, accepted func(tx *sqlx.Tx) error) (bool, error) {
	ok := false
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		var row struct {
			Secret   string `db:"secret"`
			LastStep int64  `db:"last_step"`
		}
		err := tx.GetContext(ctx, &row, `SELECT secret, last_step FROM second_factors
			WHERE user_id = $1 AND (confirmed_at IS NOT NULL) = $2 FOR UPDATE`, userID, confirmed)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return mapErr(err)
		}
		step, match := check(row.Secret, row.LastStep)
		if !match {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE second_factors SET last_step = $2,
			confirmed_at = coalesce(confirmed_at, now()) WHERE user_id = $1`, userID, step); err != nil {
			return mapErr(err)
		}
		ok = true
		return accepted(tx)
	})
	if err != nil {
		return false, fmt.Errorf("postgres: user %d: second factor: %w", userID, err)
	}
	return ok, nil
}

// ConfirmEnrolment confirms the enrolment under way with a valid code,
// keeps the recovery codes' hashes, audits it and tells the person.
func (s *DB) ConfirmEnrolment(ctx context.Context, userID int64, check policies.TOTPCheck, recoveryHashes []string,
	notice func(lang string) policies.Notification) (bool, error) {
	return s.useSecret(ctx, userID, false, check, func(tx *sqlx.Tx) error {
		if err := keepRecoveryCodes(ctx, tx, userID, recoveryHashes); err != nil {
			return err
		}
		if err := auditSecondFactor(ctx, tx, userID, userID, "user.second_factor_enrolled", len(recoveryHashes)); err != nil {
			return err
		}
		return tellSecondFactor(ctx, tx, userID, "enrolled", notice)
	})
}

// keepRecoveryCodes replaces the person's recovery codes by the hashes.
func keepRecoveryCodes(ctx context.Context, tx *sqlx.Tx, userID int64, hashes []string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM recovery_codes WHERE user_id = $1`, userID); err != nil {
		return mapErr(err)
	}
	for _, h := range hashes {
		if _, err := tx.ExecContext(ctx, `INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)`, userID, h); err != nil {
			return mapErr(err)
		}
	}
	return nil
}

// UseTOTP accepts a code of the person's enrolled second factor.
func (s *DB) UseTOTP(ctx context.Context, userID int64, check policies.TOTPCheck) (bool, error) {
	return s.useSecret(ctx, userID, true, check, func(*sqlx.Tx) error { return nil })
}

// UseRecoveryCode spends one unused recovery code of an enrolled person,
// audited with the number left, and tells the person.
func (s *DB) UseRecoveryCode(ctx context.Context, userID int64, hash string, notice func(left int, lang string) policies.Notification) (bool, error) {
	ok := false
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE recovery_codes SET used_at = now()
			WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL
			AND EXISTS (SELECT 1 FROM second_factors f WHERE f.user_id = $1 AND f.confirmed_at IS NOT NULL)`, userID, hash)
		if err != nil {
			return mapErr(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		ok = true
		var left int
		if err := tx.GetContext(ctx, &left, `SELECT count(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL`, userID); err != nil {
			return mapErr(err)
		}
		if err := auditSecondFactor(ctx, tx, userID, userID, "user.recovery_code_used", left); err != nil {
			return err
		}
		return tellSecondFactor(ctx, tx, userID, fmt.Sprintf("recovery:%d", left), func(lang string) policies.Notification { return notice(left, lang) })
	})
	if err != nil {
		return false, fmt.Errorf("postgres: user %d: recovery code: %w", userID, err)
	}
	return ok, nil
}

// ResetSecondFactor removes the second factor of a person of the region,
// their recovery codes, waiting sign-ins and sessions; audited as the
// administrator's act and told to the person, who enrols again when they
// next sign in.
func (s *DB) ResetSecondFactor(ctx context.Context, regionID, actorID, userID int64, notice func(lang string) policies.Notification) (policies.User, error) {
	var u policies.User
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		var err error
		if u, err = person(ctx, tx, regionID, userID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM second_factors WHERE user_id = $1`, userID)
		if err != nil {
			return mapErr(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return policies.Errorf(policies.KindConflict, "%s belum memasang verifikasi dua langkah", u.Name)
		}
		for _, q := range []string{`DELETE FROM recovery_codes WHERE user_id = $1`, `DELETE FROM pending_signins WHERE user_id = $1`,
			`DELETE FROM sessions WHERE user_id = $1`} {
			if _, err := tx.ExecContext(ctx, q, userID); err != nil {
				return mapErr(err)
			}
		}
		if err := auditAdmin(ctx, tx, policies.AdminChange{RegionID: regionID, ActorID: actorID, Action: "user.second_factor_reset",
			Subject: fmt.Sprintf("user:%d", userID)}); err != nil {
			return err
		}
		return tellSecondFactor(ctx, tx, userID, "reset", notice)
	})
	if err != nil {
		return u, fmt.Errorf("postgres: region %d: reset second factor of %d: %w", regionID, userID, err)
	}
	return u, nil
}

// auditSecondFactor writes an event of person userID's second factor, by
// actorID, with the recovery codes left.
func auditSecondFactor(ctx context.Context, tx *sqlx.Tx, userID, actorID int64, action string, left int) error {
	return auditOwn(ctx, tx, userID, policies.AdminChange{ActorID: actorID, Action: action, Subject: fmt.Sprintf("account:%d", userID),
		After: map[string]int{"recovery_codes_left": left}})
}

// tellSecondFactor writes the notice n of a change of the person's second
// factor to their inbox and the outbox, once per what and moment.
func tellSecondFactor(ctx context.Context, tx *sqlx.Tx, userID int64, what string, notice func(lang string) policies.Notification) error {
	lang, err := userLang(ctx, tx, userID)
	if err != nil {
		return err
	}
	n := notice(lang)
	n.UserID, n.DedupKey = userID, fmt.Sprintf("second-factor:%d:%s:%d", userID, what, time.Now().UnixNano())
	if _, err := tx.ExecContext(ctx, `INSERT INTO notifications (dedup_key, user_id, kind, subject, body, link) VALUES ($1, $2, $3, $4, $5, $6)`,
		n.DedupKey, n.UserID, n.Kind, n.Subject, n.Body, n.Link); err != nil {
		return fmt.Errorf("postgres: second factor notice: %w", mapErr(err))
	}
	return nil
}

// CreatePendingSignIn keeps a sign-in waiting for its second factor; the
// expired ones go at the same time.
func (s *DB) CreatePendingSignIn(ctx context.Context, tokenHash string, userID int64, next string, expires time.Time) error {
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM pending_signins WHERE expires_at < now()`); err != nil {
			return mapErr(err)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO pending_signins (id, user_id, next, expires_at) VALUES ($1, $2, $3, $4)`,
			tokenHash, userID, next, expires)
		return mapErr(err)
	})
	if err != nil {
		return fmt.Errorf("postgres: user %d: pending sign-in: %w", userID, err)
	}
	return nil
}

// PendingSignIn is the waiting sign-in's person (active) and its next page.
func (s *DB) PendingSignIn(ctx context.Context, tokenHash string) (policies.User, string, error) {
	var row struct {
		policies.User
		Next string `db:"next"`
	}
	err := s.q.GetContext(ctx, &row, `SELECT u.id, u.email, u.name, u.role, u.region_id, u.unit_id, u.title, u.password_hash, u.created_at, p.next
		FROM pending_signins p JOIN users u ON u.id = p.user_id
		WHERE p.id = $1 AND p.expires_at > now() AND u.deactivated_at IS NULL`, tokenHash)
	if err != nil {
		return policies.User{}, "", fmt.Errorf("postgres: pending sign-in: %w", notFound(err, "proses masuk tidak ditemukan atau kedaluwarsa"))
	}
	return row.User, row.Next, nil
}

// DeletePendingSignIn ends a waiting sign-in (unknown: no error).
func (s *DB) DeletePendingSignIn(ctx context.Context, tokenHash string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM pending_signins WHERE id = $1`, tokenHash); err != nil {
		return fmt.Errorf("postgres: pending sign-in: %w", mapErr(err))
	}
	return nil
}
