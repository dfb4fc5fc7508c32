package e2e

import (
	"context"
	"io"
	"log/slog"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/policyflow/policyflow/internal/devtest/stack"
	"github.com/policyflow/policyflow/notify"
)

// unsubscribeKey signs the one-click links of the tests that follow them.
var unsubscribeKey = []byte("kunci-berhenti-langganan-uji-0123456789")

// deliverToInbox starts an SMTP inbox and, until the test ends, the
// worker's deliverer sending st's outbox to it under base (PUBLIC_URL),
// its one-click links signed with key (nil: none).
func deliverToInbox(t *testing.T, st *stack.Stack, base string, key []byte) *inbox {
	t.Helper()
	in, addr := startInbox(t)
	d := &notify.Deliverer{Store: st.DB, Mail: &notify.SMTP{Addr: addr, From: mail.Address{Name: "Policyflow", Address: "noreply@policyflow.test"}},
		BaseURL: base, DigestHour: 7, UnsubscribeKey: key, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); d.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	return in
}

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

// messagesWith are the messages to rcpt that contain s.
func (in *inbox) messagesWith(rcpt, s string) []string {
	in.mu.Lock()
	defer in.mu.Unlock()
	var out []string
	for _, m := range in.bySMT[strings.ToLower(rcpt)] {
		if strings.Contains(m, s) {
			out = append(out, m)
		}
	}
	return out
}

// waitWith waits for a message to rcpt containing s and returns it.
func (in *inbox) waitWith(t *testing.T, rcpt, s string, within time.Duration) string {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		if ms := in.messagesWith(rcpt, s); len(ms) > 0 {
			return ms[0]
		}
		if time.Now().After(deadline) {
			in.mu.Lock()
			got := in.bySMT[strings.ToLower(rcpt)]
			in.mu.Unlock()
			t.Fatalf("no email to %s with %q within %s; got %q", rcpt, s, within, got)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
