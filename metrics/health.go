package metrics

import (
	"context"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Dependency is something the process needs to answer (PostgreSQL,
// Temporal), with the check /readyz makes of it.
type Dependency struct {
	Name string
	Ping func(ctx context.Context) error
}

var dependencyUpDesc = prometheus.NewDesc("policyflow_dependency_up",
	"1 when the dependency (postgres, temporal) answered this scrape's check, 0 when it did not.", []string{"dependency"}, nil)

// Dependencies reports, at each scrape, whether each dependency answers:
// the same checks as /readyz, each bounded by timeout (default 3 s), made
// side by side so one that hangs does not hold up the scrape.
type Dependencies struct {
	Checks  []Dependency
	Timeout time.Duration
}

// Describe implements prometheus.Collector.
func (d Dependencies) Describe(ch chan<- *prometheus.Desc) { ch <- dependencyUpDesc }

// Collect implements prometheus.Collector.
func (d Dependencies) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := scrapeContext(d.Timeout, 3*time.Second)
	defer cancel()
	up := make([]float64, len(d.Checks))
	var wg sync.WaitGroup
	for i, c := range d.Checks {
		wg.Go(func() {
			if c.Ping(ctx) == nil {
				up[i] = 1
			}
		})
	}
	wg.Wait()
	for i, c := range d.Checks {
		ch <- prometheus.MustNewConstMetric(dependencyUpDesc, prometheus.GaugeValue, up[i], c.Name)
	}
}

var (
	approvalsOpenDesc = prometheus.NewDesc("policyflow_approvals_open",
		"Approval runs waiting for a decision.", nil, nil)
	approvalWaitDesc = prometheus.NewDesc("policyflow_approval_oldest_wait_seconds",
		"Seconds the longest-waiting approval run has waited since its last decision (or its start); 0 when none is open.", nil, nil)
)

// Approvals reports, at each scrape, the approval runs waiting for a
// decision and the longest wait, read by Backlog (postgres.DB's
// ApprovalBacklog, given as a function so this package stays a leaf). A
// failed read reports an invalid metric, so the scrape says so.
type Approvals struct {
	Backlog func(ctx context.Context) (open int, oldestWait time.Duration, err error)
	Timeout time.Duration // default 5 s
}

// Describe implements prometheus.Collector.
func (a Approvals) Describe(ch chan<- *prometheus.Desc) {
	ch <- approvalsOpenDesc
	ch <- approvalWaitDesc
}

// Collect implements prometheus.Collector.
func (a Approvals) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := scrapeContext(a.Timeout, 5*time.Second)
	defer cancel()
	open, wait, err := a.Backlog(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(approvalsOpenDesc, err)
		return
	}
	ch <- prometheus.MustNewConstMetric(approvalsOpenDesc, prometheus.GaugeValue, float64(open))
	ch <- prometheus.MustNewConstMetric(approvalWaitDesc, prometheus.GaugeValue, wait.Seconds())
}

// scrapeContext bounds the reads of one scrape by timeout, or by def when
// timeout is 0: a dependency that hangs fails its metric, not the scrape.
func scrapeContext(timeout, def time.Duration) (context.Context, context.CancelFunc) {
	if timeout == 0 {
		timeout = def
	}
	return context.WithTimeout(context.Background(), timeout)
}
