package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"
	sdkworker "go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/policyflow/policyflow/deploy/monitoring"
	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/postgres"
)

// The alerts and the dashboard (deploy/monitoring) read only metrics that a
// real `policyflow server` and `policyflow worker` export, with the labels
// they aggregate by: a renamed metric would leave an alert that never
// fires. The Temporal SDK's failure counters appear only once something
// fails, so a workflow task and an activity are made to fail through the
// worker's own metrics handler. The approval backlog is read from a
// database with a run waiting three days.
func TestMonitoringReadsExportedMetrics(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dbURL := devtest.SeededURL(t)
	db, err := postgres.Open(ctx, dbURL, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SQL().MustExec(`INSERT INTO approval_runs (policy_id, version_id, sha256, workflow_id, submitted_by, started_at)
		SELECT id, current_version_id, repeat('a', 64), 'monitoring-test', created_by, now() - interval '3 days'
		FROM policies ORDER BY id LIMIT 1`)
	var open int
	if err := db.SQL().Get(&open, `SELECT count(*) FROM approval_runs WHERE ended_at IS NULL`); err != nil {
		t.Fatal(err)
	}

	env := map[string]string{
		"DATABASE_URL": dbURL, "TEMPORAL_ADDRESS": devtest.TemporalAddress(t),
		"LOG_FORMAT": "json", "METRICS_ADDR": "127.0.0.1:0", "PUBLIC_URL": "http://policyflow.test",
	}
	workerMetrics := "http://" + addrOf(t, start(t, env, "worker"), "metrics listening") + "/metrics"
	delete(env, "METRICS_ADDR")
	server := "http://" + addrOf(t, start(t, env, "server", "-addr", "127.0.0.1:0"), "server listening")
	get(t, http.DefaultClient, server+"/policies") // a request, for the HTTP metrics
	_, serverBody := get(t, http.DefaultClient, server+"/metrics")
	_, workerBody := get(t, http.DefaultClient, workerMetrics)

	for _, want := range []string{`policyflow_dependency_up{dependency="postgres"} 1`, `policyflow_dependency_up{dependency="temporal"} 1`,
		fmt.Sprintf("policyflow_approvals_open %d\n", open)} {
		if !strings.Contains(serverBody, want) {
			t.Errorf("the server's /metrics lacks %q", want)
		}
	}
	m := regexp.MustCompile(`\npolicyflow_approval_oldest_wait_seconds (\S+)`).FindStringSubmatch(serverBody)
	if wait, err := strconv.ParseFloat(m[len(m)-1], 64); m == nil || err != nil || wait < 3*86400 || wait > 3*86400+3600 {
		t.Errorf("policyflow_approval_oldest_wait_seconds = %v, want the 3 days the run has waited", m)
	}

	sdkBody := failOnceThroughWorkerMetrics(ctx, t)
	scraped := serverBody + workerBody + sdkBody
	exprs, err := monitoring.Expressions()
	if err != nil {
		t.Fatal(err)
	}
	by := regexp.MustCompile(`by \(([a-z_, ]+)\)`)
	for name, expr := range exprs {
		for _, metric := range monitoring.Metrics(expr) {
			if !regexp.MustCompile(`\n` + metric + `[{ ]`).MatchString(scraped) {
				t.Errorf("%s reads %s, which neither the server nor the worker exports", name, metric)
				continue
			}
			for _, g := range by.FindAllStringSubmatch(expr, -1) {
				for _, label := range strings.Split(g[1], ",") {
					if label = strings.TrimSpace(label); label == "le" {
						continue
					}
					if !regexp.MustCompile(`\n` + metric + `\{[^}]*\b` + label + `="[^"]`).MatchString(scraped) {
						t.Errorf("%s sums %s by %s, a label it does not carry", name, metric, label)
					}
				}
			}
		}
	}
}

// failOnceThroughWorkerMetrics runs, on the worker's metrics handler (as
// `policyflow worker` makes it), a workflow whose first task panics and an
// activity that fails, and returns the scrape of that registry.
func failOnceThroughWorkerMetrics(ctx context.Context, t *testing.T) string {
	t.Helper()
	pm, err := newProcessMetrics()
	if err != nil {
		t.Fatal(err)
	}
	c, err := dialTemporalMetrics(ctx, devtest.TemporalAddress(t), "default", nil, newLoggerFormat(&devtest.Buffer{}, slog.LevelError, "json"), pm.temporal)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	queue := fmt.Sprintf("monitoring-test-%d", time.Now().UnixNano())
	w := sdkworker.New(c, queue, sdkworker.Options{})
	var tasks atomic.Int32
	w.RegisterActivityWithOptions(func(ctx context.Context) error {
		return errors.New("the mail server refused")
	}, activity.RegisterOptions{Name: "Refused"})
	w.RegisterWorkflowWithOptions(func(ctx workflow.Context) error {
		if tasks.Add(1) == 1 {
			panic("a task that fails once")
		}
		ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: 10 * time.Second,
			RetryPolicy: &temporal.RetryPolicy{MaximumAttempts: 1}})
		return workflow.ExecuteActivity(ctx, "Refused").Get(ctx, nil)
	}, workflow.RegisterOptions{Name: "FailsOnce"})
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: queue, TaskQueue: queue}, "FailsOnce")
	if err != nil {
		t.Fatal(err)
	}
	if err := run.Get(ctx, nil); err == nil || !strings.Contains(err.Error(), "the mail server refused") {
		t.Fatalf("the workflow ended with %v, want the activity's failure", err)
	}
	rec := httptest.NewRecorder()
	promhttp.HandlerFor(pm.reg, promhttp.HandlerOpts{}).ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	return "\n" + rec.Body.String()
}
