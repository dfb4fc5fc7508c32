package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/internal/devtest/stack"
	"github.com/policyflow/policyflow/internal/devtest/web"
	"github.com/policyflow/policyflow/policies/samples"
	"github.com/policyflow/policyflow/server"
)

// Served at an https PUBLIC_URL, the session and form cookies are Secure
// and __Host- prefixed, every answer asks for https from then on (HSTS),
// and a signed-in person's pages are kept by no cache. At an http address
// (make dev) none of that, and a client's X-Forwarded-Proto changes nothing.
func TestCookiesAndCachingFollowThePublicAddress(t *testing.T) {
	t.Parallel()
	st := stack.New(t)
	secure := web.Serve(t, server.Deps{Store: st.DB, Lifecycle: st.Lifecycle, PublicURL: "https://policyflow.sawahlunto.test"})
	plain := web.Serve(t, server.Deps{Store: st.DB, Lifecycle: st.Lifecycle})
	do := func(method, base, path string, form url.Values, cookies ...*http.Cookie) *http.Response {
		t.Helper()
		var req *http.Request
		if form != nil {
			req, _ = http.NewRequest(method, base+path, strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		} else {
			req, _ = http.NewRequest(method, base+path, nil)
		}
		req.Header.Set("X-Forwarded-Proto", "https")
		for _, c := range cookies {
			req.AddCookie(c)
		}
		res, _ := devtest.Do(t, &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}, req)
		return res
	}
	named := func(res *http.Response, name string) *http.Cookie {
		for _, c := range res.Cookies() {
			if c.Name == name {
				return c
			}
		}
		return nil
	}

	res := do("GET", secure.URL, "/login", nil)
	csrf := named(res, "__Host-pf_csrf")
	if csrf == nil || !csrf.Secure || !csrf.HttpOnly || csrf.Path != "/" || csrf.Domain != "" {
		t.Fatalf("the form cookie at an https address: %v, want __Host-pf_csrf, Secure, HttpOnly, Path=/, no Domain", res.Header.Values("Set-Cookie"))
	}
	if got := res.Header.Get("Strict-Transport-Security"); got != "max-age=31536000" {
		t.Errorf("Strict-Transport-Security: %q", got)
	}
	res = do("POST", secure.URL, "/login", url.Values{"csrf": {csrf.Value}, "email": {"penyusun.sawahlunto@policyflow.test"},
		"password": {samples.DevPassword}}, csrf)
	session := named(res, "__Host-pf_session")
	if res.StatusCode != http.StatusSeeOther || session == nil || !session.Secure || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode {
		t.Fatalf("sign-in at an https address: %d, %v", res.StatusCode, res.Header.Values("Set-Cookie"))
	}
	res = do("GET", secure.URL, "/notifications", nil, session)
	if res.StatusCode != 200 || res.Header.Get("Cache-Control") != "private, no-store" {
		t.Errorf("a signed-in page: %d, Cache-Control %q, want 200 and private, no-store", res.StatusCode, res.Header.Get("Cache-Control"))
	}
	// The same token under the bare name is no session there.
	if res := do("GET", secure.URL, "/notifications", nil, &http.Cookie{Name: "pf_session", Value: session.Value}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the session under its bare name at an https address: %d, want 303 to sign in", res.StatusCode)
	}

	res = do("GET", plain.URL, "/login", nil)
	if c := named(res, "pf_csrf"); c == nil || c.Secure || res.Header.Get("Strict-Transport-Security") != "" {
		t.Errorf("at an http address (X-Forwarded-Proto: https from the client): %v, HSTS %q; want pf_csrf, not Secure, no HSTS",
			res.Header.Values("Set-Cookie"), res.Header.Get("Strict-Transport-Security"))
	}
}
