package policies

import (
	"context"
	"regexp"
)

// Documents out: the PDF and DOCX of a version carry its SHA-256, and the
// public verification page finds the version again by it.

// VersionRef names one version by its policy and number.
type VersionRef struct {
	PolicyID  int64 `db:"policy_id" json:"policy_id"`
	Number    int   `db:"number" json:"number"`
	VersionID int64 `db:"id" json:"-"`
}

// DocumentStore finds versions by the SHA-256 of their text.
type DocumentStore interface {
	// VersionsByHash lists the versions whose text has that SHA-256, by
	// policy and number (the same text can be saved in two policies).
	VersionsByHash(ctx context.Context, sha256 string) ([]VersionRef, error)
}

var sha256Re = regexp.MustCompile(`^[0-9a-f]{64}$`)

// ValidSHA256 reports whether s is a SHA-256 in lower-case hex.
func ValidSHA256(s string) bool { return sha256Re.MatchString(s) }
