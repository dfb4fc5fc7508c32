package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/policyflow/policyflow/policies"
)

const participantCols = `id, program_id, nip, name, unit_id, attended, completed, created_at, removed_at, removed_reason`

// Participants returns a program's participants by NIP, the removed ones
// among them (marked).
func (s *DB) Participants(ctx context.Context, programID int64) ([]policies.Participant, error) {
	var ps []policies.Participant
	err := s.q.SelectContext(ctx, &ps, `SELECT `+participantCols+` FROM participants WHERE program_id = $1 ORDER BY nip`, programID)
	return ps, mapErr(err)
}

// participantAudit writes a participation's change to the audit log in tx:
// on the policy's history by participant number (no personal data), with
// the record before and after for the region's audit.
func participantAudit(ctx context.Context, tx *sqlx.Tx, prog policies.Program, actorID int64, verb string, before, after *policies.Participant, why string) error {
	id := after.ID
	detail := fmt.Sprintf("%s: peserta #%d", prog.Title, id)
	if why != "" {
		detail += "; " + why
	}
	var b any
	if before != nil {
		b = before
	}
	return auditProgram(ctx, tx, programAudit{ActorID: actorID, Action: "participant." + verb, Subject: fmt.Sprintf("participant:%d", id),
		Detail: detail, Before: b, After: after, Program: prog})
}

// SaveParticipants records participants of a program in one transaction:
// all of them or, on any error, none. A new NIP is added, a removed one is
// back, a held one is updated (name, unit, attendance, completion); each
// change is audited, and an unchanged line writes nothing.
func (s *DB) SaveParticipants(ctx context.Context, programID, actorID int64, ps []policies.Participant) (int, error) {
	err := s.inProgram(ctx, programID, func(tx *sqlx.Tx, prog policies.Program) error {
		var held []policies.Participant
		if err := tx.SelectContext(ctx, &held, `SELECT `+participantCols+` FROM participants WHERE program_id = $1 FOR UPDATE`, programID); err != nil {
			return mapErr(err)
		}
		for _, d := range policies.DiffParticipants(held, ps) {
			if d.Kind == policies.ParticipantUnchanged {
				continue
			}
			p := d.After
			var after policies.Participant
			if err := tx.GetContext(ctx, &after, `INSERT INTO participants (program_id, nip, name, unit_id, attended, completed)
				VALUES ($1, $2, $3, $4, $5, $6)
				ON CONFLICT (program_id, nip) DO UPDATE SET name = EXCLUDED.name, unit_id = EXCLUDED.unit_id,
					attended = EXCLUDED.attended, completed = EXCLUDED.completed, removed_at = NULL, removed_reason = ''
				RETURNING `+participantCols,
				programID, p.NIP, p.Name, p.UnitID, p.Attended, p.Completed); err != nil {
				return fmt.Errorf("NIP %s: %w", p.NIP, mapErr(err))
			}
			var why []string
			if d.CompletionChanged() {
				why = append(why, fmt.Sprintf("lulus: %s → %s", yesNo(d.Before.Completed), yesNo(after.Completed)))
			}
			if d.Before != nil && d.Before.Attended != after.Attended {
				why = append(why, fmt.Sprintf("hadir: %s → %s", yesNo(d.Before.Attended), yesNo(after.Attended)))
			}
			if err := participantAudit(ctx, tx, prog, actorID, string(d.Kind), d.Before, &after, strings.Join(why, ", ")); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("postgres: program %d: participants: %w", programID, err)
	}
	return len(ps), nil
}

func yesNo(b bool) string {
	if b {
		return "ya"
	}
	return "tidak"
}

// RemoveParticipant removes a participant from a program for a reason,
// audited; removing one already removed is a conflict.
func (s *DB) RemoveParticipant(ctx context.Context, programID, participantID, actorID int64, reason string) (policies.Participant, error) {
	var after policies.Participant
	err := s.inProgram(ctx, programID, func(tx *sqlx.Tx, prog policies.Program) error {
		var before policies.Participant
		if err := tx.GetContext(ctx, &before, `SELECT `+participantCols+` FROM participants WHERE id = $1 AND program_id = $2 FOR UPDATE`,
			participantID, programID); err != nil {
			return fmt.Errorf("postgres: participant %d: %w", participantID, mapErr(err))
		}
		if before.Removed() {
			return policies.Errorf(policies.KindConflict, "peserta ini sudah dikeluarkan")
		}
		if err := tx.GetContext(ctx, &after, `UPDATE participants SET removed_at = now(), removed_reason = $2 WHERE id = $1 RETURNING `+participantCols,
			participantID, reason); err != nil {
			return fmt.Errorf("postgres: participant %d: %w", participantID, mapErr(err))
		}
		// The reason stays out of the policy's history (anyone signed in
		// reads it): it may say something personal. It is in after.
		return participantAudit(ctx, tx, prog, actorID, "removed", &before, &after, "")
	})
	return after, err
}
