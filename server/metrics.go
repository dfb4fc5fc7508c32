package server

import (
	"crypto/subtle"
	"net/http"
	"net/netip"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are a server's HTTP metrics and the registry its /metrics
// serves (with whatever else the process registers there: the outbox, the
// Temporal SDK, the Go runtime).
type Metrics struct {
	gatherer prometheus.Gatherer
	token    string
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// NewMetrics registers the HTTP metrics in reg; /metrics serves all of
// reg. token, when not empty, is the bearer token /metrics asks for
// (METRICS_TOKEN); without one only loopback and private addresses may
// read it (see MetricsAllowed).
func NewMetrics(reg *prometheus.Registry, token string) (*Metrics, error) {
	m := &Metrics{
		gatherer: reg,
		token:    token,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "policyflow_http_requests_total",
			Help: "HTTP requests answered, by route pattern, method and status code.",
		}, []string{"route", "method", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "policyflow_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route pattern and method.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"route", "method"}),
	}
	for _, c := range []prometheus.Collector{m.requests, m.duration} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// orNew is m, or HTTP metrics on a registry of their own when m is nil.
func (m *Metrics) orNew() *Metrics {
	if m != nil {
		return m
	}
	m, err := NewMetrics(prometheus.NewRegistry(), "")
	if err != nil {
		panic(err) // a fresh registry: cannot clash
	}
	return m
}

// MetricsAllowed is who may read /metrics. With a token (METRICS_TOKEN),
// whoever sends it as a bearer token. Without one, a peer whose request no
// proxy forwarded (no X-Forwarded-For, X-Real-IP or Forwarded header) on
// loopback; on a listener of its own (METRICS_ADDR, privateOK) also on a
// private address (RFC 1918, RFC 4193). The web listener (HTTP_ADDR) does
// not take private peers without a token: a load balancer or container
// runtime that translates addresses (Kubernetes' SNAT, docker-proxy,
// layer-4 cloud balancers) makes outside clients look private there. The
// metrics hold no personal data, but route timings and backlogs are for
// operators. It answers the status of a refusal: 401 without the token,
// 403 from elsewhere; 0 when allowed.
func MetricsAllowed(r *http.Request, token string, privateOK bool) int {
	if token != "" {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || subtle.ConstantTimeCompare([]byte(got), []byte(token)) != 1 {
			return http.StatusUnauthorized
		}
		return 0
	}
	for _, h := range []string{"X-Forwarded-For", "X-Real-IP", "Forwarded"} {
		if r.Header.Get(h) != "" {
			return http.StatusForbidden
		}
	}
	a, err := netip.ParseAddr(clientIP(r))
	if err != nil {
		return http.StatusForbidden
	}
	if a = a.Unmap(); a.IsLoopback() || (privateOK && a.IsPrivate()) {
		return 0
	}
	return http.StatusForbidden
}

// MetricsHandler serves g in the Prometheus text format on a listener of
// its own (METRICS_ADDR: the worker's, and the server's if set) to those
// MetricsAllowed lets in, private peers included. A collector that fails
// (the outbox query in a PostgreSQL outage) leaves the other metrics
// served.
func MetricsHandler(g prometheus.Gatherer, token string) http.Handler {
	h := promhttp.HandlerFor(g, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if code := MetricsAllowed(r, token, true); code != 0 {
			if code == http.StatusUnauthorized {
				w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			}
			http.Error(w, metricsRefusal(code), code)
			return
		}
		h.ServeHTTP(w, r)
	})
}

func metricsRefusal(code int) string {
	if code == http.StatusUnauthorized {
		return "metrik memerlukan token METRICS_TOKEN (Authorization: Bearer …)"
	}
	return "metrik hanya untuk alamat loopback atau jaringan privat tanpa proksi, atau dengan METRICS_TOKEN"
}
