package e2e

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/emersion/go-smtp"

	"github.com/policyflow/policyflow/notify"
)

// inbox is a real SMTP server (emersion/go-smtp) on the loopback that keeps
// what it receives, decoded, by recipient.
type inbox struct {
	mu    sync.Mutex
	bySMT map[string][]string // recipient → message bodies
}

func startInbox(t *testing.T) (*inbox, string) {
	t.Helper()
	in := &inbox{bySMT: map[string][]string{}}
	s := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &inboxSession{in: in}, nil }))
	s.Domain = "mail.test"
	s.ReadTimeout, s.WriteTimeout = 30*time.Second, 30*time.Second
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go s.Serve(l)
	t.Cleanup(func() { s.Close() })
	return in, l.Addr().String()
}

// waitFor returns the first message to rcpt, waiting for it until the
// deadline.
func (in *inbox) waitFor(t *testing.T, rcpt string, within time.Duration) string {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		in.mu.Lock()
		msgs := in.bySMT[strings.ToLower(rcpt)]
		in.mu.Unlock()
		if len(msgs) > 0 {
			return msgs[0]
		}
		if time.Now().After(deadline) {
			t.Fatalf("no email to %s within %s", rcpt, within)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

type inboxSession struct {
	in *inbox
	to []string
}

func (s *inboxSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *inboxSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, strings.ToLower(to))
	return nil
}
func (s *inboxSession) Data(r io.Reader) error {
	msg, err := mail.ReadMessage(r)
	if err != nil {
		return err
	}
	var body io.Reader = msg.Body
	if strings.EqualFold(msg.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
		body = quotedprintable.NewReader(msg.Body)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	s.in.mu.Lock()
	defer s.in.mu.Unlock()
	for _, to := range s.to {
		s.in.bySMT[to] = append(s.in.bySMT[to], string(b))
	}
	return nil
}
func (s *inboxSession) Reset()        { s.to = nil }
func (s *inboxSession) Logout() error { return nil }

var inviteLink = regexp.MustCompile(`/invite/[A-Za-z0-9_\-]+`)

// In a real browser: the region's administrator invites a person by email;
// the invitation goes out over SMTP (the deliverer, as in the worker, to an
// SMTP server in the test); the person follows the link, sets a password
// and signs in with it. The link then works no more.
func TestBrowserAdministratorInvitesAPerson(t *testing.T) {
	s := newSite(t)
	in, addr := startInbox(t)
	d := &notify.Deliverer{Store: s.st.DB, Mail: &notify.SMTP{Addr: addr, From: mail.Address{Name: "Policyflow", Address: "noreply@policyflow.test"}},
		BaseURL: s.base, DigestHour: 7, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); d.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })

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
	if errors.Is(ctx.Err(), context.Canceled) {
		t.Fatal("the deliverer stopped early")
	}
}
