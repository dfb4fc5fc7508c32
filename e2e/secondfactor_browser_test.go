package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/internal/devtest/oidcop"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/policies/samples"
)

// In Chromium, with the keyboard: a leader with no second factor signs in,
// is shown the QR code (an image the page's policy lets load) and the
// secret, types a wrong code (refused, the page again), then the
// authenticator's code, keeps the ten recovery codes and reaches the
// dashboard. Signing in again, the code page asks for the next code. Each
// page passes axe in both languages; so do one's own set-up pages from the
// settings.
func TestSecondFactorInChromium(t *testing.T) {
	s := newSite(t)
	const email = "kabid.baru.sawahlunto@policyflow.test"
	s.st.DB.SQL().MustExec(`INSERT INTO users (email, name, role, region_id, title, password_hash)
		SELECT $1, 'Kabid Baru', 'leader', region_id, 'Kepala Bidang', password_hash FROM users WHERE email = 'kabid.sawahlunto@policyflow.test'`, email)
	browser := newBrowser(t, 4*time.Minute)
	typePassword := func(b *tab) {
		b.open("/login?next=/dashboard")
		b.do("focus #email", chromedp.Focus(chromedp.ID("email")))
		b.press(email)
		b.press(kb.Tab)
		b.press(samples.DevPassword)
		b.load("the password", chromedp.KeyEvent(kb.Enter))
	}
	typeCode := func(b *tab, code string) {
		b.do("focus #code", chromedp.Focus(chromedp.ID("code")))
		b.press(code)
		b.load("the code", chromedp.KeyEvent(kb.Enter))
	}
	// typeWrong types a wrong code: the page again, 422, saying why.
	typeWrong := func(b *tab, code string) {
		b.do("focus #code", chromedp.Focus(chromedp.ID("code")))
		b.press(code)
		res, err := chromedp.RunResponse(b.ctx, chromedp.KeyEvent(kb.Enter))
		if err != nil || res == nil || res.Status != 422 || !b.exists("#tf-error") {
			t.Fatalf("a wrong code %q: %v, no refusal: %s", code, err, b.textOr("main", ""))
		}
	}

	b := s.person(t, browser)
	typePassword(b)
	if !strings.HasSuffix(b.location(), "/login/enrol") {
		t.Fatalf("after the password of a leader with no second factor: %s, want the set-up", b.location())
	}
	if loaded, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`document.getElementById("tf-qr").naturalWidth >= 200`)); err != nil || !loaded {
		t.Errorf("the QR code image did not load: %v", err)
	}
	axeCheck(t, b.ctx, "second factor set-up [id]")
	b.axeOpen(withLang("/login/enrol", "en"), 200, "#tf-qr", "second factor set-up [en]")
	secret := strings.ReplaceAll(b.text("#tf-secret"), " ", "")
	devtest.RememberTOTP(s.base, email, secret)
	typeWrong(b, "000000")
	if !b.exists("#tf-qr") {
		t.Fatalf("a wrong code: the set-up page shows no QR code again: %s", b.textOr("main", ""))
	}
	axeCheck(t, b.ctx, "second factor set-up, refused code [en]")
	typeCode(b, devtest.MustTOTPCode(t, s.base, email))
	if n := len(strings.Fields(b.textOr("#recovery-codes", ""))); n != 10 {
		t.Fatalf("after the right code: %d recovery codes shown, want 10: %s", n, b.textOr("main", ""))
	}
	axeCheck(t, b.ctx, "recovery codes [en]")
	b.load("continue", chromedp.Click(chromedp.ID("tf-continue")))
	if who := b.textOr("#who", ""); !strings.Contains(who, "Kabid Baru") || !strings.HasSuffix(b.location(), "/dashboard") {
		t.Fatalf("after the set-up: %s shows %q, want the dashboard signed in", b.location(), who)
	}

	again := s.person(t, browser)
	typePassword(again)
	if !strings.HasSuffix(again.location(), "/login/verify") {
		t.Fatalf("the next sign-in: %s, want the code's page", again.location())
	}
	axeCheck(t, again.ctx, "verification code [id]")
	again.axeOpen(withLang("/login/verify", "en"), 200, "#code", "verification code [en]")
	typeWrong(again, "123")
	axeCheck(t, again.ctx, "verification code, refused [en]")
	typeCode(again, devtest.MustTOTPCode(t, s.base, email))
	if !strings.HasSuffix(again.location(), "/dashboard") || !again.exists("#who") {
		t.Fatalf("after the code: %s, want the dashboard signed in: %s", again.location(), again.textOr("main", ""))
	}

	// One's own set-up from the settings (a drafter may).
	d := s.signedIn(t, browser, drafterEmail, "/settings")
	d.axeOpenBoth("/settings/second-factor", "#tf-start", "own set-up, start")
	d.load("begin", chromedp.Click(chromedp.ID("tf-start")))
	d.axeOpenBoth("/settings/second-factor", "#tf-qr", "own set-up")
}

// In Chromium, through the city's identity provider (a real OpenID
// provider on loopback): a leader signs in on the provider's page and,
// back at Policyflow, is asked for the code of their second factor before
// any page; with it they reach the dashboard.
func TestSSOSignInWithSecondFactor(t *testing.T) {
	s, op := newSSOSite(t)
	st := s.st
	const leader = "kabid.sawahlunto@policyflow.test"
	op.AddUser(oidcop.User{Subject: "kabid", Email: leader, EmailVerified: true, Name: "Kabid"})
	region, err := st.DB.RegionBySlug(t.Context(), "sawahlunto")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.DB.SetSSOProvider(t.Context(), region.ID, st.UserID(t, "admin.sawahlunto@policyflow.test"),
		policies.SSOInput{Issuer: op.URL, ClientID: op.ClientID, ClientSecret: op.ClientSecret, Claim: "email", Enabled: true}); err != nil {
		t.Fatal(err)
	}
	browser := newBrowser(t, 3*time.Minute)
	p := s.person(t, browser)
	p.open("/login?next=/notifications")
	p.load("go to the city's provider", chromedp.Click(chromedp.ID("sso-sawahlunto")))
	p.fill("username", leader)
	p.load("sign in at the provider", chromedp.Click(chromedp.ID("op-sign-in")))
	if !strings.HasSuffix(p.location(), "/login/verify") {
		t.Fatalf("a leader back from the provider: at %s, want the code's page", p.location())
	}
	if p.exists("#who") {
		t.Fatalf("signed in before the second factor")
	}
	p.secondFactor(leader)
	if !strings.HasSuffix(p.location(), "/notifications") || !strings.Contains(p.textOr("#who", ""), st.User(t, leader).Name) {
		t.Fatalf("after the code: %s, %q; want the page asked for, signed in", p.location(), p.textOr("#who", ""))
	}
}
