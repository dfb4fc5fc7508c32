package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/policyflow/policyflow/policies"
)

// personColumns are a person's columns as the administrator reads them:
// never the password hash.
const personColumns = `id, email, name, role, region_id, unit_id, title, '' AS password_hash, created_at, nip, deactivated_at, password_hash = '' AS invited`

// personRecord is a person as the audit log keeps them, before and after a
// change: never a password hash or a link's token.
type personRecord struct {
	Email       string        `json:"email"`
	Name        string        `json:"name"`
	Role        policies.Role `json:"role"`
	UnitID      *int64        `json:"unit_id,omitempty"`
	Title       string        `json:"title"`
	NIP         string        `json:"nip,omitempty"`
	Active      bool          `json:"active"`
	HasPassword bool          `json:"has_password"`
}

// People lists a region's people by name.
func (s *DB) People(ctx context.Context, regionID int64) ([]policies.User, error) {
	us := []policies.User{}
	err := s.q.SelectContext(ctx, &us, `SELECT `+personColumns+` FROM users WHERE region_id = $1 ORDER BY name, id`, regionID)
	if err != nil {
		return nil, fmt.Errorf("postgres: region %d: people: %w", regionID, mapErr(err))
	}
	return us, nil
}

// Person returns one of a region's people; anyone else is not found.
func (s *DB) Person(ctx context.Context, regionID, userID int64) (policies.User, error) {
	var u policies.User
	err := s.q.GetContext(ctx, &u, `SELECT `+personColumns+` FROM users WHERE id = $1 AND region_id = $2`, userID, regionID)
	if err != nil {
		return u, fmt.Errorf("postgres: region %d: person %d: %w", regionID, userID, notFound(err, "orang %d tidak ditemukan", userID))
	}
	return u, nil
}

// notFound maps err, saying what was not found in Indonesian.
func notFound(err error, format string, args ...any) error {
	err = mapErr(err)
	if policies.IsKind(err, policies.KindNotFound) {
		return policies.Errorf(policies.KindNotFound, format, args...)
	}
	return err
}

// person reads a person of the region for update inside tx, with their hash.
func person(ctx context.Context, tx *sqlx.Tx, regionID, userID int64) (policies.User, error) {
	var u policies.User
	err := tx.GetContext(ctx, &u, `SELECT id, email, name, role, region_id, unit_id, title, password_hash, created_at, nip, deactivated_at
		FROM users WHERE id = $1 AND region_id = $2 FOR UPDATE`, userID, regionID)
	if err != nil {
		return u, notFound(err, "orang %d tidak ditemukan", userID)
	}
	return u, nil
}

func recordOf(u policies.User) personRecord {
	return personRecord{Email: u.Email, Name: u.Name, Role: u.Role, UnitID: u.UnitID, Title: u.Title, NIP: u.NIP,
		Active: u.DeactivatedAt == nil, HasPassword: u.PasswordHash != ""}
}

// unitOf resolves the code of a person's unit in the region (nil for
// none); the input is one PersonInput.Validate passed.
func unitOf(ctx context.Context, tx *sqlx.Tx, regionID int64, in policies.PersonInput) (*int64, error) {
	if in.Unit == "" {
		return nil, nil
	}
	var id int64
	err := sqlx.GetContext(ctx, tx, &id, `SELECT id FROM units WHERE region_id = $1 AND code = $2`, regionID, in.Unit)
	if err != nil {
		if err := mapErr(err); !policies.IsKind(err, policies.KindNotFound) {
			return nil, err
		}
		return nil, policies.FieldError("unit", "unit %q tidak ada di wilayah ini", in.Unit)
	}
	return &id, nil
}

// personConflict names the field of a duplicate person.
func personConflict(err error, in policies.PersonInput) error {
	err = mapErr(err)
	var pe *policies.Error
	if policies.IsKind(err, policies.KindConflict) && errors.As(err, &pe) {
		switch {
		case strings.Contains(pe.Message, "users_email_key"):
			return &policies.Error{Kind: policies.KindConflict, Field: "email", Message: fmt.Sprintf("email %s sudah terdaftar", in.Email), Err: err}
		case strings.Contains(pe.Message, "users_region_nip"):
			return &policies.Error{Kind: policies.KindConflict, Field: "nip", Message: fmt.Sprintf("NIP %s sudah dipakai orang lain di wilayah ini", in.NIP), Err: err}
		}
	}
	return err
}

// errNeedsConfirmation refuses a power role given by one person alone:
// it is proposed (ProposeChange) and takes effect when a second confirms.
func errNeedsConfirmation(r policies.Role) error {
	return &policies.Error{Kind: policies.KindConflict, Field: "role",
		Message: fmt.Sprintf("peran %s berlaku setelah dikonfirmasi orang kedua: usulkan perubahannya", r)}
}

// InvitePerson adds a person with no password, their invitation link and
// its email, audited, in one transaction. in is one that
// PersonInput.Validate(true) passed.
func (s *DB) InvitePerson(ctx context.Context, actorID, regionID int64, in policies.PersonInput, tokenHash string, notice policies.Notification) (policies.User, error) {
	var u policies.User
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		if in.Role.Power() && !joined(ctx) {
			return errNeedsConfirmation(in.Role)
		}
		unitID, err := unitOf(ctx, tx, regionID, in)
		if err != nil {
			return err
		}
		err = tx.GetContext(ctx, &u, `INSERT INTO users (email, name, role, region_id, unit_id, title, nip, password_hash)
			VALUES ($1, $2, $3, $4, $5, $6, $7, '') RETURNING `+personColumns,
			in.Email, in.Name, in.Role, regionID, unitID, in.Title, in.NIP)
		if err != nil {
			return personConflict(err, in)
		}
		if err := sendLink(ctx, tx, actorID, u.ID, policies.LinkInvite, tokenHash, notice); err != nil {
			return err
		}
		return auditAdmin(ctx, tx, policies.AdminChange{RegionID: regionID, ActorID: actorID, Action: "user.invited",
			Subject: fmt.Sprintf("user:%d", u.ID), After: recordOf(u)})
	})
	if err != nil {
		return u, fmt.Errorf("postgres: region %d: invite %s: %w", regionID, in.Email, err)
	}
	return u, nil
}

// UpdatePerson changes a person's name, role, unit, jabatan and NIP (never
// the email), audited with before and after. in is one that
// PersonInput.Validate(false) passed.
func (s *DB) UpdatePerson(ctx context.Context, actorID, regionID, userID int64, in policies.PersonInput) (policies.User, error) {
	var after policies.User
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		before, err := person(ctx, tx, regionID, userID)
		if err != nil {
			return err
		}
		if policies.GrantsPower(before.Role, in.Role) && !joined(ctx) {
			return errNeedsConfirmation(in.Role)
		}
		unitID, err := unitOf(ctx, tx, regionID, in)
		if err != nil {
			return err
		}
		err = tx.GetContext(ctx, &after, `UPDATE users SET name = $2, role = $3, unit_id = $4, title = $5, nip = $6
			WHERE id = $1 RETURNING id, email, name, role, region_id, unit_id, title, password_hash, created_at, nip, deactivated_at`,
			userID, in.Name, in.Role, unitID, in.Title, in.NIP)
		if err != nil {
			return personConflict(err, in)
		}
		return auditAdmin(ctx, tx, policies.AdminChange{RegionID: regionID, ActorID: actorID, Action: "user.updated",
			Subject: fmt.Sprintf("user:%d", userID), Before: recordOf(before), After: recordOf(after)})
	})
	after.PasswordHash = ""
	if err != nil {
		return after, fmt.Errorf("postgres: region %d: update person %d: %w", regionID, userID, err)
	}
	return after, nil
}

// DeactivatePerson stops a person signing in: in the same transaction their
// sessions end, their API tokens are revoked and their unused links end.
// Deactivating someone deactivated keeps the first time.
func (s *DB) DeactivatePerson(ctx context.Context, actorID, regionID, userID int64) (policies.User, error) {
	return s.setActive(ctx, actorID, regionID, userID, false)
}

// ReactivatePerson lets a deactivated person sign in again (with their
// password; sessions and tokens ended stay ended). One holding a role of
// power is reactivated only by a confirmed change (KindConflict outside
// one).
func (s *DB) ReactivatePerson(ctx context.Context, actorID, regionID, userID int64) (policies.User, error) {
	return s.setActive(ctx, actorID, regionID, userID, true)
}

func (s *DB) setActive(ctx context.Context, actorID, regionID, userID int64, active bool) (policies.User, error) {
	var after policies.User
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		before, err := person(ctx, tx, regionID, userID)
		if err != nil {
			return err
		}
		action := "user.reactivated"
		if active && before.DeactivatedAt != nil && before.Role.Power() && !joined(ctx) {
			return &policies.Error{Kind: policies.KindConflict, Field: "person",
				Message: fmt.Sprintf("mengaktifkan kembali %s (peran %s) berlaku setelah dikonfirmasi orang kedua: usulkan perubahannya", before.Name, before.Role)}
		}
		if !active {
			action = "user.deactivated"
			for _, q := range []string{
				`DELETE FROM sessions WHERE user_id = $1`,
				`UPDATE api_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`,
				`UPDATE password_tokens SET used_at = now() WHERE user_id = $1 AND used_at IS NULL`,
			} {
				if _, err := tx.ExecContext(ctx, q, userID); err != nil {
					return mapErr(err)
				}
			}
		}
		err = tx.GetContext(ctx, &after, `UPDATE users SET deactivated_at = CASE WHEN $2 THEN NULL ELSE coalesce(deactivated_at, now()) END
			WHERE id = $1 RETURNING id, email, name, role, region_id, unit_id, title, password_hash, created_at, nip, deactivated_at`, userID, active)
		if err != nil {
			return mapErr(err)
		}
		if (before.DeactivatedAt == nil) == active {
			return nil // no change: nothing to audit
		}
		return auditAdmin(ctx, tx, policies.AdminChange{RegionID: regionID, ActorID: actorID, Action: action,
			Subject: fmt.Sprintf("user:%d", userID), Before: recordOf(before), After: recordOf(after)})
	})
	after.PasswordHash = ""
	if err != nil {
		return after, fmt.Errorf("postgres: region %d: person %d active=%t: %w", regionID, userID, active, err)
	}
	return after, nil
}

// BootstrapAdmin invites a region's first administrator from the command
// line: the one change of power no second person confirms (DESIGN.md "No
// one acts alone on a leader's power"), audited as region.first_admin.
// Once the region has an active administrator it is refused
// (KindConflict): any further power is proposed (ProposeChange) and
// confirmed by a second person.
func (s *DB) BootstrapAdmin(ctx context.Context, regionID int64, in policies.PersonInput, tokenHash string, notice policies.Notification) (policies.User, error) {
	var u policies.User
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		if in.Role != policies.RoleAdmin {
			return policies.FieldError("role", "hanya administrator pertama yang dibuat tanpa konfirmasi orang kedua")
		}
		var has bool
		if err := tx.GetContext(ctx, &has, `SELECT EXISTS (SELECT 1 FROM users WHERE region_id = $1 AND role = 'admin' AND deactivated_at IS NULL)
			FROM regions WHERE id = $1 FOR UPDATE`, regionID); err != nil {
			return mapErr(err)
		}
		if has {
			return policies.Errorf(policies.KindConflict, "wilayah ini sudah mempunyai administrator: administrator berikutnya diusulkan dan dikonfirmasi olehnya")
		}
		var err error
		if u, err = s.InvitePerson(context.WithValue(ctx, joinedTx{}, tx), 0, regionID, in, tokenHash, notice); err != nil {
			return err
		}
		return auditAdmin(ctx, tx, policies.AdminChange{RegionID: regionID, Action: "region.first_admin",
			Subject: fmt.Sprintf("user:%d", u.ID), After: map[string]any{"email": u.Email, "second_person": false}})
	})
	if err != nil {
		return u, fmt.Errorf("postgres: region %d: first administrator: %w", regionID, err)
	}
	return u, nil
}

// HasAdmin reports whether the region has an active administrator.
func (s *DB) HasAdmin(ctx context.Context, regionID int64) (bool, error) {
	var has bool
	err := s.q.GetContext(ctx, &has, `SELECT EXISTS (SELECT 1 FROM users WHERE region_id = $1 AND role = 'admin' AND deactivated_at IS NULL)`, regionID)
	return has, mapErr(err)
}
