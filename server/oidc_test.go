package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/internal/devtest/oidcop"
	"github.com/policyflow/policyflow/server"
)

// ssoWorld is an app whose Sawahlunto administrator connected a real
// OpenID provider (oidcop, on loopback, which the installation allows).
type ssoWorld struct {
	a  *app
	op *oidcop.OP
}

const ssoSecret = "rahasia-klien-uji-sso"

func newSSOWorld(t *testing.T) *ssoWorld {
	t.Helper()
	a := newAppWith(t, func(d *server.Deps) { d.SSOPrivateIssuers = []string{"127.0.0.1"} })
	op := oidcop.Start(t, "policyflow-sawahlunto", ssoSecret)
	op.Register(a.srv.URL + "/login/sso/sawahlunto/callback")
	w := &ssoWorld{a: a, op: op}
	w.configure(t, map[string]any{"issuer": op.URL, "client_id": op.ClientID, "client_secret": ssoSecret, "claim": "email", "enabled": true}, 200)
	return w
}

// configure sets the provider as the region's administrator, through the API.
func (w *ssoWorld) configure(t *testing.T, in map[string]any, want int) string {
	t.Helper()
	res, body := w.a.api(http.DefaultClient, w.a.tokens["admin"], "POST", "/api/v1/admin/sso", in, "")
	if res.StatusCode != want {
		t.Fatalf("set the provider: %d, want %d: %s", res.StatusCode, want, body)
	}
	return body
}

// toCallback signs in at the provider as username, from Policyflow's
// SSO button to the provider's redirect back, which it returns unfollowed
// (a test may alter it) with the browser-like client that holds the state.
func (w *ssoWorld) toCallback(t *testing.T, region, username string) (*http.Client, string) {
	t.Helper()
	c := w.a.client()
	next := w.a.srv.URL + "/login/sso/" + region + "?next=/notifications"
	for range 10 {
		req, _ := http.NewRequest("GET", next, nil)
		res, body := devtest.Do(t, c, req)
		switch {
		case res.StatusCode == http.StatusOK && strings.HasPrefix(next, w.op.URL+"/login"):
			id := res.Request.URL.Query().Get("id")
			post, _ := http.NewRequest("POST", w.op.URL+"/login", strings.NewReader(url.Values{"id": {id}, "username": {username}}.Encode()))
			post.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			res, body = devtest.Do(t, c, post)
			if res.StatusCode != http.StatusFound {
				t.Fatalf("sign in at the provider as %s: %d %s", username, res.StatusCode, body)
			}
		case res.StatusCode < 300 || res.StatusCode >= 400:
			t.Fatalf("GET %s: %d %.300s", next, res.StatusCode, body)
		}
		loc, err := res.Location()
		if err != nil {
			t.Fatal(err)
		}
		next = loc.String()
		if strings.HasPrefix(next, w.a.srv.URL+"/login/sso/") {
			return c, next
		}
	}
	t.Fatal("no way back from the provider")
	return nil, ""
}

// signIn runs the whole sign-in and returns the answer to the callback.
func (w *ssoWorld) signIn(t *testing.T, region, username string) (*http.Client, *http.Response, string) {
	t.Helper()
	c, back := w.toCallback(t, region, username)
	req, _ := http.NewRequest("GET", back, nil)
	res, body := devtest.Do(t, c, req)
	return c, res, body
}

// refusals counts the region's audited refusals of a reason.
func (w *ssoWorld) refusals(t *testing.T, reason string) int {
	t.Helper()
	var n int
	if err := w.a.st.DB.SQL().Get(&n, `SELECT count(*) FROM audit_log WHERE action = $1
		AND region_id = (SELECT id FROM regions WHERE slug = 'sawahlunto')`, "sso.refused_"+reason); err != nil {
		t.Fatal(err)
	}
	return n
}

// refused checks a refusal: the status, the sign-in page's words, no
// session, and (audited) one more audit row of reason.
func (w *ssoWorld) refused(t *testing.T, c *http.Client, res *http.Response, body string, status int, words, reason string, before int) {
	t.Helper()
	if res.StatusCode != status {
		t.Errorf("status %d, want %d: %.400s", res.StatusCode, status, body)
	}
	if !strings.Contains(body, words) {
		t.Errorf("the page does not say %q: %.600s", words, body)
	}
	if res, _ := w.a.get(c, "/dashboard"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("after a refusal /dashboard answers %d: signed in", res.StatusCode)
	}
	if reason != "" {
		if got := w.refusals(t, reason); got != before+1 {
			t.Errorf("audited refusals %s: %d, want %d", reason, got, before+1)
		}
	}
}

var signedInAs = regexp.MustCompile(`(?s)<header.*?</header>`)

// People sign in through their city's provider, matched to an existing
// active person of that region by a verified email or the NIP claim, and
// land where they were going, with the sign-in audited; every other
// answer of the provider is refused on a clear page, and audited once the
// sign-in is known to be ours.
func TestSSOSignIn(t *testing.T) {
	w := newSSOWorld(t)
	a := w.a
	db := a.st.DB.SQL()
	drafter := a.user("drafter")
	w.op.AddUser(oidcop.User{Subject: "s-drafter", Email: strings.ToUpper(drafter.Email), EmailVerified: true, Name: drafter.Name})
	w.op.AddUser(oidcop.User{Subject: "s-unverified", Email: a.user("leader").Email, EmailVerified: false})
	w.op.AddUser(oidcop.User{Subject: "s-stranger", Email: "orang.lain@sawahlunto.go.id", EmailVerified: true})
	w.op.AddUser(oidcop.User{Subject: "s-other-city", Email: "penyusun.pangkalpinang@policyflow.test", EmailVerified: true})
	w.op.AddUser(oidcop.User{Subject: "s-nip", Email: "tanpa.verifikasi@kota.test", Claims: map[string]any{"nip": "198503122010011002"}})

	t.Run("the sign-in page offers the city's SSO", func(t *testing.T) {
		_, body := a.get(a.client(), "/login")
		if !strings.Contains(body, `href="/login/sso/sawahlunto"`) || !strings.Contains(body, "Masuk dengan SSO Kota Sawahlunto") {
			t.Errorf("no SSO button on the sign-in page: %.2000s", body)
		}
		if strings.Contains(body, "/login/sso/pangkalpinang") {
			t.Error("a region with no provider is offered")
		}
	})

	t.Run("success by email", func(t *testing.T) {
		c, back := w.toCallback(t, "sawahlunto", "s-drafter")
		req, _ := http.NewRequest("GET", back, nil)
		res, body := devtest.Do(t, c, req)
		if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != "/notifications" {
			t.Fatalf("callback: %d to %q, want 303 to /notifications: %.300s", res.StatusCode, loc, body)
		}
		res, body = a.get(c, "/dashboard")
		if res.StatusCode != http.StatusOK || !strings.Contains(signedInAs.FindString(body), drafter.Name) {
			t.Errorf("after the sign-in /dashboard: %d, the header does not name %s", res.StatusCode, drafter.Name)
		}
		var audited int
		db.Get(&audited, `SELECT count(*) FROM audit_log WHERE action = 'user.signed_in' AND subject = $1`, fmt.Sprintf("account:%d", drafter.ID))
		if audited == 0 {
			t.Error("the sign-in is not audited")
		}
		// The provider's answer is used once: sent again, in this browser
		// (its sign-in is finished) or another, it signs no one in.
		req, _ = http.NewRequest("GET", back, nil)
		if res, body := devtest.Do(t, c, req); res.StatusCode != http.StatusBadRequest {
			t.Errorf("the same answer again: %d %.200s", res.StatusCode, body)
		}
		if res, _ := a.get(c, "/login/sso/sawahlunto/callback"); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
			t.Errorf("the callback opened by hand: %d to %q, want the sign-in page", res.StatusCode, res.Header.Get("Location"))
		}
		again := a.client()
		req, _ = http.NewRequest("GET", back, nil)
		res, body = devtest.Do(t, again, req)
		w.refused(t, again, res, body, http.StatusBadRequest, "tidak dikenali atau sudah kedaluwarsa", "", 0)
	})

	t.Run("success by NIP claim", func(t *testing.T) {
		db.MustExec(`UPDATE users SET nip = '198503122010011002' WHERE id = $1`, drafter.ID)
		w.configure(t, map[string]any{"issuer": w.op.URL, "client_id": w.op.ClientID, "claim": "nip", "enabled": true}, 200)
		defer w.configure(t, map[string]any{"issuer": w.op.URL, "client_id": w.op.ClientID, "claim": "email", "enabled": true}, 200)
		c, res, body := w.signIn(t, "sawahlunto", "s-nip")
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("callback: %d %.300s", res.StatusCode, body)
		}
		if res, body := a.get(c, "/dashboard"); res.StatusCode != http.StatusOK || !strings.Contains(signedInAs.FindString(body), drafter.Name) {
			t.Errorf("signed in by NIP: /dashboard %d, not as %s", res.StatusCode, drafter.Name)
		}
	})

	t.Run("unverified email refused", func(t *testing.T) {
		before := w.refusals(t, "email_unverified")
		c, res, body := w.signIn(t, "sawahlunto", "s-unverified")
		w.refused(t, c, res, body, http.StatusForbidden, "belum memverifikasi alamat email", "email_unverified", before)
	})

	t.Run("unknown person refused", func(t *testing.T) {
		before := w.refusals(t, "unknown_person")
		c, res, body := w.signIn(t, "sawahlunto", "s-stranger")
		w.refused(t, c, res, body, http.StatusForbidden, "tidak membuat akun dari SSO", "unknown_person", before)
		var n int
		db.Get(&n, `SELECT count(*) FROM users WHERE email = 'orang.lain@sawahlunto.go.id'`)
		if n != 0 {
			t.Error("an account was made from the sign-in")
		}
		var kept int
		db.Get(&kept, `SELECT count(*) FROM audit_log WHERE before::text LIKE '%orang.lain%' OR after::text LIKE '%orang.lain%' OR detail LIKE '%orang.lain%'`)
		if kept != 0 {
			t.Error("the refused address is kept in the audit")
		}
	})

	t.Run("other region's person refused", func(t *testing.T) {
		before := w.refusals(t, "unknown_person")
		c, res, body := w.signIn(t, "sawahlunto", "s-other-city")
		w.refused(t, c, res, body, http.StatusForbidden, "tidak cocok dengan pengguna aktif", "unknown_person", before)
	})

	t.Run("wrong audience refused", func(t *testing.T) {
		w.op.Misbehave([]string{"klien-kota-lain"}, "")
		defer w.op.Misbehave(nil, "")
		before := w.refusals(t, "token")
		c, res, body := w.signIn(t, "sawahlunto", "s-drafter")
		w.refused(t, c, res, body, http.StatusBadRequest, "tidak lolos pemeriksaan keamanan", "token", before)
	})

	t.Run("wrong nonce refused", func(t *testing.T) {
		w.op.Misbehave(nil, "nonce-dari-sesi-lain")
		defer w.op.Misbehave(nil, "")
		before := w.refusals(t, "token")
		c, res, body := w.signIn(t, "sawahlunto", "s-drafter")
		w.refused(t, c, res, body, http.StatusBadRequest, "tidak lolos pemeriksaan keamanan", "token", before)
	})

	t.Run("wrong state refused", func(t *testing.T) {
		c, back := w.toCallback(t, "sawahlunto", "s-drafter")
		u, _ := url.Parse(back)
		q := u.Query()
		q.Set("state", "keadaan-palsu")
		u.RawQuery = q.Encode()
		req, _ := http.NewRequest("GET", u.String(), nil)
		res, body := devtest.Do(t, c, req)
		w.refused(t, c, res, body, http.StatusBadRequest, "tidak dikenali atau sudah kedaluwarsa", "", 0)
		// Nor does the right state from another browser (a sign-in planted on a victim).
		other := a.client()
		req, _ = http.NewRequest("GET", back, nil)
		res, body = devtest.Do(t, other, req)
		w.refused(t, other, res, body, http.StatusBadRequest, "tidak dikenali atau sudah kedaluwarsa", "", 0)
	})

	t.Run("the provider's own refusal", func(t *testing.T) {
		c, back := w.toCallback(t, "sawahlunto", "s-drafter")
		u, _ := url.Parse(back)
		q := u.Query()
		q.Del("code")
		q.Set("error", "access_denied")
		u.RawQuery = q.Encode()
		before := w.refusals(t, "provider_error")
		req, _ := http.NewRequest("GET", u.String(), nil)
		res, body := devtest.Do(t, c, req)
		w.refused(t, c, res, body, http.StatusForbidden, "tidak menyelesaikan proses masuk", "provider_error", before)
	})

	t.Run("passwords keep working", func(t *testing.T) {
		a.login(roleEmails["leader"])
	})

	t.Run("disabled provider 404", func(t *testing.T) {
		w.configure(t, map[string]any{"issuer": w.op.URL, "client_id": w.op.ClientID, "claim": "email", "enabled": false}, 200)
		defer w.configure(t, map[string]any{"issuer": w.op.URL, "client_id": w.op.ClientID, "claim": "email", "enabled": true}, 200)
		for _, path := range []string{"/login/sso/sawahlunto", "/login/sso/sawahlunto/callback?state=x&code=y", "/login/sso/pangkalpinang", "/login/sso/tidak-ada"} {
			if res, _ := a.get(a.client(), path); res.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s: %d, want 404", path, res.StatusCode)
			}
		}
		if _, body := a.get(a.client(), "/login"); strings.Contains(body, "/login/sso/sawahlunto") {
			t.Error("a disabled provider is offered on the sign-in page")
		}
	})
}

// The administrator sets the region's provider: the secret is written and
// never shown back (page, API, audit), the redirect URI to register comes
// from PUBLIC_URL, bad input names its field, and only an issuer on an
// address the installation allows is enabled.
func TestSSOProviderSettings(t *testing.T) {
	w := newSSOWorld(t)
	a := w.a
	res, body := a.api(http.DefaultClient, a.tokens["admin"], "GET", "/api/v1/admin/sso", nil, "")
	if res.StatusCode != 200 || strings.Contains(body, ssoSecret) || !strings.Contains(body, `"client_secret_set":true`) ||
		!strings.Contains(body, `"redirect_uri":"`+a.srv.URL+`/login/sso/sawahlunto/callback"`) {
		t.Errorf("GET /admin/sso: %d %s", res.StatusCode, body)
	}
	// The page shows no secret; another Host names no other redirect URI.
	res, body = a.get(a.people["admin"], "/admin/sso")
	if res.StatusCode != 200 || strings.Contains(body, ssoSecret) || !strings.Contains(body, a.srv.URL+"/login/sso/sawahlunto/callback") {
		t.Errorf("the page: %d, shows the secret or no redirect URI: %.3000s", res.StatusCode, body)
	}
	req, _ := http.NewRequest("GET", a.srv.URL+"/api/v1/admin/sso", nil)
	req.Host = "kota-palsu.example"
	req.Header.Set("Authorization", "Bearer "+a.tokens["admin"])
	res, body = devtest.Do(t, http.DefaultClient, req)
	if res.StatusCode != 200 || strings.Contains(body, "kota-palsu") {
		t.Errorf("with a forged Host: %d %s", res.StatusCode, body)
	}
	// An empty secret keeps the kept one.
	w.configure(t, map[string]any{"issuer": w.op.URL, "client_id": w.op.ClientID, "client_secret": "", "claim": "email", "enabled": true}, 200)
	var secret string
	a.st.DB.SQL().Get(&secret, `SELECT client_secret FROM region_sso`)
	if secret != ssoSecret {
		t.Errorf("the kept secret is %q after a save without one", secret)
	}
	var leaked int
	a.st.DB.SQL().Get(&leaked, `SELECT count(*) FROM audit_log WHERE coalesce(before::text, '') || coalesce(after::text, '') || detail LIKE '%'||$1||'%'`, ssoSecret)
	var audited int
	a.st.DB.SQL().Get(&audited, `SELECT count(*) FROM audit_log WHERE action = 'sso.provider_set'`)
	if leaked != 0 || audited < 2 {
		t.Errorf("audit: %d rows with the secret, %d changes audited", leaked, audited)
	}
	for _, tc := range []struct {
		name  string
		in    map[string]any
		field string
	}{
		{"plain http", map[string]any{"issuer": "http://sso.kota.go.id", "client_id": "x"}, "issuer"},
		{"query", map[string]any{"issuer": "https://sso.kota.go.id/?a=b", "client_id": "x"}, "issuer"},
		{"no client", map[string]any{"issuer": "https://sso.kota.go.id", "client_id": " "}, "client_id"},
		{"claim", map[string]any{"issuer": "https://sso.kota.go.id", "client_id": "x", "claim": "nip pegawai"}, "claim"},
		{"private address", map[string]any{"issuer": "https://10.1.2.3/realms/asn", "client_id": "x", "enabled": true}, "issuer"},
		{"no discovery", map[string]any{"issuer": w.op.URL + "/bukan-penerbit", "client_id": "x", "enabled": true}, "issuer"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := w.configure(t, tc.in, http.StatusUnprocessableEntity)
			if !strings.Contains(body, `"field":"`+tc.field+`"`) {
				t.Errorf("the refusal does not name %s: %s", tc.field, body)
			}
		})
	}
	// A region with none set: enabling without a secret names the secret.
	other := a.token("admin.pangkalpinang@policyflow.test")
	res, body = a.api(http.DefaultClient, other, "POST", "/api/v1/admin/sso", map[string]any{"issuer": w.op.URL, "client_id": "y", "enabled": true}, "")
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `"field":"client_secret"`) {
		t.Errorf("enabled without a secret: %d %s", res.StatusCode, body)
	}
}
