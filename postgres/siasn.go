package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/policyflow/policyflow/policies"
)

const siasnCandidateColumns = `pa.id AS participant_id, pa.nip, pa.name, u.code AS unit_code, pr.id AS program_id, pr.title AS program_title, pr.kind,
	pr.partner, ru.name AS organiser, pr.starts_on, pr.ends_on, earned.jp, coalesce(ce.number, '') AS certificate_number,
	v.unit_verified_at, v.region_verified_at, v.export_id`

const siasnCandidateFrom = ` FROM participants pa JOIN programs pr ON pr.id = pa.program_id JOIN units u ON u.id = pa.unit_id
	JOIN units ru ON ru.id = pr.unit_id LEFT JOIN participation_verifications v ON v.participant_id = pa.id
	LEFT JOIN certificates ce ON ce.participant_id = pa.id
	CROSS JOIN LATERAL (SELECT CASE WHEN ses.n > 0 THEN coalesce(att.jp, 0) WHEN pa.completed THEN pr.jp ELSE 0 END AS jp,
			CASE WHEN ses.n > 0 THEN coalesce(att.jp, 0) > 0 ELSE pa.completed END AS completed
		FROM (SELECT count(*) AS n FROM program_sessions WHERE program_id = pr.id) ses,
			(SELECT sum(ps.jp)::int AS jp FROM session_attendance sa JOIN program_sessions ps ON ps.id = sa.session_id
				WHERE sa.participant_id = pa.id AND sa.present AND ps.program_id = pr.id) att) earned`

// SIASNCandidates returns the region's (or one unit's) completed
// participations in programs that ended in year (not cancelled, the
// participant not removed), with their verifications.
func (s *DB) SIASNCandidates(ctx context.Context, regionID, unitID int64, year int) ([]policies.SIASNCandidate, error) {
	cs := []policies.SIASNCandidate{}
	err := s.q.SelectContext(ctx, &cs, `SELECT `+siasnCandidateColumns+siasnCandidateFrom+`
		WHERE u.region_id = $1 AND ($2 = 0 OR pa.unit_id = $2) AND earned.completed AND pa.removed_at IS NULL AND pr.status <> 'cancelled'
			AND extract(year FROM pr.ends_on) = $3
		ORDER BY u.code, pr.ends_on, pr.id, pa.nip`, regionID, unitID, year)
	if err != nil {
		return nil, fmt.Errorf("postgres: region %d: SIASN candidates %d: %w", regionID, year, mapErr(err))
	}
	return cs, nil
}

func siasnCandidate(ctx context.Context, q sqlx.QueryerContext, regionID, unitID, id int64) (policies.SIASNCandidate, error) {
	var c policies.SIASNCandidate
	var completed bool
	row := struct {
		policies.SIASNCandidate
		Completed bool `db:"completed"`
	}{}
	err := sqlx.GetContext(ctx, q, &row, `SELECT `+siasnCandidateColumns+`, earned.completed AND pa.removed_at IS NULL AND pr.status <> 'cancelled' AS completed`+siasnCandidateFrom+`
		WHERE u.region_id = $1 AND ($2 = 0 OR pa.unit_id = $2) AND pa.id = $3`, regionID, unitID, id)
	if err != nil {
		if policies.IsKind(mapErr(err), policies.KindNotFound) {
			return c, &policies.Error{Kind: policies.KindNotFound, Field: "participant_id", Message: "peserta tidak ditemukan", Err: err}
		}
		return c, mapErr(err)
	}
	c, completed = row.SIASNCandidate, row.Completed
	if !completed {
		return c, &policies.Error{Kind: policies.KindConflict, Field: "participant_id", Message: "peserta belum lulus program ini; hanya pelatihan yang selesai diekspor ke SIASN"}
	}
	return c, nil
}

// VerifyParticipation marks a completed participation verified by its
// unit (unitID its unit) or, after the unit, by BKPSDM (unitID 0), audited.
func (s *DB) VerifyParticipation(ctx context.Context, regionID, unitID, actorID, participantID int64) (policies.SIASNCandidate, error) {
	var out policies.SIASNCandidate
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(30, $1::int)`, regionID); err != nil {
			return mapErr(err)
		}
		before, err := siasnCandidate(ctx, tx, regionID, unitID, participantID)
		if err != nil {
			return err
		}
		action := "siasn.unit_verified"
		switch {
		case unitID != 0 && before.UnitVerifiedAt != nil:
			return &policies.Error{Kind: policies.KindConflict, Field: "participant_id", Message: "peserta ini sudah diverifikasi unit"}
		case unitID != 0:
			_, err = tx.ExecContext(ctx, `INSERT INTO participation_verifications (participant_id, unit_verified_by) VALUES ($1, $2)`, participantID, actorID)
		case before.UnitVerifiedAt == nil:
			return &policies.Error{Kind: policies.KindConflict, Field: "participant_id", Message: "unit peserta belum memverifikasinya; BKPSDM memverifikasi sesudah unit"}
		case before.RegionVerifiedAt != nil:
			return &policies.Error{Kind: policies.KindConflict, Field: "participant_id", Message: "peserta ini sudah diverifikasi BKPSDM"}
		default:
			action = "siasn.region_verified"
			_, err = tx.ExecContext(ctx, `UPDATE participation_verifications SET region_verified_by = $2, region_verified_at = now() WHERE participant_id = $1`, participantID, actorID)
		}
		if err != nil {
			return mapErr(err)
		}
		if out, err = siasnCandidate(ctx, tx, regionID, unitID, participantID); err != nil {
			return err
		}
		return auditAdmin(ctx, tx, policies.AdminChange{RegionID: regionID, ActorID: actorID, Action: action,
			Subject: fmt.Sprintf("participant:%d", participantID), Before: before, After: out})
	})
	if err != nil {
		return out, fmt.Errorf("postgres: participant %d: verify: %w", participantID, err)
	}
	return out, nil
}

// ExportSIASN records a batch of the region's verified participations not
// yet exported, in one transaction, audited; none is a conflict.
func (s *DB) ExportSIASN(ctx context.Context, regionID, actorID int64, rows func([]policies.SIASNCandidate) []policies.SIASNRow) (policies.SIASNExport, error) {
	var out policies.SIASNExport
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(30, $1::int)`, regionID); err != nil {
			return mapErr(err)
		}
		cs := []policies.SIASNCandidate{}
		if err := tx.SelectContext(ctx, &cs, `SELECT `+siasnCandidateColumns+siasnCandidateFrom+`
			WHERE u.region_id = $1 AND earned.completed AND pa.removed_at IS NULL AND pr.status <> 'cancelled'
				AND v.region_verified_at IS NOT NULL AND v.export_id IS NULL
			ORDER BY u.code, pr.ends_on, pr.id, pa.nip`, regionID); err != nil {
			return mapErr(err)
		}
		if len(cs) == 0 {
			return policies.Errorf(policies.KindConflict, "tidak ada pelatihan terverifikasi yang belum diekspor")
		}
		out.Rows = rows(cs)
		data, err := json.Marshal(out.Rows)
		if err != nil {
			return fmt.Errorf("SIASN rows: %w", err)
		}
		if err := tx.GetContext(ctx, &out, `INSERT INTO siasn_exports (region_id, rows, row_count, created_by) VALUES ($1, $2, $3, nullif($4::bigint, 0))
			RETURNING id, row_count, created_at`, regionID, string(data), len(out.Rows), actorID); err != nil {
			return mapErr(err)
		}
		ids := make([]int64, len(cs))
		for i, c := range cs {
			ids[i] = c.ParticipantID
		}
		if _, err := tx.ExecContext(ctx, `UPDATE participation_verifications SET export_id = $1, exported_at = now()
			WHERE participant_id = ANY($2) AND export_id IS NULL`, out.ID, pq.Array(ids)); err != nil {
			return mapErr(err)
		}
		return auditAdmin(ctx, tx, policies.AdminChange{RegionID: regionID, ActorID: actorID, Action: "siasn.exported",
			Subject: fmt.Sprintf("siasn_export:%d", out.ID), After: map[string]any{"rows": len(out.Rows), "participants": ids}})
	})
	if err != nil {
		return out, fmt.Errorf("postgres: region %d: SIASN export: %w", regionID, err)
	}
	return out, nil
}

// SIASNExports returns the region's batches, newest first, without rows.
func (s *DB) SIASNExports(ctx context.Context, regionID int64) ([]policies.SIASNExport, error) {
	es := []policies.SIASNExport{}
	err := s.q.SelectContext(ctx, &es, `SELECT id, row_count, created_at FROM siasn_exports WHERE region_id = $1 ORDER BY id DESC`, regionID)
	if err != nil {
		return nil, fmt.Errorf("postgres: region %d: SIASN exports: %w", regionID, mapErr(err))
	}
	return es, nil
}

// SIASNExportByID returns a batch with its rows as exported.
func (s *DB) SIASNExportByID(ctx context.Context, regionID, id int64) (policies.SIASNExport, error) {
	var row struct {
		policies.SIASNExport
		Data []byte `db:"rows"`
	}
	if err := s.q.GetContext(ctx, &row, `SELECT id, row_count, created_at, rows FROM siasn_exports WHERE region_id = $1 AND id = $2`, regionID, id); err != nil {
		return policies.SIASNExport{}, fmt.Errorf("postgres: SIASN export %d: %w", id, mapErr(err))
	}
	out := row.SIASNExport
	if err := json.Unmarshal(row.Data, &out.Rows); err != nil {
		return out, fmt.Errorf("postgres: SIASN export %d rows: %w", id, err)
	}
	return out, nil
}
