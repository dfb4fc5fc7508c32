package postgres

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/policyflow/policyflow/policies"
)

// A region's times of the legal steps (policies.LegalStepSettingStore;
// migration 0046).

var _ policies.LegalStepSettingStore = (*DB)(nil)

func legalStepSettings(ctx context.Context, q sqlx.QueryerContext, regionID int64) ([]policies.LegalStepSetting, error) {
	var saved []policies.LegalStepSetting
	if err := sqlx.SelectContext(ctx, q, &saved, `SELECT step, sla_days, escalation_days FROM legal_step_settings WHERE region_id = $1`, regionID); err != nil {
		return nil, fmt.Errorf("postgres: region %d: legal step settings: %w", regionID, mapErr(err))
	}
	return policies.LegalStepSettingsOf(saved), nil
}

// LegalStepSettings lists the region's times of every step.
func (s *DB) LegalStepSettings(ctx context.Context, regionID int64) ([]policies.LegalStepSetting, error) {
	return legalStepSettings(ctx, s.db, regionID)
}

// SetLegalStepSetting saves a step's times, audited with before and after.
func (s *DB) SetLegalStepSetting(ctx context.Context, regionID, actorID int64, in policies.LegalStepSettingInput) (policies.LegalStepSetting, error) {
	var after policies.LegalStepSetting
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		all, err := legalStepSettings(ctx, tx, regionID)
		if err != nil {
			return err
		}
		before := stepSetting(all, in.Step)
		if _, err := tx.ExecContext(ctx, `INSERT INTO legal_step_settings (region_id, step, sla_days, escalation_days, updated_by) VALUES ($1, $2, $3, $4, nullif($5::bigint, 0))
			ON CONFLICT (region_id, step) DO UPDATE SET sla_days = $3, escalation_days = $4, updated_by = nullif($5::bigint, 0), updated_at = now()`,
			regionID, in.Step, in.SLADays, in.EscalationDays, actorID); err != nil {
			return mapErr(err)
		}
		if all, err = legalStepSettings(ctx, tx, regionID); err != nil {
			return err
		}
		after = stepSetting(all, in.Step)
		return auditAdmin(ctx, tx, policies.AdminChange{RegionID: regionID, ActorID: actorID, Action: "legal_step_setting.saved",
			Subject: "legal_step_setting:" + string(in.Step), Before: before, After: after})
	})
	return after, err
}

func stepSetting(all []policies.LegalStepSetting, step policies.LegalStep) policies.LegalStepSetting {
	for _, s := range all {
		if s.Step == step {
			return s
		}
	}
	return policies.LegalStepSetting{Step: step}
}
