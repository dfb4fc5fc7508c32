package notify_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/notify"
	"github.com/policyflow/policyflow/policies"
)

// The operations console's "retry now" (postgres.DB.RetryDelivery) on a
// failing email, with two deliverers running: the retry makes it due at
// once and wakes them (it goes out long before its 30 s backoff ends), a
// retry while a deliverer is sending it is refused naming that deliverer
// (its claim, migration 0062), and an administrator pressing retry over and
// over meanwhile changes nothing of that: the mail server receives the
// email exactly once.
func TestRetryNowSendsOnceWhileDeliverersRun(t *testing.T) {
	f := newFixture(t)
	ms := startMailServer(t)
	ms.failFor(1)
	uid, _ := f.user(t, "Rina", "immediate", f.plainUnit)
	key := fmt.Sprintf("policy-9-approval-s1-request/u%d", uid)
	row := f.notify(t, policies.Notification{DedupKey: key, UserID: uid, Kind: "approval_request"})
	ctx := t.Context()

	// The first attempt fails: retried by itself only after 30 s.
	if sent, err := deliverer(f, mailTo(t, ms)).DeliverOnce(ctx); sent != 0 || err == nil {
		t.Fatalf("first attempt: sent %d, %v; want a failure", sent, err)
	}
	st, _ := f.delivery(ctx, row)
	if st.Attempts != 1 || time.Until(st.NextAttemptAt) < 20*time.Second {
		t.Fatalf("after the failure: attempts %d, next in %s", st.Attempts, time.Until(st.NextAttemptAt))
	}

	// While the mail server holds the email, the administrator retries it.
	var mu sync.Mutex
	var whileSending []error
	ms.mu.Lock()
	ms.onMessage = func(_ int, _ received) {
		_, err := f.db.RetryDelivery(context.Background(), f.region, 0, row)
		mu.Lock()
		whileSending = append(whileSending, err)
		mu.Unlock()
	}
	ms.mu.Unlock()

	runCtx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	for _, name := range []string{"pengirim-a", "pengirim-b"} {
		d := deliverer(f, mailTo(t, ms))
		d.Name = name
		wg.Go(func() { d.Run(runCtx) })
	}
	defer func() { stop(); wg.Wait() }()

	retried := time.Now()
	if _, err := f.db.RetryDelivery(ctx, f.region, 0, row); err != nil {
		t.Fatalf("retry now: %v", err)
	}
	// An administrator pressing again and again until it is delivered.
	var pressed, accepted int
	hammer := make(chan struct{})
	go func() {
		defer close(hammer)
		for {
			if st, _ := f.delivery(ctx, row); st.DeliveredAt != nil {
				return
			}
			_, err := f.db.RetryDelivery(ctx, f.region, 0, row)
			pressed++
			if err == nil {
				accepted++
			} else if policies.KindOf(err) != policies.KindConflict {
				t.Errorf("retry while deliverers run: %v, want a conflict at most", err)
				return
			}
		}
	}()
	wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	devtest.WaitFor(wctx, t, "the retried email delivered", func() (bool, string) {
		st, _ := f.delivery(ctx, row)
		return st.DeliveredAt != nil, fmt.Sprintf("%+v", st)
	})
	took := time.Since(retried)
	<-hammer
	stop()
	wg.Wait()

	if n := ms.countByMessageID()[notify.MessageID(key)]; n != 1 || len(ms.messages()) != 1 {
		t.Errorf("the mail server received the email %d times (%d messages), want once", n, len(ms.messages()))
	}
	if took > 5*time.Second {
		t.Errorf("delivered %s after the retry; want at once, not at the end of its backoff", took)
	}
	mu.Lock()
	if len(whileSending) != 1 || whileSending[0] == nil || policies.KindOf(whileSending[0]) != policies.KindConflict ||
		!strings.Contains(whileSending[0].Error(), "sedang dikirim oleh pengirim-") {
		t.Errorf("a retry while the email was being sent: %v, want one conflict naming the deliverer", whileSending)
	}
	mu.Unlock()
	var claim struct {
		By    *string    `db:"claimed_by"`
		Until *time.Time `db:"claimed_until"`
	}
	must(t, f.db.SQL().Get(&claim, `SELECT claimed_by, claimed_until FROM notifications WHERE id = $1`, row))
	if claim.By != nil || claim.Until != nil {
		t.Errorf("the delivered row is still claimed: %v until %v", claim.By, claim.Until)
	}
	if _, err := f.db.RetryDelivery(ctx, f.region, 0, row); policies.KindOf(err) != policies.KindConflict || !strings.Contains(err.Error(), "sudah selesai") {
		t.Errorf("retrying a delivered email: %v, want a conflict saying it is done", err)
	}
	var audited int
	must(t, f.db.SQL().Get(&audited, `SELECT count(*) FROM audit_log WHERE action = 'delivery.retried' AND subject = $1`, fmt.Sprintf("notification:%d", row)))
	if audited != 1+accepted {
		t.Errorf("%d retries audited, want %d (the first and %d of %d presses accepted)", audited, 1+accepted, accepted, pressed)
	}
	t.Logf("delivered %s after the retry; %d presses meanwhile, %d accepted", took.Round(time.Millisecond), pressed, accepted)
}
