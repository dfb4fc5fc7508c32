package metrics

import (
	"crypto/subtle"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// HTTP are a server's HTTP metrics and the registry its /metrics serves
// (with whatever else the process registers there: the outbox, the
// Temporal SDK, the Go runtime).
type HTTP struct {
	gatherer prometheus.Gatherer
	token    string
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// New registers the HTTP metrics in reg; /metrics serves all of reg.
// token, when not empty, is the bearer token /metrics asks for
// (METRICS_TOKEN); without one only loopback and private addresses may
// read it (see Allowed).
func New(reg *prometheus.Registry, token string) (*HTTP, error) {
	m := &HTTP{
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

// OrNew is m, or HTTP metrics on a registry of their own when m is nil.
func (m *HTTP) OrNew() *HTTP {
	if m != nil {
		return m
	}
	m, err := New(prometheus.NewRegistry(), "")
	if err != nil {
		panic(err) // a fresh registry: cannot clash
	}
	return m
}

// OrShared is OrNew for the hot path: a nil HTTP (a server made without
// its constructor, as some tests do) falls back to one shared set.
func (m *HTTP) OrShared() *HTTP {
	if m != nil {
		return m
	}
	return fallback
}

var fallback = (*HTTP)(nil).OrNew()

// Token is the bearer token /metrics asks for ("" for none).
func (m *HTTP) Token() string { return m.token }

// Serve answers a scrape of everything registered. ContinueOnError: a
// collector that fails (the outbox query in a PostgreSQL outage) leaves
// the HTTP, Temporal and process metrics served.
func (m *HTTP) Serve(w http.ResponseWriter, r *http.Request) {
	promhttp.HandlerFor(m.gatherer, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError}).ServeHTTP(w, r)
}

// Observe counts a request answered with code by its route pattern (never
// the raw path: the series stay few) and method, and times it.
func (m *HTTP) Observe(route, method string, code int, took time.Duration) {
	method = boundMethod(method)
	m.duration.WithLabelValues(route, method).Observe(took.Seconds())
	m.requests.WithLabelValues(route, method, strconv.Itoa(code)).Inc()
}

// boundMethod bounds the method label to the methods HTTP names.
func boundMethod(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return m
	}
	return "OTHER"
}

// Allowed is who may read /metrics. With a token (METRICS_TOKEN),
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
func Allowed(r *http.Request, token string, privateOK bool) int {
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
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return http.StatusForbidden
	}
	if a = a.Unmap(); a.IsLoopback() || (privateOK && a.IsPrivate()) {
		return 0
	}
	return http.StatusForbidden
}

// Handler serves g in the Prometheus text format on a listener of its own
// (METRICS_ADDR: the worker's, and the server's if set) to those Allowed
// lets in, private peers included. A collector that fails (the outbox
// query in a PostgreSQL outage) leaves the other metrics served.
func Handler(g prometheus.Gatherer, token string) http.Handler {
	h := promhttp.HandlerFor(g, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if code := Allowed(r, token, true); code != 0 {
			if code == http.StatusUnauthorized {
				w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			}
			http.Error(w, Refusal(code), code)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// Refusal says why a read of /metrics was refused with code.
func Refusal(code int) string {
	if code == http.StatusUnauthorized {
		return "metrik memerlukan token METRICS_TOKEN (Authorization: Bearer …)"
	}
	return "metrik hanya untuk alamat loopback atau jaringan privat tanpa proksi, atau dengan METRICS_TOKEN"
}
