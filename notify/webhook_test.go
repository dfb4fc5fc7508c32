package notify_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/policyflow/policyflow/notify/webhookaddr"
	"github.com/policyflow/policyflow/policies"
)

// hangingHook is a webhook receiver whose calls hang until release (or the
// caller gives up); started reports each call's delivery key as it begins.
type hangingHook struct {
	srv      *httptest.Server
	started  chan string
	returned atomic.Int32
	release  func()
}

func startHangingHook(t *testing.T) *hangingHook {
	t.Helper()
	h := &hangingHook{started: make(chan string, 100)}
	ch := make(chan struct{})
	var once sync.Once
	h.release = func() { once.Do(func() { close(ch) }) }
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.started <- r.Header.Get("X-Policyflow-Delivery")
		select {
		case <-ch:
		case <-r.Context().Done():
		}
		h.returned.Add(1)
	}))
	t.Cleanup(h.srv.Close)
	t.Cleanup(h.release) // runs first: no handler left hanging for Close
	return h
}

// A unit's webhook that never answers does not hold up email: with one
// webhook worker stuck on it, every email of four batches goes out while the
// call still hangs; once it answers, its rows are delivered too.
func TestHangingWebhookDoesNotHoldUpEmails(t *testing.T) {
	const emails, hookRows = 20, 3
	f := newFixture(t)
	ms := startMailServer(t)
	hook := startHangingHook(t)
	f.setWebhook(t, hook.srv.URL+"/policyflow", "rahasia-unit-0123456789")
	hookUser, _ := f.user(t, "Dedi", "none", f.hookUnit) // webhook only
	var hookIDs []int64
	for i := range hookRows { // the oldest rows: first in the first batch
		hookIDs = append(hookIDs, f.notify(t, policies.Notification{DedupKey: fmt.Sprintf("hook-%d", i), UserID: hookUser, Kind: "program_start"}))
	}
	var users []int64
	for i := range 4 {
		id, _ := f.user(t, fmt.Sprint("Pegawai ", i), "immediate", f.plainUnit)
		users = append(users, id)
	}
	for i := range emails {
		f.notify(t, policies.Notification{DedupKey: fmt.Sprintf("mail-%d", i), UserID: users[i%4], Kind: "approval_request"})
	}
	allMail := make(chan struct{})
	ms.onMessage = func(n int, _ received) {
		if n == emails {
			close(allMail)
		}
	}

	d := deliverer(f, mailTo(t, ms))
	d.Batch = 5
	d.WebhookWorkers = 1
	d.WebhookTimeout = 10 * time.Minute // the call ends when the test says so
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	ran := make(chan struct{})
	go func() { defer close(ran); d.Run(ctx) }()

	select {
	case <-hook.started:
	case <-time.After(30 * time.Second):
		t.Fatal("the webhook was not called within 30 s")
	}
	select {
	case <-allMail:
	case <-time.After(60 * time.Second):
		t.Fatalf("%d of %d emails arrived in 60 s while the webhook hung", len(ms.messages()), emails)
	}
	if n := hook.returned.Load(); n != 0 || len(hook.started) != 0 {
		t.Fatalf("the webhook answered %d times and was called %d more times before every email arrived; want the first call still hanging",
			n, len(hook.started))
	}

	hook.release()
	for i := 1; i < hookRows; i++ {
		select {
		case <-hook.started:
		case <-time.After(30 * time.Second):
			t.Fatalf("webhook call %d of %d did not come within 30 s of the first answer", i+1, hookRows)
		}
	}
	cancel() // every call has begun: the stop lets them finish and mark
	<-ran
	if left := f.undelivered(t); left != 0 {
		t.Errorf("%d rows undelivered", left)
	}
	for _, id := range hookIDs {
		if st, _ := f.delivery(t.Context(), id); st.WebhookAt == nil || st.Attempts != 0 {
			t.Errorf("webhook row %d: %+v; want called once, no failed attempt", id, st)
		}
	}
	if counts := ms.countByMessageID(); len(counts) != emails {
		t.Errorf("%d distinct emails, want %d", len(counts), emails)
	}
}

// A call that gets no answer ends at WebhookTimeout and is tried again
// later; the email in the same batch is not affected.
func TestWebhookTimeoutPerCall(t *testing.T) {
	f := newFixture(t)
	ms := startMailServer(t)
	hook := startHangingHook(t)
	f.setWebhook(t, hook.srv.URL, "rahasia-unit-0123456789")
	hookUser, _ := f.user(t, "Dedi", "none", f.hookUnit)
	mailUser, _ := f.user(t, "Ani", "immediate", f.plainUnit)
	row := f.notify(t, policies.Notification{DedupKey: "lambat", UserID: hookUser, Kind: "evaluation_reminder"})
	f.notify(t, policies.Notification{DedupKey: "surat", UserID: mailUser, Kind: "approval_request"})

	d := deliverer(f, mailTo(t, ms))
	d.WebhookTimeout = 300 * time.Millisecond
	start := time.Now()
	sent, err := d.DeliverOnce(t.Context())
	took := time.Since(start)
	var ne net.Error
	if sent != 1 || !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("DeliverOnce = %d, %v; want the email sent and the webhook timed out", sent, err)
	}
	if took > 4*time.Second {
		t.Errorf("the pass took %s with a 300 ms webhook timeout", took)
	}
	st, _ := f.delivery(t.Context(), row)
	if st.Attempts != 1 || st.WebhookAt != nil || st.DeliveredAt != nil || st.LastError == nil || !strings.Contains(*st.LastError, "Timeout") {
		t.Errorf("row after the timeout: %+v; want one failed attempt with the timeout as its error", st)
	}
	if n := len(ms.messages()); n != 1 {
		t.Errorf("mail server got %d messages, want 1", n)
	}
}

// Without the test allowance, the deliverer connects to no loopback
// address, whether the URL names it or a host name resolves to it (as a
// rebound DNS name would); the rows are tried again later, and go through
// once the allowance is on.
func TestWebhookToPrivateAddressRefused(t *testing.T) {
	f := newFixture(t)
	var hits atomic.Int32
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer hook.Close()
	_, port, _ := net.SplitHostPort(hook.Listener.Addr().String())
	hookUser, _ := f.user(t, "Dedi", "none", f.hookUnit)
	clk := &clock{t: time.Now().Add(time.Second)}
	d := deliverer(f, nil)
	d.AllowPrivateWebhooks = false
	d.Now = clk.Now

	var rows []int64
	for i, u := range []string{hook.URL + "/policyflow", "http://localhost:" + port + "/policyflow"} {
		f.setWebhook(t, u, "rahasia-unit-0123456789")
		row := f.notify(t, policies.Notification{DedupKey: fmt.Sprint("lokal-", i), UserID: hookUser, Kind: "program_start"})
		rows = append(rows, row)
		sent, err := d.DeliverOnce(t.Context())
		var ae *webhookaddr.Error
		if sent != 0 || !errors.As(err, &ae) || !ae.Addr.IsLoopback() {
			t.Errorf("%s: DeliverOnce = %d, %v; want refused as a loopback address", u, sent, err)
		}
		st, _ := f.delivery(t.Context(), row)
		if st.Attempts != 1 || st.WebhookAt != nil || st.LastError == nil || !strings.Contains(*st.LastError, "not a public internet address") {
			t.Errorf("%s: row %+v; want one failed attempt, refused", u, st)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Fatalf("the receiver on 127.0.0.1 got %d calls", n)
	}

	// The same rows, due again, with the allowance: both reach the unit's
	// (now localhost) webhook.
	clk.Add(time.Minute)
	d.AllowPrivateWebhooks = true
	if sent, err := d.DeliverOnce(t.Context()); sent != 2 || err != nil || hits.Load() != 2 {
		t.Errorf("with the allowance: sent %d, %v, receiver got %d; want 2, nil, 2", sent, err, hits.Load())
	}
	for _, id := range rows {
		if st, _ := f.delivery(t.Context(), id); st.WebhookAt == nil || st.DeliveredAt == nil {
			t.Errorf("row %d with the allowance: %+v", id, st)
		}
	}
}
