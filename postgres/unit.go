package postgres

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/policyflow/policyflow/policies"
)

const unitRecordQuery = `SELECT un.id, un.region_id, un.code, un.name, un.short_name, un.head_user_id, h.name AS head_name,
	(SELECT count(*) FROM users o WHERE o.unit_id = un.id AND o.role = 'unit_officer' AND o.deactivated_at IS NULL) AS officers, un.created_at
	FROM units un LEFT JOIN users h ON h.id = un.head_user_id`

// UnitRecords returns a region's units by name, with their heads and how
// many unit officers each has.
func (s *DB) UnitRecords(ctx context.Context, regionID int64) ([]policies.UnitRecord, error) {
	us := []policies.UnitRecord{}
	if err := s.q.SelectContext(ctx, &us, unitRecordQuery+` WHERE un.region_id = $1 ORDER BY un.name, un.id`, regionID); err != nil {
		return nil, fmt.Errorf("postgres: region %d: units: %w", regionID, mapErr(err))
	}
	return us, nil
}

// UnitRecord returns one unit of the region; another region's is not found.
func (s *DB) UnitRecord(ctx context.Context, regionID, unitID int64) (policies.UnitRecord, error) {
	return unitRecord(ctx, s.db, regionID, unitID)
}

func unitRecord(ctx context.Context, q sqlx.QueryerContext, regionID, unitID int64) (policies.UnitRecord, error) {
	return oneInRegion[policies.UnitRecord](ctx, q, unitRecordQuery+` WHERE un.region_id = $1 AND un.id = $2`, "unit", regionID, unitID)
}

// CreateUnit adds a unit to the region, audited.
func (s *DB) CreateUnit(ctx context.Context, regionID, actorID int64, in policies.UnitInput) (policies.UnitRecord, error) {
	return createAudited(ctx, s, unitRecord, regionID, actorID, "unit", "created", func(tx *sqlx.Tx) (int64, error) {
		if err := checkRegionPerson(ctx, tx, regionID, in.HeadUserID, "head_user_id"); err != nil {
			return 0, err
		}
		var id int64
		err := tx.GetContext(ctx, &id, `INSERT INTO units (region_id, code, name, short_name, head_user_id) VALUES ($1, $2, $3, $4, nullif($5, 0)) RETURNING id`,
			regionID, in.Code, in.Name, in.ShortName, in.HeadUserID)
		if err != nil {
			err = mapErr(err)
			if policies.IsKind(err, policies.KindConflict) {
				return 0, policies.FieldError("code", "kode unit %q sudah dipakai di wilayah ini", in.Code)
			}
			return 0, err
		}
		return id, nil
	})
}

// UpdateUnit changes a unit's names and head, audited. Its code stays.
func (s *DB) UpdateUnit(ctx context.Context, regionID, actorID, unitID int64, in policies.UnitInput) (policies.UnitRecord, error) {
	return changeAudited(ctx, s, unitRecord, regionID, actorID, unitID, "unit", "updated", func(tx *sqlx.Tx, _ policies.UnitRecord) error {
		if err := checkRegionPerson(ctx, tx, regionID, in.HeadUserID, "head_user_id"); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE units SET name = $3, short_name = $4, head_user_id = nullif($5, 0) WHERE id = $2 AND region_id = $1`,
			regionID, unitID, in.Name, in.ShortName, in.HeadUserID); err != nil {
			return mapErr(err)
		}
		return nil
	})
}

// RegionPeople returns the region's people by name, for the administration
// pages' choices (heads, approvers, members, acting officials).
func (s *DB) RegionPeople(ctx context.Context, regionID int64) ([]policies.Person, error) {
	ps := []policies.Person{}
	if err := s.q.SelectContext(ctx, &ps, `SELECT id, name, title, role, unit_id FROM users WHERE region_id = $1 ORDER BY name, id`, regionID); err != nil {
		return nil, fmt.Errorf("postgres: region %d: people: %w", regionID, mapErr(err))
	}
	return ps, nil
}

// checkRegionPerson refuses a person (id ≠ 0) who is not of the region,
// naming the field, as if they did not exist.
func checkRegionPerson(ctx context.Context, tx *sqlx.Tx, regionID, userID int64, field string) error {
	if userID == 0 {
		return nil
	}
	var ok bool
	if err := tx.GetContext(ctx, &ok, `SELECT EXISTS (SELECT 1 FROM users WHERE id = $1 AND region_id = $2)`, userID, regionID); err != nil {
		return mapErr(err)
	}
	if !ok {
		return policies.FieldError(field, "pengguna %d tidak ditemukan di wilayah ini", userID)
	}
	return nil
}

// unitsExist refuses codes when one names no unit of the region: the
// error names the field unit and, through refusal (a format with one %q),
// the first such code; nil when every code names one.
func unitsExist(ctx context.Context, q sqlx.QueryerContext, regionID int64, codes []string, refusal string) error {
	var missing []string
	if err := sqlx.SelectContext(ctx, q, &missing, `SELECT DISTINCT c FROM unnest($2::text[]) c
		WHERE NOT EXISTS (SELECT 1 FROM units WHERE region_id = $1 AND code = c) ORDER BY c LIMIT 1`, regionID, pq.Array(codes)); err != nil {
		return mapErr(err)
	}
	if len(missing) > 0 {
		return policies.FieldError("unit", refusal, missing[0])
	}
	return nil
}
