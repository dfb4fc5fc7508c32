package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/policyflow/policyflow/policies"
)

// Paraf (policies.ParafStore): the region's steps of who initials per
// legal form, and the parafs given on approved versions.

var _ policies.ParafStore = (*DB)(nil)

const parafStepColumns = `s.id, s.region_id, s.form, s.kind, s.position, s.user_id, u.name AS user_name, s.office`

const parafColumns = `id, policy_id, version_id, version_number, sha256, step_id, form, kind, position, user_id, name, office, initialled_at`

// ParafSteps lists the region's steps by form, kind and order.
func (s *DB) ParafSteps(ctx context.Context, regionID int64) ([]policies.ParafStep, error) {
	out := []policies.ParafStep{}
	if err := s.q.SelectContext(ctx, &out, `SELECT `+parafStepColumns+` FROM paraf_steps s JOIN users u ON u.id = s.user_id
		WHERE s.region_id = $1 ORDER BY s.form DESC, s.kind, s.position, s.id`, regionID); err != nil {
		return nil, fmt.Errorf("postgres: region %d: paraf steps: %w", regionID, mapErr(err))
	}
	return out, nil
}

func parafStep(ctx context.Context, q sqlx.QueryerContext, regionID, id int64) (policies.ParafStep, error) {
	return oneInRegion[policies.ParafStep](ctx, q, `SELECT `+parafStepColumns+` FROM paraf_steps s JOIN users u ON u.id = s.user_id
		WHERE s.region_id = $1 AND s.id = $2`, "paraf step", regionID, id)
}

// AddParafStep adds a step for an active leader or legal officer of the
// region, audited.
func (s *DB) AddParafStep(ctx context.Context, regionID, actorID int64, in policies.ParafStepInput) (policies.ParafStep, error) {
	return createAudited(ctx, s, parafStep, regionID, actorID, "paraf_step", "created", func(tx *sqlx.Tx) (int64, error) {
		var ok bool
		if err := tx.GetContext(ctx, &ok, `SELECT EXISTS (SELECT 1 FROM users WHERE id = $1 AND region_id = $2
			AND role IN ('leader', 'legal') AND deactivated_at IS NULL)`, in.UserID, regionID); err != nil {
			return 0, mapErr(err)
		}
		if !ok {
			return 0, policies.FieldError("user_id", "yang memaraf harus pimpinan atau Bagian Hukum yang aktif di wilayah ini")
		}
		var id int64
		err := tx.GetContext(ctx, &id, `INSERT INTO paraf_steps (region_id, form, kind, position, user_id, office, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, nullif($7::bigint, 0)) RETURNING id`,
			regionID, in.Form, in.Kind, in.Position, in.UserID, in.Office, actorID)
		if pqErr := (*pq.Error)(nil); errors.As(err, &pqErr) && pqErr.Code == "23505" {
			return 0, policies.Errorf(policies.KindConflict, "urutan %d paraf hierarki %s sudah terisi", in.Position, in.Form.Name())
		}
		return id, mapErr(err)
	})
}

// DeleteParafStep removes a step, audited; the parafs given on it keep
// their office and name (step_id becomes NULL).
func (s *DB) DeleteParafStep(ctx context.Context, regionID, actorID, id int64) error {
	return s.Transact(ctx, func(tx *sqlx.Tx) error {
		return deleteAudited(ctx, tx, parafStep, "paraf_steps", "paraf_step", regionID, actorID, id)
	})
}

// Parafs lists the parafs given on a version, oldest first.
func (s *DB) Parafs(ctx context.Context, versionID int64) ([]policies.Paraf, error) {
	out := []policies.Paraf{}
	if err := s.q.SelectContext(ctx, &out, `SELECT `+parafColumns+` FROM parafs WHERE version_id = $1 ORDER BY initialled_at, id`, versionID); err != nil {
		return nil, fmt.Errorf("postgres: version %d: parafs: %w", versionID, mapErr(err))
	}
	return out, nil
}

// approvedUnenacted is the policy's approved version, locked with the
// policy, when it may still be initialled or enacted: KindConflict
// otherwise.
func approvedUnenacted(ctx context.Context, tx *sqlx.Tx, regionID, policyID int64) (lockedPolicy, approvedVersion, error) {
	var v approvedVersion
	p, err := lockPolicy(ctx, tx, regionID, policyID)
	if err != nil {
		return p, v, err
	}
	if p.InForceVersion == nil {
		return p, v, policies.Errorf(policies.KindConflict, "kebijakan ini belum memiliki versi yang disetujui")
	}
	okStatus := false
	for _, st := range enactable {
		okStatus = okStatus || p.Status == st
	}
	if !okStatus {
		return p, v, policies.Errorf(policies.KindConflict, "kebijakan ini belum disetujui pada tahap terakhir (atau sudah diarsipkan): penetapan hanya setelah persetujuan terakhir")
	}
	if err := tx.GetContext(ctx, &v, `SELECT v.id, v.number, v.sha256, EXISTS (SELECT 1 FROM enactments e WHERE e.version_id = v.id) AS enacted
		FROM policy_versions v WHERE v.id = $1 AND v.policy_id = $2`, *p.InForceVersion, policyID); err != nil {
		return p, v, fmt.Errorf("postgres: version %d: %w", *p.InForceVersion, mapErr(err))
	}
	if v.Enacted {
		return p, v, policies.Errorf(policies.KindConflict, "versi yang disetujui sudah ditetapkan")
	}
	return p, v, nil
}

// approvedVersion is what enactment and paraf read of the approved version.
type approvedVersion struct {
	ID      int64  `db:"id"`
	Number  int    `db:"number"`
	SHA256  string `db:"sha256"`
	Enacted bool   `db:"enacted"`
}

// unparafed names the steps of form with no paraf on the version (for
// hierarchy, only those before position when it is above 0), in order.
func unparafed(ctx context.Context, tx *sqlx.Tx, regionID int64, form policies.LegalForm, versionID int64, before int) ([]string, error) {
	var rows []struct {
		Kind   policies.ParafKind `db:"kind"`
		Office string             `db:"office"`
		Name   string             `db:"name"`
	}
	err := tx.SelectContext(ctx, &rows, `SELECT s.kind, s.office, u.name FROM paraf_steps s JOIN users u ON u.id = s.user_id
		WHERE s.region_id = $1 AND s.form = $2 AND ($4 = 0 OR (s.kind = 'hierarchy' AND s.position < $4))
		AND NOT EXISTS (SELECT 1 FROM parafs p WHERE p.step_id = s.id AND p.version_id = $3)
		ORDER BY s.kind, s.position, s.id`, regionID, form, versionID, before)
	if err != nil {
		return nil, mapErr(err)
	}
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.Kind.Name() + " " + r.Office + " (" + r.Name + ")"
	}
	return out, nil
}

// GiveParaf records the actor's paraf on the policy's approved, not yet
// enacted version, audited.
func (s *DB) GiveParaf(ctx context.Context, regionID, actorID, policyID int64, in policies.ParafInput) (policies.Paraf, error) {
	var out policies.Paraf
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		_, v, err := approvedUnenacted(ctx, tx, regionID, policyID)
		if err != nil {
			return err
		}
		if in.VersionSHA256 != v.SHA256 {
			return policies.Errorf(policies.KindConflict, "teks yang diparaf bukan versi yang disetujui (versi %d, SHA-256 %s…): muat ulang halaman dan baca teksnya", v.Number, v.SHA256[:12])
		}
		st, err := parafStep(ctx, tx, regionID, in.StepID)
		if policies.IsKind(err, policies.KindNotFound) {
			return policies.FieldError("step_id", "langkah paraf tidak ada di wilayah ini")
		}
		if err != nil {
			return err
		}
		if st.UserID != actorID {
			return policies.Errorf(policies.KindForbidden, "%s %s hanya dapat diberikan oleh %s", st.Kind.Name(), st.Office, st.UserName)
		}
		// Paraf is on the harmonised text (Permenkum 40/2025): it waits
		// for "selesai" where the region requires harmonisation.
		if err := harmonisationPending(ctx, tx, regionID, st.Form, v.ID, "paraf"); err != nil {
			return err
		}
		var given *time.Time
		if err := tx.GetContext(ctx, &given, `SELECT max(initialled_at) FROM parafs WHERE version_id = $1 AND step_id = $2`, v.ID, st.ID); err != nil {
			return mapErr(err)
		}
		if given != nil {
			return policies.Errorf(policies.KindConflict, "%s %s sudah diberikan pada versi %d", st.Kind.Name(), st.Office, v.Number)
		}
		if st.Kind == policies.ParafHierarchy {
			earlier, err := unparafed(ctx, tx, regionID, st.Form, v.ID, st.Position)
			if err != nil {
				return err
			}
			if len(earlier) > 0 {
				return policies.Errorf(policies.KindConflict, "paraf hierarki diberikan berurutan: menunggu %s dahulu", strings.Join(earlier, ", "))
			}
		}
		err = tx.GetContext(ctx, &out, `INSERT INTO parafs (policy_id, region_id, version_id, version_number, sha256, step_id, form, kind, position, user_id, name, office)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING `+parafColumns,
			policyID, regionID, v.ID, v.Number, v.SHA256, st.ID, st.Form, st.Kind, st.Position, actorID, st.UserName, st.Office)
		if err != nil {
			return mapErr(err)
		}
		return audit(ctx, tx, policyID, v.ID, actorID, "paraf.given", fmt.Sprintf("%s %s, versi %d", st.Kind.Name(), st.Office, v.Number))
	})
	return out, err
}
