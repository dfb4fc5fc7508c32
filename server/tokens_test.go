package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/internal/devtest/web"
	"github.com/policyflow/policyflow/policies/samples"
	"github.com/policyflow/policyflow/server"
)

// Personal API tokens, through the API and on the settings page: made with
// the password, a name and a lifetime; listed without their value or hash;
// revoked by their owner only; a revoked or expired token answers 401.
func TestTokens(t *testing.T) {
	a := newApp(t)
	c := http.DefaultClient
	db := a.st.DB.SQL()
	// tokenID is the id of a token, found by its hash.
	tokenID := func(t *testing.T, token string) int64 {
		t.Helper()
		var id int64
		if err := db.Get(&id, `SELECT id FROM api_tokens WHERE token_hash = $1`, hashHex(token)); err != nil {
			t.Fatalf("token %.8s…: %v", token, err)
		}
		return id
	}
	me := func(token string) int {
		res, _ := a.api(c, token, "GET", "/api/v1/me", nil, "")
		return res.StatusCode
	}
	type made struct {
		ID        int64
		Token     string
		Name      string
		ExpiresAt time.Time `json:"expires_at"`
	}
	create := func(t *testing.T, body map[string]any) made {
		t.Helper()
		res, out := a.api(c, "", "POST", "/api/v1/tokens", body, "")
		if res.StatusCode != 201 {
			t.Fatalf("POST /tokens %v: %d %s", body, res.StatusCode, out)
		}
		var m made
		if err := json.Unmarshal([]byte(out), &m); err != nil || m.Token == "" || m.ID == 0 {
			t.Fatalf("POST /tokens: %v %s", err, out)
		}
		return m
	}
	days := func(t time.Time) float64 { return time.Until(t).Hours() / 24 }

	t.Run("API", func(t *testing.T) {
		email := roleEmails["leader"]
		script := create(t, map[string]any{"email": email, "password": samples.DevPassword, "name": "skrip laporan", "expires_in_days": 30, "totp": a.code(t, email)})
		if d := days(script.ExpiresAt); script.Name != "skrip laporan" || d < 29.9 || d > 30 {
			t.Errorf("token %q expires in %.2f days, want skrip laporan in 30", script.Name, d)
		}
		plain := create(t, map[string]any{"email": email, "password": samples.DevPassword, "totp": a.code(t, email)})
		if d := days(plain.ExpiresAt); plain.Name != "api" || d < 89.9 || d > 90 {
			t.Errorf("token %q expires in %.2f days, want api in 90 (the default)", plain.Name, d)
		}
		for _, d := range []int{0, -1, 366} {
			res, out := a.api(c, "", "POST", "/api/v1/tokens", map[string]any{"email": email, "password": samples.DevPassword, "expires_in_days": d}, "")
			wantRefusal(t, fmt.Sprintf("expires_in_days %d", d), res, out, []int{422}, "expires_in_days")
		}

		res, out := a.api(c, script.Token, "GET", "/api/v1/tokens", nil, "")
		var list struct {
			Tokens []map[string]any
		}
		if err := json.Unmarshal([]byte(out), &list); res.StatusCode != 200 || err != nil {
			t.Fatalf("GET /tokens: %d %v %s", res.StatusCode, err, out)
		}
		if len(list.Tokens) != 3 { // newApp's, the script's, the plain one
			t.Errorf("GET /tokens lists %d tokens, want 3: %s", len(list.Tokens), out)
		}
		for _, tk := range list.Tokens {
			for _, k := range []string{"id", "name", "created_at", "expires_at", "last_used_at"} {
				if _, ok := tk[k]; !ok {
					t.Errorf("a listed token lacks %s: %v", k, tk)
				}
			}
		}
		for _, secret := range []string{script.Token, hashHex(script.Token), plain.Token, hashHex(plain.Token), a.tokens["leader"], hashHex(a.tokens["leader"])} {
			if strings.Contains(out, secret) {
				t.Errorf("GET /tokens shows a token or its hash: %s", out)
			}
		}
		if res, out := a.api(c, a.tokens["drafter"], "GET", "/api/v1/tokens", nil, ""); strings.Contains(out, "skrip laporan") || res.StatusCode != 200 {
			t.Errorf("another person's list: %d %s", res.StatusCode, out)
		}

		// Another person's token: 404, and it still works.
		theirs := tokenID(t, a.tokens["drafter"])
		if res, out := a.api(c, script.Token, "POST", fmt.Sprintf("/api/v1/tokens/%d/revoke", theirs), nil, ""); res.StatusCode != 404 {
			t.Errorf("revoking another person's token: %d %s, want 404", res.StatusCode, out)
		}
		if got := me(a.tokens["drafter"]); got != 200 {
			t.Errorf("the drafter's token after a stranger tried to revoke it: %d, want 200", got)
		}

		// One's own: revoked, then 401; the others still work.
		res, out = a.api(c, script.Token, "POST", fmt.Sprintf("/api/v1/tokens/%d/revoke", plain.ID), nil, "")
		if res.StatusCode != 200 || !strings.Contains(out, `"revoked_at"`) {
			t.Errorf("revoke: %d %s", res.StatusCode, out)
		}
		if got := me(plain.Token); got != 401 {
			t.Errorf("a revoked token: %d, want 401", got)
		}
		if got := me(script.Token); got != 200 {
			t.Errorf("another token of the same person after a revocation: %d, want 200", got)
		}
		_, out = a.api(c, script.Token, "GET", "/api/v1/tokens", nil, "")
		if strings.Contains(out, fmt.Sprintf(`"id":%d,`, plain.ID)) {
			t.Errorf("a revoked token is still listed: %s", out)
		}

		// Expired: 401.
		if _, err := db.Exec(`UPDATE api_tokens SET created_at = now() - interval '31 days', expires_at = now() - interval '1 second' WHERE id = $1`, script.ID); err != nil {
			t.Fatal(err)
		}
		if got := me(script.Token); got != 401 {
			t.Errorf("an expired token: %d, want 401", got)
		}
	})

	t.Run("settings page", func(t *testing.T) {
		p := a.people["stakeholder"]
		_, page := a.get(p, "/settings")
		if !strings.Contains(page, `id="tokens"`) || !strings.Contains(page, `action="/settings/tokens"`) {
			t.Fatalf("the settings page has no section for API tokens")
		}
		form := func(path string, v url.Values) (*http.Response, string) {
			v.Set("csrf", a.csrf(p, "/settings"))
			return a.form(p, path, v)
		}
		if res, _ := form("/settings/tokens", url.Values{"name": {"ponsel"}, "expires_in_days": {"7"}, "password": {"salah"}}); res.StatusCode != 422 {
			t.Errorf("a token with a wrong password: %d, want 422", res.StatusCode)
		}
		if res, _ := form("/settings/tokens", url.Values{"name": {"ponsel"}, "expires_in_days": {"400"}, "password": {samples.DevPassword}}); res.StatusCode != 422 {
			t.Errorf("a token for 400 days: %d, want 422", res.StatusCode)
		}
		var n int
		db.Get(&n, `SELECT count(*) FROM api_tokens WHERE name = 'ponsel'`)
		if n != 0 {
			t.Fatalf("%d tokens made by refused forms", n)
		}

		res, page := form("/settings/tokens", url.Values{"name": {"ponsel"}, "expires_in_days": {"7"}, "password": {samples.DevPassword}})
		m := regexp.MustCompile(`id="new-token">(pf_[A-Za-z0-9_-]+)<`).FindStringSubmatch(page)
		if res.StatusCode != 200 || m == nil {
			t.Fatalf("make a token: %d, token shown: %v", res.StatusCode, m != nil)
		}
		if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("the page showing a new token has Cache-Control %q, want no-store", cc)
		}
		token := m[1]
		if got := me(token); got != 200 {
			t.Errorf("the new token: %d, want 200", got)
		}
		var expires time.Time
		db.Get(&expires, `SELECT expires_at FROM api_tokens WHERE id = $1`, tokenID(t, token))
		if d := days(expires); d < 6.9 || d > 7 {
			t.Errorf("the token expires in %.2f days, want 7", d)
		}

		_, page = a.get(p, "/settings")
		if !strings.Contains(page, "ponsel") || strings.Contains(page, token) {
			t.Errorf("the settings page lists the token by name (%v) and never shows it again (%v)", strings.Contains(page, "ponsel"), !strings.Contains(page, token))
		}
		if res, _ := form(fmt.Sprintf("/settings/tokens/%d/revoke", tokenID(t, a.tokens["drafter"])), url.Values{}); res.StatusCode != 404 {
			t.Errorf("revoking another person's token from the page: %d, want 404", res.StatusCode)
		}
		res, _ = form(fmt.Sprintf("/settings/tokens/%d/revoke", tokenID(t, token)), url.Values{})
		if res.StatusCode != 303 || !strings.HasPrefix(res.Header.Get("Location"), "/settings?done=") {
			t.Errorf("revoke from the page: %d to %q, want 303 to the settings", res.StatusCode, res.Header.Get("Location"))
		}
		if got := me(token); got != 401 {
			t.Errorf("the token revoked from the page: %d, want 401", got)
		}
		if got := me(a.tokens["drafter"]); got != 200 {
			t.Errorf("the drafter's token: %d, want 200", got)
		}
	})
}

// Two servers keep tokens' people in memory: whatever ends or changes a
// token's person through one server (or in SQL) is seen by the very next
// request on the other, with no wait.
func TestTokenChangesSeenByEveryServer(t *testing.T) {
	a := newApp(t)
	db := a.st.DB.SQL()
	b := web.Serve(t, server.Deps{Store: a.st.DB, Lifecycle: a.st.Lifecycle})
	// me asks GET /api/v1/me of the server at base.
	me := func(base, token string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", base+"/api/v1/me", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		res, out := devtest.Do(t, http.DefaultClient, req)
		return res.StatusCode, out
	}
	// warm has both servers keep the token's person.
	warm := func(who, token string) {
		t.Helper()
		for _, base := range []string{a.srv.URL, b.URL, b.URL} {
			if code, out := me(base, token); code != 200 {
				t.Fatalf("%s's token on %s: %d %s", who, base, code, out)
			}
		}
	}
	userOf := func(who string) int64 {
		var id int64
		if err := db.Get(&id, `SELECT id FROM users WHERE email = $1`, roleEmails[who]); err != nil {
			t.Fatal(err)
		}
		return id
	}

	// Revoked through server A: refused by B's next request.
	drafter := a.tokens["drafter"]
	warm("drafter", drafter)
	var tid int64
	db.Get(&tid, `SELECT id FROM api_tokens WHERE token_hash = $1`, hashHex(drafter))
	if res, out := a.api(http.DefaultClient, drafter, "POST", fmt.Sprintf("/api/v1/tokens/%d/revoke", tid), nil, ""); res.StatusCode != 200 {
		t.Fatalf("revoke on A: %d %s", res.StatusCode, out)
	}
	if code, out := me(b.URL, drafter); code != 401 {
		t.Errorf("a token revoked on A, next request on B: %d %s, want 401", code, out)
	}

	// Expired in SQL, the person deactivated, their second factor reset:
	// each refused on both servers' next request.
	for _, c := range []struct{ who, change string }{
		{"unit_officer", `UPDATE api_tokens SET created_at = now() - interval '31 days', expires_at = now() - interval '1 second' WHERE token_hash = $1`},
		{"stakeholder", `UPDATE users SET deactivated_at = now() WHERE id = (SELECT user_id FROM api_tokens WHERE token_hash = $1)`},
		{"leader", `DELETE FROM second_factors WHERE user_id = (SELECT user_id FROM api_tokens WHERE token_hash = $1)`},
	} {
		token := a.tokens[c.who]
		warm(c.who, token)
		if _, err := db.Exec(c.change, hashHex(token)); err != nil {
			t.Fatal(err)
		}
		for _, base := range []string{b.URL, a.srv.URL} {
			if code, out := me(base, token); code != 401 {
				t.Errorf("%s after %q, on %s: %d %s, want 401", c.who, c.change, base, code, out)
			}
		}
	}

	// A role changed: the next request on either server acts with the new one.
	legal := a.tokens["legal"]
	warm("legal", legal)
	if _, err := db.Exec(`UPDATE users SET role = 'stakeholder', title = 'Pindah tugas' WHERE id = $1`, userOf("legal")); err != nil {
		t.Fatal(err)
	}
	for _, base := range []string{b.URL, a.srv.URL} {
		if code, out := me(base, legal); code != 200 || !strings.Contains(out, `"role":"stakeholder"`) || !strings.Contains(out, "Pindah tugas") {
			t.Errorf("after a role change, on %s: %d %s, want the new role", base, code, out)
		}
	}
}
