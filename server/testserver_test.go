package server_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/internal/devtest/stack"
	"github.com/policyflow/policyflow/internal/devtest/web"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/policies/samples"
	"github.com/policyflow/policyflow/server"
	"github.com/policyflow/policyflow/signing"
)

// app is a test server on a whole stack, with a signed-in client per role.
type app struct {
	t      *testing.T
	st     *stack.Stack
	srv    *httptest.Server
	tokens map[string]string       // role → API token
	people map[string]*http.Client // role → browser-like client with a session

	lastRead *dbRead // what rows last read (dbrows_test.go)

	// The tokens made, by email: reused when an account's second factor
	// has no unused code left in its 30 s window (devtest.TOTPCode).
	tokenMade map[string]string
}

var roleEmails = map[string]string{
	"drafter": "penyusun.sawahlunto@policyflow.test", "stakeholder": "akademisi.sawahlunto@policyflow.test",
	"leader": "kabid.sawahlunto@policyflow.test", "unit_officer": "opd.sawahlunto@policyflow.test",
	"admin": "admin.sawahlunto@policyflow.test", "legal": "hukum.sawahlunto@policyflow.test",
}

// user is the seeded user of role (roleEmails).
func (a *app) user(role string) policies.User {
	a.t.Helper()
	return a.st.User(a.t, roleEmails[role])
}

// text is the one text query selects; an error fails the test.
func (a *app) text(t *testing.T, query string, args ...any) string {
	t.Helper()
	var s string
	if err := a.st.DB.SQL().Get(&s, query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return s
}

// verbatim fails the test unless got, the stored what, is want verbatim.
func verbatim(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s: stored %q, want %q verbatim", what, got, want)
	}
}

// idOf is the id of the object an answer's body is; none fails the test.
func idOf(t *testing.T, body string) int64 {
	t.Helper()
	var out struct{ ID int64 }
	if err := json.Unmarshal([]byte(body), &out); err != nil || out.ID == 0 {
		t.Fatalf("no id in %.200s", body)
	}
	return out.ID
}

// storedByID is a textCase's stored check for a created object: the text
// query selects of the object the answer names (its id is $1) is the one
// sent, verbatim.
func (a *app) storedByID(what, query string) func(t *testing.T, s, body string) {
	return func(t *testing.T, s, body string) { verbatim(t, what, a.text(t, query, idOf(t, body)), s) }
}

// storedAs is a textCase's stored check: the text query selects (the
// stored what) is the one sent, verbatim.
func (a *app) storedAs(what, query string, args ...any) func(t *testing.T, s, _ string) {
	return func(t *testing.T, s, _ string) { verbatim(t, what, a.text(t, query, args...), s) }
}

func newApp(t *testing.T) *app { t.Helper(); return newAppWith(t, nil) }

// newAppSigning is newApp with the regions' signing keys.
func newAppSigning(t *testing.T, keys *signing.Keys) *app {
	t.Helper()
	return newAppWith(t, func(d *server.Deps) { d.Signing = keys })
}

// newAppWith is newApp with its server's dependencies changed by set
// (nil: as they are). The walks call the heavy routes hundreds of times as
// one person: their limit is lifted here, and costly_test.go checks it.
func newAppWith(t *testing.T, set func(*server.Deps)) *app {
	t.Helper()
	parallel(t)
	st := stack.New(t)
	// The tests of other features run in regions that do not require the
	// harmonisation of a Perwali; harmonisation_test.go requires it again
	// through the administrator's page.
	st.DB.SQL().MustExec(`INSERT INTO harmonisation_settings (region_id, form, required) SELECT id, 'perwali', false FROM regions`)
	// The test client is its own reverse proxy: X-Real-IP names the client.
	deps := server.Deps{Store: st.DB, Lifecycle: st.Lifecycle,
		Checks:         []server.Check{{Name: "postgres", Ping: st.DB.Ping}},
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")},
		HeavyLimit:     server.HeavyLimit{PerMinute: 1 << 20}}
	if set != nil {
		set(&deps)
	}
	srv := web.Serve(t, deps)
	a := &app{t: t, st: st, srv: srv, tokens: map[string]string{}, people: map[string]*http.Client{},
		tokenMade: map[string]string{}}
	for role, email := range roleEmails {
		if policies.SecondFactorRequired(policies.Role(role)) {
			// A second factor's window allows three sign-ins of an account
			// in 30 s: the token is made in the store, the tests keep the
			// sign-ins (tokens_test.go signs in through the API with a code).
			a.tokens[role] = a.storeToken(email)
		} else {
			a.tokens[role] = a.token(email)
		}
		a.people[role] = a.login(email)
	}
	a.people["anonymous"] = a.client()
	return a
}

func (a *app) client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// token signs in through the API and returns a personal token.
func (a *app) token(email string) string {
	a.t.Helper()
	return a.tokenAs(a.t, email, samples.DevPassword)
}

// tokenAs signs in through the API with a password and, when the answer
// asks for it, the second factor's code (set up first through the forms
// when the account's role needs one it has not), and returns a personal
// token. Out of codes for the account, it is the token made last.
func (a *app) tokenAs(t *testing.T, email, password string) string {
	t.Helper()
	in := map[string]string{"email": email, "password": password}
	res, body := a.api(http.DefaultClient, "", "POST", "/api/v1/tokens", in, "")
	if res.StatusCode == http.StatusForbidden && strings.Contains(body, `"totp"`) {
		a.loginAs(t, email, password) // sets the second factor up
		res, body = a.api(http.DefaultClient, "", "POST", "/api/v1/tokens", in, "")
	}
	if res.StatusCode == http.StatusUnauthorized && strings.Contains(body, `"totp"`) {
		code, ok := devtest.TOTPCode(a.srv.URL, email)
		if !ok && a.tokenMade[email] != "" {
			return a.tokenMade[email]
		}
		in["totp"] = code
		res, body = a.api(http.DefaultClient, "", "POST", "/api/v1/tokens", in, "")
	}
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("token for %s: %d %s", email, res.StatusCode, body)
	}
	var out struct{ Token string }
	json.Unmarshal([]byte(body), &out)
	a.rememberToken(email, out.Token)
	return out.Token
}

// rememberToken keeps the token made last for email (an app built by hand
// starts without the map).
func (a *app) rememberToken(email, token string) {
	if a.tokenMade == nil {
		a.tokenMade = map[string]string{}
	}
	a.tokenMade[email] = token
}

// storeToken is a personal API token of email made in the store, as a
// sign-in through the API makes it (named "api", 90 days).
func (a *app) storeToken(email string) string {
	a.t.Helper()
	token := "pf_" + email + "-" + a.srv.URL
	if _, err := a.st.DB.CreateAPIToken(a.t.Context(), a.st.UserID(a.t, email), "api", hashHex(token), time.Now().Add(policies.APITokenDays*24*time.Hour)); err != nil {
		a.t.Fatal(err)
	}
	a.rememberToken(email, token)
	return token
}

var csrfRe = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrf fetches a page and returns the CSRF token of its forms.
func (a *app) csrf(c *http.Client, path string) string {
	a.t.Helper()
	_, body := a.get(c, path)
	m := csrfRe.FindStringSubmatch(body)
	if m == nil {
		a.t.Fatalf("no CSRF token on %s", path)
	}
	return m[1]
}

// login signs in through the form, like a person.
func (a *app) login(email string) *http.Client {
	a.t.Helper()
	return a.loginAs(a.t, email, samples.DevPassword)
}

// loginAs signs in through the forms with a password, then the second
// factor's code the next page asks for, or its set-up (whose secret the
// harness keeps). Out of codes for the account (three sign-ins in 30 s),
// it is a session made in the store (storeSession).
func (a *app) loginAs(t *testing.T, email, password string) *http.Client {
	t.Helper()
	c := a.client()
	token := a.csrf(c, "/login")
	res, body := a.form(c, "/login", url.Values{"csrf": {token}, "email": {email}, "password": {password}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login %s: %d %s", email, res.StatusCode, body)
	}
	if step := res.Header.Get("Location"); step == "/login/verify" || step == "/login/enrol" {
		want := http.StatusSeeOther
		if step == "/login/enrol" {
			_, page := a.get(c, step)
			devtest.RememberTOTP(a.srv.URL, email, devtest.EnrolSecret(page))
			want = http.StatusOK // the recovery codes, once
		}
		code, ok := devtest.TOTPCode(a.srv.URL, email)
		if !ok {
			return a.storeSession(t, email)
		}
		if res, body = a.form(c, step, url.Values{"csrf": {token}, "code": {code}}); res.StatusCode != want {
			t.Fatalf("login %s: the code on %s: %d %s", email, step, res.StatusCode, body)
		}
	}
	return c
}

// storeSession is a new client with a new session of email made in the
// store, as a sign-in makes it: the harness's stand-in once the account's
// codes of the 30 s window are used (tests never wait for the next).
func (a *app) storeSession(t *testing.T, email string) *http.Client {
	t.Helper()
	token := randomHex(t)
	if err := a.st.DB.CreateSession(t.Context(), a.st.UserID(t, email), hashHex(token), randomHex(t), time.Now().Add(policies.SessionLifetime)); err != nil {
		t.Fatal(err)
	}
	c := a.client()
	u, _ := url.Parse(a.srv.URL)
	c.Jar.SetCookies(u, []*http.Cookie{{Name: "pf_session", Value: token, Path: "/"}})
	return c
}

// randomHex is 32 random bytes in hex.
func randomHex(t *testing.T) string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

func (a *app) get(c *http.Client, path string) (*http.Response, string) {
	a.t.Helper()
	req, _ := http.NewRequest("GET", a.srv.URL+path, nil)
	return devtest.Do(a.t, a.validatingClient(c), req)
}

func (a *app) form(c *http.Client, path string, v url.Values) (*http.Response, string) {
	a.t.Helper()
	req, _ := http.NewRequest("POST", a.srv.URL+path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return devtest.Do(a.t, c, req)
}

// api sends a JSON request with an optional bearer token and Idempotency-Key.
func (a *app) api(c *http.Client, token, method, path string, body any, key string) (*http.Response, string) {
	a.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequestWithContext(context.Background(), method, a.srv.URL+path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	return devtest.Do(a.t, a.validatingClient(c), req)
}

func (a *app) policyID(slug string) int64 {
	a.t.Helper()
	var id int64
	if err := a.st.DB.SQL().Get(&id, `SELECT id FROM policies WHERE slug = $1`, slug); err != nil {
		a.t.Fatal(err)
	}
	return id
}

func hashHex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// parallel lets a test run beside others (go test -parallel, 2 on 2 cores)
// from its first app on: each app has a database, a Temporal namespace, a
// worker and a server of its own, so tests share nothing but the
// package's PostgreSQL and Temporal servers, and while one waits for a
// workflow or a query the other runs. Only a test of its own (a subtest's
// parent may read what its subtests did once they return) and not in
// serialTests.
func parallel(t *testing.T) {
	if strings.Contains(t.Name(), "/") || serialTests[t.Name()] {
		return
	}
	if _, again := parallelTests.LoadOrStore(t, true); !again {
		t.Parallel()
	}
}

var parallelTests sync.Map // *testing.T → true once it called t.Parallel

// serialTests run alone: one changes the process's PATH (t.Setenv), one
// is the load test whose actions may wait 20 s each for their workflow.
var serialTests = map[string]bool{"TestWordImportRefusals": true, "TestBackToBackLifecycle": true}
