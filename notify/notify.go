// Package notify delivers Policyflow's outbox: the notifications the
// workflows write (policies.Notification) reach people by email, at once or
// in a daily digest, and reach units' systems by a signed webhook. The
// in-app inbox needs nothing: the rows are already there.
//
// Delivery is at least once. Each row is claimed for a lease
// (postgres.ClaimLease), sent, and marked right after each successful send,
// one row at a time, so a crash repeats at most the message in flight. A
// repeated email carries the same Message-ID (MessageID, from the
// notification's de-duplication key), a repeated webhook the same
// X-Policyflow-Delivery key, so receivers can drop the duplicate.
package notify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/policyflow/policyflow/postgres"
)

// Store is what the deliverer needs of the database (postgres.DB).
type Store interface {
	ClaimBatch(ctx context.Context, limit int, now time.Time) ([]postgres.Outgoing, error)
	MarkEmailed(ctx context.Context, id int64, at time.Time) error
	MarkEmailRefused(ctx context.Context, id int64, reason string, at time.Time) error
	MarkWebhooked(ctx context.Context, id int64, at time.Time) error
	MarkDelivered(ctx context.Context, id int64, at time.Time) error
	MarkFailed(ctx context.Context, id int64, reason string, now time.Time) (time.Time, error)
	WaitForDigest(ctx context.Context, id int64, until time.Time) error
	Release(ctx context.Context, ids []int64, claimedAt, now time.Time) error
	DueDigests(ctx context.Context, now time.Time, hour, limit int) ([]postgres.Digest, error)
	MarkDigested(ctx context.Context, d postgres.Digest, at time.Time) error
	MarkDigestFailed(ctx context.Context, id int64, reason string, now time.Time) (time.Time, error)
}

var _ Store = (*postgres.DB)(nil)

// Deliverer sends the outbox. Several may run at once, in one process or
// many: the store hands each row to one of them.
type Deliverer struct {
	Store   Store
	Mail    *SMTP        // nil: no email (the inbox and webhooks still work)
	HTTP    *http.Client // for webhooks; nil: a client with a 10 s timeout that follows no redirects
	BaseURL string       // makes links absolute, e.g. https://policyflow.example.go.id
	Log     *slog.Logger // nil: discard
	Batch   int          // rows claimed at a time (default 10)
	// DigestHour is the hour (0–23, WIB) at which a digest day begins and
	// the daily digests go out. The configuration's default is 7.
	DigestHour int
	// Now is the clock (nil: time.Now); tests move it.
	Now func() time.Time
}

// digestBatch is how many digests one pass claims.
const digestBatch = 10

func (d *Deliverer) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

func (d *Deliverer) log() *slog.Logger {
	if d.Log != nil {
		return d.Log
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

func (d *Deliverer) batch() int {
	if d.Batch > 0 {
		return d.Batch
	}
	return 10
}

var defaultHTTP = &http.Client{
	Timeout: 10 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error {
		return errors.New("webhook redirects are not followed")
	},
}

func (d *Deliverer) httpClient() *http.Client {
	if d.HTTP != nil {
		return d.HTTP
	}
	return defaultHTTP
}

// Run delivers until ctx ends, polling every second (at once again after a
// full batch). When ctx ends it finishes the row in flight, marks it, and
// returns.
func (d *Deliverer) Run(ctx context.Context) {
	log := d.log()
	if d.Mail == nil {
		log.Info("email off: SMTP_URL is not set; notifications stay in the in-app inbox (and unit webhooks)")
	} else {
		log.Info("delivering notifications", "smtp", d.Mail.String(), "public_url", d.BaseURL, "digest_hour_wib", d.DigestHour)
	}
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		p := d.pass(ctx)
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
// reported in the error.
func (d *Deliverer) DeliverOnce(ctx context.Context) (sent int, err error) {
	p := d.pass(ctx)
	return p.sent, p.err
}

type passResult struct {
	claimed, sent int
	err           error
}

// opTimeout bounds one database write in a pass.
const opTimeout = 10 * time.Second

func (d *Deliverer) pass(ctx context.Context) (p passResult) {
	var errs []error
	defer func() { p.err = errors.Join(errs...) }()

	// The sends and marks of a row run to their end even when ctx ends, so a
	// stop between rows, not inside one: detach them from ctx.
	work := context.WithoutCancel(ctx)
	claimedAt := d.now()
	started := time.Now()
	cctx, cancel := context.WithTimeout(ctx, opTimeout)
	rows, err := d.Store.ClaimBatch(cctx, d.batch(), claimedAt)
	cancel()
	if err != nil {
		errs = append(errs, err)
		return
	}
	p.claimed = len(rows)

	s := &session{d: d}
	defer s.end()
	for i, o := range rows {
		// Past half the lease, another deliverer may take these rows soon:
		// give the rest back rather than risk sending them twice.
		if ctx.Err() != nil || time.Since(started) > postgres.ClaimLease/2 {
			var rest []int64
			for _, r := range rows[i:] {
				rest = append(rest, r.ID)
			}
			rctx, cancel := context.WithTimeout(work, opTimeout)
			if err := d.Store.Release(rctx, rest, claimedAt, d.now()); err != nil {
				errs = append(errs, err)
			}
			cancel()
			return
		}
		n, err := d.deliver(work, s, o)
		p.sent += n
		if err != nil {
			errs = append(errs, err)
		}
	}
	if d.Mail != nil && ctx.Err() == nil {
		n, err := d.digests(ctx, work, s)
		p.sent += n
		if err != nil {
			errs = append(errs, err)
		}
	}
	return
}

// session holds the pass's SMTP connection, opened on first use. When the
// server cannot be reached, the rest of the pass fails at once with the same
// error instead of waiting for each row.
type session struct {
	d       *Deliverer
	mc      *mailConn
	dialErr error
}

func (s *session) send(ctx context.Context, to string, msg []byte) error {
	if s.dialErr != nil {
		return s.dialErr
	}
	if s.mc == nil {
		mc, err := s.d.Mail.dial(ctx)
		if err != nil {
			s.dialErr = err
			return err
		}
		s.mc = mc
	}
	err := s.mc.send(s.d.Mail.From.Address, to, msg)
	if err != nil && !s.mc.reset() {
		s.mc.close()
		s.mc = nil
	}
	return err
}

func (s *session) end() {
	if s.mc != nil {
		s.mc.quit()
		s.mc = nil
	}
}

// deliver sends what one claimed row still needs, marking each channel right
// after it succeeded, and returns the number of sends.
func (d *Deliverer) deliver(ctx context.Context, s *session, o postgres.Outgoing) (sent int, err error) {
	log := d.log().With("notification", o.ID, "kind", o.Kind, "user", o.UserID)
	fail := func(err error) (int, error) {
		mctx, cancel := context.WithTimeout(ctx, opTimeout)
		defer cancel()
		next, merr := d.Store.MarkFailed(mctx, o.ID, err.Error(), d.now())
		if merr != nil {
			return sent, errors.Join(err, merr)
		}
		log.Warn("notification not delivered, will retry", "attempt", o.Attempts+1, "next_attempt", next, "err", err)
		return sent, fmt.Errorf("notification %d: %w", o.ID, err)
	}
	mark := func(f func(context.Context, int64, time.Time) error) error {
		mctx, cancel := context.WithTimeout(ctx, opTimeout)
		defer cancel()
		return f(mctx, o.ID, d.now())
	}

	if d.Mail != nil && o.NotifyMode == postgres.NotifyImmediate && o.EmailedAt == nil && o.EmailRefusedAt == nil {
		msg := notificationEmail(d.Mail.From, d.BaseURL, o, d.now()).render()
		var refused *RecipientRefused
		switch err := s.send(ctx, o.Email, msg); {
		case errors.As(err, &refused):
			// The address will not work: no retries; the inbox still has it.
			log.Warn("email recipient refused for good; not retried", "email", o.Email, "err", err)
			reason := err.Error()
			if err := mark(func(ctx context.Context, id int64, at time.Time) error {
				return d.Store.MarkEmailRefused(ctx, id, reason, at)
			}); err != nil {
				return sent, err
			}
		case err != nil:
			return fail(err)
		default:
			sent++
			// Marked at once: from here on a crash does not resend the email.
			if err := mark(d.Store.MarkEmailed); err != nil {
				return sent, err
			}
			log.Debug("emailed", "message_id", MessageID(o.DedupKey))
		}
	}
	if o.WebhookURL != "" && o.WebhookAt == nil {
		if err := d.postWebhook(ctx, o); err != nil {
			return fail(err)
		}
		sent++
		if err := mark(d.Store.MarkWebhooked); err != nil {
			return sent, err
		}
		log.Debug("webhook called", "delivery", o.DedupKey)
	}
	if d.Mail != nil && o.NotifyMode == postgres.NotifyDigest && o.EmailedAt == nil {
		// The digest sends it and marks it delivered; look again at the next
		// digest time in case the user's mode changes meanwhile.
		_, start := postgres.DigestDay(d.now(), d.DigestHour)
		return sent, mark(func(ctx context.Context, id int64, _ time.Time) error {
			return d.Store.WaitForDigest(ctx, id, start.AddDate(0, 0, 1))
		})
	}
	return sent, mark(d.Store.MarkDelivered)
}

// postWebhook POSTs the row to its unit's webhook, signed; any 2xx answer
// is success.
func (d *Deliverer) postWebhook(ctx context.Context, o postgres.Outgoing) error {
	body := webhookBody(d.BaseURL, o.Notification)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, o.WebhookURL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("webhook: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Policyflow-Webhook/1")
	req.Header.Set("X-Policyflow-Signature", Sign(o.WebhookSecret, body))
	req.Header.Set("X-Policyflow-Delivery", o.DedupKey)
	req.Header.Set("X-Policyflow-Kind", o.Kind)
	resp, err := d.httpClient().Do(req)
	if err != nil {
		return fmt.Errorf("webhook: %w", err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("webhook: %s answered %s", req.URL.Redacted(), resp.Status)
	}
	return nil
}

// digests sends the due daily digests, each marked right after it was sent.
func (d *Deliverer) digests(ctx, work context.Context, s *session) (sent int, err error) {
	cctx, cancel := context.WithTimeout(ctx, opTimeout)
	ds, err := d.Store.DueDigests(cctx, d.now(), d.DigestHour, digestBatch)
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
			msg := digestEmail(d.Mail.From, d.BaseURL, dg, d.now()).render()
			if err := s.send(work, dg.Email, msg); err != nil {
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
