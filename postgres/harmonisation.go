package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/policyflow/policyflow/policies"
)

// Harmonisation (policies.HarmonisationStore): the region's setting per
// legal form, and the request and answer of each approved version (UU
// 13/2022 Pasal 58 and 97D; Permenkum 40/2025).

var _ policies.HarmonisationStore = (*DB)(nil)

const harmonisationColumns = `h.id, h.policy_id, h.version_id, h.version_number, h.requested_on, h.request_letter, u.name AS requested_by_name,
	h.answer_letter, h.answered_on, h.berita_acara_id, h.result, h.notes`

// harmonisationSetting reads a form's setting of the region (the default
// when the region has not said); the form is the ID's place in LegalForms.
func harmonisationSetting(ctx context.Context, q sqlx.QueryerContext, regionID int64, form policies.LegalForm) (policies.HarmonisationSetting, error) {
	st := policies.HarmonisationSetting{Form: form, Required: policies.HarmonisationRequiredByDefault(form), Default: true}
	var required *bool
	if err := sqlx.GetContext(ctx, q, &required, `SELECT (SELECT required FROM harmonisation_settings WHERE region_id = $1 AND form = $2)`, regionID, form); err != nil {
		return st, fmt.Errorf("postgres: region %d: harmonisation %s: %w", regionID, form, mapErr(err))
	}
	if required != nil {
		st.Required, st.Default = *required, false
	}
	return st, nil
}

// HarmonisationSettings lists the region's setting of every form.
func (s *DB) HarmonisationSettings(ctx context.Context, regionID int64) ([]policies.HarmonisationSetting, error) {
	out := make([]policies.HarmonisationSetting, 0, len(policies.LegalForms))
	for _, f := range policies.LegalForms {
		st, err := harmonisationSetting(ctx, s.db, regionID, f)
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, nil
}

// SetHarmonisation saves a form's setting, audited with before and after.
func (s *DB) SetHarmonisation(ctx context.Context, regionID, actorID int64, in policies.HarmonisationSettingInput) (policies.HarmonisationSetting, error) {
	var after policies.HarmonisationSetting
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		before, err := harmonisationSetting(ctx, tx, regionID, in.Form)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO harmonisation_settings (region_id, form, required, updated_by) VALUES ($1, $2, $3, nullif($4::bigint, 0))
			ON CONFLICT (region_id, form) DO UPDATE SET required = $3, updated_by = nullif($4::bigint, 0), updated_at = now()`,
			regionID, in.Form, in.Required, actorID); err != nil {
			return mapErr(err)
		}
		if after, err = harmonisationSetting(ctx, tx, regionID, in.Form); err != nil {
			return err
		}
		return auditAdmin(ctx, tx, policies.AdminChange{RegionID: regionID, ActorID: actorID, Action: "harmonisation_setting.saved",
			Subject: "harmonisation_setting:" + string(in.Form), Before: before, After: after})
	})
	return after, err
}

// Harmonisations lists a policy's harmonisations, newest first.
func (s *DB) Harmonisations(ctx context.Context, policyID int64) ([]policies.Harmonisation, error) {
	return policyRows[policies.Harmonisation](ctx, s, "harmonisations", `SELECT `+harmonisationColumns+`
		FROM harmonisations h JOIN users u ON u.id = h.requested_by WHERE h.policy_id = $1 ORDER BY h.id DESC`, policyID)
}

// harmonisationOf is the harmonisation of a version; nil when none.
func harmonisationOf(ctx context.Context, q sqlx.QueryerContext, versionID int64) (*policies.Harmonisation, error) {
	var h policies.Harmonisation
	err := sqlx.GetContext(ctx, q, &h, `SELECT `+harmonisationColumns+` FROM harmonisations h JOIN users u ON u.id = h.requested_by
		WHERE h.version_id = $1`, versionID)
	if policies.KindOf(mapErr(err)) == policies.KindNotFound {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: version %d: harmonisation: %w", versionID, mapErr(err))
	}
	return &h, nil
}

// harmonisationPending is the refusal of act (a paraf, an enactment) on
// the version while the region requires harmonisation of form and the
// version has no "selesai"; nil otherwise.
func harmonisationPending(ctx context.Context, tx *sqlx.Tx, regionID int64, form policies.LegalForm, versionID int64, act string) error {
	st, err := harmonisationSetting(ctx, tx, regionID, form)
	if err != nil || !st.Required {
		return err
	}
	h, err := harmonisationOf(ctx, tx, versionID)
	if err != nil || h.Done() {
		return err
	}
	return policies.HarmonisationPending(form, h, act)
}

// RequestHarmonisation records the request of the policy's approved, not
// yet enacted version, once, audited.
func (s *DB) RequestHarmonisation(ctx context.Context, regionID, actorID, policyID int64, in policies.HarmonisationRequestInput) (policies.Harmonisation, error) {
	var out policies.Harmonisation
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		p, v, err := approvedUnenacted(ctx, tx, regionID, policyID)
		if err != nil {
			return err
		}
		if h, err := harmonisationOf(ctx, tx, v.ID); err != nil || h != nil {
			if err == nil {
				err = policies.Errorf(policies.KindConflict, "harmonisasi versi %d sudah dimohonkan (surat %s)", v.Number, h.RequestLetter)
			}
			return err
		}
		day, err := parseLegalDate("requested_on", in.RequestedOn, p.TimeZone, time.Now())
		if err != nil {
			return err
		}
		var id int64
		if err := tx.GetContext(ctx, &id, `INSERT INTO harmonisations (policy_id, region_id, version_id, version_number, requested_on, request_letter, requested_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, policyID, regionID, v.ID, v.Number, day, in.RequestLetter, actorID); err != nil {
			return mapErr(err)
		}
		h, err := harmonisationOf(ctx, tx, v.ID)
		if err != nil {
			return err
		}
		out = *h
		return audit(ctx, tx, policyID, v.ID, actorID, "harmonisation.requested", fmt.Sprintf("versi %d, surat %s tanggal %s", v.Number, in.RequestLetter, day.Format(time.DateOnly)))
	})
	return out, err
}

// AnswerHarmonisation records the Kanwil's answer to the request of the
// approved version, once, audited.
func (s *DB) AnswerHarmonisation(ctx context.Context, regionID, actorID, policyID int64, in policies.HarmonisationAnswerInput) (policies.Harmonisation, error) {
	var out policies.Harmonisation
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		p, v, err := approvedUnenacted(ctx, tx, regionID, policyID)
		if err != nil {
			return err
		}
		h, err := harmonisationOf(ctx, tx, v.ID)
		switch {
		case err != nil:
			return err
		case h == nil:
			return policies.Errorf(policies.KindConflict, "harmonisasi versi %d belum dimohonkan: catat permohonannya dahulu", v.Number)
		case h.Result != nil:
			return policies.Errorf(policies.KindConflict, "jawaban harmonisasi versi %d sudah tercatat (surat %s)", v.Number, *h.AnswerLetter)
		}
		day, err := parseLegalDate("answered_on", in.AnsweredOn, p.TimeZone, time.Now())
		if err != nil {
			return err
		}
		if day.Before(h.RequestedOn) {
			return policies.FieldError("answered_on", "tanggal jawaban tidak boleh sebelum tanggal permohonan (%s)", h.RequestedOn.Format(time.DateOnly))
		}
		var ok bool
		if err := tx.GetContext(ctx, &ok, `SELECT EXISTS (SELECT 1 FROM attachments WHERE id = $1 AND policy_id = $2 AND removed_at IS NULL)`,
			in.BeritaAcaraID, policyID); err != nil {
			return mapErr(err)
		}
		if !ok {
			return policies.FieldError("berita_acara_id", "Berita Acara harus lampiran kebijakan ini: unggah lampirannya dahulu")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE harmonisations SET answer_letter = $2, answered_on = $3, berita_acara_id = $4, result = $5, notes = $6,
			answered_by = $7, answered_at = now() WHERE id = $1`, h.ID, in.AnswerLetter, day, in.BeritaAcaraID, in.Result, in.Notes, actorID); err != nil {
			return mapErr(err)
		}
		if h, err = harmonisationOf(ctx, tx, v.ID); err != nil {
			return err
		}
		out = *h
		return audit(ctx, tx, policyID, v.ID, actorID, "harmonisation.answered", fmt.Sprintf("versi %d, surat %s tanggal %s: %s",
			v.Number, in.AnswerLetter, day.Format(time.DateOnly), in.Result))
	})
	return out, err
}
