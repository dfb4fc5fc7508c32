// Package notify delivers Policyflow's outbox: the notifications the
// workflows write (policies.Notification) reach people by email, at once or
// in a daily digest, and reach units' systems by a signed webhook. The
// in-app inbox needs nothing: the rows are already there.
//
// Delivery is at least once. Each row is claimed for a lease
// (policies.ClaimLease), sent, and marked right after each successful send,
// so a crash repeats at most the messages in flight: one email and the
// webhook calls under way. A
// repeated email carries the same Message-ID (MessageID, from the
// notification's de-duplication key), a repeated webhook the same
// X-Policyflow-Delivery key, so receivers can drop the duplicate.
//
// Webhooks go out on a lane of their own (webhook.go), a few calls at a
// time beside the emails, each ended after WebhookTimeout: an endpoint that
// answers slowly or never holds up only its own rows. They reach public
// internet addresses only (package webhookaddr), checked as each
// connection is made.
package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// Deliverer sends the outbox. Several may run at once, in one process or
// many: the store hands each row to one of them.
type Deliverer struct {
	Store   policies.OutboxStore
	Mail    *SMTP        // nil: no email (the inbox and webhooks still work)
	BaseURL string       // makes links absolute, e.g. https://policyflow.example.go.id
	Log     *slog.Logger // nil: discard
	Batch   int          // rows claimed at a time (default 10 per mail connection)
	// MailConnections is how many SMTP connections emails go out over at
	// once (0: the SMTP's Connections, else DefaultMailConnections).
	MailConnections int
	// WebhookTimeout ends one webhook call, from connecting to the end of
	// the answer (default 5 s).
	WebhookTimeout time.Duration
	// WebhookWorkers is how many webhook calls run at once (default 4).
	WebhookWorkers int
	// AllowPrivateWebhooks lets webhooks reach loopback, private and
	// link-local addresses. For tests whose receivers listen on 127.0.0.1
	// (WEBHOOK_ALLOW_PRIVATE=1); production never sets it.
	AllowPrivateWebhooks bool
	// DigestHour is the hour (0–23) at which a digest day begins and the
	// daily digests go out, in each recipient's region's zone (WIB, WITA or
	// WIT; WIB for someone with no region). The configuration's default is 7.
	DigestHour int
	// Lease is how long a claimed row belongs to this deliverer (0:
	// policies.ClaimLease); every deliverer sharing an outbox uses the same.
	Lease time.Duration
	// Name says which deliverer claimed a row (claimed_by, shown on the
	// operations console; "": the host's name and the process's ID).
	Name string
	// Now is the clock (nil: time.Now); tests move it.
	Now func() time.Time
	// UnsubscribeKey signs the one-click unsubscribe link every email that
	// is not transactional carries (UNSUBSCRIBE_KEY, at least
	// policies.MinUnsubscribeKey bytes, the same as the web server's).
	// Without it emails go out with no link: the worker refuses to start
	// so when it sends email.
	UnsubscribeKey []byte
}

// Run delivers until ctx ends: at once when rows are written (when the
// store says so: OutboxWaker), at once again after a full batch, and every
// second for retries falling due. When ctx ends it finishes the rows in
// flight, marks them, and returns.
func (d *Deliverer) Run(ctx context.Context) {
	log := d.log()
	if d.Mail == nil {
		log.Info("email off: SMTP_URL is not set; notifications stay in the in-app inbox (and unit webhooks)")
	} else {
		log.Info("delivering notifications", "smtp", d.Mail.String(), "public_url", d.BaseURL, "digest_hour_local", d.DigestHour)
		if len(d.UnsubscribeKey) < policies.MinUnsubscribeKey {
			log.Warn("no unsubscribe key: emails go out without an unsubscribe link")
		}
	}
	if d.AllowPrivateWebhooks {
		log.Warn("webhooks may reach loopback and private addresses: a setting for tests only")
	}
	// Webhook failures are logged as they happen (and rescheduled) rather
	// than kept for a pass result.
	lane := d.startLane(ctx, func(_ int, err error) {
		if err != nil && !errors.Is(err, errMarkedFailed) {
			log.Warn("webhook delivery", "err", err)
		}
	})
	// On a stop the calls in flight finish and are marked; rows still
	// waiting for the lane are given back.
	defer lane.close(true)
	// The SMTP connections stay open from one pass to the next.
	pool := &mailPool{m: d.Mail}
	defer pool.close()
	wake := d.wake(ctx)
	t := time.NewTimer(0)
	defer t.Stop()
	// A batch claimed while the previous one went out (pass); given back
	// if the deliverer stops before it is sent.
	var next *batch
	defer func() {
		if next != nil {
			if err := d.release(ctx, next.ids(), next.claimedAt); err != nil {
				log.Warn("notification delivery: giving back the next batch", "err", err)
			}
		}
	}()
	for {
		if next == nil {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			case <-wake:
			}
		} else if ctx.Err() != nil {
			return
		}
		p := d.pass(ctx, lane, pool, next, true)
		next = p.next
		if p.err != nil && ctx.Err() == nil {
			log.Warn("notification delivery", "err", p.err)
		}
		if p.claimed >= d.batch() && p.err == nil {
			t.Reset(0)
		} else {
			t.Reset(time.Second)
		}
	}
}

// DeliverOnce claims one batch of due notifications and the due digests,
// delivers them, and returns how many messages (emails, webhook calls and
// digests) were sent. Failed sends are scheduled again with backoff and
// reported in the error. It returns when the batch's webhook calls have
// ended too.
func (d *Deliverer) DeliverOnce(ctx context.Context) (sent int, err error) {
	var mu sync.Mutex
	var errs []error
	lane := d.startLane(ctx, func(n int, err error) {
		mu.Lock()
		sent += n
		errs = append(errs, err)
		mu.Unlock()
	})
	pool := &mailPool{m: d.Mail}
	p := d.pass(ctx, lane, pool, nil, false)
	pool.close()
	lane.close(ctx.Err() != nil)
	return sent + p.sent, errors.Join(append(errs, p.err)...)
}

type passResult struct {
	claimed, sent int
	err           error
	next          *batch // claimed during the pass, for the next one
}

// batch is a claim: its rows and when it was made.
type batch struct {
	rows      []policies.Outgoing
	claimedAt time.Time // the deliverer's clock, for the lease
	started   time.Time // the wall clock, for "past half the lease"
}

func (b *batch) ids() []int64 {
	ids := make([]int64, len(b.rows))
	for i, o := range b.rows {
		ids[i] = o.ID
	}
	return ids
}

// claim takes the next batch of due rows.
func (d *Deliverer) claim(ctx context.Context) (batch, error) {
	b := batch{claimedAt: d.now(), started: time.Now()}
	cctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	var err error
	b.rows, err = d.Store.ClaimBatch(cctx, d.name(), d.batch(), b.claimedAt, d.lease())
	return b, err
}

// release gives back claimed rows not sent, even when ctx has ended.
func (d *Deliverer) release(ctx context.Context, ids []int64, claimedAt time.Time) error {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), opTimeout)
	defer cancel()
	return d.Store.Release(rctx, ids, claimedAt, d.now(), d.lease())
}

// opTimeout bounds one database write in a pass.
const opTimeout = 10 * time.Second

// pass delivers one batch: pre, claimed by the pass before, or one it
// claims. With prefetch, a full batch has the next claimed while its second
// half goes out (a claim is a round trip that would otherwise leave the
// connections idle), returned in p.next.
func (d *Deliverer) pass(ctx context.Context, lane *webhookLane, pool *mailPool, pre *batch, prefetch bool) (p passResult) {
	var errs []error
	defer func() { p.err = errors.Join(errs...) }()

	// The sends and marks of a row run to their end even when ctx ends, so a
	// stop between rows, not inside one: detach them from ctx.
	work := context.WithoutCancel(ctx)
	var b batch
	if pre != nil {
		b = *pre
	} else {
		var err error
		if b, err = d.claim(ctx); err != nil {
			errs = append(errs, err)
			return
		}
	}
	rows, claimedAt, started := b.rows, b.claimedAt, b.started
	p.claimed = len(rows)

	// The next batch, claimed on the detached context so that a claim
	// made is always known, and given back (Run) if the deliverer stops.
	var claimed chan batch
	claimNext := func() {
		if !prefetch || claimed != nil || len(rows) < d.batch() || ctx.Err() != nil {
			return
		}
		claimed = make(chan batch, 1)
		go func() {
			nb, err := d.claim(work)
			if err != nil {
				d.log().Warn("notification delivery: claiming the next batch", "err", err)
			}
			claimed <- nb
		}()
	}
	defer func() {
		if claimed != nil {
			if nb := <-claimed; len(nb.rows) > 0 {
				p.next = &nb
			}
		}
	}()

	// The rows go to a few senders at once, each with its own SMTP
	// connection (pool.go); each row is sent and marked by one of them.
	var mu sync.Mutex
	rowsCh := make(chan policies.Outgoing)
	var senders sync.WaitGroup
	nSenders := min(d.mailConnections(), len(rows))
	marks := d.startMarker(work, nSenders)
	for range nSenders {
		senders.Go(func() {
			s := &session{d: d, pool: pool}
			defer s.end()
			for o := range rowsCh {
				n, err := d.deliver(work, s, marks, o, lane, hookJob{o: o, claimedAt: claimedAt, started: started})
				mu.Lock()
				p.sent += n
				if err != nil {
					errs = append(errs, err)
				}
				mu.Unlock()
			}
		})
	}
	var rest []int64
	for i, o := range rows {
		// Past half the lease, another deliverer may take these rows soon:
		// give the rest back rather than risk sending them twice.
		if ctx.Err() != nil || time.Since(started) > d.lease()/2 {
			for _, r := range rows[i:] {
				rest = append(rest, r.ID)
			}
			break
		}
		if i == len(rows)/2 {
			claimNext()
		}
		rowsCh <- o
	}
	close(rowsCh)
	senders.Wait()
	marks.close()
	if len(rest) > 0 {
		if err := d.release(work, rest, claimedAt); err != nil {
			errs = append(errs, err)
		}
		return
	}
	if d.Mail != nil && ctx.Err() == nil {
		s := &session{d: d, pool: pool}
		n, err := d.digests(ctx, work, s)
		s.end()
		p.sent += n
		if err != nil {
			errs = append(errs, err)
		}
	}
	return
}

// OutboxWaker is a store that says when rows are written to the outbox
// (postgres.DB: LISTEN on the channel its trigger NOTIFYs).
type OutboxWaker interface {
	OutboxWake(ctx context.Context) (<-chan struct{}, error)
}

// wake is the store's signal of new rows; nil (never ready) when it has
// none, and the deliverer polls.
func (d *Deliverer) wake(ctx context.Context) <-chan struct{} {
	w, ok := d.Store.(OutboxWaker)
	if !ok {
		return nil
	}
	ch, err := w.OutboxWake(ctx)
	if err != nil {
		d.log().Warn("not woken by new notifications; polling every second", "err", err)
		return nil
	}
	return ch
}

// digests sends the due daily digests, each marked right after it was sent.
func (d *Deliverer) digests(ctx, work context.Context, s *session) (sent int, err error) {
	cctx, cancel := context.WithTimeout(ctx, opTimeout)
	ds, err := d.Store.DueDigests(cctx, d.now(), d.DigestHour, digestBatch, d.lease())
	cancel()
	if err != nil {
		return 0, err
	}
	var errs []error
	for _, dg := range ds {
		// Unlike rows, claimed digests are not given back on a stop: they
		// go out when their lease ends.
		if ctx.Err() != nil {
			break
		}
		if len(dg.Items) > 0 {
			msg := digestEmail(d.Mail.From, d.BaseURL, d.UnsubscribeKey, dg, d.now()).render()
			if err := s.send(work, dg.Email, msg); err != nil {
				countFailure(ChannelDigest)
				mctx, cancel := context.WithTimeout(work, opTimeout)
				next, merr := d.Store.MarkDigestFailed(mctx, dg.ID, err.Error(), d.now())
				cancel()
				d.log().Warn("digest not sent, will retry", "digest", dg.ID, "user", dg.UserID, "next_attempt", next, "err", err)
				errs = append(errs, fmt.Errorf("digest %d: %w", dg.ID, err), merr)
				continue
			}
			sent++
		}
		mctx, cancel := context.WithTimeout(work, opTimeout)
		err := d.Store.MarkDigested(mctx, dg, d.now())
		cancel()
		if err != nil {
			errs = append(errs, err)
		}
	}
	return sent, errors.Join(errs...)
}
