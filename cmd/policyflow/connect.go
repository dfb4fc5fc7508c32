package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"

	"github.com/policyflow/policyflow/postgres"
)

const connectTimeout = 5 * time.Second

// openStore connects to PostgreSQL; wantSchema refuses a database whose
// schema this build does not match (not migrated, or migrated by a newer one).
func openStore(ctx context.Context, url string, wantSchema bool) (*postgres.DB, error) {
	if url == "" {
		return nil, errors.New("DATABASE_URL is not set: give the PostgreSQL URL, e.g. postgres://user:pass@host:5432/policyflow?sslmode=disable")
	}
	db, err := postgres.Open(ctx, url, connectTimeout)
	if err != nil {
		return nil, err
	}
	if wantSchema {
		v, err := db.SchemaVersion(ctx)
		var missing int
		if err == nil {
			missing, err = db.PendingMigrations(ctx)
		}
		if err != nil || v < postgres.LatestVersion() || missing > 0 {
			db.Close()
			return nil, fmt.Errorf("the database at %s is not migrated (schema %d, want %d; %d migrations to apply): run `policyflow migrate`", postgres.Redact(url), v, postgres.LatestVersion(), missing)
		}
		if v > postgres.LatestVersion() {
			db.Close()
			return nil, fmt.Errorf("the database at %s was migrated by a newer Policyflow (schema %d > %d): run the newer version", postgres.Redact(url), v, postgres.LatestVersion())
		}
	}
	return db, nil
}

// dialTemporalMetrics connects to the Temporal frontend, failing within
// seconds when it does not answer; over mutual TLS when tlsConf is set
// (TEMPORAL_TLS_*). The SDK reports its metrics to metrics (nil: none) and
// logs through log: an activity's lines carry its WorkflowID and RunID.
func dialTemporalMetrics(ctx context.Context, addr, namespace string, tlsConf *tls.Config, log *slog.Logger, metrics client.MetricsHandler) (client.Client, error) {
	if addr == "" {
		addr = "127.0.0.1:7233"
	}
	if tlsConf == nil && !loopbackHost(addr) {
		// Whoever reaches the frontend can send a workflow an Update in
		// anyone's name: say so where an operator looks.
		log.Warn("Temporal is reached without TLS: set TEMPORAL_TLS_CA, TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY for mutual TLS (README, Temporal over mutual TLS)", "addr", addr)
	}
	dctx, cancel := context.WithTimeout(ctx, connectTimeout)
	defer cancel()
	c, err := client.DialContext(dctx, client.Options{
		HostPort:          addr,
		Namespace:         namespace,
		ConnectionOptions: client.ConnectionOptions{TLS: tlsConf},
		Logger:            sdklog.NewStructuredLogger(log.With("component", "temporal")),
		// The SDK's own metrics (temporal_request, …) on /metrics.
		MetricsHandler: metrics,
	})
	if err != nil {
		how := ""
		if tlsConf != nil {
			how = " over mutual TLS (TEMPORAL_TLS_*)"
		}
		return nil, fmt.Errorf("cannot reach Temporal at %s (TEMPORAL_ADDRESS)%s: %w", addr, how, err)
	}
	return c, nil
}

// temporalPing is the readiness check of a Temporal client.
func temporalPing(c client.Client) func(context.Context) error {
	return func(ctx context.Context) error {
		_, err := c.CheckHealth(ctx, &client.CheckHealthRequest{})
		return err
	}
}

// listen binds addr, with a clear message when the port is taken.
func listen(addr string) (net.Listener, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		var op *net.OpError
		if errors.As(err, &op) && op.Err != nil && errors.Is(err, errAddrInUse) {
			return nil, fmt.Errorf("port %s (HTTP_ADDR) is already in use: stop what uses it or choose another address", addr)
		}
		return nil, fmt.Errorf("cannot listen on %s (HTTP_ADDR): %w", addr, err)
	}
	return l, nil
}

// serveHTTP serves h on l until ctx ends, then shuts down gracefully,
// letting requests in flight finish for up to 10 s.
func serveHTTP(ctx context.Context, l net.Listener, h http.Handler, log *slog.Logger) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(l) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("http shutdown: %w", err)
	}
	return nil
}
