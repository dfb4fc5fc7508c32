package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/policyflow/policyflow/activities"
	"github.com/policyflow/policyflow/notify"
	"github.com/policyflow/policyflow/postgres"
	"github.com/policyflow/policyflow/worker"
)

// runWorker runs the Temporal worker until ctx ends.
func runWorker(ctx context.Context, args []string, cfg config, log *slog.Logger, stderr io.Writer) error {
	fs := newFlags("worker", stderr)
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if err := cfg.requirePublicURL(); err != nil {
		return err
	}
	if cfg.SMTP != nil && cfg.UnsubscribeKey == nil {
		// Every email that is not transactional carries a signed one-click
		// unsubscribe link (RFC 8058): no key, no email.
		return fmt.Errorf("UNSUBSCRIBE_KEY is not set: a worker that sends email (SMTP_URL) needs it, the same as the server's (e.g. openssl rand -hex 32)")
	}
	if cfg.UnsubscribeKey == nil {
		log.Warn("UNSUBSCRIBE_KEY is not set: the Kirkpatrick survey links the workflows issue are signed with the empty key, as the server without one checks them")
	}
	db, err := openStore(ctx, cfg.DatabaseURL, true)
	if err != nil {
		return err
	}
	defer db.Close()
	pm, err := newProcessMetrics()
	if err != nil {
		return err
	}
	if err := pm.reg.Register(notify.DeliveryFailures()); err != nil {
		return err
	}
	stopMetrics, err := startMetrics(ctx, cfg, pm, log)
	if err != nil {
		return err
	}
	defer stopMetrics()
	c, err := dialTemporalMetrics(ctx, cfg.TemporalAddress, cfg.TemporalNamespace, cfg.TemporalTLS, log, pm.temporal)
	if err != nil {
		return err
	}
	defer c.Close()
	w := worker.New(c, &activities.Activities{Store: db, ReactionKey: cfg.UnsubscribeKey, Retention: cfg.Retention})
	if err := w.Start(); err != nil {
		return err
	}
	defer w.Stop()
	n, err := worker.EnsurePolicyWorkflows(ctx, c, db)
	if err != nil {
		return err
	}
	if err := worker.EnsurePurgeSchedule(ctx, c); err != nil {
		return err
	}
	stopDeliverer := startDeliverer(ctx, db, cfg, cfg.PublicURL, log)
	defer stopDeliverer()
	log.Info("worker running", "policies", n)
	<-ctx.Done()
	return nil
}

// startDeliverer sends the outbox (email, digests, webhooks) in the
// background until the returned stop is called, which waits for the
// notification in flight to be sent and marked.
func startDeliverer(ctx context.Context, db *postgres.DB, cfg config, publicURL string, log *slog.Logger) (stop func()) {
	d := &notify.Deliverer{
		Store: db, Mail: cfg.SMTP, BaseURL: publicURL, DigestHour: cfg.DigestHour, Lease: cfg.OutboxLease,
		Log: log.With("component", "notify"), AllowPrivateWebhooks: cfg.WebhookAllowPrivate,
		UnsubscribeKey: cfg.UnsubscribeKey,
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		d.Run(ctx)
	}()
	return func() {
		cancel()
		<-done
	}
}
