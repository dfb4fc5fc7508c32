package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"go.temporal.io/sdk/client"

	"github.com/policyflow/policyflow/metrics"
	"github.com/policyflow/policyflow/worker"
)

// processMetrics is one process's Prometheus registry (a registry of its
// own, not the global one): the Go runtime and the process, and the
// Temporal SDK's metrics through the handler its client is given. Each
// command adds its own: the server its HTTP metrics and the outbox, the
// worker its delivery failures.
type processMetrics struct {
	reg      *prometheus.Registry
	temporal client.MetricsHandler
}

func newProcessMetrics() (*processMetrics, error) {
	reg := prometheus.NewRegistry()
	if err := reg.Register(collectors.NewGoCollector()); err != nil {
		return nil, err
	}
	if err := reg.Register(collectors.NewProcessCollector(collectors.ProcessCollectorOpts{})); err != nil {
		return nil, err
	}
	tm, err := worker.NewTemporalMetrics(reg)
	if err != nil {
		return nil, err
	}
	return &processMetrics{reg: reg, temporal: tm.Handler()}, nil
}

// startMetrics serves /metrics (serveMetrics) when cfg names an address
// (METRICS_ADDR); stop ends it, and does nothing when there is none.
func startMetrics(ctx context.Context, cfg config, m *processMetrics, log *slog.Logger) (stop func(), err error) {
	if cfg.MetricsAddr == "" {
		return func() {}, nil
	}
	stop, _, err = serveMetrics(ctx, cfg.MetricsAddr, m, cfg.MetricsToken, log)
	return stop, err
}

// serveMetrics serves the registry's /metrics on its own listener at addr
// (METRICS_ADDR), to whom metrics.Allowed lets in, until the
// returned stop is called. It returns the address it listens on.
func serveMetrics(ctx context.Context, addr string, m *processMetrics, token string, log *slog.Logger) (stop func(), bound string, err error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, "", fmt.Errorf("cannot listen on %s (METRICS_ADDR): %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", metrics.Handler(m.reg, token))
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := serveHTTP(ctx, l, mux, log); err != nil {
			log.Warn("metrics listener", "err", err)
		}
	}()
	bound = l.Addr().String()
	log.Info("metrics listening", "addr", bound, "path", "/metrics")
	return func() {
		cancel()
		<-done
	}, bound, nil
}
