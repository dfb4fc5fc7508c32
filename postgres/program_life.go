package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/policyflow/policyflow/policies"
)

// programAudit is a program's change in the audit log: on its policy's
// history (detail, no personal data), with the record before and after
// kept beside it. The region's administrative audit lists it without the
// record: a participation is personal data its administrators do not read.
type programAudit struct {
	ActorID int64
	Action  string
	Subject string
	Detail  string
	Key     string // "" for none
	Before  any
	After   any
	Program policies.Program
}

// errRecorded rolls back a keyed change whose key's audit row another
// writer recorded first: the change is already made.
var errRecorded = errors.New("postgres: change already recorded under its key")

// auditProgram writes a programAudit inside tx, on the program's policy.
func auditProgram(ctx context.Context, tx *sqlx.Tx, a programAudit) error {
	return auditAdmin(ctx, tx, policies.AdminChange{PolicyID: a.Program.PolicyID, ActorID: a.ActorID, Action: a.Action,
		Subject: a.Subject, Detail: a.Detail, Key: a.Key, Before: a.Before, After: a.After})
}

// programForUpdate reads a program and locks its row in tx.
func programForUpdate(ctx context.Context, tx *sqlx.Tx, id int64) (policies.Program, error) {
	var p policies.Program
	if err := tx.GetContext(ctx, &p, `SELECT `+programCols+` FROM programs WHERE id = $1 FOR UPDATE`, id); err != nil {
		return p, fmt.Errorf("postgres: program %d: %w", id, mapErr(err))
	}
	return p, nil
}

// inProgram runs fn in one transaction with the program's row locked.
func (s *DB) inProgram(ctx context.Context, programID int64, fn func(tx *sqlx.Tx, prog policies.Program) error) error {
	return s.Transact(ctx, func(tx *sqlx.Tx) error {
		prog, err := programForUpdate(ctx, tx, programID)
		if err != nil {
			return err
		}
		return fn(tx, prog)
	})
}

// inOpenProgram is inProgram for a change of the program's sessions or
// attendance, refused once the program no longer takes them.
func (s *DB) inOpenProgram(ctx context.Context, programID int64, fn func(tx *sqlx.Tx, prog policies.Program) error) error {
	return s.inProgram(ctx, programID, func(tx *sqlx.Tx, prog policies.Program) error {
		if err := policies.CheckSessionsOpen(prog.Status); err != nil {
			return err
		}
		return fn(tx, prog)
	})
}

// ChangeProgram records an edit, a reschedule or a status change of a
// program, with its audit row, in one transaction, once per key: a
// retried activity (a local activity retried while its first attempt
// still runs, too) finds the key's audit row and changes nothing, and
// answers the program as it stands. The status table
// (policies.ProgramTransitions) is checked on the locked row: a cancelled
// program is never started or finished by a late timer.
func (s *DB) ChangeProgram(ctx context.Context, c policies.ProgramChange) (policies.Program, error) {
	out, err := s.changeProgram(ctx, c)
	if errors.Is(err, errRecorded) {
		return s.ProgramByID(ctx, c.ProgramID)
	}
	return out, err
}

func (s *DB) changeProgram(ctx context.Context, c policies.ProgramChange) (policies.Program, error) {
	var out policies.Program
	err := s.inProgram(ctx, c.ProgramID, func(tx *sqlx.Tx, before policies.Program) error {
		out = before
		if c.Key != "" {
			var done bool
			if err := tx.GetContext(ctx, &done, `SELECT EXISTS (SELECT 1 FROM audit_log WHERE idempotency_key = $1)`, c.Key); err != nil {
				return mapErr(err)
			}
			if done {
				return nil
			}
		}
		if err := checkMomentCame(ctx, tx, c); err != nil {
			return err
		}
		to, err := policies.CheckProgramAction(before.Status, c.Action)
		if err != nil {
			return err
		}
		after := before
		after.Status = to
		var detail []string
		switch {
		case c.Edit != nil:
			e := c.Edit
			after.Kind, after.Title, after.Partner, after.JP, after.TargetParticipants = e.Kind, e.Title, e.Partner, e.JP, e.TargetParticipants
			detail = append(detail, e.Title)
		case c.Reschedule != nil:
			r := c.Reschedule
			after.StartsOn, after.EndsOn = r.StartsAt, r.EndsAt
			if c.Replan && before.Status == policies.ProgramRunning {
				if after.Status, err = policies.CheckProgramAction(before.Status, policies.ProgramReplanAct); err != nil {
					return err
				}
			}
			detail = append(detail, fmt.Sprintf("%s – %s", policies.InZone(r.StartsAt).Format("2006-01-02"), policies.InZone(r.EndsAt).Format("2006-01-02")))
		}
		if c.Reason != "" {
			after.StatusReason = c.Reason
			detail = append(detail, c.Reason)
		}
		if err := tx.GetContext(ctx, &out, `UPDATE programs SET kind = $2, title = $3, partner = $4, jp = $5, target_participants = $6,
				starts_on = $7, ends_on = $8, status = $9, status_reason = $10 WHERE id = $1 RETURNING `+programCols,
			c.ProgramID, after.Kind, after.Title, after.Partner, after.JP, after.TargetParticipants,
			after.StartsOn, after.EndsOn, after.Status, after.StatusReason); err != nil {
			return fmt.Errorf("postgres: program %d: %w", c.ProgramID, mapErr(err))
		}
		return auditProgram(ctx, tx, programAudit{ActorID: c.ActorID, Action: "program." + string(c.Action), Subject: c.Subject(),
			Detail: out.Title + ": " + strings.Join(detail, "; "), Key: c.Key, Before: before, After: out, Program: out})
	})
	return out, err
}

// checkMomentCame refuses a start or finish reached (c.At) before the
// program's date for it, which a reschedule moved meanwhile: a conflict,
// and the workflow's timer waits for the new date. The dates compare as
// the database stores them.
func checkMomentCame(ctx context.Context, tx *sqlx.Tx, c policies.ProgramChange) error {
	col := map[policies.ProgramAction]string{policies.ProgramStartAct: "starts_on", policies.ProgramFinishAct: "ends_on"}[c.Action]
	if col == "" || c.At.IsZero() {
		return nil
	}
	var early bool
	if err := tx.GetContext(ctx, &early, `SELECT $2::timestamptz::date < `+col+` FROM programs WHERE id = $1`, c.ProgramID, c.At); err != nil {
		return mapErr(err)
	}
	if early {
		return policies.Errorf(policies.KindConflict, "program dijadwalkan ulang: belum waktunya %s", c.Action)
	}
	return nil
}

// SetProgramBudget records a program's budget and realisation, audited.
func (s *DB) SetProgramBudget(ctx context.Context, programID, actorID int64, b policies.ProgramBudget) (policies.Program, error) {
	var out policies.Program
	err := s.inProgram(ctx, programID, func(tx *sqlx.Tx, before policies.Program) error {
		if err := tx.GetContext(ctx, &out, `UPDATE programs SET budget = $2, realisation = $3 WHERE id = $1 RETURNING `+programCols,
			programID, b.Budget, b.Realisation); err != nil {
			return fmt.Errorf("postgres: program %d: budget: %w", programID, mapErr(err))
		}
		return auditProgram(ctx, tx, programAudit{ActorID: actorID, Action: "program.budget", Subject: fmt.Sprintf("program:%d", programID),
			Detail: fmt.Sprintf("%s: pagu Rp %d, realisasi Rp %d", out.Title, b.Budget, b.Realisation),
			Before: before.BudgetOf(), After: out.BudgetOf(), Program: out})
	})
	return out, err
}

// ProgramRecipients returns the organising unit's active officers and the
// program's participants who have an account in its region, by NIP.
func (s *DB) ProgramRecipients(ctx context.Context, programID int64) ([]int64, error) {
	var ids pq.Int64Array
	err := s.q.GetContext(ctx, &ids, `SELECT coalesce(array_agg(DISTINCT id ORDER BY id), '{}') FROM (
			SELECT u.id FROM users u JOIN programs pr ON pr.unit_id = u.unit_id
				WHERE pr.id = $1 AND u.role = 'unit_officer' AND u.deactivated_at IS NULL
			UNION
			SELECT u.id FROM participants pa JOIN programs pr ON pr.id = pa.program_id
				JOIN units pu ON pu.id = pr.unit_id
				JOIN users u ON u.nip = pa.nip AND u.region_id = pu.region_id
				WHERE pa.program_id = $1 AND u.deactivated_at IS NULL) r`, programID)
	if err != nil {
		return nil, fmt.Errorf("postgres: program %d: recipients: %w", programID, mapErr(err))
	}
	return ids, nil
}
