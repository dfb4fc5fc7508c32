package postgres

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/policyflow/policyflow/policies"
)

var _ policies.AmendmentStore = (*DB)(nil)

const amendmentColumns = `id, region_id, policy_id, target_policy_id, position, op, pasal, ayat, ayat_letter, after_pasal, body, expect, created_at`

// AmendmentInstructions implements policies.AmendmentStore.
func (s *DB) AmendmentInstructions(ctx context.Context, policyID int64) ([]policies.AmendmentInstruction, error) {
	out := []policies.AmendmentInstruction{}
	err := s.q.SelectContext(ctx, &out, `SELECT `+amendmentColumns+` FROM amendment_instructions WHERE policy_id = $1 ORDER BY position`, policyID)
	return out, mapErr(err)
}

// AmendmentsOf implements policies.AmendmentStore.
func (s *DB) AmendmentsOf(ctx context.Context, targetPolicyID int64) ([]policies.AmendmentInstruction, error) {
	out := []policies.AmendmentInstruction{}
	err := s.q.SelectContext(ctx, &out, `SELECT `+amendmentColumns+` FROM amendment_instructions WHERE target_policy_id = $1 ORDER BY policy_id, position`, targetPolicyID)
	return out, mapErr(err)
}

// lockEditableAmendment locks the amending policy of the region and checks
// that its points may change (its status read, never written; never once
// enacted).
func lockEditableAmendment(ctx context.Context, tx *sqlx.Tx, regionID, policyID int64) error {
	var rows []struct {
		Region  int64           `db:"region_id"`
		Status  policies.Status `db:"status"`
		Enacted bool            `db:"enacted"`
	}
	if err := tx.SelectContext(ctx, &rows, `SELECT region_id, status, EXISTS (SELECT 1 FROM enactments e WHERE e.policy_id = p.id) AS enacted
		FROM policies p WHERE id = $1 FOR UPDATE`, policyID); err != nil {
		return mapErr(err)
	}
	if len(rows) == 0 || rows[0].Region != regionID {
		return policies.Errorf(policies.KindNotFound, "kebijakan tidak ditemukan")
	}
	// An enacted act's points are the law it made: never changed after.
	if !policies.AmendmentEditable(rows[0].Status) || rows[0].Enacted {
		return policies.Errorf(policies.KindConflict, "butir perubahan hanya dapat diubah selama rancangan disusun, tidak selama persetujuan atau sesudah disetujui")
	}
	return nil
}

// AddAmendmentInstruction implements policies.AmendmentStore.
func (s *DB) AddAmendmentInstruction(ctx context.Context, regionID, actorID, policyID, targetID int64, count int, in policies.AmendmentInput, expect string) (policies.AmendmentInstruction, error) {
	var out policies.AmendmentInstruction
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		if err := lockEditableAmendment(ctx, tx, regionID, policyID); err != nil {
			return err
		}
		var have int
		if err := tx.GetContext(ctx, &have, `SELECT count(*) FROM amendment_instructions WHERE policy_id = $1`, policyID); err != nil {
			return mapErr(err)
		}
		if have != count {
			return policies.Errorf(policies.KindConflict, "butir perubahan lain disimpan sejak Anda membuka halaman ini; muat ulang lalu periksa lagi")
		}
		if err := tx.GetContext(ctx, &out, `INSERT INTO amendment_instructions (region_id, policy_id, target_policy_id, position, op, pasal, ayat, ayat_letter, after_pasal, body, expect, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING `+amendmentColumns,
			regionID, policyID, targetID, count+1, in.Op, in.Pasal, in.Ayat, in.AyatLetter, in.After, in.Text, expect, actorID); err != nil {
			return mapErr(err)
		}
		return auditCurrent(ctx, tx, actorID, "amendment.point_added", fmt.Sprintf("%d. %s %s", out.Position, out.Op, out.Label()), policyID)
	})
	return out, err
}

// DeleteAmendmentInstruction implements policies.AmendmentStore.
func (s *DB) DeleteAmendmentInstruction(ctx context.Context, regionID, actorID, policyID, id int64) error {
	return s.Transact(ctx, func(tx *sqlx.Tx) error {
		if err := lockEditableAmendment(ctx, tx, regionID, policyID); err != nil {
			return err
		}
		var gone []policies.AmendmentInstruction
		if err := tx.SelectContext(ctx, &gone, `DELETE FROM amendment_instructions WHERE id = $1 AND policy_id = $2 RETURNING `+amendmentColumns, id, policyID); err != nil {
			return mapErr(err)
		}
		if len(gone) == 0 {
			return policies.Errorf(policies.KindNotFound, "butir perubahan tidak ditemukan")
		}
		g := gone[0]
		// The later points move up one, through numbers no point has (the
		// unique position is checked row by row).
		if _, err := tx.ExecContext(ctx, `UPDATE amendment_instructions SET position = position + 1000000 WHERE policy_id = $1 AND position > $2`, policyID, g.Position); err != nil {
			return mapErr(err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE amendment_instructions SET position = position - 1000001 WHERE policy_id = $1 AND position > 1000000`, policyID); err != nil {
			return mapErr(err)
		}
		return auditCurrent(ctx, tx, actorID, "amendment.point_removed", fmt.Sprintf("%d. %s %s", g.Position, g.Op, g.Label()), policyID)
	})
}
