package server_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/internal/devtest/stack"
	"github.com/policyflow/policyflow/internal/devtest/web"
	"github.com/policyflow/policyflow/metrics"
	"github.com/policyflow/policyflow/notify"
	"github.com/policyflow/policyflow/server"
	"github.com/policyflow/policyflow/worker"
	"github.com/policyflow/policyflow/workflows"
)

// scrape reads url's /metrics, parsed.
func scrape(t *testing.T, url string, hdr map[string]string) map[string]*dto.MetricFamily {
	t.Helper()
	req, _ := http.NewRequest("GET", url+"/metrics", nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		b, _ := io.ReadAll(res.Body)
		t.Fatalf("GET /metrics: %d %s", res.StatusCode, b)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("GET /metrics Content-Type %q, want the Prometheus text format", ct)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(res.Body)
	if err != nil {
		t.Fatalf("/metrics does not parse: %v", err)
	}
	return fams
}

// sample is the metric of family name whose labels include want, or nil.
func sample(fams map[string]*dto.MetricFamily, name string, want map[string]string) *dto.Metric {
	f := fams[name]
	if f == nil {
		return nil
	}
next:
	for _, m := range f.Metric {
		got := map[string]string{}
		for _, l := range m.Label {
			got[l.GetName()] = l.GetValue()
		}
		for k, v := range want {
			if got[k] != v {
				continue next
			}
		}
		return m
	}
	return nil
}

func value(fams map[string]*dto.MetricFamily, name string, want map[string]string) float64 {
	m := sample(fams, name, want)
	switch {
	case m == nil:
		return -1
	case m.Counter != nil:
		return m.Counter.GetValue()
	case m.Gauge != nil:
		return m.Gauge.GetValue()
	}
	return -2
}

// /metrics, scraped: HTTP requests by route pattern (never the raw path)
// and status, their latency histogram; the outbox's backlog per channel as
// PostgreSQL has it; a failed delivery counted by channel; the Temporal
// SDK's own metrics after a workflow call. JSON logs carry the request ID.
func TestMetricsScraped(t *testing.T) {
	st := stack.New(t)
	ctx := t.Context()
	reg := prometheus.NewRegistry()
	tm, err := worker.NewTemporalMetrics(reg)
	if err != nil {
		t.Fatal(err)
	}
	c, err := client.DialContext(ctx, client.Options{HostPort: devtest.TemporalAddress(t), Namespace: st.Namespace,
		MetricsHandler: tm.Handler(), Logger: sdklog.NewStructuredLogger(slog.New(slog.NewTextHandler(io.Discard, nil)))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	reg.MustRegister(notify.OutboxCollector{Store: st.DB}, notify.DeliveryFailures())
	m, err := metrics.New(reg, "")
	if err != nil {
		t.Fatal(err)
	}
	logs := &devtest.Buffer{}
	lc := &workflows.Client{Temporal: c}
	srv := web.Serve(t, server.Deps{Store: st.DB, Lifecycle: lc, Metrics: m,
		Logger: slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})

	// A page, an API call that answers 200, two that answer 404.
	ids := map[string]string{}
	for _, c := range []struct {
		p    string
		want int
	}{{"/", 200}, {"/api/v1/policies", 200}, {"/api/v1/policies/987654", 404}, {"/api/v1/policies/876543", 404}} {
		p := c.p
		res, err := http.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != c.want {
			t.Fatalf("GET %s: %d, want %d", p, res.StatusCode, c.want)
		}
		ids[p] = res.Header.Get("X-Request-ID")
		if ids[p] == "" {
			t.Errorf("GET %s answers no X-Request-ID", p)
		}
	}
	if ids["/api/v1/policies/987654"] == ids["/api/v1/policies/876543"] {
		t.Errorf("two requests share the request ID %q", ids["/api/v1/policies/987654"])
	}

	fams := scrape(t, srv.URL, nil)
	for _, c := range []struct {
		route, code string
		want        float64
	}{
		{"/", "200", 1},
		{"/api/v1/policies", "200", 1},
		{"/api/v1/policies/{id}", "404", 2},
		{"/api/v1/policies/{id}", "200", -1}, // no such series
	} {
		if got := value(fams, "policyflow_http_requests_total", map[string]string{"route": c.route, "method": "GET", "code": c.code}); got != c.want {
			t.Errorf("policyflow_http_requests_total{route=%q,code=%q} = %v, want %v", c.route, c.code, got, c.want)
		}
	}
	hist := sample(fams, "policyflow_http_request_duration_seconds", map[string]string{"route": "/api/v1/policies/{id}", "method": "GET"})
	if hist == nil || hist.Histogram.GetSampleCount() != 2 || hist.Histogram.GetSampleSum() <= 0 {
		t.Errorf("latency histogram of /api/v1/policies/{id}: %v, want 2 requests timed", hist)
	}
	for _, f := range []string{"policyflow_http_requests_total", "policyflow_http_request_duration_seconds"} {
		for _, m := range fams[f].GetMetric() {
			for _, l := range m.Label {
				if strings.Contains(l.GetValue(), "987654") {
					t.Errorf("%s has the raw path in a label: %v", f, m.Label)
				}
			}
		}
	}

	// The JSON log: one object a line; a request's line carries its ID.
	found := false
	for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var e map[string]any
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("log line is not one JSON object: %q", line)
		}
		if e["msg"] == "request" && e["request_id"] == ids["/api/v1/policies/987654"] {
			found = true
			if e["route"] != "/api/v1/policies/{id}" || e["status"] != float64(404) || e["path"] != "/api/v1/policies/987654" {
				t.Errorf("request log line %v, want route, status 404 and path", e)
			}
		}
	}
	if !found {
		t.Errorf("no request line with request_id %q in the log:\n%s", ids["/api/v1/policies/987654"], logs.String())
	}

	// The outbox: three notifications of two hours ago wait for an email,
	// one for its reader's digest.
	base := map[string]float64{}
	for _, ch := range notify.Channels {
		base[ch] = value(fams, "policyflow_outbox_depth", map[string]string{"channel": ch})
		if base[ch] < 0 {
			t.Fatalf("policyflow_outbox_depth{channel=%q} missing", ch)
		}
	}
	drafter := st.UserID(t, "penyusun.sawahlunto@policyflow.test")
	reader := st.UserID(t, "akademisi.sawahlunto@policyflow.test")
	st.DB.SQL().MustExec(`UPDATE users SET notify_mode = 'digest' WHERE id = $1`, reader)
	for i, u := range []int64{drafter, drafter, drafter, reader} {
		st.DB.SQL().MustExec(`INSERT INTO notifications (dedup_key, user_id, kind, subject, created_at)
			VALUES ($1, $2, 'uji', 'Uji metrik', now() - interval '2 hours')`, "metrics-"+string(rune('a'+i)), u)
	}
	fams = scrape(t, srv.URL, nil)
	for ch, add := range map[string]float64{"email": 3, "digest": 1, "webhook": 0} {
		if got := value(fams, "policyflow_outbox_depth", map[string]string{"channel": ch}); got != base[ch]+add {
			t.Errorf("policyflow_outbox_depth{channel=%q} = %v, want %v", ch, got, base[ch]+add)
		}
	}
	for _, ch := range []string{"email", "digest"} {
		if got := value(fams, "policyflow_outbox_oldest_age_seconds", map[string]string{"channel": ch}); got < 7200 || got > 7200+600 {
			t.Errorf("policyflow_outbox_oldest_age_seconds{channel=%q} = %v, want about two hours", ch, got)
		}
	}

	// A delivery to a mail server that is not there fails, and is counted.
	before := value(fams, "policyflow_notification_delivery_failures_total", map[string]string{"channel": "email"})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := l.Addr().String()
	l.Close()
	mail, err := notify.ParseSMTPURL("smtp://" + closed + "?from=noreply@policyflow.test")
	if err != nil {
		t.Fatal(err)
	}
	d := &notify.Deliverer{Store: st.DB, Mail: mail, BaseURL: srv.URL, DigestHour: 7,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if _, err := d.DeliverOnce(ctx); err == nil {
		t.Fatal("delivering to a closed port succeeded")
	}
	fams = scrape(t, srv.URL, nil)
	if got := value(fams, "policyflow_notification_delivery_failures_total", map[string]string{"channel": "email"}); got < before+3 {
		t.Errorf("email delivery failures %v → %v, want at least 3 more (the three emails)", before, got)
	}
	if got := value(fams, "policyflow_outbox_depth", map[string]string{"channel": "email"}); got != base["email"]+3 {
		t.Errorf("after failed attempts policyflow_outbox_depth{channel=email} = %v, want %v (they wait for a retry)", got, base["email"]+3)
	}

	// A workflow call: the Temporal SDK's own metrics, by its names.
	var policy int64
	if err := st.DB.SQL().Get(&policy, `SELECT id FROM policies WHERE slug = 'sawahlunto-peningkatan-kompetensi-asn'`); err != nil {
		t.Fatal(err)
	}
	qctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if _, err := lc.State(qctx, policy); err != nil {
		t.Fatalf("policy state: %v", err)
	}
	fams = scrape(t, srv.URL, nil)
	if got := value(fams, "temporal_request", map[string]string{"operation": "QueryWorkflow", "namespace": st.Namespace}); got < 1 {
		t.Errorf("temporal_request{operation=QueryWorkflow} = %v, want at least 1; temporal families: %v", got, temporalNames(fams))
	}
	if lat := sample(fams, "temporal_request_latency", map[string]string{"operation": "QueryWorkflow"}); lat == nil || lat.Histogram.GetSampleCount() < 1 {
		t.Errorf("temporal_request_latency{operation=QueryWorkflow} = %v, want a histogram with the query", lat)
	}
}

func temporalNames(fams map[string]*dto.MetricFamily) []string {
	var out []string
	for n := range fams {
		if strings.HasPrefix(n, "temporal_") {
			out = append(out, n)
		}
	}
	return out
}

// Who may read /metrics: loopback peers not behind a proxy (private ones
// too on METRICS_ADDR's own listener), or, with METRICS_TOKEN, whoever
// sends it.
func TestMetricsAccess(t *testing.T) {
	for _, c := range []struct {
		name, remote, token string
		hdr                 map[string]string
		want                int
		wantOwnListener     int // on METRICS_ADDR (private peers allowed)
	}{
		{"loopback", "127.0.0.1:5000", "", nil, 0, 0},
		{"private network", "10.1.2.3:5000", "", nil, 403, 0},
		{"private IPv6", "[fd00::5]:5000", "", nil, 403, 0},
		{"public address", "203.0.113.9:5000", "", nil, 403, 403},
		{"through a proxy", "127.0.0.1:5000", "", map[string]string{"X-Forwarded-For": "203.0.113.9"}, 403, 403},
		{"through a proxy (X-Real-IP)", "10.0.0.2:5000", "", map[string]string{"X-Real-IP": "203.0.113.9"}, 403, 403},
		{"token, none sent", "127.0.0.1:5000", "s3cret-metrics-token", nil, 401, 401},
		{"token, wrong", "127.0.0.1:5000", "s3cret-metrics-token", map[string]string{"Authorization": "Bearer nope"}, 401, 401},
		{"token, right, from anywhere", "203.0.113.9:5000", "s3cret-metrics-token", map[string]string{"Authorization": "Bearer s3cret-metrics-token", "X-Forwarded-For": "198.51.100.1"}, 0, 0},
	} {
		r := httptest.NewRequest("GET", "/metrics", nil)
		r.RemoteAddr = c.remote
		for k, v := range c.hdr {
			r.Header.Set(k, v)
		}
		if got := metrics.Allowed(r, c.token, false); got != c.want {
			t.Errorf("%s on the web listener: %d, want %d", c.name, got, c.want)
		}
		if got := metrics.Allowed(r, c.token, true); got != c.wantOwnListener {
			t.Errorf("%s on METRICS_ADDR: %d, want %d", c.name, got, c.wantOwnListener)
		}
	}

	// The server's route with a token: refused in JSON without it.
	m, err := metrics.New(prometheus.NewRegistry(), "s3cret-metrics-token")
	if err != nil {
		t.Fatal(err)
	}
	srv := web.Serve(t, server.Deps{Metrics: m})
	res, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 401 || !strings.Contains(string(body), `"code":"unauthorized"`) || res.Header.Get("WWW-Authenticate") == "" {
		t.Errorf("GET /metrics without the token: %d %s", res.StatusCode, body)
	}
	fams := scrape(t, srv.URL, map[string]string{"Authorization": "Bearer s3cret-metrics-token"})
	if got := value(fams, "policyflow_http_requests_total", map[string]string{"route": "/metrics", "code": "401"}); got != 1 {
		t.Errorf("the refused scrape counted %v times, want 1", got)
	}

	// The worker's listener refuses the same way.
	wh := metrics.Handler(prometheus.NewRegistry(), "s3cret-metrics-token")
	rec := httptest.NewRecorder()
	wh.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != 401 {
		t.Errorf("worker /metrics without the token: %d, want 401", rec.Code)
	}
}
