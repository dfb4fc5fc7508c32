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

// followUpSelect reads follow-ups with their round, unit and region.
const followUpSelect = `SELECT f.id, r.policy_id, r.number, r.unit_id, u.name AS unit_name, f.element, f.action, f.owner, f.due_on,
	f.status, f.created_at, f.done_at, g.time_zone, p.status AS policy_status
	FROM skm_followups f JOIN evaluation_rounds r ON r.id = f.round_id JOIN units u ON u.id = r.unit_id
	JOIN policies p ON p.id = r.policy_id JOIN regions g ON g.id = p.region_id`

// FollowUps returns a unit's follow-ups of round n of a policy, by element.
func (s *DB) FollowUps(ctx context.Context, policyID int64, n int, unitID int64) ([]policies.SKMFollowUp, error) {
	out := []policies.SKMFollowUp{}
	err := s.q.SelectContext(ctx, &out, followUpSelect+` WHERE r.policy_id = $1 AND r.number = $2 AND r.unit_id = $3 ORDER BY f.element`,
		policyID, n, unitID)
	if err != nil {
		return nil, fmt.Errorf("postgres: policy %d: follow-ups: %w", policyID, mapErr(err))
	}
	return out, nil
}

// FollowUpByID returns a follow-up.
func (s *DB) FollowUpByID(ctx context.Context, id int64) (policies.SKMFollowUp, error) {
	var f policies.SKMFollowUp
	err := s.q.GetContext(ctx, &f, followUpSelect+` WHERE f.id = $1`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return f, policies.Errorf(policies.KindNotFound, "tindak lanjut %d tidak ditemukan", id)
	}
	if err != nil {
		return f, fmt.Errorf("postgres: follow-up %d: %w", id, mapErr(err))
	}
	return f, nil
}

// CreateFollowUp records a unit's follow-up of an element of its SKM of
// round n, audited; a second one of the same element is a conflict naming
// the element.
func (s *DB) CreateFollowUp(ctx context.Context, policyID int64, n int, unitID int64, in policies.FollowUpInput, due time.Time, actorID int64) (policies.SKMFollowUp, error) {
	var id int64
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		err := tx.GetContext(ctx, &id, `INSERT INTO skm_followups (round_id, element, action, owner, due_on, created_by)
			SELECT r.id, $4, $5, $6, $7, $8 FROM evaluation_rounds r WHERE r.policy_id = $1 AND r.number = $2 AND r.unit_id = $3
			ON CONFLICT (round_id, element) DO NOTHING RETURNING id`, policyID, n, unitID, in.Element, in.Action, in.Owner, due, actorID)
		if errors.Is(err, sql.ErrNoRows) {
			return &policies.Error{Kind: policies.KindConflict, Field: "element",
				Message: fmt.Sprintf("tindak lanjut unsur %s putaran %d sudah dicatat (atau putaran tidak ada)", in.Element, n)}
		}
		if err != nil {
			return mapErr(err)
		}
		return audit(ctx, tx, policyID, 0, actorID, "skm_followup", fmt.Sprintf("putaran %d unit %d unsur %s: %s (penanggung jawab %s, tenggat %s)", n, unitID, in.Element, in.Action, in.Owner, due.Format("2006-01-02")))
	})
	if err != nil {
		return policies.SKMFollowUp{}, fmt.Errorf("postgres: policy %d: follow-up: %w", policyID, err)
	}
	return s.FollowUpByID(ctx, id)
}

// SetFollowUpStatus changes a follow-up's status, audited with before and
// after; done records when.
func (s *DB) SetFollowUpStatus(ctx context.Context, policyID, id int64, status policies.FollowUpStatus, actorID int64) (policies.SKMFollowUp, error) {
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		var before string
		if err := tx.GetContext(ctx, &before, `SELECT f.status FROM skm_followups f JOIN evaluation_rounds r ON r.id = f.round_id
			WHERE f.id = $1 AND r.policy_id = $2 FOR UPDATE OF f`, id, policyID); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return policies.Errorf(policies.KindNotFound, "tindak lanjut %d tidak ditemukan", id)
			}
			return mapErr(err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE skm_followups SET status = $2, updated_at = now(),
			done_at = CASE WHEN $2 = 'done' THEN coalesce(done_at, now()) ELSE NULL END WHERE id = $1`, id, status); err != nil {
			return mapErr(err)
		}
		return auditAdmin(ctx, tx, policies.AdminChange{PolicyID: policyID, ActorID: actorID, Action: "skm_followup_status",
			Subject: fmt.Sprintf("followup:%d", id), Before: map[string]string{"status": before}, After: map[string]string{"status": string(status)}})
	})
	if err != nil {
		return policies.SKMFollowUp{}, fmt.Errorf("postgres: follow-up %d: %w", id, err)
	}
	return s.FollowUpByID(ctx, id)
}
