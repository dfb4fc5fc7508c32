package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/policyflow/policyflow/idempotency"
	"github.com/policyflow/policyflow/policies"
)

const commentColumns = `id, policy_id, version_id, parent_id, section_anchor, author_id, author_name, author_email, body, status, created_at, quote, suggestion, suggestion_state, suggestion_by, suggestion_by_name, suggestion_at, suggestion_reason, suggestion_version, pasal, ayat`

// commentColumnsC is commentColumns of the table aliased c.
var commentColumnsC = "c." + strings.ReplaceAll(commentColumns, ", ", ", c.")

// CreateComment stores a comment on a version's section; with an
// idempotency key, a second call returns the comment stored the first time.
// When ctx's request has an Idempotency-Key to claim (idempotency.ClaimOf:
// an Atomic route), one statement in a new transaction claims the key and
// inserts the comment; the transaction stays open for the answer to be
// stored and committed with it (Claim.Hold); a key another request holds
// inserts nothing and is idempotency.ErrTaken.
func (s *DB) CreateComment(ctx context.Context, c policies.Comment) (policies.Comment, error) {
	var key *string
	if c.IdempotencyKey != "" {
		key = &c.IdempotencyKey
	}
	args := []any{c.PolicyID, c.VersionID, c.ParentID, c.SectionID, c.AuthorID, c.AuthorName, c.AuthorEmail, c.Body, c.Status, key, c.Quote, c.Suggestion, c.Pasal, c.Ayat}
	if claim := idempotency.ClaimOf(ctx); claim != nil {
		return s.createCommentClaiming(ctx, claim, c, args)
	}
	err := sqlx.GetContext(ctx, s.writer(ctx), &c, insertComment, args...)
	if err != nil {
		return c, fmt.Errorf("postgres: policy %d: comment: %w", c.PolicyID, mapErr(err))
	}
	return c, nil
}

// insertComment inserts a comment ($1–$14), or returns the one stored
// under its idempotency key ($10).
const insertComment = `WITH ins AS (INSERT INTO comments
		(policy_id, version_id, parent_id, section_anchor, author_id, author_name, author_email, body, status, idempotency_key, quote, suggestion, pasal, ayat)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, coalesce(nullif($9, ''), 'open'), $10, $11, $12, $13, $14)
		ON CONFLICT (idempotency_key) DO NOTHING RETURNING ` + commentColumns + `)
		SELECT ` + commentColumns + ` FROM ins UNION ALL SELECT ` + commentColumns + ` FROM comments WHERE $10::text IS NOT NULL AND idempotency_key = $10 LIMIT 1`

// insertCommentClaiming is insertComment done only when it claims the
// Idempotency-Key ($15–$19, as BeginIdempotent claims): no row when the key
// is taken.
var insertCommentClaiming = `WITH claim AS (` + claimKeyAt(15) + ` RETURNING 1),
		ins AS (INSERT INTO comments
		(policy_id, version_id, parent_id, section_anchor, author_id, author_name, author_email, body, status, idempotency_key, quote, suggestion, pasal, ayat)
		SELECT $1::bigint, $2::bigint, $3::bigint, $4::text, $5::bigint, $6::text, $7::text, $8::text, coalesce(nullif($9::text, ''), 'open'), $10::text, $11::text, $12::text, $13::int, $14::int
		WHERE EXISTS (SELECT FROM claim)
		ON CONFLICT (idempotency_key) DO NOTHING RETURNING ` + commentColumns + `)
		SELECT ` + commentColumns + ` FROM ins UNION ALL SELECT ` + commentColumns + ` FROM comments
		WHERE EXISTS (SELECT FROM claim) AND $10::text IS NOT NULL AND idempotency_key = $10 LIMIT 1`

func (s *DB) createCommentClaiming(ctx context.Context, claim *idempotency.Claim, c policies.Comment, args []any) (policies.Comment, error) {
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return c, fmt.Errorf("postgres: begin: %w", mapErr(err))
	}
	stmt, err := s.prepared(ctx, insertCommentClaiming)
	if err == nil {
		err = tx.StmtxContext(ctx, stmt).GetContext(ctx, &c, append(args, claim.Owner, claim.Key, claim.Method, claim.Path, claim.Holder)...)
	}
	if errors.Is(err, sql.ErrNoRows) { // the key is another request's
		tx.Rollback()
		prev, err := s.idempotentAnswer(ctx, claim.Owner, claim.Key)
		if errors.Is(err, sql.ErrNoRows) {
			// Not claimed, yet no comment: one with the comment's own key
			// was being written by another request (the form's). A 5xx: not
			// kept, the retry finds it.
			return c, fmt.Errorf("postgres: policy %d: comment %q being written by another request", c.PolicyID, c.IdempotencyKey)
		}
		if err != nil {
			return c, err
		}
		return c, claim.Taken(prev)
	}
	if err != nil {
		tx.Rollback()
		return c, fmt.Errorf("postgres: policy %d: comment: %w", c.PolicyID, mapErr(err))
	}
	claim.Hold(&claimTx{db: s, tx: tx, owner: claim.Owner, key: claim.Key})
	return c, nil
}

// CommentByID returns one comment.
func (s *DB) CommentByID(ctx context.Context, id int64) (policies.Comment, error) {
	var c policies.Comment
	if err := sqlx.GetContext(ctx, s.reader(ctx), &c, `SELECT `+commentColumns+` FROM comments WHERE id = $1`, id); err != nil {
		return c, fmt.Errorf("postgres: comment %d: %w", id, mapErr(err))
	}
	return c, nil
}

// PendingComments returns a policy's public comments awaiting moderation, oldest first.
func (s *DB) PendingComments(ctx context.Context, policyID int64) ([]policies.Comment, error) {
	return policyRows[policies.Comment](ctx, s, "pending comments", `SELECT `+commentColumns+` FROM comments
		WHERE policy_id = $1 AND status = 'pending_moderation' ORDER BY id LIMIT 200`, policyID)
}

// CommentCounts returns how many visible comments (open or resolved) each
// section of a policy received, over its versions up to maxVersion (0: all).
func (s *DB) CommentCounts(ctx context.Context, policyID int64, maxVersion int) (map[string]int, error) {
	counts, err := selectMap[string, int](ctx, s.db, `SELECT section_anchor AS k, count(*) AS v FROM comments
		WHERE policy_id = $1 AND status IN ('open','resolved') AND version_id IN `+versionsUpTo(2)+` GROUP BY section_anchor`, policyID, maxVersion)
	if err != nil {
		return nil, fmt.Errorf("postgres: policy %d: comment counts: %w", policyID, err)
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
	err := s.q.SelectContext(ctx, &cs, `WITH top AS (
			SELECT `+commentColumns+` FROM comments
			WHERE policy_id = $1 AND parent_id IS NULL AND ($2 = '*' OR section_anchor = $2)
				AND status IN ('open','resolved') AND id > $3 AND version_id IN `+versionsUpTo(5)+`
			ORDER BY id LIMIT $4)
		`+withReplies(5), policyID, section, afterID, limit, maxVersion)
	if err != nil {
		return nil, fmt.Errorf("postgres: policy %d: threads: %w", policyID, mapErr(err))
	}
	return cs, nil
}

// withReplies ends a query whose CTE top holds top-level comments of
// policy $1: each is followed by its visible replies on the versions up to
// parameter versionParam (versionsUpTo), thread by thread.
func withReplies(versionParam int) string {
	return `SELECT ` + commentColumns + ` FROM (
			SELECT ` + commentColumns + `, id AS thread FROM top
			UNION ALL
			SELECT ` + commentColumnsC + `, c.parent_id AS thread
			FROM comments c JOIN top ON c.parent_id = top.id
			WHERE c.policy_id = $1 AND c.status IN ('open','resolved') AND c.version_id IN ` + versionsUpTo(versionParam) + `) AS t
		ORDER BY thread, parent_id IS NOT NULL, id`
}

// FirstThreads returns, in one query, the first perSection top-level
// comments of every section of a policy, each followed by its replies:
// what the policy page shows before "load more".
func (s *DB) FirstThreads(ctx context.Context, policyID int64, maxVersion int, perSection int) ([]policies.Comment, error) {
	cs := []policies.Comment{}
	err := s.q.SelectContext(ctx, &cs, `WITH ranked AS (
			SELECT `+commentColumns+`, row_number() OVER (PARTITION BY section_anchor ORDER BY id) AS n
			FROM comments WHERE policy_id = $1 AND parent_id IS NULL AND status IN ('open','resolved')
				AND version_id IN `+versionsUpTo(3)+`),
		top AS (SELECT `+commentColumns+` FROM ranked WHERE n <= $2)
		`+withReplies(3), policyID, perSection, maxVersion)
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
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		before, err := commentForUpdate(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := tx.GetContext(ctx, &c, `UPDATE comments SET status = $2::text,
			resolved_by = CASE WHEN $2::text = 'resolved' THEN nullif($3::bigint, 0) WHEN $2::text = 'open' THEN NULL ELSE resolved_by END,
			resolved_at = CASE WHEN $2::text = 'resolved' THEN now() WHEN $2::text = 'open' THEN NULL ELSE resolved_at END
			WHERE id = $1 RETURNING `+commentColumns, id, status, by); err != nil {
			return mapErr(err)
		}
		return auditComment(ctx, tx, c, by, commentStatusAction(status), statusOf(before.Status), statusOf(c.Status))
	})
	if err != nil {
		return c, fmt.Errorf("postgres: comment %d: status %q: %w", id, status, err)
	}
	return c, nil
}

// PassageAnchors returns the states of passage comments on a version, by comment id.
func (s *DB) PassageAnchors(ctx context.Context, versionID int64) (map[int64]policies.PassageAnchor, error) {
	var rows []policies.PassageAnchor
	if err := s.q.SelectContext(ctx, &rows, `SELECT comment_id, version_id, state, passage FROM comment_anchors
		WHERE version_id = $1`, versionID); err != nil {
		return nil, fmt.Errorf("postgres: version %d: passage anchors: %w", versionID, mapErr(err))
	}
	out := make(map[int64]policies.PassageAnchor, len(rows))
	for _, a := range rows {
		out[a.CommentID] = a
	}
	return out, nil
}

// Suggestions returns a policy's visible top-level comments that suggest a
// change, undecided first, oldest first within each.
func (s *DB) Suggestions(ctx context.Context, policyID int64) ([]policies.Comment, error) {
	return policyRows[policies.Comment](ctx, s, "suggestions", `SELECT `+commentColumns+` FROM comments
		WHERE policy_id = $1 AND parent_id IS NULL AND suggestion <> '' AND status IN ('open','resolved')
		ORDER BY suggestion_state <> '', id LIMIT 500`, policyID)
}

// AcceptSuggestions saves markdown as the version after baseNumber and marks
// each suggestion accepted into it, in one transaction.
func (s *DB) AcceptSuggestions(ctx context.Context, policyID int64, baseNumber int, ids []int64, markdown string, by int64, byName, summary string) (policies.Version, error) {
	var v policies.Version
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		var err error
		if v, err = createVersionTx(ctx, tx, policyID, baseNumber, markdown, by, summary); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE comments SET suggestion_state = 'accepted', suggestion_by = $3,
			suggestion_by_name = $4, suggestion_at = now(), suggestion_version = $5
			WHERE policy_id = $1 AND id = ANY($2) AND suggestion <> '' AND suggestion_state = ''
				AND parent_id IS NULL AND status IN ('open','resolved')`,
			policyID, pq.Array(ids), by, byName, v.Number)
		if err != nil {
			return mapErr(err)
		}
		if n, _ := res.RowsAffected(); n != int64(len(ids)) {
			return policies.Errorf(policies.KindConflict, "salah satu usulan sudah diputuskan atau tidak lagi terbuka; muat ulang halaman")
		}
		return auditSuggestions(ctx, tx, policyID, v, ids, by)
	})
	if err != nil {
		return v, fmt.Errorf("postgres: policy %d: accept suggestions: %w", policyID, err)
	}
	return v, nil
}

// DeclineSuggestion records who declined a suggestion, when and why.
func (s *DB) DeclineSuggestion(ctx context.Context, id, by int64, byName, reason string) (policies.Comment, error) {
	var c policies.Comment
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		if err := tx.GetContext(ctx, &c, `UPDATE comments SET suggestion_state = 'declined', suggestion_by = $2,
			suggestion_by_name = $3, suggestion_at = now(), suggestion_reason = $4
			WHERE id = $1 AND suggestion <> '' AND suggestion_state = '' RETURNING `+commentColumns, id, by, byName, reason); err != nil {
			return err
		}
		return auditComment(ctx, tx, c, by, "suggestion.declined", nil, map[string]string{"reason": reason})
	})
	if policies.IsKind(mapErr(err), policies.KindNotFound) {
		return c, fmt.Errorf("postgres: comment %d: decline: %w", id,
			policies.Errorf(policies.KindConflict, "usulan ini sudah diputuskan atau tidak ada"))
	}
	if err != nil {
		return c, fmt.Errorf("postgres: comment %d: decline: %w", id, mapErr(err))
	}
	return c, nil
}

// reanchor gives each open passage comment of a policy its state on the
// new version v, in the transaction that saves v: quote unchanged in its
// section, section without it (the closest passage kept), or section gone.
func reanchor(ctx context.Context, tx *sqlx.Tx, v policies.Version) error {
	var cs []struct {
		ID      int64  `db:"id"`
		Section string `db:"section_anchor"`
		Quote   string `db:"quote"`
	}
	if err := tx.SelectContext(ctx, &cs, `SELECT id, section_anchor, quote FROM comments
		WHERE policy_id = $1 AND quote <> '' AND status IN ('open','pending_moderation') AND version_id <> $2`,
		v.PolicyID, v.ID); err != nil {
		return mapErr(err)
	}
	if len(cs) == 0 {
		return nil
	}
	texts := policies.SectionTexts(v.Markdown)
	ids, states, passages := make([]int64, len(cs)), make([]string, len(cs)), make([]string, len(cs))
	for i, c := range cs {
		st, passage := policies.Reanchor(texts, c.Section, c.Quote)
		ids[i], states[i], passages[i] = c.ID, string(st), passage
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO comment_anchors (comment_id, version_id, state, passage)
		SELECT unnest($1::bigint[]), $2, unnest($3::text[]), unnest($4::text[])
		ON CONFLICT (comment_id, version_id) DO NOTHING`,
		pq.Array(ids), v.ID, pq.Array(states), pq.Array(passages))
	return mapErr(err)
}
