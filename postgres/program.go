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

// CreateProgramOnce stores a program once per key and returns it.
func (s *DB) CreateProgramOnce(ctx context.Context, p policies.Program, key, workflowID string) (policies.Program, error) {
	err := s.db.GetContext(ctx, &p, `INSERT INTO programs (policy_id, unit_id, kind, title, partner, starts_on, ends_on, jp, target_participants, idempotency_key, workflow_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (idempotency_key) DO NOTHING RETURNING `+programCols,
		p.PolicyID, p.UnitID, p.Kind, p.Title, p.Partner, p.StartsOn, p.EndsOn, p.JP, p.TargetParticipants, key, workflowID)
	if errors.Is(err, sql.ErrNoRows) {
		err = s.db.GetContext(ctx, &p, `SELECT `+programCols+` FROM programs WHERE idempotency_key = $1`, key)
	}
	if err != nil {
		return p, fmt.Errorf("postgres: program %q: %w", p.Title, mapErr(err))
	}
	return p, nil
}

// ProgramByID returns one training program.
func (s *DB) ProgramByID(ctx context.Context, id int64) (policies.Program, error) {
	var p policies.Program
	err := s.db.GetContext(ctx, &p, `SELECT `+programCols+` FROM programs WHERE id = $1`, id)
	if err != nil {
		return p, fmt.Errorf("postgres: program %d: %w", id, mapErr(err))
	}
	return p, nil
}

// Programs returns a policy's programs by start date.
func (s *DB) Programs(ctx context.Context, policyID int64) ([]policies.Program, error) {
	var ps []policies.Program
	err := s.db.SelectContext(ctx, &ps, `SELECT `+programCols+` FROM programs WHERE policy_id = $1 ORDER BY starts_on, id`, policyID)
	return ps, mapErr(err)
}

// ProgramCompletions returns each program of a policy with its enrolled,
// attended and completed participants, in one query.
func (s *DB) ProgramCompletions(ctx context.Context, policyID int64) ([]policies.ProgramCompletion, error) {
	var cs []policies.ProgramCompletion
	err := s.db.SelectContext(ctx, &cs, `SELECT pr.id AS program_id, pr.title, pr.kind, u.name AS unit_name, pr.starts_on, pr.ends_on,
			pr.jp, pr.target_participants, count(pa.id) AS enrolled,
			count(pa.id) FILTER (WHERE pa.attended) AS attended, count(pa.id) FILTER (WHERE pa.completed) AS completed
		FROM programs pr JOIN units u ON u.id = pr.unit_id LEFT JOIN participants pa ON pa.program_id = pr.id
		WHERE pr.policy_id = $1 GROUP BY pr.id, u.name ORDER BY pr.starts_on, pr.id`, policyID)
	if err != nil {
		return nil, fmt.Errorf("postgres: policy %d: program completions: %w", policyID, mapErr(err))
	}
	return cs, nil
}

// Participants returns a program's participants by NIP.
func (s *DB) Participants(ctx context.Context, programID int64) ([]policies.Participant, error) {
	var ps []policies.Participant
	err := s.db.SelectContext(ctx, &ps, `SELECT id, program_id, nip, name, unit_id, attended, completed, created_at
		FROM participants WHERE program_id = $1 ORDER BY nip`, programID)
	return ps, mapErr(err)
}

// SaveParticipants records participants of a program in one transaction:
// all of them or, on any error, none. A NIP already enrolled is updated
// (name, unit, attendance, completion).
func (s *DB) SaveParticipants(ctx context.Context, programID int64, ps []policies.Participant) (int, error) {
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		for _, p := range ps {
			if _, err := tx.ExecContext(ctx, `INSERT INTO participants (program_id, nip, name, unit_id, attended, completed)
				VALUES ($1, $2, $3, $4, $5, $6)
				ON CONFLICT (program_id, nip) DO UPDATE SET name = EXCLUDED.name, unit_id = EXCLUDED.unit_id,
					attended = EXCLUDED.attended, completed = EXCLUDED.completed`,
				programID, p.NIP, p.Name, p.UnitID, p.Attended, p.Completed); err != nil {
				return fmt.Errorf("NIP %s: %w", p.NIP, mapErr(err))
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("postgres: program %d: participants: %w", programID, err)
	}
	return len(ps), nil
}

// JPEntries returns every participation in a region's programs that ended in year.
func (s *DB) JPEntries(ctx context.Context, regionID int64, year int) ([]policies.JPEntry, error) {
	es := []policies.JPEntry{}
	err := s.db.SelectContext(ctx, &es, `SELECT pa.nip, pa.name, u.code AS unit_code, pr.ends_on, pr.jp, pa.completed
		FROM participants pa JOIN programs pr ON pr.id = pa.program_id JOIN units u ON u.id = pa.unit_id
		WHERE u.region_id = $1 AND extract(year FROM pr.ends_on) = $2 ORDER BY pa.nip, pr.ends_on`, regionID, year)
	if err != nil {
		return nil, fmt.Errorf("postgres: region %d: JP entries %d: %w", regionID, year, mapErr(err))
	}
	return es, nil
}
