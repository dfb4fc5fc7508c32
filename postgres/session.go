package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/policyflow/policyflow/policies"
)

// CreateSession stores a session under the hash of its cookie's token.
func (s *DB) CreateSession(ctx context.Context, userID int64, tokenHash, csrf string, expires time.Time) error {
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (id, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, $4)`,
			tokenHash, userID, csrf, expires); err != nil {
			return mapErr(err)
		}
		return auditAccount(ctx, tx, userID, userID, "user.signed_in")
	})
	if err != nil {
		return fmt.Errorf("postgres: user %d: session: %w", userID, err)
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
	err := s.q.GetContext(ctx, &row, `SELECT u.id, u.email, u.name, u.role, u.region_id, u.unit_id, u.title, u.password_hash, u.created_at, u.lang,
		s.csrf_token, s.last_seen_at < now() - make_interval(secs => $3) AS stale
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.id = $1 AND s.expires_at > now() AND s.last_seen_at > now() - make_interval(secs => $2) AND u.deactivated_at IS NULL`,
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

// DeleteSession ends a session, audited as its person's sign-out; ending
// an unknown one is not an error.
func (s *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		var users []int64
		if err := tx.SelectContext(ctx, &users, `DELETE FROM sessions WHERE id = $1 RETURNING user_id`, tokenHash); err != nil {
			return mapErr(err)
		}
		for _, u := range users {
			if err := auditAccount(ctx, tx, u, u, "user.signed_out"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("postgres: delete session: %w", err)
	}
	return nil
}

const apiTokenColumns = `id, name, created_at, expires_at, last_used_at, revoked_at, expires_at <= now() AS expired`

// CreateAPIToken stores a personal API token by its hash, valid until
// expires, and returns its id.
func (s *DB) CreateAPIToken(ctx context.Context, userID int64, name, tokenHash string, expires time.Time) (int64, error) {
	var id int64
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		var t policies.APIToken
		if err := tx.GetContext(ctx, &t, `INSERT INTO api_tokens (user_id, name, token_hash, expires_at) VALUES ($1, $2, $3, $4)
			RETURNING `+apiTokenColumns, userID, name, tokenHash, expires); err != nil {
			return mapErr(err)
		}
		id = t.ID
		return auditToken(ctx, tx, userID, "token.created", nil, t)
	})
	if err != nil {
		return 0, fmt.Errorf("postgres: user %d: API token %q: %w", userID, name, err)
	}
	return id, nil
}

// APITokenUser returns the owner of a token neither revoked nor expired,
// noting when it was last used (written at most every
// policies.SessionSeenEvery); any other token is not found.
func (s *DB) APITokenUser(ctx context.Context, tokenHash string) (policies.User, error) {
	p, err := s.APIPrincipal(ctx, tokenHash)
	return p.User, err
}

// APIPrincipal is APITokenUser with what a server needs to keep it
// (server/tokens.go): the auth epoch it was read at (migration 0058), the
// time the token has left, and whether its person has a second factor;
// all read in one statement, so in one snapshot.
func (s *DB) APIPrincipal(ctx context.Context, tokenHash string) (policies.APIPrincipal, error) {
	var row struct {
		policies.User
		Epoch    int64   `db:"epoch"`
		Left     float64 `db:"left_s"`
		Enrolled bool    `db:"enrolled"`
		Stale    bool    `db:"stale"`
	}
	st, err := s.prepared(ctx, `SELECT u.id, u.email, u.name, u.role, u.region_id, u.unit_id, u.title, u.password_hash, u.created_at,
		(SELECT n FROM auth_epoch) AS epoch, extract(epoch FROM t.expires_at - now())::float8 AS left_s,
		EXISTS (SELECT FROM second_factors f WHERE f.user_id = u.id AND f.confirmed_at IS NOT NULL) AS enrolled,
		coalesce(t.last_used_at < now() - make_interval(secs => $2), true) AS stale
		FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > now() AND u.deactivated_at IS NULL`)
	if err == nil {
		err = st.GetContext(ctx, &row, tokenHash, policies.SessionSeenEvery.Seconds())
	}
	if err != nil {
		return policies.APIPrincipal{}, fmt.Errorf("postgres: API token: %w", mapErr(err))
	}
	if row.Stale {
		if err := s.NoteTokenUse(ctx, tokenHash); err != nil {
			return policies.APIPrincipal{}, err
		}
	}
	return policies.APIPrincipal{User: row.User, Epoch: row.Epoch, Left: time.Duration(row.Left * float64(time.Second)), SecondFactor: row.Enrolled}, nil
}

// AuthEpoch is the auth epoch (migration 0058): it moves with every
// committed change an API token's principal depends on.
func (s *DB) AuthEpoch(ctx context.Context) (int64, error) {
	var n int64
	st, err := s.prepared(ctx, `SELECT n FROM auth_epoch`)
	if err == nil {
		err = st.GetContext(ctx, &n)
	}
	if err != nil {
		return 0, fmt.Errorf("postgres: auth epoch: %w", mapErr(err))
	}
	return n, nil
}

// NoteTokenUse notes that a token was used now (its last_used_at; not a
// change the auth epoch follows).
func (s *DB) NoteTokenUse(ctx context.Context, tokenHash string) error {
	if _, err := s.db.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = now() WHERE token_hash = $1`, tokenHash); err != nil {
		return fmt.Errorf("postgres: API token: last used: %w", mapErr(err))
	}
	return nil
}

// APITokens returns a user's tokens that are not revoked (expired ones
// too, marked so), newest first.
func (s *DB) APITokens(ctx context.Context, userID int64) ([]policies.APIToken, error) {
	ts := []policies.APIToken{}
	err := s.q.SelectContext(ctx, &ts, `SELECT `+apiTokenColumns+` FROM api_tokens
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
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		var before policies.APIToken
		if err := tx.GetContext(ctx, &before, `SELECT `+apiTokenColumns+` FROM api_tokens WHERE id = $1 AND user_id = $2 FOR UPDATE`,
			tokenID, userID); err != nil {
			return mapErr(err)
		}
		if err := tx.GetContext(ctx, &t, `UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now())
			WHERE id = $1 RETURNING `+apiTokenColumns, tokenID); err != nil {
			return mapErr(err)
		}
		if before.RevokedAt != nil {
			return nil // revoked before: nothing changes
		}
		return auditToken(ctx, tx, userID, "token.revoked", before, t)
	})
	if err != nil {
		if policies.IsKind(err, policies.KindNotFound) {
			err = policies.Errorf(policies.KindNotFound, "token API %d tidak ditemukan", tokenID)
		}
		return t, fmt.Errorf("postgres: user %d: revoke API token %d: %w", userID, tokenID, err)
	}
	return t, nil
}

// RecordLoginAttempt notes a sign-in attempt, for rate limiting.
// A failed one is audited on the account it named, when there is one, in
// the account's region: its administrators read it, no one else. An
// address of no account leaves no audit row (it belongs to no region, and
// the audit is kept forever): only the attempts' own table, which the
// retention rule purges, keeps it.
func (s *DB) RecordLoginAttempt(ctx context.Context, email, ip string, ok bool) error {
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO login_attempts (email, ip, ok) VALUES ($1, $2, $3)`, email, ip, ok); err != nil {
			return mapErr(err)
		}
		if ok {
			return nil // audited as the session it starts (CreateSession)
		}
		var users []int64
		if err := tx.SelectContext(ctx, &users, `SELECT id FROM users WHERE lower(email) = lower($1)`, email); err != nil {
			return mapErr(err)
		}
		for _, u := range users {
			if err := auditAccount(ctx, tx, u, 0, "user.sign_in_failed"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("postgres: login attempt: %w", err)
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
	err := s.q.GetContext(ctx, &row, `WITH ok AS (
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
