package postgres

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/policyflow/policyflow/evaluation"
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
	err := s.db.SelectContext(ctx, &us, `SELECT `+personColumns+` FROM users WHERE region_id = $1 ORDER BY name, id`, regionID)
	if err != nil {
		return nil, fmt.Errorf("postgres: region %d: people: %w", regionID, mapErr(err))
	}
	return us, nil
}

// Person returns one of a region's people; anyone else is not found.
func (s *DB) Person(ctx context.Context, regionID, userID int64) (policies.User, error) {
	var u policies.User
	err := s.db.GetContext(ctx, &u, `SELECT `+personColumns+` FROM users WHERE id = $1 AND region_id = $2`, userID, regionID)
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

var unitCode = regexp.MustCompile(`^[a-z0-9-]{1,60}$`)

// checkPerson validates what the administrator gave (the email only when
// withEmail) and resolves the unit's code in the region. It returns the
// input cleaned: trimmed, the NIP without spaces.
func checkPerson(ctx context.Context, tx *sqlx.Tx, regionID int64, in policies.PersonInput, withEmail bool) (policies.PersonInput, *int64, error) {
	in.Email, in.Name, in.Title, in.Unit = strings.TrimSpace(in.Email), strings.TrimSpace(in.Name), strings.TrimSpace(in.Title), strings.TrimSpace(in.Unit)
	in.NIP = evaluation.NormalizeNIP(in.NIP)
	for field, v := range map[string]string{"email": in.Email, "name": in.Name, "title": in.Title, "unit": in.Unit, "nip": in.NIP, "role": string(in.Role)} {
		if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
			return in, nil, policies.FieldError(field, "isian %s berisi karakter yang tidak sah", field)
		}
	}
	if withEmail {
		a, err := mail.ParseAddress(in.Email)
		if err != nil || a.Address != in.Email || len(in.Email) > 254 {
			return in, nil, policies.FieldError("email", "email %q bukan alamat email yang sah", in.Email)
		}
	}
	if n := utf8.RuneCountInString(in.Name); n < 1 || n > 200 {
		return in, nil, policies.FieldError("name", "nama wajib diisi (paling banyak 200 karakter)")
	}
	if utf8.RuneCountInString(in.Title) > 200 {
		return in, nil, policies.FieldError("title", "jabatan paling banyak 200 karakter")
	}
	if !in.Role.Valid() {
		return in, nil, policies.FieldError("role", "peran %q tidak dikenal; pilih drafter, stakeholder, leader, unit_officer, admin atau legal", in.Role)
	}
	if in.NIP != "" {
		if err := evaluation.ValidateNIP(in.NIP); err != nil {
			return in, nil, err
		}
	}
	var unitID *int64
	if in.Unit != "" {
		var id int64
		err := sqlx.GetContext(ctx, tx, &id, `SELECT id FROM units WHERE region_id = $1 AND code = $2`, regionID, in.Unit)
		if err != nil || !unitCode.MatchString(in.Unit) {
			if err := mapErr(err); err != nil && !policies.IsKind(err, policies.KindNotFound) {
				return in, nil, err
			}
			return in, nil, policies.FieldError("unit", "unit %q tidak ada di wilayah ini", in.Unit)
		}
		unitID = &id
	}
	if unitID == nil && (in.Role == policies.RoleDrafter || in.Role == policies.RoleUnitOfficer) {
		return in, nil, policies.FieldError("unit", "peran %s wajib memiliki unit", in.Role)
	}
	return in, unitID, nil
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

// InvitePerson adds a person with no password, their invitation link and
// its email, audited, in one transaction.
func (s *DB) InvitePerson(ctx context.Context, actorID, regionID int64, in policies.PersonInput, tokenHash string, notice policies.Notification) (policies.User, error) {
	var u policies.User
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		in2, unitID, err := checkPerson(ctx, tx, regionID, in, true)
		if err != nil {
			return err
		}
		in = in2
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

// UpdatePerson changes a person's name, role, unit, jabatan and NIP (never
// the email), audited with before and after.
func (s *DB) UpdatePerson(ctx context.Context, actorID, regionID, userID int64, in policies.PersonInput) (policies.User, error) {
	var after policies.User
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		before, err := person(ctx, tx, regionID, userID)
		if err != nil {
			return err
		}
		in2, unitID, err := checkPerson(ctx, tx, regionID, in, false)
		if err != nil {
			return err
		}
		in = in2
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
// password; sessions and tokens ended stay ended).
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

// SendPasswordLink gives a person of the region a new one-time link: an
// invitation while they have no password, else a reset. A deactivated
// person gets none.
func (s *DB) SendPasswordLink(ctx context.Context, actorID, regionID, userID int64, tokenHash string, notice func(policies.LinkPurpose) policies.Notification) (policies.LinkPurpose, error) {
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
		if err := sendLink(ctx, tx, actorID, userID, purpose, tokenHash, notice(purpose)); err != nil {
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
	err := s.db.GetContext(ctx, &l, `SELECT `+linkColumns+` FROM password_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1`, tokenHash)
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

var regionSlug = regexp.MustCompile(`^[a-z0-9-]{1,60}$`)

// CreateRegion adds a region, audited (with no actor: the command line).
func (s *DB) CreateRegion(ctx context.Context, actorID int64, slug, name string, zone policies.TimeZone) (policies.Region, error) {
	var r policies.Region
	slug, name = strings.TrimSpace(slug), strings.TrimSpace(name)
	switch {
	case !regionSlug.MatchString(slug):
		return r, policies.FieldError("slug", "slug %q harus 1–60 huruf kecil, angka atau tanda hubung (contoh: kota-sawahlunto)", slug)
	case !utf8.ValidString(name) || strings.ContainsRune(name, 0) || utf8.RuneCountInString(name) < 1 || utf8.RuneCountInString(name) > 200:
		return r, policies.FieldError("name", "nama wilayah wajib diisi (paling banyak 200 karakter)")
	case zone == "":
		zone = policies.ZoneWIB
	case !zone.Valid():
		return r, policies.FieldError("zone", "zona waktu %q tidak dikenal; pilih WIB, WITA atau WIT", zone)
	}
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		err := tx.GetContext(ctx, &r, `INSERT INTO regions (slug, name, time_zone) VALUES ($1, $2, $3) RETURNING `+regionColumns, slug, name, zone)
		if err != nil {
			err = mapErr(err)
			if policies.IsKind(err, policies.KindConflict) {
				return &policies.Error{Kind: policies.KindConflict, Field: "slug", Message: fmt.Sprintf("wilayah dengan slug %q sudah ada", slug), Err: err}
			}
			return err
		}
		return auditAdmin(ctx, tx, policies.AdminChange{RegionID: r.ID, ActorID: actorID, Action: "region.created",
			Subject: fmt.Sprintf("region:%d", r.ID), After: map[string]any{"slug": r.Slug, "name": r.Name, "time_zone": r.TimeZone}})
	})
	if err != nil {
		return r, fmt.Errorf("postgres: create region %q: %w", slug, err)
	}
	return r, nil
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
