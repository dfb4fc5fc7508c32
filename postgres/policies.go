package postgres

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/policyflow/policyflow/policies"
)

// Regions returns every region by name.
func (s *DB) Regions(ctx context.Context) ([]policies.Region, error) {
	var rs []policies.Region
	err := s.db.SelectContext(ctx, &rs, `SELECT id, slug, name, created_at FROM regions ORDER BY name`)
	return rs, mapErr(err)
}

// RegionBySlug returns the region with that slug.
func (s *DB) RegionBySlug(ctx context.Context, slug string) (policies.Region, error) {
	var r policies.Region
	err := s.db.GetContext(ctx, &r, `SELECT id, slug, name, created_at FROM regions WHERE slug = $1`, slug)
	if err != nil {
		return r, fmt.Errorf("postgres: region %q: %w", slug, mapErr(err))
	}
	return r, nil
}

// RegionByID returns one region.
func (s *DB) RegionByID(ctx context.Context, id int64) (policies.Region, error) {
	var r policies.Region
	err := s.db.GetContext(ctx, &r, `SELECT id, slug, name, created_at FROM regions WHERE id = $1`, id)
	if err != nil {
		return r, fmt.Errorf("postgres: region %d: %w", id, mapErr(err))
	}
	return r, nil
}

// Units returns a region's units by name.
func (s *DB) Units(ctx context.Context, regionID int64) ([]policies.Unit, error) {
	var us []policies.Unit
	err := s.db.SelectContext(ctx, &us,
		`SELECT id, region_id, code, name, created_at FROM units WHERE region_id = $1 ORDER BY name`, regionID)
	return us, mapErr(err)
}

// UserByEmail returns the user with that email, case-insensitively.
func (s *DB) UserByEmail(ctx context.Context, email string) (policies.User, error) {
	var u policies.User
	err := s.db.GetContext(ctx, &u, `SELECT id, email, name, role, region_id, unit_id, title, password_hash, created_at
		FROM users WHERE lower(email) = lower($1)`, email)
	if err != nil {
		return u, fmt.Errorf("postgres: user %q: %w", email, mapErr(err))
	}
	return u, nil
}

// CreatePolicy creates a policy in draft with its first version, and audits it.
func (s *DB) CreatePolicy(ctx context.Context, np policies.NewPolicy) (policies.Policy, policies.Version, error) {
	var p policies.Policy
	var v policies.Version
	if err := np.Validate(); err != nil {
		return p, v, err
	}
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		var err error
		p, v, err = createPolicyTx(ctx, tx, np)
		return err
	})
	if err != nil {
		return p, v, fmt.Errorf("postgres: create policy %q: %w", np.Slug, err)
	}
	return p, v, nil
}

func createPolicyTx(ctx context.Context, tx *sqlx.Tx, np policies.NewPolicy) (policies.Policy, policies.Version, error) {
	var p policies.Policy
	var v policies.Version
	err := tx.GetContext(ctx, &p, `INSERT INTO policies (region_id, owner_unit_id, chain_id, slug, title, created_by)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING `+policyColumns,
		np.RegionID, np.OwnerUnitID, np.ChainID, np.Slug, np.Title, np.AuthorID)
	if err != nil {
		return p, v, mapErr(err)
	}
	v, err = insertVersion(ctx, tx, p.ID, 1, np.Markdown, np.AuthorID, np.ChangeSummary)
	if err != nil {
		return p, v, err
	}
	p.CurrentVersionID = &v.ID
	return p, v, audit(ctx, tx, p.ID, v.ID, np.AuthorID, "policy.created", np.Title)
}

const policyColumns = `id, region_id, owner_unit_id, chain_id, slug, title, status, current_version_id, created_by, created_at, updated_at`

// insertVersion adds version number n and makes it the policy's current
// one, indexing its text for search.
func insertVersion(ctx context.Context, tx *sqlx.Tx, policyID int64, n int, markdown string, authorID int64, summary string) (policies.Version, error) {
	var v policies.Version
	err := tx.GetContext(ctx, &v, `INSERT INTO policy_versions (policy_id, number, markdown, sha256, author_id, change_summary)
		VALUES ($1, $2, $3, $4, $5, $6)
		RETURNING id, policy_id, number, markdown, sha256, author_id, change_summary, created_at`,
		policyID, n, markdown, policies.ContentHash(markdown), authorID, summary)
	if err != nil {
		return v, mapErr(err)
	}
	// The search vector follows the current text until a text is in force;
	// from then on the text in force (a revision draft is not what the
	// public searches), moved by SetStatus when a version is approved.
	_, err = tx.ExecContext(ctx, `UPDATE policies SET current_version_id = $1, updated_at = now(),
		search = CASE WHEN in_force_version_id IS NULL
			THEN setweight(to_tsvector('indonesian', title), 'A') || setweight(to_tsvector('indonesian', $3::text), 'B')
			ELSE search END
		WHERE id = $2`, v.ID, policyID, markdown)
	return v, mapErr(err)
}

// CreateVersion saves markdown as the next version of a policy. baseNumber
// is the version the author started from: if another version was saved
// since, the save is refused as a conflict rather than overwriting it.
func (s *DB) CreateVersion(ctx context.Context, policyID int64, baseNumber int, markdown string, authorID int64, summary string) (policies.Version, error) {
	var v policies.Version
	if markdown == "" {
		return v, policies.FieldError("markdown", "isi kebijakan wajib diisi")
	}
	if len(markdown) > policies.MaxDocumentBytes {
		return v, &policies.Error{Kind: policies.KindTooLarge, Field: "markdown", Message: "isi kebijakan melebihi batas 512 KB"}
	}
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		var row struct {
			Latest int             `db:"latest"`
			Status policies.Status `db:"status"`
		}
		// Lock the policy row so two saves from the same base cannot both
		// win, and a submit (which takes the same lock) is either before or after.
		if err := tx.GetContext(ctx, &row, `SELECT coalesce((SELECT max(number) FROM policy_versions WHERE policy_id = p.id), 0) AS latest, p.status
			FROM policies p WHERE p.id = $1 FOR UPDATE`, policyID); err != nil {
			return mapErr(err)
		}
		latest := row.Latest
		// Approval runs over one immutable version: a new one saved under
		// it would be what the page shows while the approvers decide on
		// the old one. The drafter waits for the decision (or asks for
		// the version back with "request changes").
		if row.Status == policies.StatusInApproval {
			return policies.Errorf(policies.KindConflict,
				"versi baru tidak dapat disimpan selama persetujuan berjalan: para penyetuju sedang meninjau versi %d; tunggu keputusan atau minta dikembalikan untuk perbaikan", latest)
		}
		if latest != baseNumber {
			return policies.Errorf(policies.KindConflict,
				"versi %d sudah disimpan orang lain sejak Anda membuka versi %d", latest, baseNumber)
		}
		var err error
		v, err = insertVersion(ctx, tx, policyID, latest+1, markdown, authorID, summary)
		if err != nil {
			return err
		}
		return audit(ctx, tx, policyID, v.ID, authorID, "version.created", summary)
	})
	if err != nil {
		return v, fmt.Errorf("postgres: policy %d: new version: %w", policyID, err)
	}
	return v, nil
}

func audit(ctx context.Context, tx *sqlx.Tx, policyID, versionID, actorID int64, action, detail string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_log (policy_id, version_id, actor_id, action, detail)
		VALUES ($1, $2, $3, $4, $5)`, policyID, versionID, actorID, action, detail)
	return mapErr(err)
}

const summaryQuery = `SELECT p.id, p.region_id, p.owner_unit_id, p.chain_id, p.slug, p.title, p.status,
	p.current_version_id, p.in_force_version_id, p.created_by, p.created_at, p.updated_at,
	r.name AS region_name, u.name AS unit_name, coalesce(v.number, 0) AS current_version,
	coalesce(fv.number, 0) AS in_force_version,
	coalesce((SELECT cv.number FROM consultations c JOIN policy_versions cv ON cv.id = c.version_id
		WHERE c.policy_id = p.id AND c.closed_at IS NULL ORDER BY c.id DESC LIMIT 1), 0) AS consulted_version
	FROM policies p
	JOIN regions r ON r.id = p.region_id
	JOIN units u ON u.id = p.owner_unit_id
	LEFT JOIN policy_versions v ON v.id = p.current_version_id
	LEFT JOIN policy_versions fv ON fv.id = p.in_force_version_id`

// PolicyByID returns one policy with its region, unit and version number.
func (s *DB) PolicyByID(ctx context.Context, id int64) (policies.PolicySummary, error) {
	var p policies.PolicySummary
	if err := s.db.GetContext(ctx, &p, summaryQuery+` WHERE p.id = $1`, id); err != nil {
		return p, fmt.Errorf("postgres: policy %d: %w", id, mapErr(err))
	}
	return p, nil
}

// Policies lists policies by region name then title, filtered and paginated.
func (s *DB) Policies(ctx context.Context, f policies.PolicyFilter) ([]policies.PolicySummary, error) {
	if f.Status != "" && !f.Status.Valid() {
		return nil, policies.FieldError("status", "status %q tidak dikenal", f.Status)
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	var ps []policies.PolicySummary
	err := s.db.SelectContext(ctx, &ps, summaryQuery+`
		WHERE ($1 = 0 OR p.region_id = $1) AND ($2 = '' OR p.status = $2)
		ORDER BY r.name, p.title, p.id LIMIT $3 OFFSET $4`,
		f.RegionID, string(f.Status), f.Limit, f.Offset)
	if err != nil {
		return nil, fmt.Errorf("postgres: policies: %w", mapErr(err))
	}
	return ps, nil
}

// PolicyIDs returns every policy's ID, for reconciling workflows with the record.
func (s *DB) PolicyIDs(ctx context.Context) ([]int64, error) {
	var ids []int64
	err := s.db.SelectContext(ctx, &ids, `SELECT id FROM policies ORDER BY id`)
	return ids, mapErr(err)
}

// CurrentVersion returns the policy's current version.
func (s *DB) CurrentVersion(ctx context.Context, policyID int64) (policies.Version, error) {
	var v policies.Version
	err := s.db.GetContext(ctx, &v, `SELECT v.id, v.policy_id, v.number, v.markdown, v.sha256, v.author_id, v.change_summary, v.created_at
		FROM policies p JOIN policy_versions v ON v.id = p.current_version_id WHERE p.id = $1`, policyID)
	if err != nil {
		return v, fmt.Errorf("postgres: policy %d: current version: %w", policyID, mapErr(err))
	}
	return v, nil
}

// Versions lists the versions of a policy, newest first, without their
// text (Markdown is empty): a list of hundreds of versions of up to 512 KB
// each would otherwise be read whole to show numbers, dates and summaries.
// VersionByNumber reads one version's text.
func (s *DB) Versions(ctx context.Context, policyID int64) ([]policies.Version, error) {
	var vs []policies.Version
	err := s.db.SelectContext(ctx, &vs, `SELECT id, policy_id, number, '' AS markdown, sha256, author_id, change_summary, created_at
		FROM policy_versions WHERE policy_id = $1 ORDER BY number DESC`, policyID)
	if err != nil {
		return nil, fmt.Errorf("postgres: policy %d: versions: %w", policyID, mapErr(err))
	}
	return vs, nil
}

// UsersByRole lists the people of a region with a role, by name.
func (s *DB) UsersByRole(ctx context.Context, regionID int64, role policies.Role) ([]policies.User, error) {
	var us []policies.User
	err := s.db.SelectContext(ctx, &us, `SELECT id, email, name, role, region_id, unit_id, title, '' AS password_hash, created_at
		FROM users WHERE role = $1 AND region_id = $2 ORDER BY name, id`, string(role), regionID)
	if err != nil {
		return nil, fmt.Errorf("postgres: users with role %s: %w", role, mapErr(err))
	}
	return us, nil
}
