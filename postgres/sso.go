package postgres

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/policyflow/policyflow/policies"
)

// The regions' identity providers (OpenID Connect, migration 0053). The client secret is written here and
// read only by SSOClient, for a sign-in; no answer or audit row holds it.

const ssoProviderColumns = `issuer, client_id, client_secret <> '' AS secret_set, claim, enabled, updated_at`

// SSOProvider is the region's provider, without its secret.
func (s *DB) SSOProvider(ctx context.Context, regionID int64) (policies.SSOProvider, error) {
	return ssoProvider(ctx, s.db, regionID)
}

func ssoProvider(ctx context.Context, q sqlx.QueryerContext, regionID int64) (policies.SSOProvider, error) {
	var p policies.SSOProvider
	if err := sqlx.GetContext(ctx, q, &p, `SELECT `+ssoProviderColumns+` FROM region_sso WHERE region_id = $1`, regionID); err != nil {
		return p, fmt.Errorf("postgres: region %d: identity provider: %w", regionID, mapErr(err))
	}
	return p, nil
}

// SetSSOProvider sets the region's provider; an empty secret keeps the
// kept one. The change is audited as sso.provider_set, before and after
// without the secret (only whether one is kept, and whether it changed).
func (s *DB) SetSSOProvider(ctx context.Context, regionID, actorID int64, in policies.SSOInput) (policies.SSOProvider, error) {
	var out policies.SSOProvider
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		var before any
		was, err := ssoProvider(ctx, tx, regionID)
		switch {
		case err == nil:
			before = was
		case !policies.IsKind(err, policies.KindNotFound):
			return err
		}
		if in.Enabled && in.ClientSecret == "" && !was.SecretSet {
			return policies.FieldError("client_secret", "isi client secret sebelum mengaktifkan masuk dengan SSO")
		}
		// An update keeps the kept secret when none is given; a check on
		// INSERT … ON CONFLICT would judge the row proposed, secret-less.
		q := `UPDATE region_sso SET issuer = $2, client_id = $3, client_secret = CASE WHEN $4 = '' THEN client_secret ELSE $4 END,
			claim = $5, enabled = $6, updated_at = now() WHERE region_id = $1`
		if before == nil {
			q = `INSERT INTO region_sso (region_id, issuer, client_id, client_secret, claim, enabled) VALUES ($1, $2, $3, $4, $5, $6)`
		}
		if _, err := tx.ExecContext(ctx, q, regionID, in.Issuer, in.ClientID, in.ClientSecret, in.Claim, in.Enabled); err != nil {
			return mapErr(err)
		}
		if out, err = ssoProvider(ctx, tx, regionID); err != nil {
			return err
		}
		after := struct {
			policies.SSOProvider
			SecretChanged bool `json:"client_secret_changed"`
		}{out, in.ClientSecret != ""}
		return auditAdmin(ctx, tx, policies.AdminChange{RegionID: regionID, ActorID: actorID, Action: "sso.provider_set",
			Subject: fmt.Sprintf("sso:%d", regionID), Before: before, After: after})
	})
	if err != nil {
		return out, fmt.Errorf("postgres: region %d: set identity provider: %w", regionID, err)
	}
	return out, nil
}

// SSOClient is the region's enabled provider with its secret.
func (s *DB) SSOClient(ctx context.Context, regionID int64) (policies.SSOClient, error) {
	var c policies.SSOClient
	err := s.q.GetContext(ctx, &c, `SELECT region_id, issuer, client_id, client_secret, claim, enabled
		FROM region_sso WHERE region_id = $1 AND enabled`, regionID)
	if err != nil {
		return c, fmt.Errorf("postgres: region %d: identity provider: %w", regionID, mapErr(err))
	}
	return c, nil
}

// SSORegions are the regions with an enabled provider, by name.
func (s *DB) SSORegions(ctx context.Context) ([]policies.Region, error) {
	var rs []policies.Region
	err := s.q.SelectContext(ctx, &rs, `SELECT `+regionColumns+` FROM regions
		WHERE id IN (SELECT region_id FROM region_sso WHERE enabled) ORDER BY name, id`)
	if err != nil {
		return nil, fmt.Errorf("postgres: regions with an identity provider: %w", mapErr(err))
	}
	return rs, nil
}

// SSOPerson is the active person of the region by email (claim "email",
// case-insensitively) or by NIP (any other claim).
func (s *DB) SSOPerson(ctx context.Context, regionID int64, claim, value string) (policies.User, error) {
	where := `lower(email) = lower($2)`
	if claim != policies.SSOClaimEmail {
		where = `nip = $2 AND nip <> ''`
	}
	var u policies.User
	err := s.q.GetContext(ctx, &u, `SELECT `+userColumns+` FROM users
		WHERE region_id = $1 AND deactivated_at IS NULL AND `+where, regionID, value)
	if err != nil {
		return u, fmt.Errorf("postgres: region %d: person by %s: %w", regionID, claim, mapErr(err))
	}
	return u, nil
}

// RefuseSSO audits a refused sign-in through the region's provider as
// sso.refused_<reason>, with no personal data (the claimed address of no
// account is kept nowhere).
func (s *DB) RefuseSSO(ctx context.Context, regionID int64, reason string) error {
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		return auditAdmin(ctx, tx, policies.AdminChange{RegionID: regionID, Action: "sso.refused_" + reason,
			Subject: fmt.Sprintf("sso:%d", regionID)})
	})
	if err != nil {
		return fmt.Errorf("postgres: region %d: refused sign-in: %w", regionID, err)
	}
	return nil
}
