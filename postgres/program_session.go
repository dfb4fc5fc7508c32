package postgres

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/policyflow/policyflow/policies"
)

const sessionCols = `s.id, s.program_id, s.number, s.held_on, s.jp, s.topic`

// ProgramSessions returns a program's sessions by number with the count of
// participants present (the removed not counted).
func (s *DB) ProgramSessions(ctx context.Context, programID int64) ([]policies.ProgramSession, error) {
	var ss []policies.ProgramSession
	err := s.q.SelectContext(ctx, &ss, `SELECT `+sessionCols+`,
			(SELECT count(*) FROM session_attendance sa JOIN participants pa ON pa.id = sa.participant_id
				WHERE sa.session_id = s.id AND sa.present AND pa.removed_at IS NULL) AS present
		FROM program_sessions s WHERE s.program_id = $1 ORDER BY s.number`, programID)
	if err != nil {
		return nil, fmt.Errorf("postgres: program %d: sessions: %w", programID, mapErr(err))
	}
	return ss, nil
}

// AddSession adds a session numbered after the program's last, audited.
// The program's row is locked, so two sessions added at once get two numbers.
func (s *DB) AddSession(ctx context.Context, programID, actorID int64, in policies.NewSession) (policies.ProgramSession, error) {
	var out policies.ProgramSession
	err := s.inOpenProgram(ctx, programID, func(tx *sqlx.Tx, prog policies.Program) error {
		if err := tx.GetContext(ctx, &out, `INSERT INTO program_sessions AS s (program_id, number, held_on, jp, topic)
			VALUES ($1, (SELECT coalesce(max(number), 0) + 1 FROM program_sessions WHERE program_id = $1), $2, $3, $4)
			RETURNING `+sessionCols, programID, in.HeldOn, in.JP, in.Topic); err != nil {
			return fmt.Errorf("postgres: program %d: session: %w", programID, mapErr(err))
		}
		return auditProgram(ctx, tx, programAudit{ActorID: actorID, Action: "session.added", Subject: fmt.Sprintf("session:%d", out.ID),
			Detail: fmt.Sprintf("%s: sesi %d, %s, %d JP", prog.Title, out.Number, out.HeldOn.Format("2006-01-02"), out.JP), After: out, Program: prog})
	})
	return out, err
}

// Attendance returns every attendance mark of a program's sessions.
func (s *DB) Attendance(ctx context.Context, programID int64) ([]policies.AttendanceMark, error) {
	var ms []policies.AttendanceMark
	err := s.q.SelectContext(ctx, &ms, `SELECT sa.session_id, sa.participant_id, sa.present
		FROM session_attendance sa JOIN program_sessions s ON s.id = sa.session_id WHERE s.program_id = $1
		ORDER BY sa.session_id, sa.participant_id`, programID)
	if err != nil {
		return nil, fmt.Errorf("postgres: program %d: attendance: %w", programID, mapErr(err))
	}
	return ms, nil
}

// SaveAttendance records attendance marks of a program's sessions in one
// transaction (all or none). A mark of another program's session or
// participant, or of a removed participant, is refused; each mark that
// changes something is audited on its participation. The changed marks
// are written in one statement at the end, so the JP totals of their
// people are recomputed once (migration 0038), not once per mark.
func (s *DB) SaveAttendance(ctx context.Context, programID, actorID int64, marks []policies.AttendanceMark) (int, error) {
	changed := 0
	err := s.inOpenProgram(ctx, programID, func(tx *sqlx.Tx, prog policies.Program) error {
		type key struct{ session, participant int64 }
		pending := map[key]bool{} // marks changed so far, by session and participant: what later marks compare with
		var order []key
		for _, m := range marks {
			var at struct {
				Number  int  `db:"number"`
				Removed bool `db:"removed"`
			}
			err := tx.GetContext(ctx, &at, `SELECT s.number, pa.removed_at IS NOT NULL AS removed
				FROM program_sessions s JOIN participants pa ON pa.program_id = s.program_id
				WHERE s.id = $1 AND pa.id = $2 AND s.program_id = $3`, m.SessionID, m.ParticipantID, programID)
			if err != nil {
				return fmt.Errorf("postgres: attendance of participant %d at session %d: %w", m.ParticipantID, m.SessionID, mapErr(err))
			}
			if at.Removed {
				return policies.Errorf(policies.KindConflict, "peserta #%d sudah dikeluarkan dari program", m.ParticipantID)
			}
			k := key{m.SessionID, m.ParticipantID}
			var before *bool
			if p, ok := pending[k]; ok {
				before = &p
			} else if err := tx.GetContext(ctx, &before, `SELECT (SELECT present FROM session_attendance WHERE session_id = $1 AND participant_id = $2)`,
				m.SessionID, m.ParticipantID); err != nil {
				return mapErr(err)
			}
			if before != nil && *before == m.Present {
				continue
			}
			if _, ok := pending[k]; !ok {
				order = append(order, k)
			}
			pending[k] = m.Present
			changed++
			was := "-"
			if before != nil {
				was = yesNo(*before)
			}
			var b any
			if before != nil {
				b = policies.AttendanceMark{SessionID: m.SessionID, ParticipantID: m.ParticipantID, Present: *before}
			}
			if err := auditProgram(ctx, tx, programAudit{ActorID: actorID, Action: "participant.attendance", Subject: fmt.Sprintf("participant:%d", m.ParticipantID),
				Detail: fmt.Sprintf("%s: peserta #%d, sesi %d, hadir: %s → %s", prog.Title, m.ParticipantID, at.Number, was, yesNo(m.Present)),
				Before: b, After: m, Program: prog}); err != nil {
				return err
			}
		}
		if len(order) == 0 {
			return nil
		}
		sessions, participants, present := make(pq.Int64Array, len(order)), make(pq.Int64Array, len(order)), make(pq.BoolArray, len(order))
		for i, k := range order {
			sessions[i], participants[i], present[i] = k.session, k.participant, pending[k]
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO session_attendance (session_id, participant_id, present)
			SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::boolean[])
			ON CONFLICT (session_id, participant_id) DO UPDATE SET present = EXCLUDED.present, recorded_at = now()`,
			sessions, participants, present)
		return mapErr(err)
	})
	if err != nil {
		return 0, err
	}
	return changed, nil
}
