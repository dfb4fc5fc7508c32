package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/policyflow/policyflow/internal/devtest/oidcop"
	"github.com/policyflow/policyflow/internal/devtest/stack"
	"github.com/policyflow/policyflow/internal/devtest/web"
	"github.com/policyflow/policyflow/server"
)

// TestSSOSignInThroughTheCitysProvider: Sawahlunto's administrator
// connects the city's identity provider (a real OpenID provider on
// loopback, which this installation allows) on the administration page;
// the sign-in page then offers "Masuk dengan SSO Kota Sawahlunto"; a
// drafter signs in on the provider's own page and lands on their
// dashboard; someone the region does not know is refused on a clear page.
// Axe checks the new pages in both languages.
func TestSSOSignInThroughTheCitysProvider(t *testing.T) {
	s, op := newSSOSite(t)
	st := s.st
	op.AddUser(oidcop.User{Subject: "drafter", Email: drafterEmail, EmailVerified: true, Name: "Penyusun"})
	op.AddUser(oidcop.User{Subject: "stranger", Email: "bukan.pegawai@kota.test", EmailVerified: true})
	browser := newBrowser(t, 4*time.Minute)

	admin := s.signedIn(t, browser, "admin.sawahlunto@policyflow.test", "/admin")
	admin.axeOpenBoth("/admin/sso", "#sso-form", "SSO administration")
	admin.fill("issuer", op.URL)
	admin.fill("client_id", op.ClientID)
	admin.fill("client_secret", op.ClientSecret)
	admin.do("enable", chromedp.Click(chromedp.ID("enabled")))
	admin.submitExpect("save-sso", 200, "save the provider")
	if !admin.exists("#done") || strings.Contains(admin.textOr("main", ""), op.ClientSecret) {
		t.Fatalf("after saving: no notice, or the secret shown: %s", admin.textOr("main", ""))
	}
	if got, want := admin.text("#redirect-uri"), s.base+"/login/sso/sawahlunto/callback"; got != want {
		t.Errorf("redirect URI shown %q, want %q", got, want)
	}

	person := s.person(t, browser)
	person.axeOpenBoth("/login", "#sso-sawahlunto", "sign-in page with SSO")
	if got := person.text("#sso-sawahlunto"); got != "Sign in with Kota Sawahlunto SSO" {
		t.Errorf("the English button says %q", got)
	}
	person.open("/login?lang=id") // the language chosen is kept: back to Indonesian
	if got := person.text("#sso-sawahlunto"); got != "Masuk dengan SSO Kota Sawahlunto" {
		t.Errorf("the button says %q", got)
	}
	person.load("go to the city's provider", chromedp.Click(chromedp.ID("sso-sawahlunto")))
	if !strings.HasPrefix(person.location(), op.URL+"/login") {
		t.Fatalf("not on the provider's sign-in page: %s", person.location())
	}
	person.fill("username", drafterEmail)
	person.load("sign in at the provider", chromedp.Click(chromedp.ID("op-sign-in")))
	if loc := person.location(); loc != s.base+"/dashboard" {
		t.Fatalf("after the provider: at %s, want the dashboard", loc)
	}
	if who, name := person.textOr("#who", ""), st.User(t, drafterEmail).Name; !strings.Contains(who, name) {
		t.Errorf("signed in as %q, want %s", who, name)
	}

	stranger := s.person(t, browser)
	stranger.open("/login?lang=id")
	stranger.load("go to the city's provider", chromedp.Click(chromedp.ID("sso-sawahlunto")))
	stranger.fill("username", "bukan.pegawai@kota.test")
	res, err := chromedp.RunResponse(stranger.ctx, chromedp.Click(chromedp.ID("op-sign-in")))
	if err != nil || res == nil || res.Status != 403 {
		t.Fatalf("an unknown person: %v %v at %s", res, err, stranger.location())
	}
	if msg := stranger.text("#login-error"); !strings.Contains(msg, "tidak membuat akun dari SSO") {
		t.Errorf("the refusal says %q", msg)
	}
	axeCheck(t, stranger.ctx, "SSO refusal")
}

// newSSOSite is a site whose server allows identity providers on loopback,
// and Sawahlunto's provider (a real OpenID provider there) with the
// site's callback registered.
func newSSOSite(t *testing.T) (*site, *oidcop.OP) {
	t.Helper()
	st := stack.New(t)
	srv := web.Serve(t, server.Deps{Store: st.DB, Lifecycle: st.Lifecycle, SSOPrivateIssuers: []string{"127.0.0.1"}})
	op := oidcop.Start(t, "policyflow-sawahlunto", "rahasia-klien-browser")
	op.Register(srv.URL + "/login/sso/sawahlunto/callback")
	return &site{st: st, base: srv.URL}, op
}
