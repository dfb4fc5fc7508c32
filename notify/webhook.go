package notify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/policyflow/policyflow/policies"

	"github.com/policyflow/policyflow/notify/webhookaddr"
)

// webhookLane calls units' webhooks beside the emails: a pass hands it the
// rows whose webhook is due and goes on with its emails at once, so an
// endpoint that answers slowly, or never, holds up only its own rows.
// WebhookWorkers calls run at once; at most a batch of rows waits for them.
// A row that finds the lane full counts as a failed attempt and comes back
// with backoff: only while endpoints are slow enough to fill it.
type webhookLane struct {
	d      *Deliverer
	ctx    context.Context // not cancelled: calls and marks run to their end
	client *http.Client
	jobs   chan hookJob
	stop   chan struct{} // closed: give the rows not yet called back
	report func(sent int, err error)
	wg     sync.WaitGroup
}

// hookJob is a claimed row whose webhook is to be called.
type hookJob struct {
	o         policies.Outgoing
	claimedAt time.Time // the deliverer's clock at the claim: Release matches it
	started   time.Time // the wall clock at the claim: the lease runs from it
}

// errLaneFull is the failure of a row that found every webhook worker busy
// and the queue full.
var errLaneFull = errors.New("webhook: every webhook worker is busy with slow endpoints; the call waits for the next attempt")

// startLane starts the webhook workers; report gets each row's outcome
// (from several goroutines at once).
func (d *Deliverer) startLane(ctx context.Context, report func(sent int, err error)) *webhookLane {
	l := &webhookLane{
		d: d, ctx: context.WithoutCancel(ctx),
		client: webhookaddr.NewClient(d.AllowPrivateWebhooks, d.webhookTimeout()),
		jobs:   make(chan hookJob, d.batch()),
		stop:   make(chan struct{}),
		report: report,
	}
	for range d.webhookWorkers() {
		l.wg.Go(l.work)
	}
	return l
}

// add queues a row's webhook call; false when the queue is full.
func (l *webhookLane) add(j hookJob) bool {
	select {
	case l.jobs <- j:
		return true
	default:
		return false
	}
}

// close waits until every queued row is called and marked, or, with
// release, until the calls in flight end, giving the rest back at once.
func (l *webhookLane) close(release bool) {
	if release {
		close(l.stop)
	}
	close(l.jobs)
	l.wg.Wait()
	l.client.CloseIdleConnections()
}

func (l *webhookLane) work() {
	for j := range l.jobs {
		stopping := false
		select {
		case <-l.stop:
			stopping = true
		default:
		}
		// Past half the lease another deliverer may take the row soon: give
		// it back rather than risk calling twice.
		if stopping || time.Since(j.started) > l.d.lease()/2 {
			rctx, cancel := context.WithTimeout(l.ctx, opTimeout)
			err := l.d.Store.Release(rctx, []int64{j.o.ID}, j.claimedAt, l.d.now(), l.d.lease())
			cancel()
			l.report(0, err)
			continue
		}
		l.report(l.call(j.o))
	}
}

// call POSTs the row to its unit's webhook and finishes the row.
func (l *webhookLane) call(o policies.Outgoing) (sent int, err error) {
	d := l.d
	if err := d.postWebhook(l.ctx, l.client, o); err != nil {
		countFailure(ChannelWebhook)
		return 0, d.failed(l.ctx, o, err)
	}
	mctx, cancel := context.WithTimeout(l.ctx, opTimeout)
	err = d.Store.MarkWebhooked(mctx, o.ID, d.now())
	cancel()
	if err != nil {
		return 1, err
	}
	d.log().Debug("webhook called", "notification", o.ID, "delivery", o.DedupKey)
	return 1, d.finish(l.ctx, o)
}

// postWebhook POSTs the row to its unit's webhook, signed; any 2xx answer
// is success.
func (d *Deliverer) postWebhook(ctx context.Context, client *http.Client, o policies.Outgoing) error {
	body := webhookBody(d.BaseURL, o.Notification)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, o.WebhookURL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("webhook: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Policyflow-Webhook/1")
	req.Header.Set("X-Policyflow-Signature", Sign(o.WebhookSecret, body))
	req.Header.Set("X-Policyflow-Delivery", o.DedupKey)
	req.Header.Set("X-Policyflow-Kind", string(o.Kind))
	resp, err := client.Do(req)
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
