package sso

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/policyflow/policyflow/notify/webhookaddr"
)

// Client is one region's client at its provider.
type Client struct {
	Issuer       string
	ClientID     string
	ClientSecret string
	RedirectURL  string // where the provider sends people back (from PUBLIC_URL)
}

// Scopes are what Policyflow asks of a provider: the ID token, with the
// person's email, and their profile (where a city puts the NIP claim).
var Scopes = []string{oidc.ScopeOpenID, "email", "profile"}

// timeout bounds each request to a provider.
const timeout = 10 * time.Second

// discoveryLifetime is how long a provider's discovery (its endpoints
// and, with them, its cached signing keys) is kept before it is read again.
const discoveryLifetime = time.Hour

// Providers reaches the regions' providers, keeping each one's discovery.
type Providers struct {
	private map[string]bool // hosts whose issuers may be on private addresses

	mu    sync.Mutex
	known map[string]discovered // by issuer
}

type discovered struct {
	p      *oidc.Provider
	client *http.Client // to the issuer only
	until  time.Time
}

// New returns the Providers; privateHosts are the issuer hosts that may be
// on private or loopback addresses (OIDC_PRIVATE_ISSUERS).
func New(privateHosts []string) *Providers {
	p := &Providers{private: map[string]bool{}, known: map[string]discovered{}}
	for _, h := range privateHosts {
		if h = strings.ToLower(strings.TrimSpace(h)); h != "" {
			p.private[h] = true
		}
	}
	return p
}

// ErrAddress is an issuer refused for its address: not public, and not
// among the private hosts the operator allowed.
var ErrAddress = errors.New("sso: issuer is not on a public internet address")

// Check reads the issuer's discovery: the issuer must be reachable under
// the address rule and say it is itself. For an administrator saving it.
func (p *Providers) Check(ctx context.Context, issuer string) error {
	_, _, err := p.provider(ctx, issuer)
	return err
}

// AuthURL is where to send a person to sign in at the provider.
func (p *Providers) AuthURL(ctx context.Context, c Client, state, nonce, verifier string) (string, error) {
	prov, _, err := p.provider(ctx, c.Issuer)
	if err != nil {
		return "", err
	}
	return config(c, prov).AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)), nil
}

// Claims exchanges the code the provider sent back (with the PKCE
// verifier), verifies the ID token (signature, issuer, audience: the
// client ID alone, expiry) and its nonce, and returns its claims.
func (p *Providers) Claims(ctx context.Context, c Client, code, verifier, nonce string) (map[string]any, error) {
	prov, hc, err := p.provider(ctx, c.Issuer)
	if err != nil {
		return nil, err
	}
	tctx, cancel := context.WithTimeout(oidc.ClientContext(ctx, hc), timeout)
	defer cancel()
	tok, err := config(c, prov).Exchange(tctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		return nil, fmt.Errorf("sso: exchange the code: %w", err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return nil, errors.New("sso: the token answer has no ID token")
	}
	idt, err := prov.Verifier(&oidc.Config{ClientID: c.ClientID}).Verify(tctx, raw)
	if err != nil {
		return nil, fmt.Errorf("sso: ID token: %w", err)
	}
	// Only Policyflow's client may be the audience (OpenID Connect Core
	// 3.1.3.7: a token that names other audiences, not trusted here, is
	// refused), and the party it was issued to, when named, is this client.
	if len(idt.Audience) != 1 || idt.Audience[0] != c.ClientID {
		return nil, fmt.Errorf("sso: ID token: audience %q is not only this client", idt.Audience)
	}
	var azp struct {
		AuthorizedParty string `json:"azp"`
	}
	if err := idt.Claims(&azp); err != nil || (azp.AuthorizedParty != "" && azp.AuthorizedParty != c.ClientID) {
		return nil, errors.New("sso: ID token: issued to another party (azp)")
	}
	if idt.Nonce != nonce {
		return nil, errors.New("sso: ID token: the nonce is not this sign-in's")
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return nil, fmt.Errorf("sso: ID token claims: %w", err)
	}
	return claims, nil
}

func config(c Client, prov *oidc.Provider) *oauth2.Config {
	return &oauth2.Config{ClientID: c.ClientID, ClientSecret: c.ClientSecret, RedirectURL: c.RedirectURL,
		Endpoint: prov.Endpoint(), Scopes: Scopes}
}

// provider is the issuer's discovery, kept for discoveryLifetime, and
// the HTTP client that reaches the issuer only.
func (p *Providers) provider(ctx context.Context, issuer string) (*oidc.Provider, *http.Client, error) {
	p.mu.Lock()
	d, ok := p.known[issuer]
	p.mu.Unlock()
	if ok && time.Now().Before(d.until) {
		return d.p, d.client, nil
	}
	u, err := url.Parse(issuer)
	if err != nil || u.Host == "" {
		return nil, nil, fmt.Errorf("sso: issuer %q is not a URL", issuer)
	}
	private := p.private[strings.ToLower(u.Hostname())]
	if err := webhookaddr.CheckURL(ctx, issuer, private); err != nil {
		var refused *webhookaddr.Error
		if errors.As(err, &refused) {
			return nil, nil, fmt.Errorf("%w: %v", ErrAddress, err)
		}
		return nil, nil, fmt.Errorf("sso: issuer: %w", err)
	}
	hc := webhookaddr.NewClient(private, timeout)
	hc.Transport = issuerOnly{origin: origin(u), next: hc.Transport}
	// The provider fetches its keys later with this context: it must outlive the request.
	dctx, cancel := context.WithTimeout(oidc.ClientContext(context.WithoutCancel(ctx), hc), timeout)
	defer cancel()
	prov, err := oidc.NewProvider(dctx, issuer)
	if err != nil {
		return nil, nil, fmt.Errorf("sso: discovery of %s: %w", issuer, err)
	}
	p.mu.Lock()
	p.known[issuer] = discovered{p: prov, client: hc, until: time.Now().Add(discoveryLifetime)}
	p.mu.Unlock()
	return prov, hc, nil
}

// issuerOnly refuses every request to another origin than the issuer's.
type issuerOnly struct {
	origin string
	next   http.RoundTripper
}

func (t issuerOnly) RoundTrip(r *http.Request) (*http.Response, error) {
	if origin(r.URL) != t.origin {
		return nil, fmt.Errorf("sso: %s is not the issuer's host %s: refused", r.URL.Host, t.origin)
	}
	return t.next.RoundTrip(r)
}

// origin is a URL's scheme, host and port (the scheme's default if none), lower case.
func origin(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[strings.ToLower(u.Scheme)]
	}
	return strings.ToLower(u.Scheme + "://" + u.Hostname() + ":" + port)
}

// NewVerifier is a fresh PKCE code verifier.
func NewVerifier() string { return oauth2.GenerateVerifier() }
