package postgres

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/policyflow/policyflow/policies"
)

// ProgramByID returns one training program.
func (s *DB) ProgramByID(ctx context.Context, id int64) (policies.Program, error) {
	var p policies.Program
	err := s.db.GetContext(ctx, &p, `SELECT id, policy_id, unit_id, kind, title, partner, starts_on, ends_on, jp,
		target_participants, created_at FROM programs WHERE id = $1`, id)
	if err != nil {
		return p, fmt.Errorf("postgres: program %d: %w", id, mapErr(err))
	}
	return p, nil
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
