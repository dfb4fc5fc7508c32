package notify

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/policyflow/policyflow/policies"
)

// Delivery channels, the channel label of the outbox metrics.
const (
	ChannelEmail   = "email"   // an email sent at once
	ChannelDigest  = "digest"  // the daily digest email
	ChannelWebhook = "webhook" // a unit's webhook
)

// Channels are every delivery channel, in the order the metrics list them.
var Channels = []string{ChannelEmail, ChannelDigest, ChannelWebhook}

// deliveryFailures counts failed delivery attempts by channel; each is
// retried with backoff (or, for an address refused for good, not at all).
var deliveryFailures = func() *prometheus.CounterVec {
	c := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "policyflow_notification_delivery_failures_total",
		Help: "Failed delivery attempts of notifications, by channel (email, digest, webhook).",
	}, []string{"channel"})
	for _, ch := range Channels {
		c.WithLabelValues(ch) // every channel shows, at 0 until it fails
	}
	return c
}()

// countFailure records a failed delivery attempt on channel.
func countFailure(channel string) { deliveryFailures.WithLabelValues(channel).Inc() }

// DeliveryFailures is the collector of the delivery failure counter, for
// the registry of the process that runs the Deliverer.
func DeliveryFailures() prometheus.Collector { return deliveryFailures }

// BacklogStore reads the outbox's backlog (postgres.DB does).
type BacklogStore interface {
	OutboxBacklog(ctx context.Context) ([]policies.OutboxBacklog, error)
}

// OutboxCollector reports, at each scrape, the undelivered notifications
// per channel and the age of the oldest, read from the outbox.
type OutboxCollector struct {
	Store BacklogStore
	// Timeout bounds the query (default 5 s); a failed query reports an
	// invalid metric, so the scrape says so.
	Timeout time.Duration
}

var (
	outboxDepthDesc = prometheus.NewDesc("policyflow_outbox_depth",
		"Notifications not yet delivered on a channel (email, digest, webhook).", []string{"channel"}, nil)
	outboxAgeDesc = prometheus.NewDesc("policyflow_outbox_oldest_age_seconds",
		"Age in seconds of the oldest notification not yet delivered on a channel; 0 when none waits.", []string{"channel"}, nil)
)

// Describe implements prometheus.Collector.
func (c OutboxCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- outboxDepthDesc
	ch <- outboxAgeDesc
}

// Collect implements prometheus.Collector.
func (c OutboxCollector) Collect(ch chan<- prometheus.Metric) {
	timeout := c.Timeout
	if timeout == 0 {
		timeout = 5 * time.Second
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	rows, err := c.Store.OutboxBacklog(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(outboxDepthDesc, err)
		return
	}
	by := map[string]policies.OutboxBacklog{}
	for _, r := range rows {
		by[r.Channel] = r
	}
	for _, name := range Channels {
		b := by[name]
		ch <- prometheus.MustNewConstMetric(outboxDepthDesc, prometheus.GaugeValue, float64(b.Depth), name)
		ch <- prometheus.MustNewConstMetric(outboxAgeDesc, prometheus.GaugeValue, b.OldestAge.Seconds(), name)
	}
}
