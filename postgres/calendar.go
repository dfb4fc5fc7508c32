package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/policyflow/policyflow/policies"
)

// A region's changes to its working-day calendar (policies.CalendarStore):
// its own days off and the national days it works on.

var _ policies.CalendarStore = (*DB)(nil)

const regionHolidayColumns = `id, region_id, on_date, kind, name, keep`

// RegionHolidays returns a region's changes to its calendar by date.
func (s *DB) RegionHolidays(ctx context.Context, regionID int64) ([]policies.RegionHoliday, error) {
	out := []policies.RegionHoliday{}
	if err := s.q.SelectContext(ctx, &out, `SELECT `+regionHolidayColumns+` FROM region_holidays WHERE region_id = $1 ORDER BY on_date`, regionID); err != nil {
		return nil, fmt.Errorf("postgres: region %d: holidays: %w", regionID, mapErr(err))
	}
	return out, nil
}

func regionHoliday(ctx context.Context, q sqlx.QueryerContext, regionID, id int64) (policies.RegionHoliday, error) {
	return oneInRegion[policies.RegionHoliday](ctx, q, `SELECT `+regionHolidayColumns+` FROM region_holidays WHERE region_id = $1 AND id = $2`, "region holiday", regionID, id)
}

// AddRegionHoliday records a change to the region's calendar (in as
// Validate left it), audited; a second change on one day is a conflict.
func (s *DB) AddRegionHoliday(ctx context.Context, regionID, actorID int64, in policies.RegionHolidayInput) (policies.RegionHoliday, error) {
	return createAudited(ctx, s, regionHoliday, regionID, actorID, "holiday", "created", func(tx *sqlx.Tx) (int64, error) {
		var id int64
		err := tx.GetContext(ctx, &id, `INSERT INTO region_holidays (region_id, on_date, kind, name, keep, created_by)
			VALUES ($1, $2, $3, $4, $5, nullif($6::bigint, 0)) RETURNING id`,
			regionID, in.Day.On, in.Day.Kind, in.Day.Name, in.Keep, actorID)
		if pqErr := (*pq.Error)(nil); errors.As(err, &pqErr) && pqErr.Code == "23505" {
			return 0, policies.Errorf(policies.KindConflict, "tanggal %s sudah diubah di kalender wilayah; hapus perubahan itu dulu", in.Day.On.Format("2006-01-02"))
		}
		return id, mapErr(err)
	})
}

// DeleteRegionHoliday takes a change out of the region's calendar, audited.
func (s *DB) DeleteRegionHoliday(ctx context.Context, regionID, actorID, id int64) error {
	return s.Transact(ctx, func(tx *sqlx.Tx) error {
		return deleteAudited(ctx, tx, regionHoliday, "region_holidays", "holiday", regionID, actorID, id)
	})
}
