package postgres

import (
	"context"
	"fmt"

	"github.com/policyflow/policyflow/policies"
)

const commentColumns = `id, policy_id, version_id, parent_id, section_anchor, author_id, author_name, author_email, body, status, created_at`

// CreateComment stores a comment on a version's section; with an
// idempotency key, a second call returns the comment stored the first time.
func (s *DB) CreateComment(ctx context.Context, c policies.Comment) (policies.Comment, error) {
	const cols = `id, policy_id, version_id, parent_id, section_anchor, author_id, author_name, author_email, body, status, created_at`
	var key *string
	if c.IdempotencyKey != "" {
		key = &c.IdempotencyKey
	}
	err := s.db.GetContext(ctx, &c, `WITH ins AS (INSERT INTO comments
		(policy_id, version_id, parent_id, section_anchor, author_id, author_name, author_email, body, status, idempotency_key)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, coalesce(nullif($9, ''), 'open'), $10)
		ON CONFLICT (idempotency_key) DO NOTHING RETURNING `+cols+`)
		SELECT `+cols+` FROM ins UNION ALL SELECT `+cols+` FROM comments WHERE $10::text IS NOT NULL AND idempotency_key = $10 LIMIT 1`,
		c.PolicyID, c.VersionID, c.ParentID, c.SectionID, c.AuthorID, c.AuthorName, c.AuthorEmail, c.Body, c.Status, key)
	if err != nil {
		return c, fmt.Errorf("postgres: policy %d: comment: %w", c.PolicyID, mapErr(err))
	}
	return c, nil
}

// CommentByID returns one comment.
func (s *DB) CommentByID(ctx context.Context, id int64) (policies.Comment, error) {
	var c policies.Comment
	if err := s.db.GetContext(ctx, &c, `SELECT `+commentColumns+` FROM comments WHERE id = $1`, id); err != nil {
		return c, fmt.Errorf("postgres: comment %d: %w", id, mapErr(err))
	}
	return c, nil
}

// PendingComments returns a policy's public comments awaiting moderation, oldest first.
func (s *DB) PendingComments(ctx context.Context, policyID int64) ([]policies.Comment, error) {
	cs := []policies.Comment{}
	err := s.db.SelectContext(ctx, &cs, `SELECT `+commentColumns+` FROM comments
		WHERE policy_id = $1 AND status = 'pending_moderation' ORDER BY id LIMIT 200`, policyID)
	if err != nil {
		return nil, fmt.Errorf("postgres: policy %d: pending comments: %w", policyID, mapErr(err))
	}
	return cs, nil
}

// CommentCounts returns how many visible comments (open or resolved) each
// section of a policy received, over its versions up to maxVersion (0: all).
func (s *DB) CommentCounts(ctx context.Context, policyID int64, maxVersion int) (map[string]int, error) {
	var rows []policies.SectionCount
	err := s.db.SelectContext(ctx, &rows, `SELECT section_anchor, count(*) AS comments FROM comments
		WHERE policy_id = $1 AND status IN ('open','resolved') AND version_id IN `+versionsUpTo(2)+` GROUP BY section_anchor`, policyID, maxVersion)
	if err != nil {
		return nil, fmt.Errorf("postgres: policy %d: comment counts: %w", policyID, mapErr(err))
	}
	counts := make(map[string]int, len(rows))
	for _, r := range rows {
		counts[r.Section] = r.Comments
	}
	return counts, nil
}

// Threads returns a page of visible top-level comments of a policy (of one
// section unless section is ""), with id > afterID, oldest first, each
// followed by its visible replies oldest first; only comments made on
// versions up to maxVersion (0: all).
func (s *DB) Threads(ctx context.Context, policyID int64, maxVersion int, section string, afterID int64, limit int) ([]policies.Comment, error) {
	if limit <= 0 {
		limit = 20
	}
	if limit > 100 {
		limit = 100
	}
	cs := []policies.Comment{}
	err := s.db.SelectContext(ctx, &cs, `WITH top AS (
			SELECT `+commentColumns+` FROM comments
			WHERE policy_id = $1 AND parent_id IS NULL AND ($2 = '*' OR section_anchor = $2)
				AND status IN ('open','resolved') AND id > $3 AND version_id IN `+versionsUpTo(5)+`
			ORDER BY id LIMIT $4)
		SELECT `+commentColumns+` FROM (
			SELECT `+commentColumns+`, id AS thread FROM top
			UNION ALL
			SELECT c.id, c.policy_id, c.version_id, c.parent_id, c.section_anchor, c.author_id, c.author_name,
				c.author_email, c.body, c.status, c.created_at, c.parent_id AS thread
			FROM comments c JOIN top ON c.parent_id = top.id
			WHERE c.policy_id = $1 AND c.status IN ('open','resolved') AND c.version_id IN `+versionsUpTo(5)+`) AS t
		ORDER BY thread, parent_id IS NOT NULL, id`, policyID, section, afterID, limit, maxVersion)
	if err != nil {
		return nil, fmt.Errorf("postgres: policy %d: threads: %w", policyID, mapErr(err))
	}
	return cs, nil
}

// FirstThreads returns, in one query, the first perSection top-level
// comments of every section of a policy, each followed by its replies:
// what the policy page shows before "load more".
func (s *DB) FirstThreads(ctx context.Context, policyID int64, maxVersion int, perSection int) ([]policies.Comment, error) {
	cs := []policies.Comment{}
	err := s.db.SelectContext(ctx, &cs, `WITH ranked AS (
			SELECT `+commentColumns+`, row_number() OVER (PARTITION BY section_anchor ORDER BY id) AS n
			FROM comments WHERE policy_id = $1 AND parent_id IS NULL AND status IN ('open','resolved')
				AND version_id IN `+versionsUpTo(3)+`),
		top AS (SELECT `+commentColumns+` FROM ranked WHERE n <= $2)
		SELECT `+commentColumns+` FROM (
			SELECT `+commentColumns+`, id AS thread FROM top
			UNION ALL
			SELECT c.id, c.policy_id, c.version_id, c.parent_id, c.section_anchor, c.author_id, c.author_name,
				c.author_email, c.body, c.status, c.created_at, c.parent_id AS thread
			FROM comments c JOIN top ON c.parent_id = top.id
			WHERE c.policy_id = $1 AND c.status IN ('open','resolved') AND c.version_id IN `+versionsUpTo(3)+`) AS t
		ORDER BY thread, parent_id IS NOT NULL, id`, policyID, perSection, maxVersion)
	if err != nil {
		return nil, fmt.Errorf("postgres: policy %d: first threads: %w", policyID, mapErr(err))
	}
	return cs, nil
}

// versionsUpTo is the ids of the policy's ($1) versions numbered up to the
// query argument $n (0: every version): comments on a revision draft stay
// with those who may read the draft.
func versionsUpTo(n int) string {
	return fmt.Sprintf("(SELECT id FROM policy_versions WHERE policy_id = $1 AND ($%d = 0 OR number <= $%d))", n, n)
}

// SetCommentStatus moderates or resolves a comment: resolving records who
// and when, reopening forgets it.
func (s *DB) SetCommentStatus(ctx context.Context, id int64, status policies.CommentStatus, by int64) (policies.Comment, error) {
	var c policies.Comment
	if !status.Valid() {
		return c, policies.FieldError("status", "status komentar %q tidak dikenal", status)
	}
	err := s.db.GetContext(ctx, &c, `UPDATE comments SET status = $2::text,
		resolved_by = CASE WHEN $2::text = 'resolved' THEN nullif($3::bigint, 0) WHEN $2::text = 'open' THEN NULL ELSE resolved_by END,
		resolved_at = CASE WHEN $2::text = 'resolved' THEN now() WHEN $2::text = 'open' THEN NULL ELSE resolved_at END
		WHERE id = $1 RETURNING `+commentColumns, id, status, by)
	if err != nil {
		return c, fmt.Errorf("postgres: comment %d: status %q: %w", id, status, mapErr(err))
	}
	return c, nil
}
