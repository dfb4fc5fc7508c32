package postgres

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"

	"github.com/jmoiron/sqlx"

	"github.com/policyflow/policyflow/policies"
)

const attachmentColumns = `a.id, a.policy_id, a.version_number, a.kind, a.name, a.content_type, a.size, a.sha256, a.uploaded_by, u.name AS uploader_name, a.created_at`

// CreateAttachment stores a file with its SHA-256, computed here from the
// content, on the policy's working version (the database sets it: 0044),
// and a line in the policy's audit log, in one transaction: an
// upload answered is on disk.
func (s *DB) CreateAttachment(ctx context.Context, a policies.Attachment) (policies.Attachment, error) {
	sum := sha256.Sum256(a.Content)
	a.SHA256, a.Size = hex.EncodeToString(sum[:]), int64(len(a.Content))
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		var id int64
		if err := tx.GetContext(ctx, &id, `INSERT INTO attachments (policy_id, kind, name, content_type, size, sha256, content, uploaded_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			a.PolicyID, a.Kind, a.Name, a.ContentType, a.Size, a.SHA256, a.Content, a.UploadedBy); err != nil {
			return mapErr(err)
		}
		if err := audit(ctx, tx, a.PolicyID, 0, a.UploadedBy, "attachment_added",
			fmt.Sprintf("%s (%s, %d B, SHA-256 %s)", a.Name, a.Kind, a.Size, a.SHA256)); err != nil {
			return err
		}
		return mapErr(tx.GetContext(ctx, &a, `SELECT `+attachmentColumns+` FROM attachments a JOIN users u ON u.id = a.uploaded_by WHERE a.id = $1`, id))
	})
	if err != nil {
		return a, fmt.Errorf("postgres: policy %d: attachment: %w", a.PolicyID, err)
	}
	return a, nil
}

// Attachments lists a policy's attachments not withdrawn, newest first,
// without content: those of versions up to maxVersion (0: all of them).
func (s *DB) Attachments(ctx context.Context, policyID int64, maxVersion int) ([]policies.Attachment, error) {
	return policyRows[policies.Attachment](ctx, s, "attachments", `SELECT `+attachmentColumns+` FROM attachments a JOIN users u ON u.id = a.uploaded_by
		WHERE a.policy_id = $1 AND a.removed_at IS NULL AND ($2 = 0 OR a.version_number <= $2) ORDER BY a.id DESC`, policyID, maxVersion)
}

// AttachmentByID reads one of a policy's attachments not withdrawn, without
// its content (AttachmentContent reads that), if of a version up to
// maxVersion (0: any).
func (s *DB) AttachmentByID(ctx context.Context, policyID, id int64, maxVersion int) (policies.Attachment, error) {
	var a policies.Attachment
	err := s.q.GetContext(ctx, &a, `SELECT `+attachmentColumns+` FROM attachments a JOIN users u ON u.id = a.uploaded_by
		WHERE a.id = $1 AND a.policy_id = $2 AND a.removed_at IS NULL AND ($3 = 0 OR a.version_number <= $3)`, id, policyID, maxVersion)
	if err != nil {
		err = mapErr(err)
		if policies.IsKind(err, policies.KindNotFound) {
			return a, policies.Errorf(policies.KindNotFound, "lampiran tidak ditemukan")
		}
		return a, fmt.Errorf("postgres: attachment %d: %w", id, err)
	}
	return a, nil
}

// AttachmentContent reads an attachment's content as it is asked for, a
// megabyte at a time: a download streams, and a Range request reads only
// its range. a is what AttachmentByID gave (its id and size).
func (s *DB) AttachmentContent(ctx context.Context, a policies.Attachment) io.ReadSeeker {
	return &blobReader{ctx: ctx, db: s, id: a.ID, size: a.Size,
		query: `SELECT substring(content FROM $2 FOR $3) FROM attachments WHERE id = $1`}
}

// RemoveAttachment withdraws an attachment: it leaves the lists and
// downloads; its row and content stay, with who withdrew it and when, and
// the policy's audit log says so.
func (s *DB) RemoveAttachment(ctx context.Context, policyID, id, by int64) (policies.Attachment, error) {
	var a policies.Attachment
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		if err := tx.GetContext(ctx, &a, `WITH upd AS (UPDATE attachments SET removed_at = now(), removed_by = $3
			WHERE id = $1 AND policy_id = $2 AND removed_at IS NULL RETURNING *)
			SELECT `+attachmentColumns+` FROM upd a JOIN users u ON u.id = a.uploaded_by`, id, policyID, by); err != nil {
			err = mapErr(err)
			if policies.IsKind(err, policies.KindNotFound) {
				return policies.Errorf(policies.KindNotFound, "lampiran tidak ditemukan")
			}
			return err
		}
		return audit(ctx, tx, policyID, 0, by, "attachment_removed", fmt.Sprintf("%s (SHA-256 %s)", a.Name, a.SHA256))
	})
	if err != nil {
		return a, fmt.Errorf("postgres: attachment %d: remove: %w", id, err)
	}
	return a, nil
}
