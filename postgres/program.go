package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/policyflow/policyflow/policies"
)

// programCols are a program's columns, as policies.Program reads them.
const programCols = `id, policy_id, unit_id, kind, title, partner, starts_on, ends_on, jp, target_participants, created_at,
	status, status_reason, budget, realisation, coalesce(workflow_id, '') AS workflow_id`

// CreateProgramOnce stores a program once per key, audited as planned by
// actorID in the transaction that stores it, and returns it.
func (s *DB) CreateProgramOnce(ctx context.Context, p policies.Program, actorID int64, key, workflowID string) (policies.Program, error) {
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		err := tx.GetContext(ctx, &p, `INSERT INTO programs (policy_id, unit_id, kind, title, partner, starts_on, ends_on, jp, target_participants, idempotency_key, workflow_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (idempotency_key) DO NOTHING RETURNING `+programCols,
			p.PolicyID, p.UnitID, p.Kind, p.Title, p.Partner, p.StartsOn, p.EndsOn, p.JP, p.TargetParticipants, key, workflowID)
		if errors.Is(err, sql.ErrNoRows) { // stored and audited the first time
			return mapErr(tx.GetContext(ctx, &p, `SELECT `+programCols+` FROM programs WHERE idempotency_key = $1`, key))
		}
		if err != nil {
			return mapErr(err)
		}
		return auditProgram(ctx, tx, programAudit{ActorID: actorID, Action: "program.created", Subject: fmt.Sprintf("program:%d", p.ID),
			Detail: p.Title, After: p, Program: p})
	})
	if err != nil {
		return p, fmt.Errorf("postgres: program %q: %w", p.Title, err)
	}
	return p, nil
}

// ProgramByID returns one training program.
func (s *DB) ProgramByID(ctx context.Context, id int64) (policies.Program, error) {
	var p policies.Program
	err := s.q.GetContext(ctx, &p, `SELECT `+programCols+` FROM programs WHERE id = $1`, id)
	if err != nil {
		return p, fmt.Errorf("postgres: program %d: %w", id, mapErr(err))
	}
	return p, nil
}

// Programs returns a policy's programs by start date.
func (s *DB) Programs(ctx context.Context, policyID int64) ([]policies.Program, error) {
	var ps []policies.Program
	err := s.q.SelectContext(ctx, &ps, `SELECT `+programCols+` FROM programs WHERE policy_id = $1 ORDER BY starts_on, id`, policyID)
	return ps, mapErr(err)
}

// ProgramCompletions returns each program of a policy with its enrolled,
// attended and completed participants (the removed not counted) and the JP
// it gave (none for a cancelled one), in one query.
func (s *DB) ProgramCompletions(ctx context.Context, policyID int64) ([]policies.ProgramCompletion, error) {
	var cs []policies.ProgramCompletion
	err := s.q.SelectContext(ctx, &cs, `SELECT pr.id AS program_id, pr.title, pr.kind, u.name AS unit_name, pr.starts_on, pr.ends_on,
			pr.jp, pr.target_participants, count(pa.id) AS enrolled,
			count(pa.id) FILTER (WHERE pa.attended) AS attended, count(pa.id) FILTER (WHERE pa.completed) AS completed,
			CASE WHEN pr.status = 'cancelled' THEN 0
				WHEN EXISTS (SELECT 1 FROM program_sessions WHERE program_id = pr.id)
				THEN (SELECT coalesce(sum(ps.jp), 0) FROM session_attendance sa JOIN program_sessions ps ON ps.id = sa.session_id
					JOIN participants p2 ON p2.id = sa.participant_id
					WHERE ps.program_id = pr.id AND sa.present AND p2.removed_at IS NULL)
				ELSE pr.jp * count(pa.id) FILTER (WHERE pa.completed) END AS jp_earned
		FROM programs pr JOIN units u ON u.id = pr.unit_id LEFT JOIN participants pa ON pa.program_id = pr.id AND pa.removed_at IS NULL
		WHERE pr.policy_id = $1 GROUP BY pr.id, u.name ORDER BY pr.starts_on, pr.id`, policyID)
	if err != nil {
		return nil, fmt.Errorf("postgres: policy %d: program completions: %w", policyID, mapErr(err))
	}
	return cs, nil
}

// JPEntries returns every participation in a region's programs that ended
// in year, but those removed and those of cancelled programs. When the
// program has sessions, a participation that attended any is completed
// with the JP of the sessions attended; one that attended none yet is not
// completed, with the program's JP (planned hours while the program is
// ahead). Without sessions: the program's JP, completed as recorded.
func (s *DB) JPEntries(ctx context.Context, regionID int64, year int) ([]policies.JPEntry, error) {
	es := []policies.JPEntry{}
	err := s.q.SelectContext(ctx, &es, `SELECT pa.nip, pa.name, u.code AS unit_code, pr.ends_on,
			CASE WHEN coalesce(att.jp, 0) > 0 THEN att.jp ELSE pr.jp END AS jp,
			CASE WHEN ses.n > 0 THEN coalesce(att.jp, 0) > 0 ELSE pa.completed END AS completed
		FROM participants pa JOIN programs pr ON pr.id = pa.program_id JOIN units u ON u.id = pa.unit_id
		CROSS JOIN LATERAL (SELECT count(*) AS n FROM program_sessions WHERE program_id = pr.id) ses
		LEFT JOIN LATERAL (SELECT sum(ps.jp) AS jp FROM session_attendance sa JOIN program_sessions ps ON ps.id = sa.session_id
			WHERE sa.participant_id = pa.id AND sa.present) att ON ses.n > 0
		WHERE u.region_id = $1 AND extract(year FROM pr.ends_on) = $2 AND pa.removed_at IS NULL AND pr.status <> 'cancelled'
		ORDER BY pa.nip, pr.ends_on`, regionID, year)
	if err != nil {
		return nil, fmt.Errorf("postgres: region %d: JP entries %d: %w", regionID, year, mapErr(err))
	}
	return es, nil
}
