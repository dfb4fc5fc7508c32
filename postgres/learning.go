package postgres

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/policyflow/policyflow/policies"
)

var _ policies.LearningStore = (*DB)(nil)

// LearningRules returns the conversions a region has set, by kind.
func (s *DB) LearningRules(ctx context.Context, regionID int64) ([]policies.LearningRule, error) {
	return learningRules(ctx, s.db, regionID)
}

func learningRules(ctx context.Context, q sqlx.QueryerContext, regionID int64) ([]policies.LearningRule, error) {
	rs := []policies.LearningRule{}
	err := sqlx.SelectContext(ctx, q, &rs, `SELECT kind, basis, per_minutes, jp, max_jp FROM learning_rules WHERE region_id = $1 ORDER BY kind`, regionID)
	if err != nil {
		return nil, fmt.Errorf("postgres: region %d: learning rules: %w", regionID, mapErr(err))
	}
	return rs, nil
}

// SaveLearningRules sets the conversion of every kind in.Rules names (the
// others keep theirs), audited with the table before and after.
func (s *DB) SaveLearningRules(ctx context.Context, regionID, actorID int64, in policies.LearningRules) ([]policies.LearningRule, error) {
	var after []policies.LearningRule
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(34, $1::int)`, regionID); err != nil {
			return mapErr(err)
		}
		before, err := learningRules(ctx, tx, regionID)
		if err != nil {
			return err
		}
		n := len(in.Rules)
		kinds, bases, per, jp, maxJP := make([]string, n), make([]string, n), make([]int64, n), make([]int64, n), make([]int64, n)
		for i, r := range in.Rules {
			kinds[i], bases[i], per[i], jp[i], maxJP[i] = string(r.Kind), string(r.Basis), int64(r.PerMinutes), int64(r.JP), int64(r.MaxJP)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO learning_rules (region_id, kind, basis, per_minutes, jp, max_jp)
			SELECT $1, * FROM unnest($2::text[], $3::text[], $4::int[], $5::int[], $6::int[])
			ON CONFLICT (region_id, kind) DO UPDATE SET basis = EXCLUDED.basis, per_minutes = EXCLUDED.per_minutes,
				jp = EXCLUDED.jp, max_jp = EXCLUDED.max_jp, updated_at = now()`,
			regionID, pq.Array(kinds), pq.Array(bases), pq.Array(per), pq.Array(jp), pq.Array(maxJP)); err != nil {
			return mapErr(err)
		}
		if after, err = learningRules(ctx, tx, regionID); err != nil {
			return err
		}
		return auditAdmin(ctx, tx, policies.AdminChange{RegionID: regionID, ActorID: actorID, Action: "learning_rules.updated",
			Subject: fmt.Sprintf("region:%d", regionID), Before: before, After: after})
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: region %d: save learning rules: %w", regionID, err)
	}
	return after, nil
}

const learningColumns = `l.id, l.nip, a.name, u.code AS unit_code, l.kind, l.title, l.held_on, l.minutes, l.proof, l.created_at, l.removed_at, l.removed_reason`

// learningFrom joins an activity to its person on the roster, for name and unit.
const learningFrom = ` FROM learning_activities l JOIN asn_roster a ON a.region_id = l.region_id AND a.nip = l.nip JOIN units u ON u.id = a.unit_id`

// LearningActivities returns a region's activities held in year, newest first.
func (s *DB) LearningActivities(ctx context.Context, regionID int64, year int) ([]policies.LearningActivity, error) {
	as := []policies.LearningActivity{}
	err := s.q.SelectContext(ctx, &as, `SELECT `+learningColumns+learningFrom+`
		WHERE l.region_id = $1 AND l.held_on >= make_date($2, 1, 1) AND l.held_on < make_date($2 + 1, 1, 1)
		ORDER BY l.held_on DESC, l.id DESC`, regionID, year)
	if err != nil {
		return nil, fmt.Errorf("postgres: region %d: learning activities %d: %w", regionID, year, mapErr(err))
	}
	return as, nil
}

// LearningActivityByID returns one of a region's activities.
func (s *DB) LearningActivityByID(ctx context.Context, regionID, id int64) (policies.LearningActivity, error) {
	return learningActivity(ctx, s.db, regionID, id)
}

func learningActivity(ctx context.Context, q sqlx.QueryerContext, regionID, id int64) (policies.LearningActivity, error) {
	return oneInRegion[policies.LearningActivity](ctx, q, `SELECT `+learningColumns+learningFrom+` WHERE l.region_id = $1 AND l.id = $2`, "learning activity", regionID, id)
}

// AddLearningActivity records an activity of a person on the region's
// roster, audited.
func (s *DB) AddLearningActivity(ctx context.Context, regionID, actorID int64, in policies.LearningInput) (policies.LearningActivity, error) {
	var out policies.LearningActivity
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		var id int64
		err := tx.GetContext(ctx, &id, `INSERT INTO learning_activities (region_id, nip, kind, title, held_on, minutes, proof, created_by)
			SELECT $1, a.nip, $3, $4, $5::date, $6, $7, nullif($8::bigint, 0) FROM asn_roster a WHERE a.region_id = $1 AND a.nip = $2
			RETURNING id`, regionID, in.NIP, in.Kind, in.Title, in.HeldOn, in.Minutes, in.Proof, actorID)
		if policies.IsKind(mapErr(err), policies.KindNotFound) {
			return policies.FieldError("nip", "NIP/NI PPPK %s tidak ada di daftar ASN wilayah ini", in.NIP)
		}
		if err != nil {
			return mapErr(err)
		}
		out, err = auditSaved(ctx, tx, learningActivity, regionID, actorID, id, "learning", "created", nil)
		return err
	})
	return out, err
}

// RemoveLearningActivity removes an activity for a reason, audited; the
// row stays, so the ledger stops counting it and the history keeps it.
func (s *DB) RemoveLearningActivity(ctx context.Context, regionID, actorID, id int64, reason string) (policies.LearningActivity, error) {
	var out policies.LearningActivity
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		before, err := learningActivity(ctx, tx, regionID, id)
		if err != nil {
			return err
		}
		if before.RemovedAt != nil {
			return policies.Errorf(policies.KindConflict, "kegiatan ini sudah dihapus")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE learning_activities SET removed_at = now(), removed_reason = $3 WHERE region_id = $1 AND id = $2`,
			regionID, id, reason); err != nil {
			return mapErr(err)
		}
		out, err = auditSaved(ctx, tx, learningActivity, regionID, actorID, id, "learning", "removed", before)
		return err
	})
	return out, err
}

// learningTotals sums, per person and kind, the region's activities held
// in year (removed ones count nothing), for the ledger.
func learningTotals(ctx context.Context, q sqlx.QueryerContext, regionID int64, year int) ([]policies.LearningTotal, error) {
	var ts []policies.LearningTotal
	err := sqlx.SelectContext(ctx, q, &ts, `SELECT l.nip, min(a.name) AS name, min(u.code) AS unit_code, l.kind,
			sum(l.minutes) AS minutes, count(*) AS activities, max(l.held_on) AS last_on`+learningFrom+`
		WHERE l.region_id = $1 AND l.removed_at IS NULL AND l.held_on >= make_date($2, 1, 1) AND l.held_on < make_date($2 + 1, 1, 1)
		GROUP BY l.nip, l.kind`, regionID, year)
	if err != nil {
		return nil, fmt.Errorf("postgres: region %d: learning totals %d: %w", regionID, year, mapErr(err))
	}
	return ts, nil
}
