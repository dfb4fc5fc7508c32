package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/policyflow/policyflow/policies"
)

// CreateRounds creates round number n for each unit, once, and returns them.
//
// The rounds a call opens are audited as the workflow's, in the same
// transaction; a retry opens and audits nothing.
func (s *DB) CreateRounds(ctx context.Context, policyID int64, n int, due time.Time, unitIDs []int64) ([]policies.EvaluationRound, error) {
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		var opened []int64
		if err := tx.SelectContext(ctx, &opened, `INSERT INTO evaluation_rounds (policy_id, unit_id, number, due_at)
			SELECT $1, unnest($2::bigint[]), $3, $4 ON CONFLICT (policy_id, unit_id, number) DO NOTHING RETURNING unit_id`,
			policyID, pq.Array(unitIDs), n, due); err != nil {
			return mapErr(err)
		}
		return auditRounds(ctx, tx, policyID, n, "evaluation.rounds_opened", len(opened), map[string]any{"due_at": due})
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: policy %d: rounds %d: %w", policyID, n, err)
	}
	return s.roundsByNumber(ctx, policyID, n, "")
}

// auditRounds writes the workflow's change of units of round n (none:
// nothing) inside tx.
func auditRounds(ctx context.Context, tx *sqlx.Tx, policyID int64, n int, action string, units int, after map[string]any) error {
	if units == 0 {
		return nil
	}
	after["round"], after["units"] = n, units
	return auditAdmin(ctx, tx, policies.AdminChange{PolicyID: policyID, Action: action, After: after})
}

func (s *DB) roundsByNumber(ctx context.Context, policyID int64, n int, status string) ([]policies.EvaluationRound, error) {
	var rs []policies.EvaluationRound
	err := s.q.SelectContext(ctx, &rs, `SELECT id, policy_id, unit_id, number, due_at, status, created_at
		FROM evaluation_rounds WHERE policy_id = $1 AND number = $2 AND ($3 = '' OR status = $3) ORDER BY unit_id`, policyID, n, status)
	return rs, mapErr(err)
}

// PendingRounds returns round n's rounds not yet submitted.
func (s *DB) PendingRounds(ctx context.Context, policyID int64, n int) ([]policies.EvaluationRound, error) {
	var rs []policies.EvaluationRound
	err := s.q.SelectContext(ctx, &rs, `SELECT id, policy_id, unit_id, number, due_at, status, created_at
		FROM evaluation_rounds WHERE policy_id = $1 AND number = $2 AND status IN ('pending','overdue') ORDER BY unit_id`, policyID, n)
	return rs, mapErr(err)
}

// MarkOverdue marks round n's unsubmitted rounds overdue and returns them
// (all of them again on a retry).
func (s *DB) MarkOverdue(ctx context.Context, policyID int64, n int) ([]policies.EvaluationRound, error) {
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE evaluation_rounds SET status = 'overdue'
			WHERE policy_id = $1 AND number = $2 AND status = 'pending'`, policyID, n)
		if err != nil {
			return mapErr(err)
		}
		late, _ := res.RowsAffected()
		return auditRounds(ctx, tx, policyID, n, "evaluation.rounds_overdue", int(late), map[string]any{})
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: policy %d: round %d overdue: %w", policyID, n, err)
	}
	return s.roundsByNumber(ctx, policyID, n, "overdue")
}

// RecordResult stores a unit's result for round n once per key and marks the round submitted.
func (s *DB) RecordResult(ctx context.Context, policyID, unitID int64, n int, r policies.EvaluationResult, key string) (policies.EvaluationResult, error) {
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		var roundID int64
		if err := tx.GetContext(ctx, &roundID, `SELECT id FROM evaluation_rounds WHERE policy_id = $1 AND unit_id = $2 AND number = $3 FOR UPDATE`,
			policyID, unitID, n); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return policies.Errorf(policies.KindNotFound, "putaran evaluasi %d untuk unit %d tidak ditemukan", n, unitID)
			}
			return err
		}
		r.RoundID = roundID
		const cols = `id, round_id, instrument, data, score::float8 AS score, submitted_by, population, profile, created_at`
		err := tx.GetContext(ctx, &r, `INSERT INTO evaluation_results (round_id, instrument, data, score, submitted_by, idempotency_key, population, profile)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (idempotency_key) DO NOTHING RETURNING `+cols,
			roundID, r.Instrument, r.Data, r.Score, r.SubmittedBy, key, r.Population, r.Profile)
		if errors.Is(err, sql.ErrNoRows) { // recorded and audited the first time
			err = tx.GetContext(ctx, &r, `SELECT `+cols+` FROM evaluation_results WHERE idempotency_key = $1`, key)
		} else if err == nil {
			err = auditAdmin(ctx, tx, policies.AdminChange{PolicyID: policyID, ActorID: r.SubmittedBy, Action: "evaluation.result_recorded",
				Subject: fmt.Sprintf("unit:%d", unitID), After: map[string]any{"round": n, "instrument": r.Instrument, "score": r.Score}})
		}
		if err != nil {
			return mapErr(err)
		}
		_, err = tx.ExecContext(ctx, `UPDATE evaluation_rounds SET status = 'submitted' WHERE id = $1`, roundID)
		return mapErr(err)
	})
	if err != nil {
		return r, fmt.Errorf("postgres: policy %d: result: %w", policyID, err)
	}
	return r, nil
}

// RoundsDue returns a unit's evaluation rounds not yet submitted, due soonest first.
func (s *DB) RoundsDue(ctx context.Context, unitID int64) ([]policies.RoundDue, error) {
	rs := []policies.RoundDue{}
	err := s.q.SelectContext(ctx, &rs, `SELECT r.id, r.policy_id, r.unit_id, r.number, r.due_at, r.status, r.created_at,
		p.title AS policy_title
		FROM evaluation_rounds r JOIN policies p ON p.id = r.policy_id
		WHERE r.unit_id = $1 AND r.status IN ('pending','overdue')
		ORDER BY r.due_at, r.id`, unitID)
	if err != nil {
		return nil, fmt.Errorf("postgres: unit %d: rounds due: %w", unitID, mapErr(err))
	}
	return rs, nil
}

// EvaluationRows returns every round of a policy's evaluation per unit with
// its SKM (IKM) and Kirkpatrick scores, by round then unit name.
func (s *DB) EvaluationRows(ctx context.Context, policyID int64) ([]policies.EvaluationRow, error) {
	return policyRows[policies.EvaluationRow](ctx, s, "evaluation rows", `SELECT r.number, r.unit_id, u.name AS unit_name, r.due_at, r.status,
		(SELECT score::float8 FROM evaluation_results e WHERE e.round_id = r.id AND e.instrument = 'skm') AS skm,
		(SELECT score::float8 FROM evaluation_results e WHERE e.round_id = r.id AND e.instrument = 'kirkpatrick') AS kirkpatrick
		FROM evaluation_rounds r JOIN units u ON u.id = r.unit_id
		WHERE r.policy_id = $1 ORDER BY r.number, u.name`, policyID)
}

// EvaluationPlan returns a policy's evaluation cadence (months) and IKM threshold.
func (s *DB) EvaluationPlan(ctx context.Context, policyID int64) (int, float64, error) {
	var p struct {
		Months    int     `db:"evaluation_months"`
		Threshold float64 `db:"ikm_threshold"`
	}
	err := s.q.GetContext(ctx, &p, `SELECT evaluation_months, ikm_threshold::float8 AS ikm_threshold FROM policies WHERE id = $1`, policyID)
	return p.Months, p.Threshold, mapErr(err)
}

// SetEvaluationPlan sets a policy's evaluation cadence and IKM threshold;
// a schedule already running keeps the cadence it started with.
func (s *DB) SetEvaluationPlan(ctx context.Context, policyID int64, months int, threshold float64, actorID int64) error {
	return s.Transact(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE policies SET evaluation_months = $2, ikm_threshold = $3, updated_at = now() WHERE id = $1`,
			policyID, months, threshold)
		if err != nil {
			return mapErr(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return policies.Errorf(policies.KindNotFound, "kebijakan %d tidak ditemukan", policyID)
		}
		return audit(ctx, tx, policyID, 0, actorID, "evaluation_plan", fmt.Sprintf("setiap %d bulan, ambang IKM %.2f", months, threshold))
	})
}
