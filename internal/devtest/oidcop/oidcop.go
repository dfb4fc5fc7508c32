// Package oidcop runs a real OpenID Connect provider for tests: the
// provider of github.com/zitadel/oidc/v3 (pkg/op: discovery, authorize,
// token, keys, PKCE) over an in-memory storage written here, served on
// loopback, with a sign-in page people (or a browser) fill in. A test
// can make it misbehave the way a broken or hostile provider would: sign
// ID tokens for another audience, or with another nonce.
package oidcop

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
	"golang.org/x/text/language"
)

// User is a person of the provider.
type User struct {
	Subject       string
	Email         string
	EmailVerified bool
	Name          string
	Claims        map[string]any // more claims of the ID token, e.g. "nip"
}

// OP is a running provider with one confidential client.
type OP struct {
	URL          string // the issuer
	ClientID     string
	ClientSecret string
	st           *storage
}

// Start serves a provider on loopback until the test ends, with a client
// of clientID and clientSecret (its redirect URIs: Register).
func Start(t testing.TB, clientID, clientSecret string) *OP {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	st := &storage{key: key, users: map[string]User{}, requests: map[string]*authRequest{}, codes: map[string]string{},
		client: &client{id: clientID, secret: clientSecret}}
	srv := httptest.NewUnstartedServer(nil)
	issuer := "http://" + srv.Listener.Addr().String()
	var cryptoKey [32]byte
	rand.Read(cryptoKey[:])
	provider, err := op.NewProvider(&op.Config{CryptoKey: cryptoKey, CodeMethodS256: true, AuthMethodPost: true,
		SupportedUILocales: []language.Tag{language.Indonesian, language.English}}, st, op.StaticIssuer(issuer), op.WithAllowInsecure())
	if err != nil {
		t.Fatal(err)
	}
	st.client.login = issuer + "/login?id="
	mux := http.NewServeMux()
	mux.HandleFunc("GET /login", st.loginPage)
	mux.HandleFunc("POST /login", func(w http.ResponseWriter, r *http.Request) {
		id := r.PostFormValue("id")
		if err := st.signIn(id, r.PostFormValue("username")); err != nil {
			http.Error(w, err.Error(), http.StatusForbidden)
			return
		}
		http.Redirect(w, r, issuer+"/authorize/callback?id="+url.QueryEscape(id), http.StatusFound)
	})
	mux.Handle("/", provider)
	srv.Config.Handler = mux
	srv.Start()
	t.Cleanup(srv.Close)
	return &OP{URL: issuer, ClientID: clientID, ClientSecret: clientSecret, st: st}
}

// Register lets the client be sent back to redirectURI.
func (o *OP) Register(redirectURI string) {
	o.st.mu.Lock()
	defer o.st.mu.Unlock()
	o.st.client.redirects = append(o.st.client.redirects, redirectURI)
}

// AddUser adds (or replaces) a person, by subject.
func (o *OP) AddUser(u User) {
	o.st.mu.Lock()
	defer o.st.mu.Unlock()
	o.st.users[u.Subject] = u
}

// Misbehave makes the ID tokens issued from now on name audience (nil:
// the client) and carry nonce ("": the request's), as a provider for
// another client, or a replayed token, would.
func (o *OP) Misbehave(audience []string, nonce string) {
	o.st.mu.Lock()
	defer o.st.mu.Unlock()
	o.st.audience, o.st.nonce = audience, nonce
}

// storage is the provider's memory: people, authorization requests, codes.
type storage struct {
	key    *rsa.PrivateKey
	client *client

	mu       sync.Mutex
	users    map[string]User
	requests map[string]*authRequest
	codes    map[string]string // code → request ID
	audience []string
	nonce    string
	next     int
}

var errNotFound = errors.New("oidcop: not found")

var loginPage = template.Must(template.New("login").Parse(`<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>SSO Kota (uji)</title></head>
<body><main><h1>SSO Kota (uji)</h1>
<form method="post" action="/login"><input type="hidden" name="id" value="{{.}}">
<label for="username">Email</label> <input id="username" name="username" type="text">
<button type="submit" id="op-sign-in">Masuk</button></form></main></body></html>`))

func (s *storage) loginPage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	loginPage.Execute(w, r.URL.Query().Get("id"))
}

// signIn completes request id as the person whose email or subject is username.
func (s *storage) signIn(id, username string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	req, ok := s.requests[id]
	if !ok {
		return errNotFound
	}
	for _, u := range s.users {
		if u.Email == username || u.Subject == username {
			req.subject, req.done, req.authTime = u.Subject, true, time.Now()
			return nil
		}
	}
	return fmt.Errorf("oidcop: no person %q", username)
}

func (s *storage) CreateAuthRequest(_ context.Context, in *oidc.AuthRequest, _ string) (op.AuthRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.next++
	req := &authRequest{id: fmt.Sprintf("req-%d", s.next), in: *in, audience: s.audience, nonce: in.Nonce}
	if s.nonce != "" {
		req.nonce = s.nonce
	}
	s.requests[req.id] = req
	return req, nil
}

func (s *storage) AuthRequestByID(_ context.Context, id string) (op.AuthRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if req, ok := s.requests[id]; ok {
		return req, nil
	}
	return nil, errNotFound
}

func (s *storage) AuthRequestByCode(ctx context.Context, code string) (op.AuthRequest, error) {
	s.mu.Lock()
	id, ok := s.codes[code]
	s.mu.Unlock()
	if !ok {
		return nil, errNotFound
	}
	return s.AuthRequestByID(ctx, id)
}

func (s *storage) SaveAuthCode(_ context.Context, id, code string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.codes[code] = id
	return nil
}

func (s *storage) DeleteAuthRequest(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.requests, id)
	for code, rid := range s.codes {
		if rid == id {
			delete(s.codes, code)
		}
	}
	return nil
}

func (s *storage) CreateAccessToken(context.Context, op.TokenRequest) (string, time.Time, error) {
	return rand.Text(), time.Now().Add(5 * time.Minute), nil
}

func (s *storage) CreateAccessAndRefreshTokens(context.Context, op.TokenRequest, string) (string, string, time.Time, error) {
	return "", "", time.Time{}, errors.New("oidcop: no refresh tokens")
}

func (s *storage) TokenRequestByRefreshToken(context.Context, string) (op.RefreshTokenRequest, error) {
	return nil, op.ErrInvalidRefreshToken
}

func (s *storage) TerminateSession(context.Context, string, string) error { return nil }

func (s *storage) RevokeToken(context.Context, string, string, string) *oidc.Error { return nil }

func (s *storage) GetRefreshTokenInfo(context.Context, string, string) (string, string, error) {
	return "", "", op.ErrInvalidRefreshToken
}

func (s *storage) SigningKey(context.Context) (op.SigningKey, error) { return signingKey{s.key}, nil }

func (s *storage) SignatureAlgorithms(context.Context) ([]jose.SignatureAlgorithm, error) {
	return []jose.SignatureAlgorithm{jose.RS256}, nil
}

func (s *storage) KeySet(context.Context) ([]op.Key, error) { return []op.Key{publicKey{s.key}}, nil }

func (s *storage) GetClientByClientID(_ context.Context, id string) (op.Client, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if id != s.client.id {
		return nil, errNotFound
	}
	c := *s.client
	c.redirects = slices.Clone(c.redirects)
	return &c, nil
}

func (s *storage) AuthorizeClientIDSecret(_ context.Context, id, secret string) error {
	if id != s.client.id || secret != s.client.secret {
		return errors.New("oidcop: wrong client secret")
	}
	return nil
}

// SetUserinfoFromScopes puts the person's email, name and other claims
// in the ID token (the client asserts userinfo claims in it).
func (s *storage) SetUserinfoFromScopes(_ context.Context, info *oidc.UserInfo, subject, _ string, scopes []string) error {
	s.mu.Lock()
	u, ok := s.users[subject]
	s.mu.Unlock()
	if !ok {
		return errNotFound
	}
	info.Subject = subject
	if slices.Contains(scopes, oidc.ScopeEmail) {
		info.Email, info.EmailVerified = u.Email, oidc.Bool(u.EmailVerified)
	}
	if slices.Contains(scopes, oidc.ScopeProfile) {
		info.Name = u.Name
		for k, v := range u.Claims {
			info.AppendClaims(k, v)
		}
	}
	return nil
}

func (s *storage) SetUserinfoFromToken(ctx context.Context, info *oidc.UserInfo, _, subject, _ string) error {
	return s.SetUserinfoFromScopes(ctx, info, subject, "", []string{oidc.ScopeEmail, oidc.ScopeProfile})
}

func (s *storage) SetIntrospectionFromToken(context.Context, *oidc.IntrospectionResponse, string, string, string) error {
	return errors.New("oidcop: no introspection")
}

func (s *storage) GetPrivateClaimsFromScopes(context.Context, string, string, []string) (map[string]any, error) {
	return nil, nil
}

func (s *storage) GetKeyByIDAndClientID(context.Context, string, string) (*jose.JSONWebKey, error) {
	return nil, errNotFound
}

func (s *storage) ValidateJWTProfileScopes(context.Context, string, []string) ([]string, error) {
	return nil, errors.New("oidcop: no JWT profile")
}

func (s *storage) Health(context.Context) error { return nil }

// authRequest is one authorization request, done once a person signs in.
type authRequest struct {
	id       string
	in       oidc.AuthRequest
	audience []string // nil: the client
	nonce    string
	subject  string
	done     bool
	authTime time.Time
}

func (a *authRequest) GetID() string       { return a.id }
func (a *authRequest) GetACR() string      { return "" }
func (a *authRequest) GetAMR() []string    { return []string{"pwd"} }
func (a *authRequest) GetClientID() string { return a.in.ClientID }
func (a *authRequest) GetAudience() []string {
	if a.audience != nil {
		return a.audience
	}
	return []string{a.in.ClientID}
}
func (a *authRequest) GetAuthTime() time.Time { return a.authTime }
func (a *authRequest) GetCodeChallenge() *oidc.CodeChallenge {
	if a.in.CodeChallenge == "" {
		return nil
	}
	return &oidc.CodeChallenge{Challenge: a.in.CodeChallenge, Method: a.in.CodeChallengeMethod}
}
func (a *authRequest) GetNonce() string                   { return a.nonce }
func (a *authRequest) GetRedirectURI() string             { return a.in.RedirectURI }
func (a *authRequest) GetResponseType() oidc.ResponseType { return a.in.ResponseType }
func (a *authRequest) GetResponseMode() oidc.ResponseMode { return a.in.ResponseMode }
func (a *authRequest) GetScopes() []string                { return a.in.Scopes }
func (a *authRequest) GetState() string                   { return a.in.State }
func (a *authRequest) GetSubject() string                 { return a.subject }
func (a *authRequest) Done() bool                         { return a.done }

// client is the one confidential web client.
type client struct {
	id, secret, login string
	redirects         []string
}

func (c *client) GetID() string                       { return c.id }
func (c *client) RedirectURIs() []string              { return c.redirects }
func (c *client) PostLogoutRedirectURIs() []string    { return nil }
func (c *client) ApplicationType() op.ApplicationType { return op.ApplicationTypeWeb }
func (c *client) AuthMethod() oidc.AuthMethod         { return oidc.AuthMethodBasic }
func (c *client) ResponseTypes() []oidc.ResponseType {
	return []oidc.ResponseType{oidc.ResponseTypeCode}
}
func (c *client) GrantTypes() []oidc.GrantType         { return []oidc.GrantType{oidc.GrantTypeCode} }
func (c *client) LoginURL(id string) string            { return c.login + url.QueryEscape(id) }
func (c *client) AccessTokenType() op.AccessTokenType  { return op.AccessTokenTypeBearer }
func (c *client) IDTokenLifetime() time.Duration       { return 5 * time.Minute }
func (c *client) DevMode() bool                        { return true } // http redirect URIs on loopback
func (c *client) IsScopeAllowed(string) bool           { return false }
func (c *client) IDTokenUserinfoClaimsAssertion() bool { return true }
func (c *client) ClockSkew() time.Duration             { return 0 }
func (c *client) RestrictAdditionalIdTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}
func (c *client) RestrictAdditionalAccessTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}

type signingKey struct{ k *rsa.PrivateKey }

func (k signingKey) SignatureAlgorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k signingKey) Key() any                                    { return k.k }
func (k signingKey) ID() string                                  { return "k1" }

type publicKey struct{ k *rsa.PrivateKey }

func (k publicKey) ID() string                         { return "k1" }
func (k publicKey) Algorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k publicKey) Use() string                        { return "sig" }
func (k publicKey) Key() any                           { return &k.k.PublicKey }
