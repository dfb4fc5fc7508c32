package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.temporal.io/sdk/client"

	"github.com/policyflow/policyflow/metrics"
	"github.com/policyflow/policyflow/notify"
	"github.com/policyflow/policyflow/postgres"
	"github.com/policyflow/policyflow/server"
	"github.com/policyflow/policyflow/signing"
	"github.com/policyflow/policyflow/workflows"
)

// runServer runs the web server until ctx ends.
func runServer(ctx context.Context, args []string, cfg config, log *slog.Logger, stderr io.Writer) error {
	fs := newFlags("server", stderr)
	addr := fs.String("addr", or(cfg.HTTPAddr, ":8080"), "listen address (HTTP_ADDR)")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if err := cfg.requirePublicURL(); err != nil {
		return err
	}
	l, err := listen(*addr)
	if err != nil {
		return err
	}
	defer l.Close()
	db, err := openStore(ctx, cfg.DatabaseURL, true)
	if err != nil {
		return err
	}
	defer db.Close()
	pm, err := newProcessMetrics()
	if err != nil {
		return err
	}
	c, err := dialTemporalMetrics(ctx, cfg.TemporalAddress, cfg.TemporalNamespace, cfg.TemporalTLS, log, pm.temporal)
	if err != nil {
		return err
	}
	defer c.Close()
	h, err := newHandlerMetrics(db, c, cfg, log, pm)
	if err != nil {
		return err
	}
	stopMetrics, err := startMetrics(ctx, cfg, pm, log)
	if err != nil {
		return err
	}
	defer stopMetrics()
	log.Info("server listening", "addr", l.Addr().String())
	return serveHTTP(ctx, l, h, log)
}

// newHandlerMetrics builds the web handler with its readiness checks, and
// its /metrics on pm's registry, where it adds the HTTP metrics and the
// outbox's backlog.
func newHandlerMetrics(db *postgres.DB, c client.Client, cfg config, log *slog.Logger, pm *processMetrics) (http.Handler, error) {
	checks := []server.Check{
		{Name: "postgres", Ping: db.Ping},
		{Name: "temporal", Ping: temporalPing(c)},
	}
	deps := make([]metrics.Dependency, len(checks))
	for i, c := range checks {
		deps[i] = metrics.Dependency{Name: c.Name, Ping: c.Ping}
	}
	for _, col := range []prometheus.Collector{
		notify.OutboxCollector{Store: db},
		metrics.Dependencies{Checks: deps},
		metrics.Approvals{Backlog: func(ctx context.Context) (int, time.Duration, error) {
			b, err := db.ApprovalBacklog(ctx)
			return b.Open, b.OldestWait, err
		}},
	} {
		if err := pm.reg.Register(col); err != nil {
			return nil, err
		}
	}
	httpMetrics, err := metrics.New(pm.reg, cfg.MetricsToken)
	if err != nil {
		return nil, err
	}
	if cfg.UnsubscribeKey == nil {
		log.Warn("UNSUBSCRIBE_KEY is not set: the unsubscribe links of emails are refused")
	}
	keys, err := signing.LoadKeys(cfg.SigningKeys, cfg.SigningPassphrase)
	if err != nil {
		return nil, err
	}
	if keys.Count() == 0 {
		log.Warn("SIGNING_KEYS has no key: enacted PDFs are not signed electronically (the verification page says so)")
	} else {
		log.Info("signing keys loaded", "folder", cfg.SigningKeys, "keys", keys.Count())
	}
	if cfg.WebhookAllowPrivate {
		log.Warn("WEBHOOK_ALLOW_PRIVATE=1: unit webhooks may be set to loopback and private addresses; for tests only")
	}
	return server.NewServer(server.Deps{
		Store:                db,
		Lifecycle:            &workflows.Client{Temporal: c, Runs: db},
		Logger:               log,
		TrustedProxies:       cfg.TrustedProxies,
		HeavyLimit:           server.HeavyLimit{PerMinute: cfg.HeavyPerMinute},
		AllowPrivateWebhooks: cfg.WebhookAllowPrivate,
		UnsubscribeKey:       cfg.UnsubscribeKey,
		PublicURL:            cfg.PublicURL, // dev: the address it listens on, when unset
		Metrics:              httpMetrics,
		Signing:              keys,
		Retention:            cfg.Retention,
		SSOPrivateIssuers:    cfg.SSOPrivateIssuers,
		Checks:               checks,
	})
}
