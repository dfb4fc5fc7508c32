package e2e

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

var inviteLink = regexp.MustCompile(`/invite/[A-Za-z0-9_\-]+`)

// In a real browser: the region's administrator invites a person by email;
// the invitation goes out over SMTP (the deliverer, as in the worker, to an
// SMTP server in the test); the person follows the link, sets a password
// and signs in with it. The link then works no more.
func TestBrowserAdministratorInvitesAPerson(t *testing.T) {
	s := newSite(t)
	in := deliverToInbox(t, s.st, s.base, nil)

	browser := newBrowser(t, 3*time.Minute)
	adm := s.signedIn(t, browser, "admin.sawahlunto@policyflow.test", "/admin/people")
	const email, name = "analis.baru@sawahluntokota.go.id", "Rina Analis Kebijakan"
	adm.do("fill the invitation",
		chromedp.SetValue(chromedp.ID("email"), email),
		chromedp.SetValue(chromedp.ID("name"), name),
		chromedp.SetValue(chromedp.ID("role"), "drafter"),
		chromedp.SetValue(chromedp.ID("unit"), "bkpsdm"),
		chromedp.SetValue(chromedp.ID("title"), "Analis Kebijakan Ahli Muda"),
	)
	adm.load("send the invitation", chromedp.Click(chromedp.ID("send-invite")))
	if page := adm.textOr("main", ""); !strings.Contains(page, name) {
		t.Fatalf("after inviting, the people page does not list %s:\n%s", name, page)
	}

	body := in.waitFor(t, email, 30*time.Second)
	link := inviteLink.FindString(body)
	if link == "" {
		t.Fatalf("the invitation email has no /invite/ link:\n%s", body)
	}

	p := s.person(t, browser)
	p.open(link)
	const password = "kata-sandi-rina-2026"
	p.do("set the password",
		chromedp.SetValue(chromedp.ID("password"), password),
		chromedp.SetValue(chromedp.ID("password2"), password),
	)
	p.load("save the password", chromedp.Click(chromedp.ID("set-password")))

	p.open("/login?next=/dashboard")
	p.do("focus #email", chromedp.Focus(chromedp.ID("email")))
	p.press(email)
	p.press(kb.Tab)
	p.press(password)
	p.load("sign in as the invited person", chromedp.KeyEvent(kb.Enter))
	p.secondFactor(email)
	if who := p.textOr("#who", ""); !strings.Contains(who, name) {
		t.Fatalf("after signing in with the new password, the header shows %q, want %s (page: %s)", who, name, p.textOr("main", ""))
	}

	// The link was for one use.
	res, err := chromedp.RunResponse(p.ctx, chromedp.Navigate(s.base+link))
	if err != nil {
		t.Fatal(err)
	}
	if res == nil || res.Status != 410 {
		var st int64
		if res != nil {
			st = res.Status
		}
		t.Errorf("the used link answers %d, want 410", st)
	}
}
