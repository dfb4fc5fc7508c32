package postgres

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/policyflow/policyflow/policies"
)

const signedDocumentColumns = `id, enactment_id, act, pdf, sha256, signer_name, subject, signed_at`

// SaveSignedDocument keeps the signed PDF of an enactment of the region,
// once per act, audited on the enactment's policy and version.
func (s *DB) SaveSignedDocument(ctx context.Context, regionID, actorID int64, d policies.SignedDocument) error {
	return s.Transact(ctx, func(tx *sqlx.Tx) error {
		var e struct {
			PolicyID  int64 `db:"policy_id"`
			VersionID int64 `db:"version_id"`
		}
		err := tx.GetContext(ctx, &e, `SELECT policy_id, version_id FROM enactments WHERE id = $1 AND region_id = $2`, d.EnactmentID, regionID)
		if err != nil {
			return mapErr(err)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO signed_documents (enactment_id, act, pdf, sha256, signer_name, subject, signed_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, d.EnactmentID, d.Act, d.PDF, d.SHA256, d.SignerName, d.Subject, d.SignedAt)
		if err != nil {
			return mapErr(err)
		}
		return audit(ctx, tx, e.PolicyID, e.VersionID, actorID, "enactment.signed",
			fmt.Sprintf("%s: %s (%s), SHA-256 %s", d.Act, d.SignerName, d.Subject, d.SHA256))
	})
}

// SignedDocuments are the enactment's signed PDFs, the enactment's first.
func (s *DB) SignedDocuments(ctx context.Context, enactmentID int64) ([]policies.SignedDocument, error) {
	var ds []policies.SignedDocument
	err := s.q.SelectContext(ctx, &ds, `SELECT `+signedDocumentColumns+` FROM signed_documents WHERE enactment_id = $1
		ORDER BY act = 'promulgated', id`, enactmentID)
	return ds, mapErr(err)
}

// SignedTextHash is the SHA-256 of the text whose signed PDF file has the
// SHA-256 pdfSHA256; KindNotFound when none has it.
func (s *DB) SignedTextHash(ctx context.Context, pdfSHA256 string) (string, error) {
	var sha string
	err := s.q.GetContext(ctx, &sha, `SELECT e.sha256 FROM signed_documents d JOIN enactments e ON e.id = d.enactment_id
		WHERE d.sha256 = $1 ORDER BY d.id LIMIT 1`, pdfSHA256)
	return sha, mapErr(err)
}
