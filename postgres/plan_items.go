package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/policyflow/policyflow/policies"
)

// PlanItemByID returns an item of a region's plan with its programs;
// another region's is not found.
func (s *DB) PlanItemByID(ctx context.Context, regionID, id int64) (policies.PlanItem, error) {
	return planItem(ctx, s.db, regionID, id)
}

// planItemForUpdate reads an item of the region with its programs and
// locks its row in tx; another region's item is not found.
func planItemForUpdate(ctx context.Context, tx *sqlx.Tx, regionID, id int64) (policies.PlanItem, error) {
	if _, err := tx.ExecContext(ctx, `SELECT 1 FROM plan_items WHERE id = $1 AND region_id = $2 FOR UPDATE`, id, regionID); err != nil {
		return policies.PlanItem{}, mapErr(err)
	}
	return planItem(ctx, tx, regionID, id)
}

// programTitles names programs for a refusal: "title (number)".
func programTitles(ps []policies.PlanProgram) string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = fmt.Sprintf("%s (%d)", p.Title, p.ProgramID)
	}
	return strings.Join(names, ", ")
}

// UpdatePlanItem changes an item of a region's plan, audited with before
// and after. Its programs must still fit it: a unit they are not run by,
// or a policy they do not implement, is a conflict naming unit or
// policy_id and the programs to unlink first.
func (s *DB) UpdatePlanItem(ctx context.Context, regionID, actorID, id int64, in policies.PlanItemInput) (policies.PlanItem, error) {
	var out policies.PlanItem
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		before, err := planItemForUpdate(ctx, tx, regionID, id)
		if err != nil {
			return err
		}
		unitID, err := planItemUnit(ctx, tx, regionID, in)
		if err != nil {
			return err
		}
		var misfits []struct {
			Title     string `db:"title"`
			ID        int64  `db:"id"`
			OtherUnit bool   `db:"other_unit"`
		}
		if err := tx.SelectContext(ctx, &misfits, `SELECT pr.title, pr.id, pr.unit_id <> $2 AS other_unit
			FROM plan_item_programs l JOIN programs pr ON pr.id = l.program_id
			WHERE l.item_id = $1 AND (pr.unit_id <> $2 OR ($3::bigint <> 0 AND pr.policy_id <> $3::bigint)) ORDER BY other_unit DESC, pr.id`, id, unitID, in.PolicyID); err != nil {
			return mapErr(err)
		}
		if len(misfits) > 0 {
			m, field, why := misfits[0], "policy_id", "melaksanakan kebijakan lain"
			if m.OtherUnit {
				field, why = "unit", "dijalankan unit lain"
			}
			return &policies.Error{Kind: policies.KindConflict, Field: field,
				Message: fmt.Sprintf("program %s (%d) yang merealisasikan butir ini %s; lepaskan program itu dahulu", m.Title, m.ID, why)}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE plan_items SET year = $2, unit_id = $3, policy_id = nullif($4::bigint, 0), competency = $5, kind = $6,
				target_participants = $7, target_jp = $8, budget = $9 WHERE id = $1`,
			id, in.Year, unitID, in.PolicyID, in.Competency, in.Kind, in.TargetParticipants, in.TargetJP, in.Budget); err != nil {
			return mapErr(err)
		}
		if out, err = planItem(ctx, tx, regionID, id); err != nil {
			return err
		}
		return auditAdmin(ctx, tx, policies.AdminChange{RegionID: regionID, ActorID: actorID, Action: "plan.item_updated",
			Subject: fmt.Sprintf("plan_item:%d", id), Before: before, After: out})
	})
	if err != nil {
		return out, fmt.Errorf("postgres: region %d: plan item %d: %w", regionID, id, err)
	}
	return out, nil
}

// DeletePlanItem deletes an item of a region's plan that no program
// realises, audited with what it was; an item that programs realise is a
// conflict naming them.
func (s *DB) DeletePlanItem(ctx context.Context, regionID, actorID, id int64) (policies.PlanItem, error) {
	var it policies.PlanItem
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		var err error
		if it, err = planItemForUpdate(ctx, tx, regionID, id); err != nil {
			return err
		}
		if len(it.Programs) > 0 {
			return &policies.Error{Kind: policies.KindConflict, Field: "item_id",
				Message: fmt.Sprintf("butir rencana ini direalisasikan oleh %s; lepaskan programnya dahulu", programTitles(it.Programs))}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM plan_items WHERE id = $1`, id); err != nil {
			return mapErr(err)
		}
		return auditAdmin(ctx, tx, policies.AdminChange{RegionID: regionID, ActorID: actorID, Action: "plan.item_deleted",
			Subject: fmt.Sprintf("plan_item:%d", id), Before: it})
	})
	if err != nil {
		return it, fmt.Errorf("postgres: region %d: plan item %d: %w", regionID, id, err)
	}
	return it, nil
}

// UnlinkPlanProgram records that a program no longer realises an item of
// a region's plan, audited; a program not linked to it is not found.
func (s *DB) UnlinkPlanProgram(ctx context.Context, regionID, actorID int64, in policies.PlanLinkInput) (policies.PlanItem, error) {
	var out policies.PlanItem
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		before, err := planItemForUpdate(ctx, tx, regionID, in.ItemID)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM plan_item_programs WHERE item_id = $1 AND program_id = $2`, in.ItemID, in.ProgramID)
		if err != nil {
			return mapErr(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &policies.Error{Kind: policies.KindNotFound, Field: "program_id",
				Message: fmt.Sprintf("program %d tidak tercatat merealisasikan butir rencana ini", in.ProgramID)}
		}
		if out, err = planItem(ctx, tx, regionID, in.ItemID); err != nil {
			return err
		}
		return auditAdmin(ctx, tx, policies.AdminChange{RegionID: regionID, ActorID: actorID, Action: "plan.program_unlinked",
			Subject: fmt.Sprintf("plan_item:%d", in.ItemID), Before: before, After: out})
	})
	if err != nil {
		return out, fmt.Errorf("postgres: region %d: plan unlink: %w", regionID, err)
	}
	return out, nil
}
