package postgres

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/policyflow/policyflow/policies"
)

// Kirkpatrick level 4 of a program: its indicator against its baseline.

const resultCols = `program_id, indicator, unit_of_measure, baseline::float8 AS baseline, target::float8 AS target, lower_is_better,
	actual::float8 AS actual, measured_on, updated_at`

// ProgramResultOf reads the program's indicator (not found: none set).
func (s *DB) ProgramResultOf(ctx context.Context, programID int64) (policies.ProgramResult, error) {
	var r policies.ProgramResult
	if err := s.q.GetContext(ctx, &r, `SELECT `+resultCols+` FROM program_results WHERE program_id = $1`, programID); err != nil {
		return r, fmt.Errorf("postgres: program %d: result: %w", programID, notFound(err, "indikator hasil belum ditetapkan"))
	}
	return r, nil
}

// SaveProgramResult sets or changes the program's indicator (the program's
// status allowing), audited with its before and after.
func (s *DB) SaveProgramResult(ctx context.Context, programID, actorID int64, in policies.ResultInput) (policies.ProgramResult, error) {
	var out policies.ProgramResult
	err := s.inProgram(ctx, programID, func(tx *sqlx.Tx, prog policies.Program) error {
		if err := policies.CheckResultOpen(prog.Status, in.Actual != nil); err != nil {
			return err
		}
		var before []policies.ProgramResult
		if err := tx.SelectContext(ctx, &before, `SELECT `+resultCols+` FROM program_results WHERE program_id = $1`, programID); err != nil {
			return mapErr(err)
		}
		if err := tx.GetContext(ctx, &out, `INSERT INTO program_results (program_id, indicator, unit_of_measure, baseline, target, lower_is_better, actual, measured_on, updated_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, nullif($9::bigint, 0))
			ON CONFLICT (program_id) DO UPDATE SET indicator = EXCLUDED.indicator, unit_of_measure = EXCLUDED.unit_of_measure, baseline = EXCLUDED.baseline,
				target = EXCLUDED.target, lower_is_better = EXCLUDED.lower_is_better, actual = EXCLUDED.actual, measured_on = EXCLUDED.measured_on,
				updated_by = EXCLUDED.updated_by, updated_at = now()
			RETURNING `+resultCols, programID, in.Indicator, in.UnitOfMeasure, in.Baseline, in.Target, in.LowerIsBetter, in.Actual, in.MeasuredOn, actorID); err != nil {
			return mapErr(err)
		}
		var b any
		if len(before) == 1 {
			b = before[0]
		}
		return auditProgram(ctx, tx, programAudit{ActorID: actorID, Action: "kirkpatrick.result", Subject: fmt.Sprintf("program:%d", programID),
			Detail: "indikator hasil (Kirkpatrick tingkat 4) dicatat: " + out.Indicator, Before: b, After: out, Program: prog})
	})
	if err != nil {
		return out, fmt.Errorf("postgres: program %d: save result: %w", programID, err)
	}
	return out, nil
}
