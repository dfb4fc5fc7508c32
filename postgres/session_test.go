package postgres_test

import (
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

func TestSessions(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db
	user := f.users["penyusun"]
	live := hashOf("session-live")
	if err := db.CreateSession(ctx, user, live, "csrf-live", time.Now().Add(time.Hour)); err != nil {
		t.Fatalf("CreateSession: %v", err)
	}
	u, csrf, err := db.SessionUser(ctx, live)
	if err != nil {
		t.Fatalf("SessionUser: %v", err)
	}
	if u.ID != user || u.Email != "penyusun.sawahlunto@policyflow.test" || u.Role != policies.RoleDrafter || csrf != "csrf-live" {
		t.Errorf("SessionUser = user %d %q %q csrf %q; want %d, the drafter, csrf-live", u.ID, u.Email, u.Role, csrf, user)
	}

	t.Run("unknown", func(t *testing.T) {
		_, _, err := db.SessionUser(ctx, hashOf("never issued"))
		wantKind(t, err, policies.KindNotFound)
	})

	t.Run("expired", func(t *testing.T) {
		old := hashOf("session-old")
		if err := db.CreateSession(ctx, user, old, "csrf-old", time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SQL().ExecContext(ctx, `UPDATE sessions SET created_at = now() - interval '2 hours',
			expires_at = now() - interval '1 second' WHERE id = $1`, old); err != nil {
			t.Fatal(err)
		}
		_, _, err := db.SessionUser(ctx, old)
		wantKind(t, err, policies.KindNotFound)
	})

	t.Run("already expired is refused", func(t *testing.T) {
		err := db.CreateSession(ctx, user, hashOf("session-past"), "csrf", time.Now().Add(-time.Hour))
		wantKind(t, err, policies.KindInvalid)
	})

	t.Run("unknown user", func(t *testing.T) {
		err := db.CreateSession(ctx, 987654, hashOf("session-nobody"), "csrf", time.Now().Add(time.Hour))
		wantKind(t, err, policies.KindNotFound)
	})

	t.Run("delete", func(t *testing.T) {
		if err := db.DeleteSession(ctx, live); err != nil {
			t.Fatalf("DeleteSession: %v", err)
		}
		_, _, err := db.SessionUser(ctx, live)
		wantKind(t, err, policies.KindNotFound)
		if err := db.DeleteSession(ctx, live); err != nil {
			t.Errorf("DeleteSession of a deleted session: %v, want nil", err)
		}
	})
}

// A session ends when left idle for SessionIdle, even before its absolute
// end, and at its absolute end even while in use; a request slides the idle
// end, written at most once per SessionSeenEvery.
func TestSessionIdleAndAbsoluteLifetime(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db
	user := f.users["penyusun"]
	// set moves a session's clocks: how long ago it was last seen, and how
	// far its absolute end lies ahead.
	set := func(t *testing.T, hash string, seenAgo, endsIn time.Duration) {
		t.Helper()
		if _, err := db.SQL().ExecContext(ctx, `UPDATE sessions SET created_at = now() - interval '11 hours',
			last_seen_at = now() - make_interval(secs => $2), expires_at = now() + make_interval(secs => $3) WHERE id = $1`,
			hash, seenAgo.Seconds(), endsIn.Seconds()); err != nil {
			t.Fatal(err)
		}
	}
	lastSeen := func(t *testing.T, hash string) time.Duration {
		t.Helper()
		var ago float64
		if err := db.SQL().GetContext(ctx, &ago, `SELECT extract(epoch FROM now() - last_seen_at) FROM sessions WHERE id = $1`, hash); err != nil {
			t.Fatal(err)
		}
		return time.Duration(ago * float64(time.Second))
	}
	for _, tc := range []struct {
		name            string
		seenAgo, endsIn time.Duration
		live            bool
	}{
		{"fresh", 0, time.Hour, true},
		{"seen within the minute: not written", 30 * time.Second, time.Hour, true},
		{"seen over a minute ago: slid to now", 5 * time.Minute, time.Hour, true},
		{"just short of idle", policies.SessionIdle - time.Minute, time.Hour, true},
		{"idle too long", policies.SessionIdle + time.Second, time.Hour, false},
		{"past its absolute end while in use", 10 * time.Second, -time.Second, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hash := hashOf("session " + tc.name)
			if err := db.CreateSession(ctx, user, hash, "csrf", time.Now().Add(policies.SessionLifetime)); err != nil {
				t.Fatalf("CreateSession: %v", err)
			}
			set(t, hash, tc.seenAgo, tc.endsIn)
			u, _, err := db.SessionUser(ctx, hash)
			if !tc.live {
				wantKind(t, err, policies.KindNotFound)
				return
			}
			if err != nil || u.ID != user {
				t.Fatalf("SessionUser = %d, %v; want %d", u.ID, err, user)
			}
			ago := lastSeen(t, hash)
			switch {
			case tc.seenAgo > policies.SessionSeenEvery && ago > 10*time.Second:
				t.Errorf("last seen %v ago after a request, want now (it was %v ago)", ago, tc.seenAgo)
			case tc.seenAgo <= policies.SessionSeenEvery && ago < tc.seenAgo-time.Second:
				t.Errorf("last seen %v ago: written again within the minute (it was %v ago)", ago, tc.seenAgo)
			}
		})
	}

	// A session used again and again stays alive past SessionIdle after its
	// sign-in: the idle end slides.
	t.Run("sliding", func(t *testing.T) {
		hash := hashOf("session sliding")
		if err := db.CreateSession(ctx, user, hash, "csrf", time.Now().Add(policies.SessionLifetime)); err != nil {
			t.Fatal(err)
		}
		set(t, hash, policies.SessionIdle-time.Minute, time.Hour)
		if _, _, err := db.SessionUser(ctx, hash); err != nil {
			t.Fatalf("first use: %v", err)
		}
		// Another SessionIdle − 1 min passes, in the database's clock: the
		// session was seen a moment ago, so it lives on.
		if _, err := db.SQL().ExecContext(ctx, `UPDATE sessions SET last_seen_at = last_seen_at - make_interval(secs => $2) WHERE id = $1`,
			hash, (policies.SessionIdle - time.Minute).Seconds()); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.SessionUser(ctx, hash); err != nil {
			t.Errorf("second use, %v after the first: %v, want alive", policies.SessionIdle-time.Minute, err)
		}
	})
}

func TestAPITokens(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db
	user := f.users["kabid"]
	h := hashOf("api-token-1")
	id, err := db.CreateAPIToken(ctx, user, "laptop", h, time.Now().Add(time.Hour))
	if err != nil {
		t.Fatalf("CreateAPIToken: %v", err)
	}
	if id == 0 {
		t.Fatal("CreateAPIToken returned id 0")
	}
	lastUsed := func() *time.Time {
		t.Helper()
		var at *time.Time
		if err := db.SQL().GetContext(ctx, &at, `SELECT last_used_at FROM api_tokens WHERE id = $1`, id); err != nil {
			t.Fatal(err)
		}
		return at
	}
	if at := lastUsed(); at != nil {
		t.Errorf("new token last used at %v, want never", at)
	}
	u, err := db.APITokenUser(ctx, h)
	if err != nil {
		t.Fatalf("APITokenUser: %v", err)
	}
	if u.ID != user || u.Role != policies.RoleLeader {
		t.Errorf("APITokenUser = %d %q, want %d leader", u.ID, u.Role, user)
	}
	if at := lastUsed(); at == nil || time.Since(*at) > time.Minute {
		t.Errorf("last_used_at = %v after use, want about now", at)
	}

	t.Run("duplicate hash", func(t *testing.T) {
		_, err := db.CreateAPIToken(ctx, user, "lagi", h, time.Now().Add(time.Hour))
		wantKind(t, err, policies.KindConflict)
	})
	t.Run("empty name", func(t *testing.T) {
		_, err := db.CreateAPIToken(ctx, user, "", hashOf("api-token-2"), time.Now().Add(time.Hour))
		wantKind(t, err, policies.KindInvalid)
	})
	t.Run("unknown", func(t *testing.T) {
		_, err := db.APITokenUser(ctx, hashOf("never issued"))
		wantKind(t, err, policies.KindNotFound)
	})
	t.Run("revoked", func(t *testing.T) {
		if _, err := db.SQL().ExecContext(ctx, `UPDATE api_tokens SET revoked_at = now() WHERE id = $1`, id); err != nil {
			t.Fatal(err)
		}
		_, err := db.APITokenUser(ctx, h)
		wantKind(t, err, policies.KindNotFound)
	})
}

// A token works until it expires or is revoked; its owner lists and
// revokes it, no one else can; the list never holds a token's hash.
func TestAPITokenLifecycle(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db
	owner, other := f.users["kabid"], f.users["penyusun"]
	mk := func(t *testing.T, user int64, name string, expires time.Time) (int64, string) {
		t.Helper()
		h := hashOf("token " + name)
		id, err := db.CreateAPIToken(ctx, user, name, h, expires)
		if err != nil {
			t.Fatalf("CreateAPIToken %s: %v", name, err)
		}
		return id, h
	}
	laptop, laptopHash := mk(t, owner, "laptop", time.Now().Add(90*24*time.Hour))
	old, oldHash := mk(t, owner, "lama", time.Now().Add(time.Hour))
	theirs, _ := mk(t, other, "milik orang lain", time.Now().Add(time.Hour))
	if _, err := db.SQL().ExecContext(ctx, `UPDATE api_tokens SET created_at = now() - interval '2 days', expires_at = now() - interval '1 second' WHERE id = $1`, old); err != nil {
		t.Fatal(err)
	}

	t.Run("expired token signs in no one", func(t *testing.T) {
		_, err := db.APITokenUser(ctx, oldHash)
		wantKind(t, err, policies.KindNotFound)
	})
	t.Run("an end before its start is refused", func(t *testing.T) {
		_, err := db.CreateAPIToken(ctx, owner, "mundur", hashOf("token mundur"), time.Now().Add(-time.Hour))
		wantKind(t, err, policies.KindInvalid)
	})
	t.Run("last use is written at most once a minute", func(t *testing.T) {
		if _, err := db.APITokenUser(ctx, laptopHash); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SQL().ExecContext(ctx, `UPDATE api_tokens SET last_used_at = now() - interval '30 seconds' WHERE id = $1`, laptop); err != nil {
			t.Fatal(err)
		}
		if _, err := db.APITokenUser(ctx, laptopHash); err != nil {
			t.Fatal(err)
		}
		var ago float64
		db.SQL().GetContext(ctx, &ago, `SELECT extract(epoch FROM now() - last_used_at) FROM api_tokens WHERE id = $1`, laptop)
		if ago < 29 {
			t.Errorf("last used %.0f s ago: written again within the minute", ago)
		}
		if _, err := db.SQL().ExecContext(ctx, `UPDATE api_tokens SET last_used_at = now() - interval '2 minutes' WHERE id = $1`, laptop); err != nil {
			t.Fatal(err)
		}
		if _, err := db.APITokenUser(ctx, laptopHash); err != nil {
			t.Fatal(err)
		}
		db.SQL().GetContext(ctx, &ago, `SELECT extract(epoch FROM now() - last_used_at) FROM api_tokens WHERE id = $1`, laptop)
		if ago > 10 {
			t.Errorf("last used %.0f s ago after a use, want now", ago)
		}
	})
	t.Run("list", func(t *testing.T) {
		ts, err := db.APITokens(ctx, owner)
		if err != nil {
			t.Fatalf("APITokens: %v", err)
		}
		if len(ts) != 2 || ts[0].ID != old || ts[1].ID != laptop {
			t.Fatalf("APITokens = %+v, want lama then laptop", ts)
		}
		if !ts[0].Expired || ts[1].Expired || ts[1].Name != "laptop" || ts[1].LastUsedAt == nil || ts[1].CreatedAt.IsZero() ||
			ts[1].ExpiresAt.Sub(time.Now()) < 89*24*time.Hour {
			t.Errorf("APITokens = %+v, want lama expired, laptop live for 90 days and used", ts)
		}
	})
	t.Run("another person's token is not found", func(t *testing.T) {
		_, err := db.RevokeAPIToken(ctx, owner, theirs)
		wantKind(t, err, policies.KindNotFound)
		var revoked *time.Time
		db.SQL().GetContext(ctx, &revoked, `SELECT revoked_at FROM api_tokens WHERE id = $1`, theirs)
		if revoked != nil {
			t.Error("another person's token was revoked")
		}
	})
	t.Run("revoke", func(t *testing.T) {
		got, err := db.RevokeAPIToken(ctx, owner, laptop)
		if err != nil || got.ID != laptop || got.RevokedAt == nil {
			t.Fatalf("RevokeAPIToken = %+v, %v", got, err)
		}
		_, err = db.APITokenUser(ctx, laptopHash)
		wantKind(t, err, policies.KindNotFound)
		again, err := db.RevokeAPIToken(ctx, owner, laptop)
		if err != nil || again.RevokedAt == nil || !again.RevokedAt.Equal(*got.RevokedAt) {
			t.Errorf("revoking again = %+v, %v; want the first revocation kept", again, err)
		}
		ts, _ := db.APITokens(ctx, owner)
		if len(ts) != 1 || ts[0].ID != old {
			t.Errorf("APITokens after revoking = %+v, want only lama", ts)
		}
	})
}

// Failed sign-ins are counted per account and address (the account
// case-insensitively, since that pair's last success) and per address over
// every account, each within its own window.
func TestLoginAttempts(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db
	const email, ipA, ipB, ipOld = "penyusun.sawahlunto@policyflow.test", "10.0.0.1", "10.0.0.2", "10.0.0.3"
	for _, a := range []struct {
		email, ip string
		ok        bool
	}{
		{"Penyusun.Sawahlunto@policyflow.test", ipA, false},
		{email, ipA, false},
		{email, ipA, true}, // the pair's success: the failures before it no longer count for the pair
		{email, ipA, false},
		{email, ipB, false},
		{"kabid.sawahlunto@policyflow.test", ipA, false},
		{"PENYUSUN.sawahlunto@policyflow.test", ipOld, false}, // becomes old below
	} {
		if err := db.RecordLoginAttempt(ctx, a.email, a.ip, a.ok); err != nil {
			t.Fatalf("RecordLoginAttempt: %v", err)
		}
	}
	if _, err := db.SQL().ExecContext(ctx, `UPDATE login_attempts SET created_at = now() - interval '2 hours' WHERE ip = $1`, ipOld); err != nil {
		t.Fatal(err)
	}
	at := func(query string, args ...any) time.Time {
		t.Helper()
		var v time.Time
		if err := db.SQL().GetContext(ctx, &v, query, args...); err != nil {
			t.Fatal(err)
		}
		return v
	}
	lastA := at(`SELECT max(created_at) FROM login_attempts WHERE ip = $1 AND NOT ok AND email = $2`, ipA, email)
	firstA := at(`SELECT min(created_at) FROM login_attempts WHERE ip = $1`, ipA)
	lastB := at(`SELECT max(created_at) FROM login_attempts WHERE ip = $1`, ipB)
	old := at(`SELECT created_at FROM login_attempts WHERE ip = $1`, ipOld)
	since := time.Now().Add(-time.Hour)
	for _, tc := range []struct {
		name, email, ip         string
		pairSince, addressSince time.Time
		want                    policies.LoginFailures
	}{
		{"account and address", email, ipA, since, since, policies.LoginFailures{Pair: 1, PairLast: lastA, Address: 4, AddressFirst: firstA}},
		{"other case, other address", "PENYUSUN.SAWAHLUNTO@POLICYFLOW.TEST", ipB, since, since, policies.LoginFailures{Pair: 1, PairLast: lastB, Address: 1, AddressFirst: lastB}},
		{"fresh address", email, "192.168.1.1", since, since, policies.LoginFailures{}},
		{"unknown account", "nobody@policyflow.test", ipA, since, since, policies.LoginFailures{Address: 4, AddressFirst: firstA}},
		{"longer pair window", email, ipOld, since.Add(-2 * time.Hour), since, policies.LoginFailures{Pair: 1, PairLast: old}},
		{"longer windows", email, ipOld, since.Add(-2 * time.Hour), since.Add(-2 * time.Hour), policies.LoginFailures{Pair: 1, PairLast: old, Address: 1, AddressFirst: old}},
		{"windows in the future", email, ipA, time.Now().Add(time.Hour), time.Now().Add(time.Hour), policies.LoginFailures{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := db.LoginFailures(ctx, tc.email, tc.ip, tc.pairSince, tc.addressSince)
			if err != nil {
				t.Fatalf("LoginFailures: %v", err)
			}
			if got.Pair != tc.want.Pair || !got.PairLast.Equal(tc.want.PairLast) || got.Address != tc.want.Address || !got.AddressFirst.Equal(tc.want.AddressFirst) {
				t.Errorf("LoginFailures = %+v, want %+v", got, tc.want)
			}
		})
	}
}
