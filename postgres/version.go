package postgres

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/policyflow/policyflow/policies"
)

// CreateVersion saves markdown as the next version of a policy. baseNumber
// is the version the author started from: if another version was saved
// since, the save is refused as a conflict rather than overwriting it.
func (s *DB) CreateVersion(ctx context.Context, policyID int64, baseNumber int, markdown string, authorID int64, summary string) (policies.Version, error) {
	var v policies.Version
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		var err error
		v, err = createVersionTx(ctx, tx, policyID, baseNumber, markdown, authorID, summary)
		return err
	})
	if err != nil {
		return v, fmt.Errorf("postgres: policy %d: new version: %w", policyID, err)
	}
	return v, nil
}

// createVersionTx saves the version after baseNumber in tx, and gives each
// open passage comment its state on it (reanchor).
func createVersionTx(ctx context.Context, tx *sqlx.Tx, policyID int64, baseNumber int, markdown string, authorID int64, summary string) (policies.Version, error) {
	var v policies.Version
	if markdown == "" {
		return v, policies.FieldError("markdown", "isi kebijakan wajib diisi")
	}
	if len(markdown) > policies.MaxDocumentBytes {
		return v, &policies.Error{Kind: policies.KindTooLarge, Field: "markdown", Message: "isi kebijakan melebihi batas 512 KB"}
	}
	{
		var row struct {
			Latest int             `db:"latest"`
			Status policies.Status `db:"status"`
		}
		// Lock the policy row so two saves from the same base cannot both
		// win, and a submit (which takes the same lock) is either before or after.
		if err := tx.GetContext(ctx, &row, `SELECT coalesce((SELECT max(number) FROM policy_versions WHERE policy_id = p.id), 0) AS latest, p.status
			FROM policies p WHERE p.id = $1 FOR UPDATE`, policyID); err != nil {
			return v, mapErr(err)
		}
		latest := row.Latest
		// Approval runs over one immutable version: a new one saved under
		// it would be what the page shows while the approvers decide on
		// the old one. The drafter waits for the decision (or asks for
		// the version back with "request changes").
		if row.Status == policies.StatusInApproval {
			return v, policies.Errorf(policies.KindConflict,
				"versi baru tidak dapat disimpan selama persetujuan berjalan: para penyetuju sedang meninjau versi %d; tunggu keputusan atau minta dikembalikan untuk perbaikan", latest)
		}
		if latest != baseNumber {
			return v, policies.Errorf(policies.KindConflict,
				"versi %d sudah disimpan orang lain sejak Anda membuka versi %d", latest, baseNumber)
		}
		var err error
		v, err = insertVersion(ctx, tx, policyID, latest+1, markdown, authorID, summary)
		if err != nil {
			return v, err
		}
		if err := reanchor(ctx, tx, v); err != nil {
			return v, err
		}
		return v, audit(ctx, tx, policyID, v.ID, authorID, "version.created", summary)
	}
}

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

// CurrentVersion returns the policy's current version.
func (s *DB) CurrentVersion(ctx context.Context, policyID int64) (policies.Version, error) {
	var v policies.Version
	err := s.q.GetContext(ctx, &v, `SELECT v.id, v.policy_id, v.number, v.markdown, v.sha256, v.author_id, v.change_summary, v.created_at
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
	err := s.q.SelectContext(ctx, &vs, `SELECT id, policy_id, number, '' AS markdown, sha256, author_id, change_summary, created_at
		FROM policy_versions WHERE policy_id = $1 ORDER BY number DESC`, policyID)
	if err != nil {
		return nil, fmt.Errorf("postgres: policy %d: versions: %w", policyID, mapErr(err))
	}
	return vs, nil
}

// VersionByNumber returns version n of a policy.
func (s *DB) VersionByNumber(ctx context.Context, policyID int64, n int) (policies.Version, error) {
	var v policies.Version
	err := s.q.GetContext(ctx, &v, `SELECT id, policy_id, number, markdown, sha256, author_id, change_summary, created_at
		FROM policy_versions WHERE policy_id = $1 AND number = $2`, policyID, n)
	if err != nil {
		return v, fmt.Errorf("postgres: policy %d: version %d: %w", policyID, n, mapErr(err))
	}
	return v, nil
}
