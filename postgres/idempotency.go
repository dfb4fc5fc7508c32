package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

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
