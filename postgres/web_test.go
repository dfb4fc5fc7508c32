package postgres_test

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// hashOf returns a 64-hex-digit stand-in for a token's SHA-256.
func hashOf(token string) string { return policies.ContentHash(token) }

func TestUserByID(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	want, err := f.db.UserByEmail(ctx, "kabid.sawahlunto@policyflow.test")
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.db.UserByID(ctx, want.ID)
	if err != nil {
		t.Fatalf("UserByID: %v", err)
	}
	if got.ID != want.ID || got.Email != want.Email || got.Name != want.Name || got.Role != want.Role ||
		got.Title != want.Title || got.PasswordHash != want.PasswordHash || !got.CreatedAt.Equal(want.CreatedAt) ||
		got.UnitID == nil || want.UnitID == nil || *got.UnitID != *want.UnitID {
		t.Errorf("UserByID = %+v, want %+v", got, want)
	}
	_, err = f.db.UserByID(ctx, 987654)
	wantKind(t, err, policies.KindNotFound)
}

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

func slugsOf(ps []policies.PolicySummary) []string {
	out := []string{}
	for _, p := range ps {
		out = append(out, p.Slug)
	}
	return out
}

func TestSearchPolicies(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db
	search := func(t *testing.T, sf policies.SearchFilter) ([]policies.PolicySummary, int) {
		t.Helper()
		ps, total, err := db.SearchPolicies(ctx, sf)
		if err != nil {
			t.Fatalf("SearchPolicies(%+v): %v", sf, err)
		}
		return ps, total
	}
	const (
		bukittinggi   = "bukittinggi-peningkatan-kualitas-asn"
		pangkalpinang = "pangkalpinang-pengembangan-kompetensi-asn"
		kapasitas     = "sawahlunto-peningkatan-kapasitas-asn"
	)
	// Without a query: region name, then title.
	all := []string{bukittinggi, pangkalpinang, "sawahlunto-pengelolaan-kompetensi-asn", fixtureSlug, kapasitas}

	t.Run("no filter", func(t *testing.T) {
		ps, total := search(t, policies.SearchFilter{})
		if got := slugsOf(ps); !reflect.DeepEqual(got, all) || total != 5 {
			t.Errorf("got %v (total %d), want %v (total 5)", got, total, all)
		}
		if ps[0].RegionName != "Kota Bukittinggi" || ps[0].CurrentVersion != 1 || ps[0].UnitName == "" {
			t.Errorf("first = %+v, want Kota Bukittinggi's policy at version 1 with its unit", ps[0])
		}
	})

	t.Run("stemming", func(t *testing.T) {
		for _, q := range []string{"pelatihan", "latih", "Pelatihan", "melatih"} {
			t.Run(q, func(t *testing.T) {
				ps, total := search(t, policies.SearchFilter{Query: q})
				if len(ps) != 5 || total != 5 {
					t.Errorf("query %q found %v (total %d), want all 5", q, slugsOf(ps), total)
				}
			})
		}
	})

	t.Run("place name", func(t *testing.T) {
		ps, total := search(t, policies.SearchFilter{Query: "Bukittinggi"})
		if got := slugsOf(ps); !reflect.DeepEqual(got, []string{bukittinggi}) || total != 1 {
			t.Errorf("got %v (total %d), want only %s", got, total, bukittinggi)
		}
	})

	t.Run("rank", func(t *testing.T) {
		// "kapasitas" is in one title (and often in its text) and once in another text.
		ps, total := search(t, policies.SearchFilter{Query: "kapasitas"})
		if got := slugsOf(ps); !reflect.DeepEqual(got, []string{kapasitas, bukittinggi}) || total != 2 {
			t.Errorf("got %v (total %d), want %s first, then %s", got, total, kapasitas, bukittinggi)
		}
	})

	t.Run("no match", func(t *testing.T) {
		ps, total := search(t, policies.SearchFilter{Query: "kriptografi"})
		if len(ps) != 0 || total != 0 || ps == nil {
			t.Errorf("got %v (total %d), want an empty page", slugsOf(ps), total)
		}
	})

	t.Run("filters", func(t *testing.T) {
		if _, err := db.SQL().ExecContext(ctx, `UPDATE policies SET status = 'approved' WHERE slug = $1`, kapasitas); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SQL().ExecContext(ctx, `UPDATE policies SET status = 'implementing' WHERE slug = $1`, bukittinggi); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name  string
			sf    policies.SearchFilter
			slugs []string
		}{
			{"region", policies.SearchFilter{RegionID: f.regionID}, []string{"sawahlunto-pengelolaan-kompetensi-asn", fixtureSlug, kapasitas}},
			{"unit", policies.SearchFilter{UnitID: f.units["bkpsdm"]}, []string{"sawahlunto-pengelolaan-kompetensi-asn", fixtureSlug, kapasitas}},
			{"other unit", policies.SearchFilter{UnitID: f.units["dinkes"]}, []string{}},
			{"status", policies.SearchFilter{Status: policies.StatusApproved}, []string{kapasitas}},
			{"statuses", policies.SearchFilter{Statuses: []policies.Status{policies.StatusApproved, policies.StatusImplementing}}, []string{bukittinggi, kapasitas}},
			{"statuses and query", policies.SearchFilter{Statuses: []policies.Status{policies.StatusApproved, policies.StatusImplementing}, Query: "latih"},
				[]string{bukittinggi, kapasitas}},
			{"statuses, query, region", policies.SearchFilter{Statuses: []policies.Status{policies.StatusApproved, policies.StatusImplementing},
				Query: "pelatihan", RegionID: f.regionID}, []string{kapasitas}},
			{"status and statuses", policies.SearchFilter{Status: policies.StatusDraft, Statuses: []policies.Status{policies.StatusApproved}}, []string{}},
			{"draft in region", policies.SearchFilter{Status: policies.StatusDraft, RegionID: f.regionID}, []string{"sawahlunto-pengelolaan-kompetensi-asn", fixtureSlug}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				ps, total := search(t, tc.sf)
				got := slugsOf(ps)
				if tc.sf.Query != "" {
					slices.Sort(got) // ranked by relevance, not by name
				}
				if !reflect.DeepEqual(got, tc.slugs) || total != len(tc.slugs) {
					t.Errorf("got %v (total %d), want %v", got, total, tc.slugs)
				}
			})
		}
		if _, err := db.SQL().ExecContext(ctx, `UPDATE policies SET status = 'draft'`); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("invalid status", func(t *testing.T) {
		for _, sf := range []policies.SearchFilter{
			{Status: "published"},
			{Statuses: []policies.Status{policies.StatusApproved, "published"}},
		} {
			_, _, err := db.SearchPolicies(ctx, sf)
			wantKind(t, err, policies.KindInvalid)
			if got := fieldOf(err); got != "status" {
				t.Errorf("error %v names field %q, want status", err, got)
			}
		}
	})

	t.Run("paging", func(t *testing.T) {
		var got []string
		for off := 0; off < 6; off += 2 {
			ps, total := search(t, policies.SearchFilter{Limit: 2, Offset: off})
			if total != 5 {
				t.Errorf("offset %d: total %d, want 5", off, total)
			}
			if want := min(2, 5-off); len(ps) != want {
				t.Errorf("offset %d: got %d, want %d", off, len(ps), want)
			}
			got = append(got, slugsOf(ps)...)
		}
		if !reflect.DeepEqual(got, all) {
			t.Errorf("pages = %v, want %v", got, all)
		}
		ps, total := search(t, policies.SearchFilter{Offset: 10, Query: "pelatihan"})
		if len(ps) != 0 || total != 5 {
			t.Errorf("past the end: got %d (total %d), want 0 (total 5)", len(ps), total)
		}
		ps, total = search(t, policies.SearchFilter{Limit: 1, Offset: 1, Query: "kapasitas"})
		if got := slugsOf(ps); !reflect.DeepEqual(got, []string{bukittinggi}) || total != 2 {
			t.Errorf("second page of kapasitas = %v (total %d), want [%s] (total 2)", got, total, bukittinggi)
		}
		ps, _ = search(t, policies.SearchFilter{Limit: 1000, Offset: -3})
		if len(ps) != 5 {
			t.Errorf("limit 1000, offset -3: got %d, want 5", len(ps))
		}
	})

	t.Run("new versions are searchable", func(t *testing.T) {
		const word = "Tanjungsarilamo"
		if ps, _ := search(t, policies.SearchFilter{Query: word}); len(ps) != 0 {
			t.Fatalf("%s found before it was written: %v", word, slugsOf(ps))
		}
		md := "# Kebijakan Peningkatan Kompetensi ASN di Kota Sawahlunto\n\n## Pendahuluan\n\nPelatihan di " + word + ".\n"
		if _, err := db.CreateVersion(ctx, f.policyID, 1, md, f.users["penyusun"], "Tambah lokasi"); err != nil {
			t.Fatal(err)
		}
		ps, total := search(t, policies.SearchFilter{Query: strings.ToLower(word)})
		if got := slugsOf(ps); !reflect.DeepEqual(got, []string{fixtureSlug}) || total != 1 {
			t.Errorf("after the new version: got %v (total %d), want [%s]", got, total, fixtureSlug)
		}
		if ps[0].CurrentVersion != 2 {
			t.Errorf("current version = %d, want 2", ps[0].CurrentVersion)
		}
		// The old text is no longer the current one: words only it had are gone.
		if ps, _ := search(t, policies.SearchFilter{Query: "Bukittinggi", RegionID: f.regionID}); len(ps) != 0 {
			t.Errorf("found %v in Sawahlunto for Bukittinggi", slugsOf(ps))
		}
		np := policies.NewPolicy{
			RegionID: f.regionID, OwnerUnitID: f.units["dinkes"], Slug: "kebijakan-baru", Title: "Kebijakan Vaksinasi Pegawai",
			Markdown: "# Kebijakan Vaksinasi Pegawai\n\nVaksinasi di puskesmas.\n", AuthorID: f.users["penyusun"],
		}
		if _, _, err := db.CreatePolicy(ctx, np); err != nil {
			t.Fatal(err)
		}
		ps, total = search(t, policies.SearchFilter{Query: "puskesmas vaksinasi"})
		if got := slugsOf(ps); !reflect.DeepEqual(got, []string{"kebijakan-baru"}) || total != 1 {
			t.Errorf("new policy: got %v (total %d), want [kebijakan-baru]", got, total)
		}
	})

	t.Run("hostile queries", func(t *testing.T) {
		before := countRows(t, db, "policies")
		for _, q := range []string{
			`'); DROP TABLE policies;--`,
			`' OR 1=1 --`,
			`"; DELETE FROM policies; --`,
			`\'; TRUNCATE policies CASCADE; --`,
			`pelatihan & | ! ( ) :* <-> ''`,
			`"unterminated`,
			`-`,
			`$1`,
			"pelatihan\x00",
			"\xff\xfe latih",
			strings.Repeat("a", 5000),
		} {
			ps, total, err := db.SearchPolicies(ctx, policies.SearchFilter{Query: q})
			if err != nil {
				t.Errorf("query %q: %v", q, err)
				continue
			}
			if len(ps) != total {
				t.Errorf("query %q: %d results, total %d", q, len(ps), total)
			}
		}
		if after := countRows(t, db, "policies"); after != before {
			t.Errorf("policies = %d rows after hostile queries, want %d", after, before)
		}
		if ps, _ := search(t, policies.SearchFilter{Query: `' OR 1=1 --`}); len(ps) != 0 {
			t.Errorf("' OR 1=1 -- matched %v, want nothing", slugsOf(ps))
		}
	})
}

func TestCommentThreads(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db
	comment := func(versionID int64, parent *int64, section string, status policies.CommentStatus, body string) policies.Comment {
		t.Helper()
		c, err := db.CreateComment(ctx, policies.Comment{
			PolicyID: f.policyID, VersionID: versionID, ParentID: parent, SectionID: section,
			AuthorID: int64p(f.users["akademisi"]), AuthorName: "Akademisi Universitas", Body: body, Status: status,
		})
		if err != nil {
			t.Fatalf("CreateComment %q: %v", body, err)
		}
		return c
	}
	v1 := f.versionID
	t1 := comment(v1, nil, "pendahuluan", "", "t1")
	t2 := comment(v1, nil, "pendahuluan", "", "t2")
	t3 := comment(v1, nil, "tujuan", "", "t3")
	t4 := comment(v1, nil, "pendahuluan", "pending_moderation", "t4")
	comment(v1, nil, "pendahuluan", "rejected", "t5")
	r1 := comment(v1, &t1.ID, "pendahuluan", "", "r1")
	r2 := comment(v1, &t1.ID, "pendahuluan", "resolved", "r2")
	comment(v1, &t1.ID, "pendahuluan", "pending_moderation", "r3")
	r4 := comment(v1, &t2.ID, "pendahuluan", "", "r4")
	v2, err := db.CreateVersion(ctx, f.policyID, 1, "# Judul\n\n## Pendahuluan\n\nVersi dua.\n", f.users["penyusun"], "v2")
	if err != nil {
		t.Fatal(err)
	}
	t6 := comment(v2.ID, nil, "pendahuluan", "", "t6")
	// Another policy's comments count nowhere here.
	other := policyIDBySlug(t, db, "bukittinggi-peningkatan-kualitas-asn")
	ov, err := db.CurrentVersion(ctx, other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateComment(ctx, policies.Comment{PolicyID: other, VersionID: ov.ID, SectionID: "pendahuluan", AuthorName: "Warga", Body: "lain"}); err != nil {
		t.Fatal(err)
	}

	bodies := func(cs []policies.Comment) []string {
		out := []string{}
		for _, c := range cs {
			out = append(out, c.Body)
		}
		return out
	}
	threads := func(t *testing.T, section string, after int64, limit int) []string {
		t.Helper()
		cs, err := db.Threads(ctx, f.policyID, 0, section, after, limit)
		if err != nil {
			t.Fatalf("Threads: %v", err)
		}
		if cs == nil {
			t.Errorf("Threads returned nil, want an empty slice at least")
		}
		return bodies(cs)
	}
	counts := func(t *testing.T) map[string]int {
		t.Helper()
		m, err := db.CommentCounts(ctx, f.policyID, 0)
		if err != nil {
			t.Fatalf("CommentCounts: %v", err)
		}
		return m
	}

	t.Run("counts", func(t *testing.T) {
		if got, want := counts(t), map[string]int{"pendahuluan": 6, "tujuan": 1}; !reflect.DeepEqual(got, want) {
			t.Errorf("CommentCounts = %v, want %v", got, want)
		}
		empty, err := db.CommentCounts(ctx, policyIDBySlug(t, db, "pangkalpinang-pengembangan-kompetensi-asn"), 0)
		if err != nil || empty == nil || len(empty) != 0 {
			t.Errorf("CommentCounts of a policy without comments = %v, %v; want an empty map", empty, err)
		}
	})

	t.Run("threads", func(t *testing.T) {
		for _, tc := range []struct {
			name    string
			section string
			after   int64
			limit   int
			want    []string
		}{
			{"section", "pendahuluan", 0, 20, []string{"t1", "r1", "r2", "t2", "r4", "t6"}},
			{"default limit", "pendahuluan", 0, 0, []string{"t1", "r1", "r2", "t2", "r4", "t6"}},
			{"first page", "pendahuluan", 0, 2, []string{"t1", "r1", "r2", "t2", "r4"}},
			{"second page", "pendahuluan", t2.ID, 2, []string{"t6"}},
			{"past the end", "pendahuluan", t6.ID, 2, []string{}},
			{"other section", "tujuan", 0, 20, []string{"t3"}},
			{"unknown section", "penutup", 0, 20, []string{}},
			{"all sections", policies.AllSections, 0, 100, []string{"t1", "r1", "r2", "t2", "r4", "t3", "t6"}},
			{"all sections, page", policies.AllSections, t1.ID, 2, []string{"t2", "r4", "t3"}},
			{"the general section only", "", 0, 100, []string{}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if got := threads(t, tc.section, tc.after, tc.limit); !reflect.DeepEqual(got, tc.want) {
					t.Errorf("Threads(%q, after %d, limit %d) = %v, want %v", tc.section, tc.after, tc.limit, got, tc.want)
				}
			})
		}
		cs, err := db.Threads(ctx, f.policyID, 0, "pendahuluan", 0, 20)
		if err != nil {
			t.Fatal(err)
		}
		if cs[1].ParentID == nil || *cs[1].ParentID != t1.ID || cs[0].ParentID != nil || cs[1].ID != r1.ID || cs[2].ID != r2.ID || cs[4].ID != r4.ID {
			t.Errorf("thread structure wrong: %+v", cs)
		}
		if cs[5].VersionID != v2.ID || cs[0].VersionID != v1 || cs[0].AuthorName != "Akademisi Universitas" {
			t.Errorf("comments carry wrong versions or authors: %+v", cs)
		}
	})

	t.Run("comment by id", func(t *testing.T) {
		c, err := db.CommentByID(ctx, r2.ID)
		if err != nil {
			t.Fatalf("CommentByID: %v", err)
		}
		if c.Body != "r2" || c.Status != "resolved" || c.ParentID == nil || *c.ParentID != t1.ID || c.PolicyID != f.policyID {
			t.Errorf("CommentByID = %+v, want r2, a resolved reply to %d", c, t1.ID)
		}
		_, err = db.CommentByID(ctx, 987654)
		wantKind(t, err, policies.KindNotFound)
	})

	t.Run("status changes", func(t *testing.T) {
		resolver := f.users["penyusun"]
		resolution := func() (*int64, *time.Time) {
			t.Helper()
			var row struct {
				By *int64     `db:"resolved_by"`
				At *time.Time `db:"resolved_at"`
			}
			if err := db.SQL().GetContext(ctx, &row, `SELECT resolved_by, resolved_at FROM comments WHERE id = $1`, t1.ID); err != nil {
				t.Fatal(err)
			}
			return row.By, row.At
		}
		c, err := db.SetCommentStatus(ctx, t1.ID, "resolved", resolver)
		if err != nil {
			t.Fatalf("SetCommentStatus resolved: %v", err)
		}
		if c.ID != t1.ID || c.Status != "resolved" || c.Body != "t1" {
			t.Errorf("SetCommentStatus = %+v, want t1 resolved", c)
		}
		if by, at := resolution(); by == nil || *by != resolver || at == nil {
			t.Errorf("resolved by %v at %v, want %d and a time", by, at, resolver)
		}
		if c, err := db.SetCommentStatus(ctx, t1.ID, "open", resolver); err != nil || c.Status != "open" {
			t.Fatalf("SetCommentStatus open = %+v, %v", c, err)
		}
		if by, at := resolution(); by != nil || at != nil {
			t.Errorf("reopened comment resolved by %v at %v, want neither", by, at)
		}

		// Approving a held comment shows it; rejecting one hides it.
		if _, err := db.SetCommentStatus(ctx, t4.ID, "open", resolver); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SetCommentStatus(ctx, r1.ID, "rejected", resolver); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SetCommentStatus(ctx, t3.ID, "pending_moderation", resolver); err != nil {
			t.Fatal(err)
		}
		if got, want := threads(t, policies.AllSections, 0, 100), []string{"t1", "r2", "t2", "r4", "t4", "t6"}; !reflect.DeepEqual(got, want) {
			t.Errorf("Threads after moderation = %v, want %v", got, want)
		}
		if got, want := counts(t), map[string]int{"pendahuluan": 6}; !reflect.DeepEqual(got, want) {
			t.Errorf("CommentCounts after moderation = %v, want %v", got, want)
		}

		_, err = db.SetCommentStatus(ctx, t1.ID, "deleted", resolver)
		wantKind(t, err, policies.KindInvalid)
		if got := fieldOf(err); got != "status" {
			t.Errorf("error %v names field %q, want status", err, got)
		}
		_, err = db.SetCommentStatus(ctx, 987654, "resolved", resolver)
		wantKind(t, err, policies.KindNotFound)
	})
}

func TestTimeline(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db
	drafter := f.users["penyusun"]
	start := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)

	run, chain, err := db.StartApprovalRun(ctx, policies.ApprovalRun{
		PolicyID: f.policyID, VersionID: f.versionID, SHA256: f.sha, WorkflowID: "approval-1-v1", SubmittedBy: drafter, StartedAt: start,
	})
	if err != nil {
		t.Fatalf("StartApprovalRun: %v", err)
	}
	if _, err := db.RecordDecision(ctx, policies.Decision{
		PolicyID: f.policyID, VersionID: f.versionID, StageID: chain.Stages[0].ID, ApprovalRunID: &run.ID, DeciderID: f.users["kabid"],
		Decision: "approve", SHA256Approved: f.sha, IdempotencyKey: "d1",
	}); err != nil {
		t.Fatal(err)
	}
	acting := f.users["kepala"]
	if _, err := db.RecordDecision(ctx, policies.Decision{
		PolicyID: f.policyID, VersionID: f.versionID, StageID: chain.Stages[1].ID, ApprovalRunID: &run.ID, DeciderID: f.users["sekda"],
		ActingForID: &acting, Decision: "request_changes", Reason: "Perjelas anggaran.", SHA256Approved: f.sha, IdempotencyKey: "d2",
	}); err != nil {
		t.Fatal(err)
	}
	if err := db.EndApprovalRun(ctx, "approval-1-v1", "changes_requested", start.Add(48*time.Hour)); err != nil {
		t.Fatal(err)
	}
	c1, _, err := db.OpenConsultation(ctx, policies.Consultation{
		PolicyID: f.policyID, VersionID: f.versionID, WorkflowID: "consultation-1", OpenedBy: drafter,
		OpenedAt: start.Add(-240 * time.Hour), ClosesAt: start.Add(-24 * time.Hour), AllowPublic: true,
	}, []int64{f.users["akademisi"]})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CloseConsultation(ctx, "consultation-1", start.Add(-48*time.Hour), "early"); err != nil {
		t.Fatal(err)
	}
	v2, err := db.CreateVersion(ctx, f.policyID, 1, "# Judul\n\nVersi dua.\n", drafter, "Revisi")
	if err != nil {
		t.Fatal(err)
	}
	c2, _, err := db.OpenConsultation(ctx, policies.Consultation{
		PolicyID: f.policyID, VersionID: v2.ID, WorkflowID: "consultation-2", OpenedBy: drafter,
		OpenedAt: start.Add(72 * time.Hour), ClosesAt: start.Add(240 * time.Hour),
	}, []int64{f.users["akademisi"]})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Audit(ctx, policies.AuditEntry{PolicyID: &f.policyID, Action: "consultation_closed", Detail: "tenggat"}, "system-1"); err != nil {
		t.Fatal(err)
	}

	t.Run("approval runs", func(t *testing.T) {
		rs, err := db.ApprovalRuns(ctx, f.policyID)
		if err != nil {
			t.Fatalf("ApprovalRuns: %v", err)
		}
		if len(rs) != 1 {
			t.Fatalf("got %d runs, want 1", len(rs))
		}
		r := rs[0]
		if r.ID != run.ID || r.WorkflowID != "approval-1-v1" || r.VersionNumber != 1 || r.SHA256 != f.sha ||
			r.SubmittedBy != "Penyusun BKPSDM" || !r.StartedAt.Equal(start) {
			t.Errorf("run = %+v, want approval-1-v1 of version 1 by Penyusun BKPSDM from %v", r, start)
		}
		if r.EndedAt == nil || !r.EndedAt.Equal(start.Add(48*time.Hour)) || r.Outcome == nil || *r.Outcome != "changes_requested" {
			t.Errorf("run ended %v with %v, want %v changes_requested", r.EndedAt, r.Outcome, start.Add(48*time.Hour))
		}
	})

	t.Run("decisions", func(t *testing.T) {
		ds, err := db.DecisionRecords(ctx, f.policyID)
		if err != nil {
			t.Fatalf("DecisionRecords: %v", err)
		}
		if len(ds) != 2 {
			t.Fatalf("got %d decisions, want 2", len(ds))
		}
		d := ds[0]
		if d.StagePosition != 1 || d.StageName != "Kabid Pengembangan Kompetensi" || d.Decider != "Kabid Pengembangan Kompetensi" ||
			d.ActingFor != nil || d.Decision != "approve" || d.SHA256 != f.sha || d.ApprovalRunID == nil || *d.ApprovalRunID != run.ID {
			t.Errorf("first decision = %+v, want stage 1 approved by Kabid in run %d", d, run.ID)
		}
		d = ds[1]
		if d.StagePosition != 2 || d.StageName != "Kepala BKPSDM" || d.Decider != "Sekretaris Daerah" ||
			d.ActingFor == nil || *d.ActingFor != "Kepala BKPSDM" || d.Decision != "request_changes" || d.Reason != "Perjelas anggaran." {
			t.Errorf("second decision = %+v (acting for %v), want stage 2 by Sekretaris Daerah acting for Kepala BKPSDM", d, d.ActingFor)
		}
	})

	t.Run("consultations", func(t *testing.T) {
		cs, err := db.Consultations(ctx, f.policyID)
		if err != nil {
			t.Fatalf("Consultations: %v", err)
		}
		if len(cs) != 2 {
			t.Fatalf("got %d consultations, want 2", len(cs))
		}
		closed, open := cs[0], cs[1]
		if closed.ID != c1.ID || closed.VersionNumber != 1 || closed.WorkflowID != "consultation-1" || !closed.AllowPublic ||
			closed.ClosedAt == nil || closed.ClosedReason == nil || *closed.ClosedReason != "early" {
			t.Errorf("first consultation = %+v, want consultation-1 on version 1, closed early", closed)
		}
		var sum policies.ConsultationSummary
		if err := json.Unmarshal(closed.Summary, &sum); err != nil || sum.ConsultationID != c1.ID || sum.Reason != "early" {
			t.Errorf("summary = %s (%v), want the closing summary of %d", closed.Summary, err, c1.ID)
		}
		if open.ID != c2.ID || open.VersionNumber != 2 || open.VersionID != v2.ID || open.ClosedAt != nil || open.ClosedReason != nil ||
			open.Summary != nil || open.OpenedBy != drafter || !open.ClosesAt.Equal(start.Add(240*time.Hour)) {
			t.Errorf("second consultation = %+v, want consultation-2 on version 2, open", open)
		}
	})

	t.Run("audit", func(t *testing.T) {
		es, err := db.AuditRecords(ctx, f.policyID)
		if err != nil {
			t.Fatalf("AuditRecords: %v", err)
		}
		if len(es) != 3 {
			t.Fatalf("got %d audit records, want 3: %+v", len(es), es)
		}
		if e := es[0]; e.Action != "policy.created" || e.Actor == nil || *e.Actor != "Penyusun BKPSDM" || e.VersionNumber == nil || *e.VersionNumber != 1 {
			t.Errorf("first = %+v, want policy.created by Penyusun BKPSDM on version 1", e)
		}
		if e := es[1]; e.Action != "version.created" || e.Detail != "Revisi" || e.VersionNumber == nil || *e.VersionNumber != 2 {
			t.Errorf("second = %+v, want version.created of version 2", e)
		}
		if e := es[2]; e.Action != "consultation_closed" || e.Actor != nil || e.VersionNumber != nil || e.Detail != "tenggat" {
			t.Errorf("third = %+v, want the system's entry with no actor and no version", e)
		}
	})

	t.Run("versions by number", func(t *testing.T) {
		for n, want := range map[int]int64{1: f.versionID, 2: v2.ID} {
			v, err := db.VersionByNumber(ctx, f.policyID, n)
			if err != nil || v.ID != want || v.Number != n || v.PolicyID != f.policyID {
				t.Errorf("VersionByNumber(%d) = id %d number %d, %v; want id %d", n, v.ID, v.Number, err, want)
			}
		}
		v, err := db.VersionByNumber(ctx, f.policyID, 1)
		if err != nil || v.SHA256 != f.sha || policies.ContentHash(v.Markdown) != f.sha {
			t.Errorf("version 1 = sha %s, %v; want %s", v.SHA256, err, f.sha)
		}
		_, err = db.VersionByNumber(ctx, f.policyID, 3)
		wantKind(t, err, policies.KindNotFound)
		_, err = db.VersionByNumber(ctx, policyIDBySlug(t, db, "bukittinggi-peningkatan-kualitas-asn"), 2)
		wantKind(t, err, policies.KindNotFound)
	})

	t.Run("another policy has none", func(t *testing.T) {
		other := policyIDBySlug(t, db, "bukittinggi-peningkatan-kualitas-asn")
		rs, err1 := db.ApprovalRuns(ctx, other)
		ds, err2 := db.DecisionRecords(ctx, other)
		cs, err3 := db.Consultations(ctx, other)
		if err1 != nil || err2 != nil || err3 != nil || rs == nil || ds == nil || cs == nil || len(rs)+len(ds)+len(cs) != 0 {
			t.Errorf("other policy: runs %v, decisions %v, consultations %v (%v %v %v); want empty lists", rs, ds, cs, err1, err2, err3)
		}
	})
}

func TestDashboard(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db
	drafter, stakeholder := f.users["penyusun"], f.users["akademisi"]
	now := time.Now().UTC().Truncate(time.Second)
	other := policyIDBySlug(t, db, "sawahlunto-pengelolaan-kompetensi-asn")
	otherV, err := db.CurrentVersion(ctx, other)
	if err != nil {
		t.Fatal(err)
	}

	open := func(policyID, versionID int64, wf string, closes time.Time, invite ...int64) policies.Consultation {
		t.Helper()
		c, _, err := db.OpenConsultation(ctx, policies.Consultation{
			PolicyID: policyID, VersionID: versionID, WorkflowID: wf, OpenedBy: drafter, OpenedAt: now.Add(-time.Hour), ClosesAt: closes,
		}, invite)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	later := open(f.policyID, f.versionID, "c-later", now.Add(14*24*time.Hour), stakeholder)
	sooner := open(other, otherV.ID, "c-sooner", now.Add(7*24*time.Hour), stakeholder, f.users["kabid"])
	open(f.policyID, f.versionID, "c-closed", now.Add(3*24*time.Hour), stakeholder)
	if _, err := db.CloseConsultation(ctx, "c-closed", now, "early"); err != nil {
		t.Fatal(err)
	}
	open(other, otherV.ID, "c-not-invited", now.Add(24*time.Hour), f.users["sekda"])

	t.Run("invited consultations", func(t *testing.T) {
		cs, err := db.InvitedConsultations(ctx, stakeholder)
		if err != nil {
			t.Fatalf("InvitedConsultations: %v", err)
		}
		var got []string
		for _, c := range cs {
			got = append(got, c.WorkflowID)
		}
		if want := []string{"c-sooner", "c-later"}; !reflect.DeepEqual(got, want) {
			t.Fatalf("got %v, want %v (open ones, closing soonest first)", got, want)
		}
		if cs[0].ID != sooner.ID || cs[0].PolicyTitle != "Kebijakan Pengelolaan Kompetensi ASN di Kota Sawahlunto" || cs[0].VersionNumber != 1 ||
			cs[0].ClosedAt != nil || !cs[0].ClosesAt.Equal(sooner.ClosesAt) {
			t.Errorf("first = %+v, want c-sooner with its policy title", cs[0])
		}
		if cs[1].ID != later.ID || cs[1].PolicyTitle != "Kebijakan Peningkatan Kompetensi ASN di Kota Sawahlunto" {
			t.Errorf("second = %+v, want c-later with its policy title", cs[1])
		}
		none, err := db.InvitedConsultations(ctx, f.users["walikota"])
		if err != nil || none == nil || len(none) != 0 {
			t.Errorf("uninvited user's consultations = %v, %v; want an empty list", none, err)
		}
	})

	t.Run("rounds due", func(t *testing.T) {
		dinkes, disdik := f.units["dinkes"], f.units["disdik"]
		sep, mar := time.Date(2026, 9, 30, 17, 0, 0, 0, time.UTC), time.Date(2026, 3, 31, 17, 0, 0, 0, time.UTC)
		if _, err := db.CreateRounds(ctx, f.policyID, 1, sep, []int64{dinkes, disdik}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateRounds(ctx, other, 1, mar, []int64{dinkes}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.MarkOverdue(ctx, other, 1); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateRounds(ctx, other, 2, mar.AddDate(0, 1, 0), []int64{dinkes}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.RecordResult(ctx, other, dinkes, 2, policies.EvaluationResult{
			Instrument: "skm", Data: []byte(`{}`), Score: 80, SubmittedBy: f.users["opd"],
		}, "result-1"); err != nil {
			t.Fatal(err)
		}
		rs, err := db.RoundsDue(ctx, dinkes)
		if err != nil {
			t.Fatalf("RoundsDue: %v", err)
		}
		if len(rs) != 2 {
			t.Fatalf("got %d rounds, want 2: %+v", len(rs), rs)
		}
		if r := rs[0]; r.PolicyID != other || r.Number != 1 || r.Status != "overdue" || !r.DueAt.Equal(mar) ||
			r.PolicyTitle != "Kebijakan Pengelolaan Kompetensi ASN di Kota Sawahlunto" || r.UnitID != dinkes {
			t.Errorf("first = %+v, want the overdue round 1 of %d due %v", r, other, mar)
		}
		if r := rs[1]; r.PolicyID != f.policyID || r.Status != "pending" || !r.DueAt.Equal(sep) ||
			r.PolicyTitle != "Kebijakan Peningkatan Kompetensi ASN di Kota Sawahlunto" {
			t.Errorf("second = %+v, want the pending round of %d due %v", r, f.policyID, sep)
		}
		rs, err = db.RoundsDue(ctx, disdik)
		if err != nil || len(rs) != 1 || rs[0].PolicyID != f.policyID {
			t.Errorf("disdik's rounds = %+v, %v; want the one pending round", rs, err)
		}
		rs, err = db.RoundsDue(ctx, f.units["dispar"])
		if err != nil || rs == nil || len(rs) != 0 {
			t.Errorf("dispar's rounds = %+v, %v; want an empty list", rs, err)
		}
	})
}

func TestNotificationsRead(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db
	kabid, kepala := f.users["kabid"], f.users["kepala"]
	for i, n := range []policies.Notification{
		{DedupKey: "n1", UserID: kabid, Kind: "approval.requested", Subject: "satu"},
		{DedupKey: "n2", UserID: kabid, Kind: "approval.reminder", Subject: "dua"},
		{DedupKey: "n3", UserID: kabid, Kind: "approval.reminder", Subject: "tiga"},
		{DedupKey: "n4", UserID: kepala, Kind: "approval.requested", Subject: "empat"},
	} {
		if ok, err := db.EnqueueNotification(ctx, n); err != nil || !ok {
			t.Fatalf("EnqueueNotification #%d = %v, %v", i+1, ok, err)
		}
	}
	unread := func(user int64) int {
		t.Helper()
		n, err := db.UnreadCount(ctx, user)
		if err != nil {
			t.Fatalf("UnreadCount: %v", err)
		}
		return n
	}
	if a, b := unread(kabid), unread(kepala); a != 3 || b != 1 {
		t.Errorf("unread = %d, %d; want 3, 1", a, b)
	}
	if n := unread(f.users["walikota"]); n != 0 {
		t.Errorf("unread of a user with no notifications = %d, want 0", n)
	}
	ns, err := db.Notifications(ctx, kabid)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for _, n := range ns {
		ids[n.DedupKey] = n.ID
	}
	kepalas, err := db.Notifications(ctx, kepala)
	if err != nil || len(kepalas) != 1 {
		t.Fatalf("kepala's notifications = %v, %v", kepalas, err)
	}

	if err := db.MarkRead(ctx, kabid, ids["n2"]); err != nil {
		t.Fatalf("MarkRead: %v", err)
	}
	if n := unread(kabid); n != 2 {
		t.Errorf("unread after MarkRead = %d, want 2", n)
	}
	readAt := func() time.Time {
		t.Helper()
		ns, err := db.Notifications(ctx, kabid)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range ns {
			if n.ID == ids["n2"] {
				if n.ReadAt == nil {
					t.Fatal("n2 has no read_at after MarkRead")
				}
				return *n.ReadAt
			}
			if n.ReadAt != nil {
				t.Errorf("notification %s read at %v, want unread", n.DedupKey, n.ReadAt)
			}
		}
		t.Fatal("n2 missing")
		return time.Time{}
	}
	first := readAt()
	if err := db.MarkRead(ctx, kabid, ids["n2"]); err != nil {
		t.Errorf("MarkRead again: %v, want nil", err)
	}
	if again := readAt(); !again.Equal(first) {
		t.Errorf("read_at moved from %v to %v on a second MarkRead", first, again)
	}

	t.Run("not theirs", func(t *testing.T) {
		wantKind(t, db.MarkRead(ctx, kepala, ids["n1"]), policies.KindNotFound)
		wantKind(t, db.MarkRead(ctx, kabid, kepalas[0].ID), policies.KindNotFound)
		wantKind(t, db.MarkRead(ctx, kabid, 987654), policies.KindNotFound)
		if a, b := unread(kabid), unread(kepala); a != 2 || b != 1 {
			t.Errorf("unread = %d, %d after refused MarkReads; want 2, 1", a, b)
		}
	})
}

// A long list counts its matches only up to CountCap past the page, in
// title order within a region, and the pages still follow one another.
func TestSearchPoliciesCountsUpToTheCap(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	const extra = policies.CountCap + 30
	f.db.SQL().MustExec(`INSERT INTO policies (region_id, owner_unit_id, slug, title, created_by)
		SELECT region_id, owner_unit_id, 'banyak-' || g, 'Kebijakan ' || lpad(g::text, 5, '0'), created_by
		FROM generate_series(1, $1::int) g, (SELECT region_id, owner_unit_id, created_by FROM policies WHERE id = $2) p`, extra, f.policyID)
	var region int64
	f.db.SQL().Get(&region, `SELECT region_id FROM policies WHERE id = $1`, f.policyID)
	var inRegion int
	f.db.SQL().Get(&inRegion, `SELECT count(*) FROM policies WHERE region_id = $1`, region)

	first, total, err := f.db.SearchPolicies(ctx, policies.SearchFilter{RegionID: region, Limit: 20})
	if err != nil {
		t.Fatal(err)
	}
	if total != policies.CountCap+1 || len(first) != 20 || first[0].Title != "Kebijakan 00001" {
		t.Errorf("first page: %d rows from %q, total %d; want 20 from \"Kebijakan 00001\", total %d (more than the cap)",
			len(first), first[0].Title, total, policies.CountCap+1)
	}
	second, _, _ := f.db.SearchPolicies(ctx, policies.SearchFilter{RegionID: region, Limit: 20, Offset: 20})
	if len(second) != 20 || second[0].Title != "Kebijakan 00021" {
		t.Errorf("second page starts at %q, want \"Kebijakan 00021\"", second[0].Title)
	}
	// Near the end the count is exact again.
	last, total, _ := f.db.SearchPolicies(ctx, policies.SearchFilter{RegionID: region, Limit: 20, Offset: inRegion - 5})
	if total != inRegion || len(last) != 5 {
		t.Errorf("last page: %d rows, total %d; want 5 and the exact %d", len(last), total, inRegion)
	}
}
