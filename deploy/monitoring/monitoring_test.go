package monitoring_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/policyflow/policyflow/deploy/monitoring"
)

// promtool runs Debian's promtool (make tools installs the prometheus
// package) and fails the test with its output when it does not succeed.
func promtool(t *testing.T, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath("promtool"); err != nil {
		t.Fatal("promtool is missing: make tools installs it (Debian: apt-get install --no-install-recommends prometheus)")
	}
	out, err := exec.Command("promtool", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("promtool %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// The configuration a city's Prometheus loads is valid, and every alert
// fires when its unit test says (and not before its "for", nor on the
// healthy series beside it).
func TestAlertRules(t *testing.T) {
	out := promtool(t, "check", "config", "prometheus.yml")
	if !strings.Contains(out, "SUCCESS: 10 rules found") {
		t.Errorf("promtool check config: want the 10 alert rules loaded:\n%s", out)
	}
	out = promtool(t, "test", "rules", "alerts_test.yml")
	if !strings.Contains(out, "SUCCESS") {
		t.Errorf("promtool test rules:\n%s", out)
	}
	// Every alert has a unit test.
	exprs, err := monitoring.Expressions()
	if err != nil {
		t.Fatal(err)
	}
	tests, err := os.ReadFile("alerts_test.yml")
	if err != nil {
		t.Fatal(err)
	}
	for name := range exprs {
		if alert, ok := strings.CutPrefix(name, "alert "); ok && !strings.Contains(string(tests), "alertname: "+alert+"\n") {
			t.Errorf("alert %s has no test in alerts_test.yml", alert)
		}
	}
}

// Every panel of the Grafana dashboard is a query Prometheus parses (each
// checked as a recording rule), and reads at least one metric.
func TestDashboardQueries(t *testing.T) {
	exprs, err := monitoring.Expressions()
	if err != nil {
		t.Fatal(err)
	}
	var rules strings.Builder
	rules.WriteString("groups:\n  - name: dashboard\n    rules:\n")
	panels := 0
	for name, expr := range exprs {
		if !strings.HasPrefix(name, "panel ") {
			continue
		}
		panels++
		if len(monitoring.Metrics(expr)) == 0 && !strings.Contains(expr, "up{") {
			t.Errorf("%s reads no metric: %s", name, expr)
		}
		fmt.Fprintf(&rules, "      - record: dashboard:panel_%d\n        expr: %q\n", panels, expr)
	}
	if panels < 10 {
		t.Fatalf("the dashboard has %d panels, want the 12 it defines", panels)
	}
	path := filepath.Join(t.TempDir(), "panels.yml")
	if err := os.WriteFile(path, []byte(rules.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out := promtool(t, "check", "rules", path)
	if !strings.Contains(out, fmt.Sprintf("SUCCESS: %d rules found", panels)) {
		t.Errorf("promtool check rules on the dashboard's queries:\n%s", out)
	}
}

func TestMetricsNamed(t *testing.T) {
	got := monitoring.Metrics(`sum(rate(policyflow_http_requests_total{code=~"5.."}[5m])) / sum(rate(policyflow_http_requests_total[5m])) + up{job="policyflow-server"}`)
	if !slices.Equal(got, []string{"policyflow_http_requests_total"}) {
		t.Errorf("Metrics = %q", got)
	}
}
