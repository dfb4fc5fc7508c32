package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/lib/pq"

	"github.com/jmoiron/sqlx"

	"github.com/policyflow/policyflow/policies"
)

const userColumns = `id, email, name, role, region_id, unit_id, title, password_hash, created_at`

const commentColumns = `id, policy_id, version_id, parent_id, section_anchor, author_id, author_name, author_email, body, status, created_at`

// UserByID returns the user with that id.
func (s *DB) UserByID(ctx context.Context, id int64) (policies.User, error) {
	var u policies.User
	if err := s.db.GetContext(ctx, &u, `SELECT `+userColumns+` FROM users WHERE id = $1`, id); err != nil {
		return u, fmt.Errorf("postgres: user %d: %w", id, mapErr(err))
	}
	return u, nil
}

// CreateSession stores a session under the hash of its cookie's token.
func (s *DB) CreateSession(ctx context.Context, userID int64, tokenHash, csrf string, expires time.Time) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO sessions (id, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, $4)`,
		tokenHash, userID, csrf, expires)
	if err != nil {
		return fmt.Errorf("postgres: user %d: session: %w", userID, mapErr(err))
	}
	return nil
}

// SessionUser returns the user of a live session and its CSRF token, and
// notes the request. A session lives until its absolute end while no two
// requests are more than policies.SessionIdle apart; the last request is
// written at most every policies.SessionSeenEvery, so pages cost no write
// each. An unknown, expired or idle session is not found.
func (s *DB) SessionUser(ctx context.Context, tokenHash string) (policies.User, string, error) {
	var row struct {
		policies.User
		CSRF  string `db:"csrf_token"`
		Stale bool   `db:"stale"`
	}
	err := s.db.GetContext(ctx, &row, `SELECT u.id, u.email, u.name, u.role, u.region_id, u.unit_id, u.title, u.password_hash, u.created_at,
		s.csrf_token, s.last_seen_at < now() - make_interval(secs => $3) AS stale
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.id = $1 AND s.expires_at > now() AND s.last_seen_at > now() - make_interval(secs => $2)`,
		tokenHash, policies.SessionIdle.Seconds(), policies.SessionSeenEvery.Seconds())
	if err != nil {
		return policies.User{}, "", fmt.Errorf("postgres: session: %w", mapErr(err))
	}
	if row.Stale {
		if _, err := s.db.ExecContext(ctx, `UPDATE sessions SET last_seen_at = now() WHERE id = $1`, tokenHash); err != nil {
			return policies.User{}, "", fmt.Errorf("postgres: session: last seen: %w", mapErr(err))
		}
	}
	return row.User, row.CSRF, nil
}

// DeleteSession ends a session; ending an unknown one is not an error.
func (s *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE id = $1`, tokenHash); err != nil {
		return fmt.Errorf("postgres: delete session: %w", mapErr(err))
	}
	return nil
}

// CreateAPIToken stores a personal API token by its hash, valid until
// expires, and returns its id.
func (s *DB) CreateAPIToken(ctx context.Context, userID int64, name, tokenHash string, expires time.Time) (int64, error) {
	var id int64
	err := s.db.GetContext(ctx, &id, `INSERT INTO api_tokens (user_id, name, token_hash, expires_at) VALUES ($1, $2, $3, $4) RETURNING id`,
		userID, name, tokenHash, expires)
	if err != nil {
		return 0, fmt.Errorf("postgres: user %d: API token %q: %w", userID, name, mapErr(err))
	}
	return id, nil
}

// APITokenUser returns the owner of a token neither revoked nor expired,
// noting when it was last used (written at most every
// policies.SessionSeenEvery); any other token is not found.
func (s *DB) APITokenUser(ctx context.Context, tokenHash string) (policies.User, error) {
	var row struct {
		policies.User
		Stale bool `db:"stale"`
	}
	err := s.db.GetContext(ctx, &row, `SELECT u.id, u.email, u.name, u.role, u.region_id, u.unit_id, u.title, u.password_hash, u.created_at,
		coalesce(t.last_used_at < now() - make_interval(secs => $2), true) AS stale
		FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > now()`, tokenHash, policies.SessionSeenEvery.Seconds())
	if err != nil {
		return policies.User{}, fmt.Errorf("postgres: API token: %w", mapErr(err))
	}
	if row.Stale {
		if _, err := s.db.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = now() WHERE token_hash = $1`, tokenHash); err != nil {
			return policies.User{}, fmt.Errorf("postgres: API token: last used: %w", mapErr(err))
		}
	}
	return row.User, nil
}

// RecordLoginAttempt notes a sign-in attempt, for rate limiting.
func (s *DB) RecordLoginAttempt(ctx context.Context, email, ip string, ok bool) error {
	if _, err := s.db.ExecContext(ctx, `INSERT INTO login_attempts (email, ip, ok) VALUES ($1, $2, $3)`, email, ip, ok); err != nil {
		return fmt.Errorf("postgres: login attempt: %w", mapErr(err))
	}
	return nil
}

// LoginFailures counts failed sign-ins: of an account (case-insensitively)
// from an address, since pairSince and since that pair's last success; and
// from the address over every account, since addressSince.
func (s *DB) LoginFailures(ctx context.Context, email, ip string, pairSince, addressSince time.Time) (policies.LoginFailures, error) {
	var row struct {
		Pair         int        `db:"pair"`
		PairLast     *time.Time `db:"pair_last"`
		Address      int        `db:"address"`
		AddressFirst *time.Time `db:"address_first"`
	}
	err := s.db.GetContext(ctx, &row, `WITH ok AS (
			SELECT max(created_at) AS at FROM login_attempts WHERE ok AND ip = $2 AND lower(email) = lower($1)),
		failed AS (
			SELECT created_at, lower(email) = lower($1) AND created_at >= $3 AND created_at > coalesce((SELECT at FROM ok), '-infinity') AS pair
			FROM login_attempts WHERE NOT ok AND ip = $2 AND created_at >= least($3::timestamptz, $4::timestamptz))
		SELECT count(*) FILTER (WHERE pair) AS pair, max(created_at) FILTER (WHERE pair) AS pair_last,
			count(*) FILTER (WHERE created_at >= $4) AS address, min(created_at) FILTER (WHERE created_at >= $4) AS address_first
		FROM failed`, email, ip, pairSince, addressSince)
	if err != nil {
		return policies.LoginFailures{}, fmt.Errorf("postgres: failed logins: %w", mapErr(err))
	}
	f := policies.LoginFailures{Pair: row.Pair, Address: row.Address}
	if row.PairLast != nil {
		f.PairLast = *row.PairLast
	}
	if row.AddressFirst != nil {
		f.AddressFirst = *row.AddressFirst
	}
	return f, nil
}

// BeginIdempotent claims (owner, key) for this request, or returns the
// answer stored by the request that claimed it first (status 0 while it runs).
// owner names one signed-in person: keys no person owns are refused.
func (s *DB) BeginIdempotent(ctx context.Context, owner, key, holder, method, path string) (bool, policies.IdempotentResponse, error) {
	var prev policies.IdempotentResponse
	if owner == "" {
		return false, prev, policies.FieldError("Idempotency-Key", "Idempotency-Key hanya untuk pengguna yang masuk")
	}
	// A claim aborted between our insert and our read frees the key: try again.
	for range 3 {
		// An unanswered claim of the same holder belongs to a request that
		// has ended (the caller does not call while one of its own runs); one
		// still unanswered after 35 s belongs to a request that died with its
		// process (requests time out at 30 s). Either may be taken over.
		res, err := s.db.ExecContext(ctx, `INSERT INTO idempotency_keys (owner, key, method, path, holder) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (owner, key) DO UPDATE SET created_at = now(), method = EXCLUDED.method, path = EXCLUDED.path, holder = EXCLUDED.holder
			WHERE idempotency_keys.status IS NULL
			  AND (idempotency_keys.holder = EXCLUDED.holder OR idempotency_keys.created_at < now() - interval '35 seconds')`,
			owner, key, method, path, holder)
		if err != nil {
			return false, prev, fmt.Errorf("postgres: idempotency key %q: %w", key, mapErr(err))
		}
		if n, _ := res.RowsAffected(); n == 1 {
			return true, prev, nil
		}
		var row struct {
			Status      int    `db:"status"`
			ContentType string `db:"content_type"`
			Body        []byte `db:"body"`
			Method      string `db:"method"`
			Path        string `db:"path"`
		}
		err = s.db.GetContext(ctx, &row, `SELECT coalesce(status, 0) AS status, content_type, body, method, path
			FROM idempotency_keys WHERE owner = $1 AND key = $2`, owner, key)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return false, prev, fmt.Errorf("postgres: idempotency key %q: %w", key, mapErr(err))
		}
		prev = policies.IdempotentResponse{Status: row.Status, ContentType: row.ContentType, Body: row.Body, Method: row.Method, Path: row.Path}
		return false, prev, nil
	}
	return false, prev, policies.Errorf(policies.KindConflict, "Idempotency-Key %q sedang dipakai permintaan lain", key)
}

// FinishIdempotent stores the answer to a claimed request, to replay on a retry.
func (s *DB) FinishIdempotent(ctx context.Context, owner, key string, status int, contentType string, body []byte) error {
	if body == nil {
		body = []byte{}
	}
	res, err := s.db.ExecContext(ctx, `UPDATE idempotency_keys SET status = $3, content_type = $4, body = $5
		WHERE owner = $1 AND key = $2`, owner, key, status, contentType, body)
	if err != nil {
		return fmt.Errorf("postgres: idempotency key %q: %w", key, mapErr(err))
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return policies.Errorf(policies.KindNotFound, "Idempotency-Key %q tidak ditemukan", key)
	}
	return nil
}

// AbortIdempotent forgets a claim whose request failed, so a retry runs
// again; an answer already stored is kept.
func (s *DB) AbortIdempotent(ctx context.Context, owner, key string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE owner = $1 AND key = $2 AND status IS NULL`, owner, key); err != nil {
		return fmt.Errorf("postgres: idempotency key %q: %w", key, mapErr(err))
	}
	return nil
}

// SearchPolicies lists policies filtered, and with a query, matched by
// full text (Indonesian stemming) over title and current text, best match
// first; it returns one page and the total number of matches.
func (s *DB) SearchPolicies(ctx context.Context, f policies.SearchFilter) ([]policies.PolicySummary, int, error) {
	if f.Status != "" && !f.Status.Valid() {
		return nil, 0, policies.FieldError("status", "status %q tidak dikenal", f.Status)
	}
	statuses := make([]string, 0, len(f.Statuses))
	for _, st := range f.Statuses {
		if !st.Valid() {
			return nil, 0, policies.FieldError("status", "status %q tidak dikenal", st)
		}
		statuses = append(statuses, string(st))
	}
	if f.Limit <= 0 {
		f.Limit = 20
	}
	if f.Limit > 100 {
		f.Limit = 100
	}
	if f.Offset < 0 {
		f.Offset = 0
	}
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if f.RegionID != 0 {
		where = append(where, "p.region_id = "+arg(f.RegionID))
	}
	if f.UnitID != 0 {
		where = append(where, "p.owner_unit_id = "+arg(f.UnitID))
	}
	if f.Status != "" {
		where = append(where, "p.status = "+arg(string(f.Status)))
	}
	if len(f.Statuses) > 0 {
		// A policy with a text in force stays listed while it is revised.
		cond := "(p.status = ANY(" + arg(pq.Array(statuses)) + "::text[]) OR (p.in_force_version_id IS NOT NULL AND p.status <> 'archived'))"
		if f.OwnRegionID != 0 {
			cond = "(" + cond + " OR p.region_id = " + arg(f.OwnRegionID) + ")"
		}
		where = append(where, cond)
	}
	// Within one region the regions' order is moot: ordering by title alone
	// lets the (region_id, status, title, id) indexes give the page at once.
	order := "r.name, p.title, p.id"
	if f.RegionID != 0 {
		order = "p.title, p.id"
	}
	// PostgreSQL text holds neither NUL nor invalid UTF-8: a query with them
	// searches for the rest rather than failing.
	q := strings.TrimSpace(strings.ReplaceAll(strings.ToValidUTF8(f.Query, " "), "\x00", " "))
	if q != "" {
		tsq := "websearch_to_tsquery('indonesian', " + arg(q) + "::text)"
		where = append(where, "p.search @@ "+tsq)
		order = "ts_rank(p.search, " + tsq + ") DESC, " + order
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	filterArgs := len(args)
	// The page's ids first, from policies alone (and the region's name),
	// then the joins for those rows only: the cost follows the index
	// lookups, not the number of matches.
	query := `WITH page AS (SELECT p.id FROM policies p JOIN regions r ON r.id = p.region_id` + cond +
		" ORDER BY " + order + " LIMIT " + arg(f.Limit) + " OFFSET " + arg(f.Offset) + ")\n" +
		summaryQuery + " JOIN page ON page.id = p.id ORDER BY " + order
	var ps []policies.PolicySummary
	if err := s.db.SelectContext(ctx, &ps, query, args...); err != nil {
		return nil, 0, fmt.Errorf("postgres: search policies: %w", mapErr(err))
	}
	if ps == nil {
		ps = []policies.PolicySummary{}
	}
	// The total: known from the page when it is the first and not full;
	// otherwise counted on policies alone, up to CountCap past the page.
	total := len(ps)
	if f.Offset > 0 || len(ps) == f.Limit {
		args = append(args[:filterArgs], f.Offset+policies.CountCap+1)
		countQuery := `SELECT count(*) FROM (SELECT 1 FROM policies p` + cond + ` LIMIT $` + strconv.Itoa(len(args)) + `) m`
		if err := s.db.GetContext(ctx, &total, countQuery, args...); err != nil {
			return nil, 0, fmt.Errorf("postgres: search policies: %w", mapErr(err))
		}
	}
	return ps, total, nil
}

// VersionByNumber returns version n of a policy.
func (s *DB) VersionByNumber(ctx context.Context, policyID int64, n int) (policies.Version, error) {
	var v policies.Version
	err := s.db.GetContext(ctx, &v, `SELECT id, policy_id, number, markdown, sha256, author_id, change_summary, created_at
		FROM policy_versions WHERE policy_id = $1 AND number = $2`, policyID, n)
	if err != nil {
		return v, fmt.Errorf("postgres: policy %d: version %d: %w", policyID, n, mapErr(err))
	}
	return v, nil
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

// ApprovalRuns returns a policy's approval runs, oldest first.
func (s *DB) ApprovalRuns(ctx context.Context, policyID int64) ([]policies.ApprovalRunRecord, error) {
	rs := []policies.ApprovalRunRecord{}
	err := s.db.SelectContext(ctx, &rs, `SELECT a.id, a.workflow_id, v.number AS version_number, a.sha256,
		u.name AS submitted_by, a.started_at, a.ended_at, a.outcome
		FROM approval_runs a
		JOIN policy_versions v ON v.id = a.version_id
		JOIN users u ON u.id = a.submitted_by
		WHERE a.policy_id = $1 ORDER BY a.id`, policyID)
	if err != nil {
		return nil, fmt.Errorf("postgres: policy %d: approval runs: %w", policyID, mapErr(err))
	}
	return rs, nil
}

// DecisionRecords returns a policy's decisions with stage and people's names, oldest first.
func (s *DB) DecisionRecords(ctx context.Context, policyID int64) ([]policies.DecisionRecord, error) {
	ds := []policies.DecisionRecord{}
	err := s.db.SelectContext(ctx, &ds, `SELECT d.id, d.approval_run_id, st.position AS stage_position, st.name AS stage_name,
		u.name AS decider, af.name AS acting_for, d.decision, d.reason, d.sha256_approved, d.created_at
		FROM decisions d
		JOIN approval_stages st ON st.id = d.stage_id
		JOIN users u ON u.id = d.decider_id
		LEFT JOIN users af ON af.id = d.acting_for_id
		WHERE d.policy_id = $1 ORDER BY d.id`, policyID)
	if err != nil {
		return nil, fmt.Errorf("postgres: policy %d: decisions: %w", policyID, mapErr(err))
	}
	return ds, nil
}

const consultationColumns = `c.id, c.policy_id, c.version_id, c.workflow_id, c.opened_by, c.opened_at, c.closes_at, c.allow_public,
	v.number AS version_number, c.closed_at, c.closed_reason, c.summary`

// Consultations returns a policy's consultations, oldest first.
func (s *DB) Consultations(ctx context.Context, policyID int64) ([]policies.ConsultationRecord, error) {
	cs := []policies.ConsultationRecord{}
	err := s.db.SelectContext(ctx, &cs, `SELECT `+consultationColumns+`
		FROM consultations c JOIN policy_versions v ON v.id = c.version_id
		WHERE c.policy_id = $1 ORDER BY c.id`, policyID)
	if err != nil {
		return nil, fmt.Errorf("postgres: policy %d: consultations: %w", policyID, mapErr(err))
	}
	return cs, nil
}

// AuditRecords returns a policy's audit history with actors' names and
// version numbers, oldest first.
func (s *DB) AuditRecords(ctx context.Context, policyID int64) ([]policies.AuditRecord, error) {
	es := []policies.AuditRecord{}
	err := s.db.SelectContext(ctx, &es, `SELECT a.id, u.name AS actor, a.action, a.detail, v.number AS version_number, a.created_at
		FROM audit_log a
		LEFT JOIN users u ON u.id = a.actor_id
		LEFT JOIN policy_versions v ON v.id = a.version_id
		WHERE a.policy_id = $1 ORDER BY a.id`, policyID)
	if err != nil {
		return nil, fmt.Errorf("postgres: policy %d: audit: %w", policyID, mapErr(err))
	}
	return es, nil
}

// InvitedConsultations returns the open consultations a user is invited
// to, closing soonest first.
func (s *DB) InvitedConsultations(ctx context.Context, userID int64) ([]policies.InvitedConsultation, error) {
	cs := []policies.InvitedConsultation{}
	err := s.db.SelectContext(ctx, &cs, `SELECT `+consultationColumns+`, p.title AS policy_title
		FROM consultations c
		JOIN consultation_invitees i ON i.consultation_id = c.id
		JOIN policy_versions v ON v.id = c.version_id
		JOIN policies p ON p.id = c.policy_id
		WHERE i.user_id = $1 AND c.closed_at IS NULL
		ORDER BY c.closes_at, c.id`, userID)
	if err != nil {
		return nil, fmt.Errorf("postgres: user %d: invited consultations: %w", userID, mapErr(err))
	}
	return cs, nil
}

// RoundsDue returns a unit's evaluation rounds not yet submitted, due soonest first.
func (s *DB) RoundsDue(ctx context.Context, unitID int64) ([]policies.RoundDue, error) {
	rs := []policies.RoundDue{}
	err := s.db.SelectContext(ctx, &rs, `SELECT r.id, r.policy_id, r.unit_id, r.number, r.due_at, r.status, r.created_at,
		p.title AS policy_title
		FROM evaluation_rounds r JOIN policies p ON p.id = r.policy_id
		WHERE r.unit_id = $1 AND r.status IN ('pending','overdue')
		ORDER BY r.due_at, r.id`, unitID)
	if err != nil {
		return nil, fmt.Errorf("postgres: unit %d: rounds due: %w", unitID, mapErr(err))
	}
	return rs, nil
}

// UnreadCount counts a user's unread notifications.
func (s *DB) UnreadCount(ctx context.Context, userID int64) (int, error) {
	var n int
	if err := s.db.GetContext(ctx, &n, `SELECT count(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL`, userID); err != nil {
		return 0, fmt.Errorf("postgres: user %d: unread: %w", userID, mapErr(err))
	}
	return n, nil
}

// MarkRead marks one of a user's notifications read (keeping the first
// reading time); another user's notification is not found.
func (s *DB) MarkRead(ctx context.Context, userID, notificationID int64) error {
	res, err := s.db.ExecContext(ctx, `UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE id = $1 AND user_id = $2`,
		notificationID, userID)
	if err != nil {
		return fmt.Errorf("postgres: notification %d: %w", notificationID, mapErr(err))
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return policies.Errorf(policies.KindNotFound, "notifikasi %d tidak ditemukan", notificationID)
	}
	return nil
}

// EvaluationRows returns every round of a policy's evaluation per unit with
// its SKM (IKM) and Kirkpatrick scores, by round then unit name.
func (s *DB) EvaluationRows(ctx context.Context, policyID int64) ([]policies.EvaluationRow, error) {
	rows := []policies.EvaluationRow{}
	err := s.db.SelectContext(ctx, &rows, `SELECT r.number, r.unit_id, u.name AS unit_name, r.due_at, r.status,
		(SELECT score::float8 FROM evaluation_results e WHERE e.round_id = r.id AND e.instrument = 'skm') AS skm,
		(SELECT score::float8 FROM evaluation_results e WHERE e.round_id = r.id AND e.instrument = 'kirkpatrick') AS kirkpatrick
		FROM evaluation_rounds r JOIN units u ON u.id = r.unit_id
		WHERE r.policy_id = $1 ORDER BY r.number, u.name`, policyID)
	if err != nil {
		return nil, fmt.Errorf("postgres: policy %d: evaluation rows: %w", policyID, mapErr(err))
	}
	return rows, nil
}

// SetNotifyMode sets how a user receives notifications: immediate, digest or none.
func (s *DB) SetNotifyMode(ctx context.Context, userID int64, mode policies.NotifyMode) error {
	if !mode.Valid() {
		return policies.FieldError("notify_mode", "pilihan %q tidak dikenal", mode)
	}
	_, err := s.db.ExecContext(ctx, `UPDATE users SET notify_mode = $2 WHERE id = $1`, userID, mode)
	return mapErr(err)
}

// NotifyMode returns how a user receives notifications.
func (s *DB) NotifyMode(ctx context.Context, userID int64) (policies.NotifyMode, error) {
	var m policies.NotifyMode
	err := s.db.GetContext(ctx, &m, `SELECT notify_mode FROM users WHERE id = $1`, userID)
	return m, mapErr(err)
}

// EvaluationPlan returns a policy's evaluation cadence (months) and IKM threshold.
func (s *DB) EvaluationPlan(ctx context.Context, policyID int64) (int, float64, error) {
	var p struct {
		Months    int     `db:"evaluation_months"`
		Threshold float64 `db:"ikm_threshold"`
	}
	err := s.db.GetContext(ctx, &p, `SELECT evaluation_months, ikm_threshold::float8 AS ikm_threshold FROM policies WHERE id = $1`, policyID)
	return p.Months, p.Threshold, mapErr(err)
}

// SetEvaluationPlan sets a policy's evaluation cadence and IKM threshold;
// a schedule already running keeps the cadence it started with.
func (s *DB) SetEvaluationPlan(ctx context.Context, policyID int64, months int, threshold float64, actorID int64) error {
	switch {
	case months < 1 || months > 60:
		return policies.FieldError("evaluation_months", "jarak evaluasi 1–60 bulan")
	case threshold < 25 || threshold > 100:
		return policies.FieldError("ikm_threshold", "ambang IKM 25–100")
	}
	return s.Transact(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE policies SET evaluation_months = $2, ikm_threshold = $3, updated_at = now() WHERE id = $1`,
			policyID, months, threshold)
		if err != nil {
			return mapErr(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return policies.Errorf(policies.KindNotFound, "kebijakan %d tidak ditemukan", policyID)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO audit_log (policy_id, actor_id, action, detail) VALUES ($1, $2, 'evaluation_plan', $3)`,
			policyID, actorID, fmt.Sprintf("setiap %d bulan, ambang IKM %.2f", months, threshold))
		return mapErr(err)
	})
}

// versionsUpTo is the ids of the policy's ($1) versions numbered up to the
// query argument $n (0: every version): comments on a revision draft stay
// with those who may read the draft.
func versionsUpTo(n int) string {
	return fmt.Sprintf("(SELECT id FROM policy_versions WHERE policy_id = $1 AND ($%d = 0 OR number <= $%d))", n, n)
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
