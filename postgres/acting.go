package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/policyflow/policyflow/policies"
)

const actingQuery = `SELECT a.id, a.region_id, a.principal_id, p.name AS principal, p.title AS principal_title,
	a.acting_id, u.name AS acting, u.title AS acting_title, a.kind, a.letter_number, a.letter_date, a.starts_on, a.ends_on, a.appointed_by, a.revoked_at, a.created_at
	FROM acting_officials a JOIN users p ON p.id = a.principal_id JOIN users u ON u.id = a.acting_id`

// ActingAppointments lists a region's acting appointments, newest first;
// personID ≠ 0 keeps those where they are the principal or the acting official.
func (s *DB) ActingAppointments(ctx context.Context, regionID, personID int64) ([]policies.ActingAppointment, error) {
	as := []policies.ActingAppointment{}
	err := s.q.SelectContext(ctx, &as, actingQuery+` WHERE a.region_id = $1 AND ($2 = 0 OR $2 IN (a.principal_id, a.acting_id))
		ORDER BY a.id DESC LIMIT 500`, regionID, personID)
	if err != nil {
		return nil, fmt.Errorf("postgres: region %d: acting officials: %w", regionID, mapErr(err))
	}
	return as, nil
}

func actingByID(ctx context.Context, q sqlx.QueryerContext, regionID, id int64) (policies.ActingAppointment, error) {
	return oneInRegion[policies.ActingAppointment](ctx, q, actingQuery+` WHERE a.region_id = $1 AND a.id = $2`, "acting official", regionID, id)
}

// AppointActing records an appointment of an acting official, audited; in
// is one ActingInput.Validate passed (its Dates set).
// The principal must be a leader of the region and the acting official an
// active one: only leaders decide, so only a leader's office can be acted
// in. The principal may be deactivated: a Plt. is appointed precisely when
// the holder of an office is gone for good (berhalangan tetap), and an
// approval stage waiting on them goes on only through one (the operations
// console points there).
func (s *DB) AppointActing(ctx context.Context, regionID, actorID int64, in policies.ActingInput) (policies.ActingAppointment, error) {
	d := in.Dates
	return createAudited(ctx, s, actingByID, regionID, actorID, "acting", "appointed", func(tx *sqlx.Tx) (int64, error) {
		if err := checkRegionOffice(ctx, tx, regionID, in.PrincipalID, "principal_id"); err != nil {
			return 0, err
		}
		if err := checkRegionLeader(ctx, tx, regionID, in.ActingID, "acting_id"); err != nil {
			return 0, err
		}
		if err := checkActingMandate(ctx, tx, regionID, in); err != nil {
			return 0, err
		}
		var id int64
		if err := tx.GetContext(ctx, &id, `INSERT INTO acting_officials (region_id, principal_id, acting_id, kind, letter_number, letter_date, starts_on, ends_on, appointed_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			regionID, in.PrincipalID, in.ActingID, in.Kind, in.LetterNumber, d.LetterDate, d.StartsOn, d.EndsOn, actorID); err != nil {
			return 0, mapErr(err)
		}
		return id, nil
	})
}

// RevokeActing ends an appointment early, audited; a revoked one stays
// revoked. principalID ≠ 0 allows only that principal's own appointments
// (KindForbidden to its acting official, KindNotFound to anyone else).
func (s *DB) RevokeActing(ctx context.Context, regionID, actorID, principalID, id int64, at time.Time) (policies.ActingAppointment, error) {
	return changeAudited(ctx, s, actingByID, regionID, actorID, id, "acting", "revoked", func(tx *sqlx.Tx, before policies.ActingAppointment) error {
		switch {
		case principalID == 0 || before.PrincipalID == principalID:
		case before.ActingID == principalID: // theirs to see, not to revoke
			return policies.Errorf(policies.KindForbidden, "hanya pejabat yang digantikan atau administrator yang dapat mencabut penunjukan ini")
		default: // someone else's: not listed to them either
			return policies.Errorf(policies.KindNotFound, "penunjukan tidak ditemukan")
		}
		if before.RevokedAt != nil {
			return policies.Errorf(policies.KindConflict, "penunjukan ini sudah dicabut")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE acting_officials SET revoked_at = $3 WHERE id = $2 AND region_id = $1`, regionID, id, at); err != nil {
			return mapErr(err)
		}
		return nil
	})
}

// ActingFor returns the unrevoked appointment of acting for principal that
// covers day, or else the latest unrevoked one for the pair (the workflow
// then refuses it with its period); not found when there is none.
func (s *DB) ActingFor(ctx context.Context, principalID, actingID int64, day time.Time) (policies.ActingAppointment, error) {
	var a policies.ActingAppointment
	err := s.q.GetContext(ctx, &a, actingQuery+` WHERE a.principal_id = $1 AND a.acting_id = $2 AND a.revoked_at IS NULL
		ORDER BY ($3::date BETWEEN a.starts_on AND a.ends_on) DESC, a.ends_on DESC, a.id DESC LIMIT 1`,
		principalID, actingID, day.Format(time.DateOnly))
	if err != nil {
		return a, fmt.Errorf("postgres: acting for %d: %w", principalID, mapErr(err))
	}
	return a, nil
}

// checkRegionLeader refuses anyone but an active leader of the region.
func checkRegionLeader(ctx context.Context, tx *sqlx.Tx, regionID, userID int64, field string) error {
	var ok bool
	if err := tx.GetContext(ctx, &ok, `SELECT EXISTS (SELECT 1 FROM users WHERE id = $1 AND region_id = $2
		AND role = 'leader' AND deactivated_at IS NULL)`, userID, regionID); err != nil {
		return mapErr(err)
	}
	if !ok {
		return policies.FieldError(field, "pengguna %d bukan pimpinan aktif di wilayah ini", userID)
	}
	return nil
}

// checkRegionOffice refuses anyone but a leader of the region, active or
// deactivated: the holder of the office an acting official fills.
func checkRegionOffice(ctx context.Context, tx *sqlx.Tx, regionID, userID int64, field string) error {
	var ok bool
	if err := tx.GetContext(ctx, &ok, `SELECT EXISTS (SELECT 1 FROM users WHERE id = $1 AND region_id = $2 AND role = 'leader')`,
		userID, regionID); err != nil {
		return mapErr(err)
	}
	if !ok {
		return policies.FieldError(field, "pengguna %d bukan pimpinan di wilayah ini", userID)
	}
	return nil
}

// checkActingMandate refuses an appointment the region's rules for acting
// officials do not allow (policies.ActingRules.CheckAppointment).
func checkActingMandate(ctx context.Context, tx *sqlx.Tx, regionID int64, in policies.ActingInput) error {
	rules, err := actingRules(ctx, tx, regionID)
	if err != nil {
		return err
	}
	u, err := actingUse(ctx, tx, regionID, in.PrincipalID, in.ActingID, in.Kind)
	if err != nil {
		return err
	}
	u.StartsOn, u.EndsOn = in.Dates.StartsOn, in.Dates.EndsOn
	return rules.CheckAppointment(u)
}

// actingUse reads the offices of principal and acting official and the
// region's name, for the rules to judge.
func actingUse(ctx context.Context, q sqlx.QueryerContext, regionID, principalID, actingID int64, kind policies.ActingKind) (policies.ActingUse, error) {
	u := policies.ActingUse{Kind: kind}
	var row struct {
		Region         string `db:"region"`
		PrincipalTitle string `db:"principal_title"`
		ActingTitle    string `db:"acting_title"`
		ActingName     string `db:"acting_name"`
	}
	err := sqlx.GetContext(ctx, q, &row, `SELECT r.name AS region, p.title AS principal_title, a.title AS acting_title, a.name AS acting_name
		FROM regions r, users p, users a WHERE r.id = $1 AND p.id = $2 AND a.id = $3`, regionID, principalID, actingID)
	if err != nil {
		return u, fmt.Errorf("postgres: acting %d for %d: %w", actingID, principalID, mapErr(err))
	}
	u.RegionName, u.PrincipalTitle, u.ActingTitle, u.ActingName = row.Region, row.PrincipalTitle, row.ActingTitle, row.ActingName
	return u, nil
}
