package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"
	"golang.org/x/crypto/bcrypt"

	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/policies/samples"
)

// SeedResult counts what a seed run created; a second run creates nothing.
type SeedResult struct {
	Regions, Units, Users, Policies int
}

// Seed loads the sample regions, units, users, approval chains and policies.
// It is idempotent: rows that exist (by slug, code or email) are left as they are.
func (s *DB) Seed(ctx context.Context) (SeedResult, error) {
	var res SeedResult
	var hash string // computed once, only if a user is missing
	for _, sr := range samples.Regions() {
		var regionID int64
		err := s.Transact(ctx, func(tx *sqlx.Tx) error {
			var err error
			regionID, err = upsertID(ctx, tx, &res.Regions,
				`INSERT INTO regions (slug, name) VALUES ($1, $2) ON CONFLICT (slug) DO NOTHING RETURNING id`,
				[]any{sr.Slug, sr.Name}, `SELECT id FROM regions WHERE slug = $1`, sr.Slug)
			if err != nil {
				return err
			}
			unitIDs := map[string]int64{}
			for _, u := range sr.Units {
				id, err := upsertID(ctx, tx, &res.Units,
					`INSERT INTO units (code, region_id, name) VALUES ($1, $2, $3) ON CONFLICT (region_id, code) DO NOTHING RETURNING id`,
					[]any{u.Code, regionID, u.Name}, `SELECT id FROM units WHERE code = $1 AND region_id = $2`, u.Code, regionID)
				if err != nil {
					return err
				}
				unitIDs[u.Code] = id
			}
			userIDs := map[string]int64{}
			for _, u := range sr.Users {
				var id int64
				err := tx.GetContext(ctx, &id, `SELECT id FROM users WHERE lower(email) = lower($1)`, u.Email)
				if err != nil {
					if hash == "" {
						b, err := bcrypt.GenerateFromPassword([]byte(samples.DevPassword), bcrypt.DefaultCost)
						if err != nil {
							return err
						}
						hash = string(b)
					}
					var unitID *int64
					if u.UnitCode != "" {
						uid, ok := unitIDs[u.UnitCode]
						if !ok {
							return fmt.Errorf("user %s: unknown unit %q", u.Email, u.UnitCode)
						}
						unitID = &uid
					}
					if err := tx.GetContext(ctx, &id, `INSERT INTO users (email, name, role, region_id, unit_id, title, password_hash)
						VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, u.Email, u.Name, u.Role, regionID, unitID, u.Title, hash); err != nil {
						return mapErr(err)
					}
					res.Users++
				}
				userIDs[u.Email] = id
				if policies.SecondFactorRequired(policies.Role(u.Role)) {
					// The sample second factor; one set up since is kept.
					if _, err := tx.ExecContext(ctx, `INSERT INTO second_factors (user_id, secret, confirmed_at) VALUES ($1, $2, now())
						ON CONFLICT (user_id) DO NOTHING`, id, samples.DevTOTPSecret); err != nil {
						return mapErr(err)
					}
				}
			}
			for code, email := range sr.Heads() {
				if _, err := tx.ExecContext(ctx, `UPDATE units SET head_user_id = $1 WHERE id = $2 AND head_user_id IS NULL`,
					userIDs[email], unitIDs[code]); err != nil {
					return mapErr(err)
				}
			}
			var chainID int64
			chainID, err = upsertID(ctx, tx, nil,
				`INSERT INTO approval_chains (name, region_id) VALUES ($1, $2) ON CONFLICT (region_id, name) WHERE superseded_by IS NULL DO NOTHING RETURNING id`,
				[]any{sr.Chain.Name, regionID}, `SELECT id FROM approval_chains WHERE name = $1 AND region_id = $2 AND superseded_by IS NULL`, sr.Chain.Name, regionID)
			if err != nil {
				return err
			}
			for i, st := range sr.Chain.Stages {
				stageID, err := upsertID(ctx, tx, nil,
					`INSERT INTO approval_stages (position, chain_id, name, quorum, quorum_n, sla_days, escalation_days)
					VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (chain_id, position) DO NOTHING RETURNING id`,
					[]any{i + 1, chainID, st.Name, st.Quorum, st.QuorumN, st.SLADays, st.EscalationDays},
					`SELECT id FROM approval_stages WHERE position = $1 AND chain_id = $2`, i+1, chainID)
				if err != nil {
					return err
				}
				// Escalations go to the next stage's approver; the last stage has none.
				if i+1 < len(sr.Chain.Stages) {
					if _, err := tx.ExecContext(ctx, `UPDATE approval_stages SET superior_id = $1 WHERE id = $2 AND superior_id IS NULL`,
						userIDs[sr.Chain.Stages[i+1].Approvers[0]], stageID); err != nil {
						return mapErr(err)
					}
				}
				for _, email := range st.Approvers {
					if _, err := tx.ExecContext(ctx, `INSERT INTO stage_approvers (stage_id, user_id) VALUES ($1, $2)
						ON CONFLICT DO NOTHING`, stageID, userIDs[email]); err != nil {
						return mapErr(err)
					}
				}
			}
			for _, sp := range sr.Policies {
				var exists bool
				if err := tx.GetContext(ctx, &exists, `SELECT EXISTS (SELECT 1 FROM policies WHERE slug = $1)`, sp.Slug); err != nil {
					return err
				}
				if exists {
					continue
				}
				md, err := samples.Markdown(sp.File)
				if err != nil {
					return err
				}
				np := policies.NewPolicy{
					RegionID: regionID, OwnerUnitID: unitIDs[sp.OwnerUnit], ChainID: &chainID,
					Slug: sp.Slug, Title: policies.TitleOf(md), Markdown: md,
					AuthorID: userIDs[sp.Author], ChangeSummary: "Draf awal dari dokumen sumber",
				}
				if err := np.Validate(); err != nil {
					return err
				}
				if _, _, err := createPolicyTx(ctx, tx, np); err != nil {
					return err
				}
				res.Policies++
			}
			return nil
		})
		if err != nil {
			return res, fmt.Errorf("postgres: seed %s: %w", sr.Slug, err)
		}
	}
	return res, nil
}

// upsertID inserts a row unless it exists (the insert returns no row on
// conflict) and returns its id either way, counting it in created when new.
func upsertID(ctx context.Context, tx *sqlx.Tx, created *int, insert string, insertArgs []any, sel string, selArgs ...any) (int64, error) {
	var id int64
	err := tx.GetContext(ctx, &id, insert, insertArgs...)
	if err == nil {
		if created != nil {
			*created++
		}
		return id, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, mapErr(err)
	}
	if err := tx.GetContext(ctx, &id, sel, selArgs...); err != nil {
		return 0, mapErr(err)
	}
	return id, nil
}
