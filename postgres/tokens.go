package postgres

import (
	"context"
	"fmt"

	"github.com/policyflow/policyflow/policies"
)

// Personal API tokens as their owner manages them; creating one and
// signing in with one are in web.go, beside sessions.

const apiTokenColumns = `id, name, created_at, expires_at, last_used_at, revoked_at, expires_at <= now() AS expired`

// APITokens returns a user's tokens that are not revoked (expired ones
// too, marked so), newest first.
func (s *DB) APITokens(ctx context.Context, userID int64) ([]policies.APIToken, error) {
	ts := []policies.APIToken{}
	err := s.db.SelectContext(ctx, &ts, `SELECT `+apiTokenColumns+` FROM api_tokens
		WHERE user_id = $1 AND revoked_at IS NULL ORDER BY id DESC LIMIT 500`, userID)
	if err != nil {
		return nil, fmt.Errorf("postgres: user %d: API tokens: %w", userID, mapErr(err))
	}
	return ts, nil
}

// RevokeAPIToken revokes one of a user's tokens (revoking it again keeps
// the first time); another user's token is not found, so its existence
// does not leak.
func (s *DB) RevokeAPIToken(ctx context.Context, userID, tokenID int64) (policies.APIToken, error) {
	var t policies.APIToken
	err := s.db.GetContext(ctx, &t, `UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now())
		WHERE id = $1 AND user_id = $2 RETURNING `+apiTokenColumns, tokenID, userID)
	if err != nil {
		err = mapErr(err)
		if policies.IsKind(err, policies.KindNotFound) {
			err = policies.Errorf(policies.KindNotFound, "token API %d tidak ditemukan", tokenID)
		}
		return t, fmt.Errorf("postgres: user %d: revoke API token %d: %w", userID, tokenID, err)
	}
	return t, nil
}
