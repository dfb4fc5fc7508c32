package notify_test

import (
	"context"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/policyflow/policyflow/notify"
	"github.com/policyflow/policyflow/policies"
)

// connCounter counts the SMTP connections a mail server is given: in all,
// open now and open at most at once. With dropAfter > 0 the server closes a
// connection when a message would be its dropAfter+1-th (at MAIL FROM, as
// a server ending a long session does).
type connCounter struct {
	total, open, peak atomic.Int64
	dropAfter         int
	dropped           atomic.Int64
}

func (cc *connCounter) wrap(_ *mailServer, s *smtp.Server) {
	inner := s.Backend
	s.Backend = smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		sess, err := inner.NewSession(c)
		if err != nil {
			return nil, err
		}
		cc.total.Add(1)
		n := cc.open.Add(1)
		for p := cc.peak.Load(); n > p && !cc.peak.CompareAndSwap(p, n); p = cc.peak.Load() {
		}
		return &countedSession{Session: sess, cc: cc, c: c}, nil
	})
}

type countedSession struct {
	smtp.Session
	cc     *connCounter
	c      *smtp.Conn
	msgs   int
	logout sync.Once
}

func (s *countedSession) Mail(from string, o *smtp.MailOptions) error {
	if s.cc.dropAfter > 0 && s.msgs >= s.cc.dropAfter {
		s.cc.dropped.Add(1)
		s.c.Conn().Close() // no answer: the client sees the connection gone
		return io.ErrClosedPipe
	}
	return s.Session.Mail(from, o)
}

func (s *countedSession) Data(r io.Reader) error {
	if err := s.Session.Data(r); err != nil {
		return err
	}
	s.msgs++
	return nil
}

func (s *countedSession) Logout() error {
	s.logout.Do(func() { s.cc.open.Add(-1) })
	return s.Session.Logout()
}

// fanOut writes n immediate email reminders to n officers and returns the
// Message-IDs expected.
func fanOut(t *testing.T, f *fixture, n int) map[string]bool {
	t.Helper()
	want := map[string]bool{}
	for i := range n {
		uid, _ := f.user(t, fmt.Sprint("Petugas ", i), "immediate", f.plainUnit)
		key := fmt.Sprintf("policy-9-evaluation-r1-h7/unit%d/u%d", i, uid)
		want[notify.MessageID(key)] = true
		f.notify(t, policies.Notification{DedupKey: key, UserID: uid, Kind: "evaluation_reminder"})
	}
	return want
}

// runUntilDelivered runs d until the outbox is empty (or a minute passes).
func runUntilDelivered(t *testing.T, f *fixture, d *notify.Deliverer) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { defer close(done); d.Run(ctx) }()
	deadline := time.Now().Add(time.Minute)
	for f.undelivered(t) > 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	<-done
}

// checkOnce asserts every expected Message-ID arrived exactly once, every
// row is marked emailed and delivered, and none needed a second attempt.
func checkOnce(t *testing.T, f *fixture, ms *mailServer, want map[string]bool) {
	t.Helper()
	counts := ms.countByMessageID()
	if len(counts) != len(want) {
		t.Errorf("%d distinct Message-IDs arrived, want %d", len(counts), len(want))
	}
	for id, n := range counts {
		if n != 1 || !want[id] {
			t.Errorf("Message-ID %s arrived %d times (expected: %v)", id, n, want[id])
		}
	}
	var notDone, retried int
	must(t, f.db.SQL().Get(&notDone, `SELECT count(*) FROM notifications WHERE emailed_at IS NULL OR delivered_at IS NULL`))
	must(t, f.db.SQL().Get(&retried, `SELECT count(*) FROM notifications WHERE attempts > 0`))
	if notDone != 0 || retried != 0 {
		t.Errorf("%d rows not emailed and delivered, %d needed another attempt; want 0 and 0", notDone, retried)
	}
}

// A fan-out of 120 emails goes over a few connections kept open from one
// pass to the next, several at once but never more than the bound.
func TestEmailsShareFewConnectionsInParallel(t *testing.T) {
	const n, bound = 120, 3
	f := newFixture(t)
	cc := &connCounter{}
	ms := startMailServer(t, cc.wrap)
	// Each message takes a moment at the server, so the senders overlap.
	ms.onMessage = func(int, received) { time.Sleep(2 * time.Millisecond) }
	want := fanOut(t, f, n)
	d := deliverer(f, mailTo(t, ms))
	d.MailConnections = bound
	runUntilDelivered(t, f, d)

	checkOnce(t, f, ms, want)
	if got := cc.total.Load(); got > bound {
		t.Errorf("%d emails took %d SMTP connections, want at most %d (kept open from pass to pass)", n, got, bound)
	}
	if p := cc.peak.Load(); p < 2 || p > bound {
		t.Errorf("at most %d connections were open at once, want from 2 (in parallel) to %d (the bound)", p, bound)
	}
	// The deliverer has stopped: it ended its connections.
	deadline := time.Now().Add(5 * time.Second)
	for cc.open.Load() != 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if o := cc.open.Load(); o != 0 {
		t.Errorf("%d connections still open after the deliverer stopped", o)
	}
}

// The server drops each connection after five messages (as a server ending
// long sessions does): the sender opens another and goes on, and every
// email arrives once, none counted as a failed attempt.
func TestDroppedConnectionLosesAndDuplicatesNothing(t *testing.T) {
	const n, bound = 60, 2
	f := newFixture(t)
	cc := &connCounter{dropAfter: 5}
	ms := startMailServer(t, cc.wrap)
	want := fanOut(t, f, n)
	d := deliverer(f, mailTo(t, ms))
	d.MailConnections = bound
	runUntilDelivered(t, f, d)

	checkOnce(t, f, ms, want)
	if cc.dropped.Load() == 0 || cc.total.Load() < int64(n/5) {
		t.Errorf("the server dropped %d connections of %d, want one every five messages", cc.dropped.Load(), cc.total.Load())
	}
}

// SMTP_URL's connections= sets the bound, within 1–32.
func TestParseSMTPConnections(t *testing.T) {
	m, err := notify.ParseSMTPURL("smtp://mail.example.go.id:587?connections=8")
	if err != nil || m.Connections != 8 {
		t.Errorf("connections=8: %+v, %v", m, err)
	}
	for _, bad := range []string{"0", "33", "banyak"} {
		if _, err := notify.ParseSMTPURL("smtp://mail.example.go.id?connections=" + bad); err == nil {
			t.Errorf("connections=%s accepted", bad)
		}
	}
}
