package sso

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// discovery serves an OpenID discovery document naming issuer (the
// server's own address when "") and its endpoints under base (the same).
func discovery(t *testing.T, issuer, base string) *httptest.Server {
	t.Helper()
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/.well-known/openid-configuration" {
			http.NotFound(w, r)
			return
		}
		iss, b := issuer, base
		if iss == "" {
			iss = srv.URL
		}
		if b == "" {
			b = srv.URL
		}
		json.NewEncoder(w).Encode(map[string]any{"issuer": iss, "authorization_endpoint": b + "/authorize",
			"token_endpoint": b + "/token", "jwks_uri": b + "/keys", "id_token_signing_alg_values_supported": []string{"RS256"}})
	}))
	t.Cleanup(srv.Close)
	return srv
}

// An issuer on loopback is refused unless the operator names its host;
// named, its discovery is read, and the sign-in goes to its own endpoint.
func TestIssuerAddressRule(t *testing.T) {
	srv := discovery(t, "", "")
	if err := New(nil).Check(t.Context(), srv.URL); !errors.Is(err, ErrAddress) {
		t.Errorf("loopback issuer not allowed: %v, want ErrAddress", err)
	}
	p := New([]string{" 127.0.0.1 "})
	if err := p.Check(t.Context(), srv.URL); err != nil {
		t.Fatalf("allowed loopback issuer: %v", err)
	}
	to, err := p.AuthURL(t.Context(), Client{Issuer: srv.URL, ClientID: "pf", RedirectURL: "https://pf.example/cb"}, "st", "no", NewVerifier())
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(to)
	q := u.Query()
	if !strings.HasPrefix(to, srv.URL+"/authorize?") || q.Get("state") != "st" || q.Get("nonce") != "no" ||
		q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || q.Get("redirect_uri") != "https://pf.example/cb" ||
		q.Get("scope") != "openid email profile" {
		t.Errorf("authorization URL %s", to)
	}
}

// A discovery document that names another issuer is refused.
func TestIssuerMustNameItself(t *testing.T) {
	srv := discovery(t, "https://lain.example", "")
	if err := New([]string{"127.0.0.1"}).Check(t.Context(), srv.URL); err == nil {
		t.Error("a discovery naming another issuer was accepted")
	}
}

// Requests go to the issuer's origin only: another host, port or scheme
// is refused before any connection.
func TestIssuerOnly(t *testing.T) {
	u, _ := url.Parse("https://sso.kota.go.id/realms/asn")
	rt := issuerOnly{origin: origin(u), next: roundTripFunc(func(*http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Body: http.NoBody}, nil
	})}
	for target, ok := range map[string]bool{
		"https://sso.kota.go.id/realms/asn/protocol/openid-connect/certs": true,
		"https://SSO.kota.go.id:443/token":                                true,
		"https://keys.example.com/certs":                                  false,
		"https://sso.kota.go.id:8443/token":                               false,
		"http://sso.kota.go.id/token":                                     false,
		"http://169.254.169.254/latest/meta-data":                         false,
	} {
		req, _ := http.NewRequest("GET", target, nil)
		_, err := rt.RoundTrip(req)
		if (err == nil) != ok {
			t.Errorf("%s: err %v, want allowed %v", target, err, ok)
		}
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
