package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/policyflow/policyflow/policies"
)

const certificateCols = `id, region_id, program_id, participant_id, year, seq, number, nip, name, jp, title, starts_on, ends_on,
	unit_name, head_name, head_title, region_name, sha256, issued_at`

// IssueCertificate answers the certificate of a participation: the one
// issued before, or — for a completer of a done program whose organising
// unit has its head recorded — a new one numbered from the region's
// certificate register for the program's end year, audited. Its hours are
// the JP earned by the JP rule (the sessions attended when the program has
// sessions, else the program's JP when completed). The program's row lock
// makes a racing issue wait and find the first one.
func (s *DB) IssueCertificate(ctx context.Context, programID, participantID, actorID int64) (policies.Certificate, error) {
	var c policies.Certificate
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		prog, err := programForUpdate(ctx, tx, programID)
		if err != nil {
			return err
		}
		err = tx.GetContext(ctx, &c, `SELECT `+certificateCols+` FROM certificates WHERE participant_id = $1 AND program_id = $2`, participantID, programID)
		if err == nil {
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return mapErr(err)
		}
		var pa policies.Participant
		if err := tx.GetContext(ctx, &pa, `SELECT `+participantCols+` FROM participants WHERE id = $1 AND program_id = $2 AND removed_at IS NULL`,
			participantID, programID); err != nil {
			return fmt.Errorf("participant %d: %w", participantID, mapErr(err))
		}
		if prog.Status != policies.ProgramDone {
			return policies.ErrProgramNotDone
		}
		var earned struct {
			Sessions int  `db:"sessions"`
			JP       int  `db:"jp"`
			Done     bool `db:"done"`
		}
		if err := tx.GetContext(ctx, &earned, `SELECT ses.n AS sessions,
				CASE WHEN ses.n > 0 THEN coalesce(att.jp, 0) WHEN $3 THEN $4 ELSE 0 END AS jp,
				CASE WHEN ses.n > 0 THEN coalesce(att.jp, 0) > 0 ELSE $3 END AS done
			FROM (SELECT count(*) AS n FROM program_sessions WHERE program_id = $1) ses,
				(SELECT sum(ps.jp)::int AS jp FROM session_attendance sa JOIN program_sessions ps ON ps.id = sa.session_id
					WHERE sa.participant_id = $2 AND sa.present AND ps.program_id = $1) att`,
			programID, participantID, pa.Completed, prog.JP); err != nil {
			return mapErr(err)
		}
		if !earned.Done || earned.JP < 1 {
			return policies.ErrNotCompleted
		}
		var org struct {
			RegionID   int64          `db:"region_id"`
			RegionSlug string         `db:"region_slug"`
			RegionName string         `db:"region_name"`
			UnitName   string         `db:"unit_name"`
			HeadName   sql.NullString `db:"head_name"`
			HeadTitle  sql.NullString `db:"head_title"`
		}
		if err := tx.GetContext(ctx, &org, `SELECT u.region_id, r.slug AS region_slug, r.name AS region_name, u.name AS unit_name,
				h.name AS head_name, h.title AS head_title
			FROM units u JOIN regions r ON r.id = u.region_id LEFT JOIN users h ON h.id = u.head_user_id
			WHERE u.id = $1`, prog.UnitID); err != nil {
			return mapErr(err)
		}
		if !org.HeadName.Valid || org.HeadName.String == "" {
			return policies.ErrNoUnitHead(org.UnitName)
		}
		year := prog.EndsOn.Year()
		seq, err := reserveNumber(ctx, tx, org.RegionID, "sertifikat", year)
		if err != nil {
			return err
		}
		c = policies.Certificate{RegionID: org.RegionID, ProgramID: programID, ParticipantID: participantID, Year: year, Seq: seq,
			Number: policies.CertificateNumber(org.RegionSlug, year, seq), NIP: pa.NIP, Name: pa.Name, JP: earned.JP,
			Title: prog.Title, StartsOn: prog.StartsOn, EndsOn: prog.EndsOn, UnitName: org.UnitName,
			HeadName: org.HeadName.String, HeadTitle: org.HeadTitle.String, RegionName: org.RegionName}
		c.SHA256 = c.Hash()
		if err := tx.GetContext(ctx, &c, `INSERT INTO certificates (region_id, program_id, participant_id, year, seq, number, nip, name, jp,
				title, starts_on, ends_on, unit_name, head_name, head_title, region_name, sha256)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING `+certificateCols,
			c.RegionID, c.ProgramID, c.ParticipantID, c.Year, c.Seq, c.Number, c.NIP, c.Name, c.JP,
			c.Title, c.StartsOn, c.EndsOn, c.UnitName, c.HeadName, c.HeadTitle, c.RegionName, c.SHA256); err != nil {
			return mapErr(err)
		}
		return auditProgram(ctx, tx, programAudit{ActorID: actorID, Action: "certificate.issued", Subject: fmt.Sprintf("participant:%d", participantID),
			Detail: fmt.Sprintf("%s: sertifikat %s untuk peserta #%d", prog.Title, c.Number, participantID), After: c, Program: prog})
	})
	if err != nil {
		return c, fmt.Errorf("postgres: program %d: certificate: %w", programID, err)
	}
	return c, nil
}

// CertificateByHash finds the certificate whose content has that SHA-256
// (KindNotFound for none).
func (s *DB) CertificateByHash(ctx context.Context, sha256 string) (policies.Certificate, error) {
	var c policies.Certificate
	err := s.q.GetContext(ctx, &c, `SELECT `+certificateCols+` FROM certificates WHERE sha256 = $1`, sha256)
	if err != nil {
		return c, fmt.Errorf("postgres: certificate by hash: %w", mapErr(err))
	}
	return c, nil
}
