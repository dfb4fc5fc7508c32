package notify_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/postgres"
)

// groupStore counts the statements that mark rows emailed and delivered,
// and the rows marked so far.
type groupStore struct {
	*postgres.DB
	hold       func() // runs before the first statement
	first      sync.Once
	statements atomic.Int64
	marked     atomic.Int64
	largest    atomic.Int64
}

func (g *groupStore) MarkEmailedDelivered(ctx context.Context, ids []int64, at time.Time) error {
	g.first.Do(g.hold)
	if err := g.DB.MarkEmailedDelivered(ctx, ids, at); err != nil {
		return err
	}
	g.statements.Add(1)
	g.marked.Add(int64(len(ids)))
	for n := int64(len(ids)); ; {
		l := g.largest.Load()
		if n <= l || g.largest.CompareAndSwap(l, n) {
			break
		}
	}
	return nil
}

// The marks of several connections go to the database in one statement,
// yet the window a crash could repeat stays as it was: at no moment does
// the mail server hold more accepted but unmarked messages than there are
// connections (each sender waits for its row's mark before its next
// message), and every row is marked once.
func TestMarksGroupedWithinTheCrashWindow(t *testing.T) {
	const n, bound = 60, 4
	f := newFixture(t)
	ms := startMailServer(t)
	want := fanOut(t, f, n)
	g := &groupStore{DB: f.db}
	// The first mark waits until every connection has a message accepted,
	// so the next statement has several rows to carry.
	g.hold = func() {
		devtest.WaitFor(t.Context(), t, "a message on every connection", func() (bool, string) {
			got := len(ms.messages())
			return got >= bound, fmt.Sprintf("%d messages accepted", got)
		})
	}
	var worst atomic.Int64
	ms.onMessage = func(k int, _ received) {
		// k messages accepted (this one too), g.marked of them marked.
		unmarked := int64(k) - g.marked.Load()
		for {
			w := worst.Load()
			if unmarked <= w || worst.CompareAndSwap(w, unmarked) {
				break
			}
		}
	}
	d := deliverer(f, mailTo(t, ms))
	d.Store = g
	d.MailConnections = bound
	d.Batch = n
	runUntilDelivered(t, f, d)

	checkOnce(t, f, ms, want)
	if got := g.marked.Load(); got != n {
		t.Errorf("%d rows marked emailed and delivered, want %d", got, n)
	}
	if s := g.statements.Load(); s >= n || g.largest.Load() < 2 {
		t.Errorf("%d rows marked in %d statements (largest %d rows), want several rows in a statement", n, s, g.largest.Load())
	}
	if w := worst.Load(); w > bound {
		t.Errorf("the server held %d accepted messages not yet marked, want at most %d (one per connection)", w, bound)
	}
	t.Logf("%d rows marked in %d statements (largest %d); at most %d accepted messages unmarked at once", n, g.statements.Load(), g.largest.Load(), worst.Load())
}

// A deliverer stopped while a batch goes out gives back every row it holds,
// the rest of that batch and the next one it claimed meanwhile: none waits
// for its lease to end, none shows as claimed, and nothing is lost or sent
// twice.
func TestStopGivesBackEveryClaimedRow(t *testing.T) {
	const n = 40
	f := newFixture(t)
	ms := startMailServer(t)
	want := fanOut(t, f, n)
	d := deliverer(f, mailTo(t, ms))
	d.MailConnections = 2
	d.Batch = 10
	ctx, stop := context.WithCancel(t.Context())
	// Message 8 is in the second half of the first batch: the next batch
	// has been claimed by then.
	ms.onMessage = func(k int, _ received) {
		if k == 8 {
			stop()
		}
	}
	done := make(chan struct{})
	go func() { defer close(done); d.Run(ctx) }()
	<-done

	var claimed, notDue, left int
	x := f.db.SQL()
	must(t, x.Get(&claimed, `SELECT count(*) FROM notifications WHERE claimed_until IS NOT NULL OR claimed_by IS NOT NULL`))
	must(t, x.Get(&notDue, `SELECT count(*) FROM notifications WHERE delivered_at IS NULL AND next_attempt_at > now()`))
	must(t, x.Get(&left, `SELECT count(*) FROM notifications WHERE delivered_at IS NULL`))
	if claimed != 0 || notDue != 0 {
		t.Errorf("after the stop %d rows still claimed and %d not due, want 0 and 0 (given back)", claimed, notDue)
	}
	if sent := len(ms.messages()); sent+left != n || left == 0 {
		t.Errorf("%d sent and %d left of %d, want every row either sent or left, some left", sent, left, n)
	}

	// Another deliverer sends the rest at once, each once.
	runUntilDelivered(t, f, deliverer(f, mailTo(t, ms)))
	checkOnce(t, f, ms, want)
}
