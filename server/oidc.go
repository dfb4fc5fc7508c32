package server

import (
	"context"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/sso"
)

// Signing in through a city's identity provider (OpenID Connect, issue
// 24; package sso does the protocol). The sign-in page offers "Masuk
// dengan SSO <kota>" for each region with an enabled provider;
// GET /login/sso/{region} begins (state, nonce and PKCE verifier kept in
// a cookie of the browser that began, nothing in the database), and the provider
// sends the person back to GET /login/sso/{region}/callback, whose address
// comes from PUBLIC_URL. The person found ends the way a password does:
// through completeSignIn, so what follows a first factor follows this one
// (the second factor of those who hold or need one, secondfactor.go).
// A refusal is a clear page, and once the sign-in is known to be ours
// (its state matched), audited in the region with its reason.

// ssoCookie holds the state of the sign-in this browser began.
const ssoCookie = "pf_sso"

// ssoPages are the sign-in routes and the administrator's page (routes.go).
func ssoPages() []pageRoute {
	return []pageRoute{
		{"GET", "/login/sso/{region}", anyone, (*Server).handleSSOStart},
		{"GET", "/login/sso/{region}/callback", anyone, (*Server).handleSSOCallback},
		{"GET", "/admin/sso", regionAdmins, (*Server).handleAdminSSO},
		{"POST", "/admin/sso", regionAdmins, formWrite(ssoFromForm, (*Server).setSSO, savedAt[policies.SSOProvider]("/admin/sso"))},
	}
}

// ssoRedirectURI is where region's provider sends people back.
func (s *Server) ssoRedirectURI(reg policies.Region) string {
	return s.publicURL + "/login/sso/" + reg.Slug + "/callback"
}

// ssoClientOf is the region of the URL and its enabled provider: a region
// with none (or none enabled) is not there for signing in (404).
func (s *Server) ssoClientOf(r *http.Request) (policies.Region, sso.Client, string, error) {
	ctx := r.Context()
	reg, err := s.store.RegionBySlug(ctx, chi.URLParam(r, "region"))
	if err != nil {
		return reg, sso.Client{}, "", err
	}
	c, err := s.store.SSOClient(ctx, reg.ID)
	if err != nil {
		return reg, sso.Client{}, "", err
	}
	return reg, sso.Client{Issuer: c.Issuer, ClientID: c.ClientID, ClientSecret: c.ClientSecret, RedirectURL: s.ssoRedirectURI(reg)}, c.Claim, nil
}

// errSSOUnreachable is a provider that did not answer its discovery.
var errSSOUnreachable = &policies.Error{Kind: policies.KindUnavailable, Key: "sso_err_unreachable",
	Message: "penyedia identitas kota tidak dapat dihubungi; coba lagi nanti atau masuk dengan kata sandi"}

// ssoPending is a sign-in begun in this browser, kept in its cookie only
// (HttpOnly, SameSite=Lax, __Host- over https), so that beginning one
// writes nothing: the region, the state the provider must send back, the
// nonce the ID token must carry, the PKCE verifier, where to go after, and
// when it ends. A browser can forge only its own: it still needs a code the
// provider gave for its own verifier, so it signs in no one but who the
// provider says it is.
type ssoPending struct {
	Region   string `json:"r"`
	State    string `json:"s"`
	Nonce    string `json:"n"`
	Verifier string `json:"v"`
	Next     string `json:"x"`
	Ends     int64  `json:"e"`
}

// handleSSOStart sends the person to their city's provider.
func (s *Server) handleSSOStart(w http.ResponseWriter, r *http.Request) error {
	reg, c, _, err := s.ssoClientOf(r)
	if err != nil {
		return err
	}
	p := ssoPending{Region: reg.Slug, State: randomToken(), Nonce: randomToken(), Verifier: sso.NewVerifier(),
		Next: safeNext(r.URL.Query().Get("next")), Ends: time.Now().Add(policies.SSOLoginLifetime).Unix()}
	to, err := s.sso.AuthURL(r.Context(), c, p.State, p.Nonce, p.Verifier)
	if err != nil {
		s.log.Warn("sso: provider unreachable", "region", reg.Slug, "err", err)
		return errSSOUnreachable
	}
	b, err := json.Marshal(p)
	if err != nil {
		return err
	}
	s.setCookie(w, ssoCookie, base64.RawURLEncoding.EncodeToString(b), int(policies.SSOLoginLifetime.Seconds()))
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// ssoPendingOf is the sign-in this browser began for reg whose state the
// provider sent back; false when there is none (no cookie, another
// region's, expired, or another state).
func (s *Server) ssoPendingOf(r *http.Request, reg policies.Region, state string) (ssoPending, bool) {
	var p ssoPending
	b, err := base64.RawURLEncoding.DecodeString(s.cookie(r, ssoCookie))
	if err != nil || json.Unmarshal(b, &p) != nil {
		return p, false
	}
	ok := p.Region == reg.Slug && time.Now().Unix() < p.Ends && state != "" &&
		subtle.ConstantTimeCompare([]byte(state), []byte(p.State)) == 1
	return p, ok
}

// handleSSOCallback finishes a sign-in the provider sent back.
func (s *Server) handleSSOCallback(w http.ResponseWriter, r *http.Request) error {
	reg, c, claim, err := s.ssoClientOf(r)
	if err != nil {
		return err
	}
	ctx, q := r.Context(), r.URL.Query()
	if !q.Has("state") && !q.Has("code") && !q.Has("error") {
		http.Redirect(w, r, "/login", http.StatusSeeOther) // opened by hand: nothing to finish
		return nil
	}
	l, ok := s.ssoPendingOf(r, reg, q.Get("state"))
	s.setCookie(w, ssoCookie, "", -1) // each sign-in is finished once
	if !ok {
		return s.ssoRefused(w, r, reg, http.StatusBadRequest, "sso_err_state") // not begun in this browser: nothing to audit
	}
	refuse := func(status int, reason, key string) error {
		if err := s.store.RefuseSSO(ctx, reg.ID, reason); err != nil {
			return err
		}
		return s.ssoRefused(w, r, reg, status, key)
	}
	if q.Get("error") != "" {
		return refuse(http.StatusForbidden, policies.SSORefusedProvider, "sso_err_provider")
	}
	claims, err := s.sso.Claims(ctx, c, q.Get("code"), l.Verifier, l.Nonce)
	if err != nil {
		s.log.Warn("sso: sign-in refused", "region", reg.Slug, "err", err)
		return refuse(http.StatusBadRequest, policies.SSORefusedToken, "sso_err_token")
	}
	value, reason := policies.SSOClaimValue(claims, claim)
	switch reason {
	case policies.SSORefusedUnverified:
		return refuse(http.StatusForbidden, reason, "sso_err_unverified")
	case policies.SSORefusedNoClaim:
		return refuse(http.StatusForbidden, reason, "sso_err_no_claim")
	}
	u, err := s.store.SSOPerson(ctx, reg.ID, claim, value)
	if policies.IsKind(err, policies.KindNotFound) {
		return refuse(http.StatusForbidden, policies.SSORefusedUnknown, "sso_err_unknown")
	} else if err != nil {
		return err
	}
	return s.completeSignIn(w, r, u, l.Next)
}

// ssoRefused shows the sign-in page with why a sign-in through region's
// provider was refused (key: its message, with the region's name).
func (s *Server) ssoRefused(w http.ResponseWriter, r *http.Request, reg policies.Region, status int, key string) error {
	lang := language(w, r)
	s.render(w, r, lang, status, "login", map[string]any{"Title": messages[lang]["login_title"],
		"Error": fmt.Sprintf(messages[lang][key], reg.Name), "SSO": s.ssoRegions(r.Context())})
	return nil
}

// ssoRegions are the regions whose people may sign in through their
// provider, for the sign-in page; none when they cannot be read (the
// password form still works, and the failure is logged).
func (s *Server) ssoRegions(ctx context.Context) []policies.Region {
	rs, err := s.store.SSORegions(ctx)
	if err != nil {
		s.log.Error("sso: regions with a provider", "err", err)
	}
	return rs
}
