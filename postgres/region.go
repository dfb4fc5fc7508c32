package postgres

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/policyflow/policyflow/policies"
)

// UpdateRegionSettings sets a region's time zone, JP minimums and maximums, default
// IKM threshold, SKM and Kirkpatrick figures and consultation rules, audited.
func (s *DB) UpdateRegionSettings(ctx context.Context, regionID, actorID int64, in policies.RegionSettings) (policies.Region, error) {
	var r policies.Region
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		var before policies.Region
		if err := tx.GetContext(ctx, &before, `SELECT `+regionColumns+` FROM regions WHERE id = $1 FOR UPDATE`, regionID); err != nil {
			return fmt.Errorf("postgres: region %d: %w", regionID, mapErr(err))
		}
		if in.PaperSize == "" {
			in.PaperSize = before.PaperSize
		}
		if in.SKMMinRespondents == 0 {
			in.SKMMinRespondents = before.SKMMinRespondents
		}
		if in.KPBehaviourMonths == 0 {
			in.KPBehaviourMonths = before.KPBehaviourMonths
		}
		if in.KPResultsMonths == 0 {
			in.KPResultsMonths = before.KPResultsMonths
		}
		if in.ConsultationMinDays == 0 {
			in.ConsultationMinDays = before.ConsultationMinDays
		}
		if in.ConsultationMinMode == "" {
			in.ConsultationMinMode = before.ConsultationMinMode
		}
		if in.AnswerDeadlineDays == 0 {
			in.AnswerDeadlineDays = before.AnswerDeadlineDays
		}
		if err := tx.GetContext(ctx, &r, `UPDATE regions SET time_zone = $2, jp_min_pns = $3, jp_min_pppk = $4, ikm_threshold_default = $5, paper_size = $6,
				jp_max_pns = $7, jp_max_pppk = $8, skm_min_respondents = $9, kp_behaviour_months = $10, kp_results_months = $11,
				consultation_min_days = $12, consultation_min_mode = $13, answer_deadline_days = $14
			WHERE id = $1 RETURNING `+regionColumns, regionID, in.TimeZone, in.JPMinPNS, in.JPMinPPPK, in.IKMThresholdDefault, in.PaperSize, in.JPMaxPNS, in.JPMaxPPPK,
			in.SKMMinRespondents, in.KPBehaviourMonths, in.KPResultsMonths, in.ConsultationMinDays, in.ConsultationMinMode, in.AnswerDeadlineDays); err != nil {
			return mapErr(err)
		}
		return auditAdmin(ctx, tx, policies.AdminChange{RegionID: regionID, ActorID: actorID, Action: "region.updated",
			Subject: fmt.Sprintf("region:%d", regionID), Before: before.Settings(), After: r.Settings()})
	})
	return r, err
}

// CreateRegion adds a region, audited (with no actor: the command line).
// slug, name and zone are a policies.NewRegion that Validate passed.
func (s *DB) CreateRegion(ctx context.Context, actorID int64, slug, name string, zone policies.TimeZone) (policies.Region, error) {
	var r policies.Region
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		err := tx.GetContext(ctx, &r, `INSERT INTO regions (slug, name, time_zone) VALUES ($1, $2, $3) RETURNING `+regionColumns, slug, name, zone)
		if err != nil {
			err = mapErr(err)
			if policies.IsKind(err, policies.KindConflict) {
				return &policies.Error{Kind: policies.KindConflict, Field: "slug", Message: fmt.Sprintf("wilayah dengan slug %q sudah ada", slug), Err: err}
			}
			return err
		}
		return auditAdmin(ctx, tx, policies.AdminChange{RegionID: r.ID, ActorID: actorID, Action: "region.created",
			Subject: fmt.Sprintf("region:%d", r.ID), After: map[string]any{"slug": r.Slug, "name": r.Name, "time_zone": r.TimeZone}})
	})
	if err != nil {
		return r, fmt.Errorf("postgres: create region %q: %w", slug, err)
	}
	return r, nil
}
