package policies

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// MaxDocumentBytes is the largest policy text accepted.
const MaxDocumentBytes = 512 << 10

// Version is one immutable text of a policy. Its SHA-256 is what approvers approve.
type Version struct {
	ID            int64     `db:"id" json:"id"`
	PolicyID      int64     `db:"policy_id" json:"policy_id"`
	Number        int       `db:"number" json:"number"`
	Markdown      string    `db:"markdown" json:"markdown"`
	SHA256        string    `db:"sha256" json:"sha256"`
	AuthorID      int64     `db:"author_id" json:"author_id"`
	ChangeSummary string    `db:"change_summary" json:"change_summary"`
	CreatedAt     time.Time `db:"created_at" json:"created_at"`
}

// ContentHash returns the hex SHA-256 of a version's Markdown.
func ContentHash(markdown string) string {
	sum := sha256.Sum256([]byte(markdown))
	return hex.EncodeToString(sum[:])
}

// VersionStore keeps the immutable texts of policies.
type VersionStore interface {
	// CreateVersion adds the version after baseNumber; KindConflict when
	// another was saved since.
	CreateVersion(ctx context.Context, policyID int64, baseNumber int, markdown string, authorID int64, summary string) (Version, error)
	CurrentVersion(ctx context.Context, policyID int64) (Version, error)
	Versions(ctx context.Context, policyID int64) ([]Version, error)
	VersionByNumber(ctx context.Context, policyID int64, n int) (Version, error)
}
