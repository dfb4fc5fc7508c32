package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	sdkworker "go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/policyflow/policyflow/internal/devtest"
)

// jsonLines parses a JSON log: every line one object.
func jsonLines(t *testing.T, log string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(log), "\n") {
		var e map[string]any
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("log line is not one JSON object: %q", line)
		}
		out = append(out, e)
	}
	return out
}

// waitFor polls cond until it holds, failing the test after d.
func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %s", d, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// start runs a command in the background until the test ends.
func start(t *testing.T, env map[string]string, args ...string) *devtest.Buffer {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out := &devtest.Buffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, args, func(k string) string { return env[k] }, out, out) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("%v: %v\n%s", args, err, out)
			}
		case <-time.After(30 * time.Second):
			t.Errorf("%v did not stop", args)
		}
	})
	return out
}

var listening = regexp.MustCompile(`"msg":"(server listening|metrics listening)","addr":"([^"]+)"`)

// addrOf waits for the log line that names where msg listens.
func addrOf(t *testing.T, out *devtest.Buffer, msg string) string {
	t.Helper()
	var addr string
	waitFor(t, 30*time.Second, msg+" in the log", func() bool {
		for _, m := range listening.FindAllStringSubmatch(out.String(), -1) {
			if m[1] == msg {
				addr = m[2]
				return true
			}
		}
		return false
	})
	return addr
}

// `policyflow server` and `policyflow worker` as deployed: /metrics on the
// server's listener and on the worker's METRICS_ADDR, with the Temporal
// SDK's metrics; LOG_FORMAT=json logs one JSON object per line, a request's
// line with its request ID.
func TestServerAndWorkerMetricsAndJSONLogs(t *testing.T) {
	env := map[string]string{
		"DATABASE_URL": migratedURL(t, 0), "TEMPORAL_ADDRESS": devtest.TemporalAddress(t),
		"LOG_FORMAT": "json", "LOG_LEVEL": "debug", "METRICS_ADDR": "127.0.0.1:0",
		"PUBLIC_URL": "http://policyflow.test",
	}
	wlog := start(t, env, "worker")
	metricsAddr := addrOf(t, wlog, "metrics listening")
	// The worker's pollers report through the SDK's metrics handler.
	var body string
	waitFor(t, 30*time.Second, "the worker's temporal_ metrics", func() bool {
		res, b := get(t, http.DefaultClient, "http://"+metricsAddr+"/metrics")
		body = b
		return res.StatusCode == 200 && strings.Contains(b, "\ntemporal_request{") && strings.Contains(b, "temporal_num_pollers{")
	})
	for _, want := range []string{`policyflow_notification_delivery_failures_total{channel="email"} 0`, "go_goroutines ", "process_start_time_seconds ",
		`task_queue="policyflow"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the worker's /metrics lacks %q", want)
		}
	}

	delete(env, "METRICS_ADDR")
	serverLog := start(t, env, "server", "-addr", "127.0.0.1:0")
	addr := addrOf(t, serverLog, "server listening")
	res, _ := get(t, http.DefaultClient, "http://"+addr+"/api/v1/policies/424242")
	id := res.Header.Get("X-Request-ID")
	if res.StatusCode != 404 || id == "" {
		t.Fatalf("GET /api/v1/policies/424242: %d, X-Request-ID %q", res.StatusCode, id)
	}
	get(t, http.DefaultClient, "http://"+addr+"/readyz") // asks Temporal, through the SDK
	res, body = get(t, http.DefaultClient, "http://"+addr+"/metrics")
	if res.StatusCode != 200 {
		t.Fatalf("server /metrics: %d %s", res.StatusCode, body)
	}
	for _, want := range []string{
		`policyflow_http_requests_total{code="404",method="GET",route="/api/v1/policies/{id}"} 1`,
		`policyflow_http_request_duration_seconds_count{method="GET",route="/api/v1/policies/{id}"} 1`,
		`policyflow_outbox_depth{channel="email"} 0`, `policyflow_outbox_oldest_age_seconds{channel="webhook"} 0`,
		"temporal_request{", "go_goroutines ",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the server's /metrics lacks %q", want)
		}
	}
	found := false
	for _, e := range jsonLines(t, serverLog.String()) {
		if e["msg"] == "request" && e["request_id"] == id {
			found = e["route"] == "/api/v1/policies/{id}" && e["status"] == float64(404)
		}
	}
	if !found {
		t.Errorf("no JSON request line with request_id %q, route and status:\n%s", id, serverLog)
	}
	jsonLines(t, wlog.String())
}

// An activity's log lines carry its workflow's ID when the worker's client
// logs through LOG_FORMAT=json's logger (as dialTemporalMetrics makes it).
func TestActivityLogsCarryTheWorkflowID(t *testing.T) {
	out := &devtest.Buffer{}
	log := newLoggerFormat(out, slog.LevelInfo, "json")
	pm, err := newProcessMetrics()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, err := dialTemporalMetrics(ctx, devtest.TemporalAddress(t), "default", nil, log, pm.temporal)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	queue := fmt.Sprintf("log-test-%d", time.Now().UnixNano())
	w := sdkworker.New(c, queue, sdkworker.Options{})
	w.RegisterActivityWithOptions(func(ctx context.Context) error {
		activity.GetLogger(ctx).Info("activity says hello", "n", 1)
		return nil
	}, activity.RegisterOptions{Name: "SayHello"})
	w.RegisterWorkflowWithOptions(func(ctx workflow.Context) error {
		ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: 10 * time.Second})
		return workflow.ExecuteActivity(ctx, "SayHello").Get(ctx, nil)
	}, workflow.RegisterOptions{Name: "Hello"})
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	wfID := "log-test-" + queue
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: wfID, TaskQueue: queue}, "Hello")
	if err != nil {
		t.Fatal(err)
	}
	if err := run.Get(ctx, nil); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range jsonLines(t, out.String()) {
		if e["msg"] == "activity says hello" {
			found = true
			if e["WorkflowID"] != wfID || e["RunID"] != run.GetRunID() || e["ActivityType"] != "SayHello" || e["level"] != "INFO" {
				t.Errorf("activity log line %v, want WorkflowID %q, RunID %q, ActivityType", e, wfID, run.GetRunID())
			}
		}
	}
	if !found {
		t.Errorf("no activity line in the log:\n%s", out)
	}
}
