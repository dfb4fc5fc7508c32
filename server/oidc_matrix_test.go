package server_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/policyflow/policyflow/internal/devtest/oidcop"
	"github.com/policyflow/policyflow/server"
)

// The sign-in through a city's provider and its administration in the
// matrices (oidc_test.go signs in through a real provider). Here no region
// has an enabled provider: its sign-in routes are 404 to everyone.

// ssoRoleCases are the route × role matrix's.
func ssoRoleCases() (pages []pageCase, api map[string]apiCase) {
	pages = []pageCase{
		{"GET", "/login/sso/sawahlunto", nil, want{"*": 404}},
		{"GET", "/login/sso/sawahlunto/callback?state=x&code=y", nil, want{"*": 404}},
		{"GET", "/admin/sso", nil, only("admin", 200)},
		{"POST", "/admin/sso", url.Values{"issuer": {"http://sso.kota.go.id"}, "client_id": {"x"}}, only("admin", 422)},
	}
	api = map[string]apiCase{
		"GET /admin/sso":  {nil, onlyAPI("admin", 200)},
		"POST /admin/sso": {map[string]any{"issuer": "ftp://sso.kota.go.id", "client_id": "x"}, onlyAPI("admin", 422)},
	}
	return pages, api
}

// ssoScopeCases are the region × unit matrix's: each region's
// administrator reads and sets their own region's provider (the path
// names no region: another's cannot be reached); the sign-in routes of a
// region with no provider are 404 to everyone, signed in or not.
func ssoScopeCases() []scopeCase {
	bad := map[string]any{"issuer": "ftp://sso.kota.go.id", "client_id": "x"}
	return []scopeCase{
		{method: "GET", pattern: "/login/sso/{region}", path: "/login/sso/pangkalpinang", want: all(404)},
		{method: "GET", pattern: "/login/sso/{region}/callback", path: "/login/sso/sawahlunto/callback?state=x&code=y", want: all(404)},
		{method: "GET", pattern: "/admin/sso", path: "/admin/sso", want: roleOnly(false, "admin", 200)},
		{method: "POST", pattern: "/admin/sso", path: "/admin/sso", form: url.Values{"issuer": {"http://sso.kota.go.id"}, "client_id": {"x"}}, want: roleOnly(false, "admin", 422)},
		{method: "GET", pattern: "/api/v1/admin/sso", path: "/api/v1/admin/sso", want: roleOnly(true, "admin", 200)},
		{method: "POST", pattern: "/api/v1/admin/sso", path: "/api/v1/admin/sso", body: bad, want: roleOnly(true, "admin", 422)},
	}
}

// ssoTextCases are the hostile walk's: a client ID and secret are kept
// verbatim (the region has a provider, off, so each is one audited
// change of its row); no hostile text is an issuer or a claim name.
func (a *app) ssoTextCases(js func(t *testing.T, role, path string, body any, header map[string]string) (*http.Response, string)) map[string][]textCase {
	a.st.DB.SQL().MustExec(`INSERT INTO region_sso (region_id, issuer, client_id, client_secret)
		SELECT region_id, 'https://sso.kota.go.id', 'policyflow', 'rahasia' FROM users WHERE email = $1 ON CONFLICT DO NOTHING`, roleEmails["admin"])
	send := func(field string) func(t *testing.T, i int, s string) (*http.Response, string) {
		return func(t *testing.T, i int, s string) (*http.Response, string) {
			in := map[string]any{"issuer": "https://sso.kota.go.id", "client_id": "policyflow", "claim": "email"}
			in[field] = s
			return js(t, "admin", "/api/v1/admin/sso", in, nil)
		}
	}
	kept := func(column string) func(t *testing.T, s, _ string) {
		return a.storedAs("region_sso."+column, `SELECT `+column+` FROM region_sso s JOIN users u ON u.region_id = s.region_id WHERE u.email = $1`, roleEmails["admin"])
	}
	changed := map[string]delta{"region_sso": {1, 1}, "audit_log": {1, 0}}
	return map[string][]textCase{
		"SSOInput": {
			{name: "POST /admin/sso issuer", field: "issuer", status: 422, send: send("issuer")},
			{name: "POST /admin/sso client_id", field: "client_id", status: 200, send: send("client_id"), stored: kept("client_id"), changes: changed},
			{name: "POST /admin/sso client_secret", field: "client_secret", status: 200, send: send("client_secret"), stored: kept("client_secret"), changes: changed},
			{name: "POST /admin/sso claim", field: "claim", status: 422, send: send("claim")},
		},
	}
}

// withSSO lets a test server reach identity providers on loopback (oidcop).
func withSSO(d *server.Deps) { d.SSOPrivateIssuers = []string{"127.0.0.1"} }

// ssoRegion gives Sawahlunto an enabled provider, a real one on loopback
// (the app is made withSSO), and returns the region's slug: the {region}
// of the hostile walk, whose sign-in then begins (303 to the provider).
func (a *app) ssoRegion(t *testing.T) string {
	t.Helper()
	op := oidcop.Start(t, "policyflow-sawahlunto", ssoSecret)
	op.Register(a.srv.URL + "/login/sso/sawahlunto/callback")
	a.st.DB.SQL().MustExec(`INSERT INTO region_sso (region_id, issuer, client_id, client_secret, enabled)
		SELECT id, $1, $2, $3, true FROM regions WHERE slug = 'sawahlunto'`, op.URL, op.ClientID, ssoSecret)
	return "sawahlunto"
}
