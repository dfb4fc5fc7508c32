package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/policyflow/policyflow/policies"
)

// RegionRetention lists every regional kind's rule for the region: the
// region's shorter days where it set them, else the installation's.
func (s *DB) RegionRetention(ctx context.Context, regionID int64, rules policies.RetentionRules) ([]policies.RegionRetention, error) {
	return regionRetention(ctx, s.db, regionID, rules)
}

func regionRetention(ctx context.Context, q sqlx.QueryerContext, regionID int64, rules policies.RetentionRules) ([]policies.RegionRetention, error) {
	var rows []struct {
		Kind      policies.RetentionKind `db:"kind"`
		Days      int                    `db:"days"`
		UpdatedAt time.Time              `db:"updated_at"`
	}
	if err := sqlx.SelectContext(ctx, q, &rows, `SELECT kind, days, updated_at FROM retention_rules WHERE region_id = $1`, regionID); err != nil {
		return nil, fmt.Errorf("postgres: region %d: retention: %w", regionID, mapErr(err))
	}
	var out []policies.RegionRetention
	for _, d := range rules.All() {
		if !d.Regional {
			continue
		}
		r := policies.RegionRetention{Retention: d, DefaultDays: d.Days}
		for _, row := range rows {
			if row.Kind == d.Kind && row.Days < d.Days {
				r.Days, r.Own, r.UpdatedAt = row.Days, true, &row.UpdatedAt
			}
		}
		out = append(out, r)
	}
	return out, nil
}

// SetRegionRetention replaces the region's shorter retentions (in passed
// Validate; a kind at 0 or at the installation's days (in.Rules) follows
// the installation), audited with the rules before and after.
func (s *DB) SetRegionRetention(ctx context.Context, regionID, actorID int64, in policies.RetentionInput) ([]policies.RegionRetention, error) {
	var after []policies.RegionRetention
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		// The region's row lock orders two administrators saving at once.
		if _, err := tx.ExecContext(ctx, `SELECT 1 FROM regions WHERE id = $1 FOR UPDATE`, regionID); err != nil {
			return mapErr(err)
		}
		before, err := regionRetention(ctx, tx, regionID, in.Rules)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM retention_rules WHERE region_id = $1`, regionID); err != nil {
			return mapErr(err)
		}
		for kind, days := range in.Days {
			def, _ := in.Rules.Of(kind)
			if days == 0 || days >= def.Days {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO retention_rules (region_id, kind, days, updated_by) VALUES ($1, $2, $3, $4)`,
				regionID, string(kind), days, actorID); err != nil {
				return mapErr(err)
			}
		}
		if after, err = regionRetention(ctx, tx, regionID, in.Rules); err != nil {
			return err
		}
		return auditAdmin(ctx, tx, policies.AdminChange{RegionID: regionID, ActorID: actorID, Action: "retention.updated",
			Subject: fmt.Sprintf("region:%d", regionID), Before: retentionDays(before), After: retentionDays(after)})
	})
	return after, err
}

// retentionDays is what the audit keeps of a region's rules: days per kind.
func retentionDays(rs []policies.RegionRetention) map[policies.RetentionKind]int {
	out := map[policies.RetentionKind]int{}
	for _, r := range rs {
		out[r.Kind] = r.Days
	}
	return out
}
