package policies

import (
	"context"
	"time"
)

// CommentStatus is where a comment stands: visible (open, resolved) or not
// (awaiting moderation, rejected).
type CommentStatus string

// The comment statuses. The database checks the same list.
const (
	CommentOpen              CommentStatus = "open"
	CommentResolved          CommentStatus = "resolved"
	CommentPendingModeration CommentStatus = "pending_moderation" // a public comment, not yet shown
	CommentRejected          CommentStatus = "rejected"
)

// Valid reports whether s is one of the comment statuses.
func (s CommentStatus) Valid() bool {
	switch s {
	case CommentOpen, CommentResolved, CommentPendingModeration, CommentRejected:
		return true
	}
	return false
}

// Comment is a stakeholder's remark on a section of a version, possibly a reply.
type Comment struct {
	ID          int64         `db:"id" json:"id"`
	PolicyID    int64         `db:"policy_id" json:"policy_id"`
	VersionID   int64         `db:"version_id" json:"version_id"`
	ParentID    *int64        `db:"parent_id" json:"parent_id,omitempty"`
	SectionID   string        `db:"section_anchor" json:"section_anchor"`
	AuthorID    *int64        `db:"author_id" json:"author_id,omitempty"`
	AuthorName  string        `db:"author_name" json:"author_name"`
	AuthorEmail string        `db:"author_email" json:"-"`
	Body        string        `db:"body" json:"body"`
	Status      CommentStatus `db:"status" json:"status"`
	// Quote is the passage of the section the comment is about, as the
	// version it was made on shows it ("" for a comment on a whole section).
	Quote string `db:"quote" json:"quote,omitempty"`
	// Suggestion is replacement text the commenter proposes for Quote.
	Suggestion string `db:"suggestion" json:"suggestion,omitempty"`
	// Pasal and Ayat are the provision a comment was anchored to by number
	// (its section is then the Pasal's heading, its quote the provision's
	// text: policies.LocateProvision); nil for other comments.
	Pasal *int `db:"pasal" json:"pasal,omitempty"`
	Ayat  *int `db:"ayat" json:"ayat,omitempty"`
	SuggestionDecision
	// IdempotencyKey makes a retried POST store the comment once, even
	// across a crash of the server between the write and its answer.
	IdempotencyKey string    `db:"-" json:"-"`
	CreatedAt      time.Time `db:"created_at" json:"created_at"`
}

// CheckStatusChange says whether the comment may move to status to: only an
// open comment can be resolved (KindConflict otherwise).
func (c Comment) CheckStatusChange(to CommentStatus) error {
	if to == CommentResolved && c.Status != CommentOpen {
		return Errorf(KindConflict, "hanya komentar terbuka yang dapat diselesaikan")
	}
	return nil
}

// AllSections asks Threads for the comments of every section.
const AllSections = "*"

// CommentStore keeps comments and their threads.
type CommentStore interface {
	// CreateComment stores a comment on a version's section; with an
	// idempotency key, a second call returns the comment stored the first time.
	CreateComment(ctx context.Context, c Comment) (Comment, error)
	CommentByID(ctx context.Context, id int64) (Comment, error)
	PendingComments(ctx context.Context, policyID int64) ([]Comment, error)                    // public comments awaiting moderation
	CommentCounts(ctx context.Context, policyID int64, maxVersion int) (map[string]int, error) // visible comments (open, resolved) per section anchor
	// Threads returns a section's ("" the general one, AllSections every one) top-level comments with id > afterID, oldest
	// first, at most limit, each followed by its replies (ParentID set).
	Threads(ctx context.Context, policyID int64, maxVersion int, section string, afterID int64, limit int) ([]Comment, error)
	FirstThreads(ctx context.Context, policyID int64, maxVersion int, perSection int) ([]Comment, error) // every section's first threads, one query
	// SetCommentStatus moderates or resolves a comment: resolving records
	// who and when, reopening forgets it.
	SetCommentStatus(ctx context.Context, id int64, status CommentStatus, by int64) (Comment, error)

	// PassageAnchors returns the states of passage comments on a version, by comment id.
	PassageAnchors(ctx context.Context, versionID int64) (map[int64]PassageAnchor, error)
	// Suggestions returns a policy's visible top-level comments that suggest
	// a change, undecided first, oldest first within each.
	Suggestions(ctx context.Context, policyID int64) ([]Comment, error)
	// AcceptSuggestions saves markdown (the suggestions applied) as the
	// version after baseNumber, as CreateVersion does, and marks each
	// suggestion accepted into it, in one transaction: KindConflict when
	// one was decided meanwhile or another version was saved since.
	AcceptSuggestions(ctx context.Context, policyID int64, baseNumber int, ids []int64, markdown string, by int64, byName, summary string) (Version, error)
	// DeclineSuggestion records why a suggestion is declined (KindConflict
	// when it was decided already).
	DeclineSuggestion(ctx context.Context, id, by int64, byName, reason string) (Comment, error)
}
