// Package monitoring holds the Prometheus configuration of a Policyflow
// installation (prometheus.yml, alerts.yml and their promtool unit tests in
// alerts_test.yml) and, for tests elsewhere, the metric names its alerts and
// the Grafana dashboard (grafana-dashboard.json) read.
package monitoring

import (
	_ "embed"
	"encoding/json"
	"regexp"
	"slices"

	"gopkg.in/yaml.v3"
)

//go:embed alerts.yml
var alertsYAML []byte

//go:embed grafana-dashboard.json
var dashboardJSON []byte

// Expressions are the PromQL expressions of every alert rule and every
// dashboard panel, by their name (the alert, or the panel's title).
func Expressions() (map[string]string, error) {
	var rules struct {
		Groups []struct {
			Rules []struct {
				Alert string `yaml:"alert"`
				Expr  string `yaml:"expr"`
			} `yaml:"rules"`
		} `yaml:"groups"`
	}
	if err := yaml.Unmarshal(alertsYAML, &rules); err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, g := range rules.Groups {
		for _, r := range g.Rules {
			out["alert "+r.Alert] = r.Expr
		}
	}
	var dash struct {
		Panels []struct {
			Title   string `json:"title"`
			Targets []struct {
				Expr string `json:"expr"`
			} `json:"targets"`
		} `json:"panels"`
	}
	if err := json.Unmarshal(dashboardJSON, &dash); err != nil {
		return nil, err
	}
	for _, p := range dash.Panels {
		for _, t := range p.Targets {
			out["panel "+p.Title] = t.Expr
		}
	}
	return out, nil
}

// metricName is a metric the processes export: ours, the Temporal SDK's
// and the Go runtime's (up is Prometheus' own, made by the scrape).
var metricName = regexp.MustCompile(`\b(policyflow_[a-z_]+|temporal_[a-z_]+|go_[a-z_]+|process_[a-z_]+)\b`)

// Metrics are the metric names expr reads, a histogram's _bucket, _sum and
// _count kept as written.
func Metrics(expr string) []string {
	names := metricName.FindAllString(expr, -1)
	slices.Sort(names)
	return slices.Compact(names)
}
