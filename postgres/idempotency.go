package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/policyflow/policyflow/idempotency"
	"github.com/policyflow/policyflow/policies"
)

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
		res, err := s.db.ExecContext(ctx, claimKey, owner, key, method, path, holder)
		if err != nil {
			return false, prev, fmt.Errorf("postgres: idempotency key %q: %w", key, mapErr(err))
		}
		if n, _ := res.RowsAffected(); n == 1 {
			return true, prev, nil
		}
		prev, err = s.idempotentAnswer(ctx, owner, key)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		return false, prev, err
	}
	return false, prev, policies.Errorf(policies.KindConflict, "Idempotency-Key %q sedang dipakai permintaan lain", key)
}

// claimKey claims ($1 owner, $2 key) for a request ($3 method, $4 path)
// of holder $5. An unanswered claim of the same holder belongs to a
// request that has ended (a holder does not run two requests with one key
// at once); one still unanswered after 35 s belongs to a request that died
// with its process (requests time out at 30 s). Either may be taken over.
// It changes one row when the key is claimed.
var claimKey = claimKeyAt(1)

// claimKeyAt is claimKey with its parameters numbered from n.
func claimKeyAt(n int) string {
	return fmt.Sprintf(`INSERT INTO idempotency_keys (owner, key, method, path, holder) VALUES ($%d, $%d, $%d, $%d, $%d)
	ON CONFLICT (owner, key) DO UPDATE SET created_at = now(), method = EXCLUDED.method, path = EXCLUDED.path, holder = EXCLUDED.holder
	`, n, n+1, n+2, n+3, n+4) + takeOver
}

// takeOver is the condition on which a claim replaces another (claimKey).
const takeOver = `WHERE idempotency_keys.status IS NULL
	  AND (idempotency_keys.holder = EXCLUDED.holder OR idempotency_keys.created_at < now() - interval '35 seconds')`

// idempotentAnswer is the stored answer of a claimed key (Status 0 while
// its request runs); sql.ErrNoRows when the key is not claimed.
func (s *DB) idempotentAnswer(ctx context.Context, owner, key string) (policies.IdempotentResponse, error) {
	var row struct {
		Status      int    `db:"status"`
		ContentType string `db:"content_type"`
		Body        []byte `db:"body"`
		Method      string `db:"method"`
		Path        string `db:"path"`
	}
	err := s.q.GetContext(ctx, &row, `SELECT coalesce(status, 0) AS status, content_type, body, method, path
		FROM idempotency_keys WHERE owner = $1 AND key = $2`, owner, key)
	if errors.Is(err, sql.ErrNoRows) {
		return policies.IdempotentResponse{}, err
	}
	if err != nil {
		return policies.IdempotentResponse{}, fmt.Errorf("postgres: idempotency key %q: %w", key, mapErr(err))
	}
	return policies.IdempotentResponse{Status: row.Status, ContentType: row.ContentType, Body: row.Body, Method: row.Method, Path: row.Path}, nil
}

// KeepIdempotent claims (owner, key) as BeginIdempotent does and stores
// the answer in the same statement: the answer of an Atomic route's
// request that wrote nothing. When the key is another request's, kept is
// false and prev is that request's answer.
func (s *DB) KeepIdempotent(ctx context.Context, owner, key, holder, method, path string, status int, contentType string, body []byte) (bool, policies.IdempotentResponse, error) {
	if body == nil {
		body = []byte{}
	}
	for range 3 {
		res, err := s.db.ExecContext(ctx, `INSERT INTO idempotency_keys (owner, key, method, path, holder, status, content_type, body)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
			ON CONFLICT (owner, key) DO UPDATE SET created_at = now(), method = EXCLUDED.method, path = EXCLUDED.path, holder = EXCLUDED.holder,
				status = EXCLUDED.status, content_type = EXCLUDED.content_type, body = EXCLUDED.body
			`+takeOver,
			owner, key, method, path, holder, status, contentType, body)
		if err != nil {
			return false, policies.IdempotentResponse{}, fmt.Errorf("postgres: idempotency key %q: %w", key, mapErr(err))
		}
		if n, _ := res.RowsAffected(); n == 1 {
			return true, policies.IdempotentResponse{}, nil
		}
		prev, err := s.idempotentAnswer(ctx, owner, key)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		return false, prev, err
	}
	return false, policies.IdempotentResponse{}, policies.Errorf(policies.KindConflict, "Idempotency-Key %q sedang dipakai permintaan lain", key)
}

// claimTx is the transaction in which a write claimed its request's
// Idempotency-Key (idempotency.Tx): the request's later statements run in
// it (DB.writer), and Commit stores the answer with them.
type claimTx struct {
	db    *DB
	tx    *sqlx.Tx
	owner string
	key   string
}

func (t *claimTx) Commit(ctx context.Context, status int, contentType string, body []byte) error {
	defer t.tx.Rollback() // after a failed statement; nothing after a commit
	if body == nil {
		body = []byte{}
	}
	stmt, err := t.db.prepared(ctx, `UPDATE idempotency_keys SET status = $3, content_type = $4, body = $5 WHERE owner = $1 AND key = $2`)
	if err == nil {
		_, err = t.tx.StmtxContext(ctx, stmt).ExecContext(ctx, t.owner, t.key, status, contentType, body)
	}
	if err == nil {
		err = t.tx.Commit()
	}
	if err != nil {
		return fmt.Errorf("postgres: idempotency key %q: %w", t.key, mapErr(err))
	}
	return nil
}

func (t *claimTx) Rollback() error { return t.tx.Rollback() }

// heldTx is the transaction in which ctx's request holds its
// Idempotency-Key, when one of this DB's writes claimed it.
func (s *DB) heldTx(ctx context.Context) *sqlx.Tx {
	if t, ok := idempotency.HeldTx(ctx).(*claimTx); ok && t.db == s {
		return t.tx
	}
	return nil
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
