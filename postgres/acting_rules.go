package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/policyflow/policyflow/policies"
)

// ActingRules are the region's rules for acting officials: the row its
// administrator saved, or the defaults when there is none.
func (s *DB) ActingRules(ctx context.Context, regionID int64) (policies.RegionActingRules, error) {
	return actingRules(ctx, s.db, regionID)
}

func actingRules(ctx context.Context, q sqlx.QueryerContext, regionID int64) (policies.RegionActingRules, error) {
	var row struct {
		Rules     []byte    `db:"rules"`
		UpdatedAt time.Time `db:"updated_at"`
	}
	err := sqlx.GetContext(ctx, q, &row, `SELECT rules, updated_at FROM acting_rules WHERE region_id = $1`, regionID)
	if policies.IsKind(mapErr(err), policies.KindNotFound) {
		return policies.RegionActingRules{ActingRules: policies.DefaultActingRules(), Default: true}, nil
	}
	if err != nil {
		return policies.RegionActingRules{}, fmt.Errorf("postgres: region %d: acting rules: %w", regionID, mapErr(err))
	}
	out := policies.RegionActingRules{UpdatedAt: &row.UpdatedAt}
	if err := json.Unmarshal(row.Rules, &out.ActingRules); err != nil {
		return out, fmt.Errorf("postgres: region %d: acting rules: %w", regionID, err)
	}
	return out, nil
}

// SetActingRules replaces the region's rules for acting officials (in is
// one ActingRules.Validate passed), audited with the rules before and after.
func (s *DB) SetActingRules(ctx context.Context, regionID, actorID int64, in policies.ActingRules) (policies.RegionActingRules, error) {
	var after policies.RegionActingRules
	b, err := json.Marshal(in)
	if err != nil {
		return after, err
	}
	err = s.Transact(ctx, func(tx *sqlx.Tx) error {
		// The region's row lock orders two administrators saving at once.
		if _, err := tx.ExecContext(ctx, `SELECT 1 FROM regions WHERE id = $1 FOR UPDATE`, regionID); err != nil {
			return mapErr(err)
		}
		before, err := actingRules(ctx, tx, regionID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO acting_rules (region_id, rules, updated_by) VALUES ($1, $2::jsonb, $3)
			ON CONFLICT (region_id) DO UPDATE SET rules = excluded.rules, updated_by = excluded.updated_by, updated_at = now()`,
			regionID, string(b), actorID); err != nil {
			return mapErr(err)
		}
		if after, err = actingRules(ctx, tx, regionID); err != nil {
			return err
		}
		return auditAdmin(ctx, tx, policies.AdminChange{RegionID: regionID, ActorID: actorID, Action: "acting_rules.updated",
			Subject: fmt.Sprintf("region:%d", regionID), Before: before.ActingRules, After: after.ActingRules})
	})
	return after, err
}
