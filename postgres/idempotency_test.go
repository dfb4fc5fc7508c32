package postgres_test

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/policyflow/policyflow/policies"
)

func TestIdempotency(t *testing.T) {
	ctx := t.Context()
	db := newDB(t)
	const owner, key, path = "u1", "kunci-1", "/api/v1/policies"

	claimed, _, err := db.BeginIdempotent(ctx, owner, key, "s1", "POST", path)
	if err != nil || !claimed {
		t.Fatalf("first BeginIdempotent = %v, %v; want claimed", claimed, err)
	}
	// Another server process sees the claim in progress.
	claimed, prev, err := db.BeginIdempotent(ctx, owner, key, "s2", "POST", path)
	if err != nil {
		t.Fatalf("second BeginIdempotent: %v", err)
	}
	if claimed || prev.Status != 0 || prev.Method != "POST" || prev.Path != path {
		t.Errorf("second BeginIdempotent = %v %+v; want not claimed, in progress (status 0) for POST %s", claimed, prev, path)
	}

	t.Run("other owner", func(t *testing.T) {
		claimed, _, err := db.BeginIdempotent(ctx, "anon:10.0.0.1", key, "s1", "POST", path)
		if err != nil || !claimed {
			t.Errorf("another owner's BeginIdempotent with the same key = %v, %v; want claimed", claimed, err)
		}
	})

	body := []byte(`{"id":42}`)
	if err := db.FinishIdempotent(ctx, owner, key, 201, "application/json", body); err != nil {
		t.Fatalf("FinishIdempotent: %v", err)
	}
	// Aborting a finished request keeps its answer.
	if err := db.AbortIdempotent(ctx, owner, key); err != nil {
		t.Fatalf("AbortIdempotent after finish: %v", err)
	}
	claimed, prev, err = db.BeginIdempotent(ctx, owner, key, "s1", "POST", path)
	if err != nil {
		t.Fatalf("replay BeginIdempotent: %v", err)
	}
	want := policies.IdempotentResponse{Status: 201, ContentType: "application/json", Body: body, Method: "POST", Path: path}
	if claimed || !reflect.DeepEqual(prev, want) {
		t.Errorf("replay = %v %+v; want not claimed, %+v", claimed, prev, want)
	}

	t.Run("abort then reclaim", func(t *testing.T) {
		const k = "kunci-2"
		if claimed, _, err := db.BeginIdempotent(ctx, owner, k, "s1", "POST", path); err != nil || !claimed {
			t.Fatalf("BeginIdempotent = %v, %v; want claimed", claimed, err)
		}
		if err := db.AbortIdempotent(ctx, owner, k); err != nil {
			t.Fatalf("AbortIdempotent: %v", err)
		}
		if claimed, _, err := db.BeginIdempotent(ctx, owner, k, "s1", "POST", path+"/1/comments"); err != nil || !claimed {
			t.Fatalf("BeginIdempotent after abort = %v, %v; want claimed again", claimed, err)
		}
		if err := db.FinishIdempotent(ctx, owner, k, 204, "", nil); err != nil {
			t.Fatalf("FinishIdempotent with no body: %v", err)
		}
		claimed, prev, err := db.BeginIdempotent(ctx, owner, k, "s1", "POST", path)
		if err != nil {
			t.Fatal(err)
		}
		if claimed || prev.Status != 204 || len(prev.Body) != 0 || prev.Path != path+"/1/comments" {
			t.Errorf("replay = %v %+v; want the 204 stored for %s/1/comments", claimed, prev, path)
		}
	})

	t.Run("left behind by its own holder", func(t *testing.T) {
		// A request of s1 ended without releasing its claim (the database was
		// down when it tried): s1's retry takes it over, s2 still waits.
		const k = "kunci-3"
		db.BeginIdempotent(ctx, owner, k, "s1", "POST", path)
		if claimed, prev, err := db.BeginIdempotent(ctx, owner, k, "s2", "POST", path); err != nil || claimed || prev.Status != 0 {
			t.Errorf("s2 = %v %+v %v; want in progress", claimed, prev, err)
		}
		if claimed, _, err := db.BeginIdempotent(ctx, owner, k, "s1", "POST", path); err != nil || !claimed {
			t.Errorf("s1 again = %v, %v; want taken over", claimed, err)
		}
		db.FinishIdempotent(ctx, owner, k, 201, "application/json", []byte(`{}`))
		if claimed, prev, err := db.BeginIdempotent(ctx, owner, k, "s1", "POST", path); err != nil || claimed || prev.Status != 201 {
			t.Errorf("s1 after an answer = %v %+v %v; want the answer replayed, never taken over", claimed, prev, err)
		}
	})

	t.Run("finish unknown", func(t *testing.T) {
		err := db.FinishIdempotent(ctx, owner, "tidak-ada", 200, "text/plain", []byte("x"))
		wantKind(t, err, policies.KindNotFound)
	})

	t.Run("key too long", func(t *testing.T) {
		_, _, err := db.BeginIdempotent(ctx, owner, strings.Repeat("k", 201), "s1", "POST", path)
		wantKind(t, err, policies.KindInvalid)
	})
}

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
