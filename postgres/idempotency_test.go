package postgres_test

import (
	"os"
	"testing"

	"github.com/policyflow/policyflow/policies"
)

// A key nobody owns (a signed-out caller's) is never claimed, so no answer
// is ever stored under it.
func TestBeginIdempotentRefusesKeysWithoutOwner(t *testing.T) {
	db := newDB(t)
	claimed, _, err := db.BeginIdempotent(t.Context(), "", "kunci", "s1", "POST", "/api/v1/policies")
	if claimed || policies.KindOf(err) != policies.KindInvalid {
		t.Errorf("BeginIdempotent without owner = %v, %v; want refused as invalid", claimed, err)
	}
	var n int
	if err := db.SQL().Get(&n, `SELECT count(*) FROM idempotency_keys`); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("%d keys stored, want 0", n)
	}
}

// Migration 0010 drops the answers earlier versions kept for signed-out
// callers and for the routes that show a secret, and keeps the rest.
func TestMigrationDropsStoredSecrets(t *testing.T) {
	db := newDB(t)
	db.SQL().MustExec(`INSERT INTO idempotency_keys (owner, key, method, path, status, body) VALUES
		('anon:10.0.0.1', 'a', 'POST', '/api/v1/policies/1/comments', 201, '{}'),
		('u1', 'b', 'POST', '/api/v1/tokens', 201, '{"token":"pf_rahasia"}'),
		('u2', 'c', 'POST', '/api/v1/unit/webhook', 200, '{"secret":"rahasia"}'),
		('u1', 'd', 'POST', '/api/v1/policies/1/comments', 201, '{}')`)
	sql, err := os.ReadFile("migrations/0010_idempotency_no_secrets.sql")
	if err != nil {
		t.Fatal(err)
	}
	db.SQL().MustExec(string(sql))
	var keys []string
	if err := db.SQL().Select(&keys, `SELECT key FROM idempotency_keys ORDER BY key`); err != nil {
		t.Fatal(err)
	}
	if len(keys) != 1 || keys[0] != "d" {
		t.Errorf("keys kept = %q, want only the signed-in comment's [d]", keys)
	}
}
