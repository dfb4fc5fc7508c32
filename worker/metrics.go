package worker

import (
	"maps"
	"math"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.temporal.io/sdk/client"
)

// TemporalMetrics is the Temporal SDK's metrics handler on a Prometheus
// registry: give it as client.Options.MetricsHandler to the clients of the
// worker and the server. The metrics keep the SDK's own names
// (temporal_request, temporal_workflow_task_execution_latency, …); counters
// and gauges as they are, timers as histograms in seconds. The SDK names a
// metric with different tag sets in different places: a metric's labels are
// the union of the tags it was given, an absent one empty.
type TemporalMetrics struct {
	mu     sync.Mutex
	series map[string]*temporalFamily // by metric name
}

// NewTemporalMetrics returns a handler whose metrics reg gathers.
func NewTemporalMetrics(reg prometheus.Registerer) (*TemporalMetrics, error) {
	m := &TemporalMetrics{series: map[string]*temporalFamily{}}
	if err := reg.Register(m); err != nil {
		return nil, err
	}
	return m, nil
}

// Handler is the SDK handler, without tags.
func (m *TemporalMetrics) Handler() client.MetricsHandler { return temporalHandler{m: m} }

type metricKind int

const (
	kindCounter metricKind = iota
	kindGauge
	kindTimer
)

// timerBuckets are the histogram buckets of the SDK's timers, in seconds.
var timerBuckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60}

type temporalFamily struct {
	kind   metricKind
	series map[string]*temporalSeries // by the encoded tags
}

type temporalSeries struct {
	tags  map[string]string
	value atomic.Uint64 // float64 bits: a counter's total or a gauge's value
	// a timer's histogram
	mu      sync.Mutex
	count   uint64
	sum     float64
	buckets []uint64 // cumulative counts are made at scrape time
}

func (m *TemporalMetrics) get(name string, kind metricKind, tags map[string]string) *temporalSeries {
	key := encodeTags(tags)
	m.mu.Lock()
	defer m.mu.Unlock()
	f := m.series[name]
	if f == nil {
		f = &temporalFamily{kind: kind, series: map[string]*temporalSeries{}}
		m.series[name] = f
	}
	s := f.series[key]
	if s == nil {
		s = &temporalSeries{tags: tags}
		if f.kind == kindTimer {
			s.buckets = make([]uint64, len(timerBuckets))
		}
		f.series[key] = s
	}
	return s
}

func encodeTags(tags map[string]string) string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		b.WriteString(k)
		b.WriteByte(0)
		b.WriteString(tags[k])
		b.WriteByte(0)
	}
	return b.String()
}

// Describe sends nothing: the metrics are known only as the SDK names them
// (an unchecked collector).
func (m *TemporalMetrics) Describe(chan<- *prometheus.Desc) {}

// Collect reports every series with the union of its metric's labels.
func (m *TemporalMetrics) Collect(ch chan<- prometheus.Metric) {
	m.mu.Lock()
	type snap struct {
		name string
		kind metricKind
		ss   []*temporalSeries
	}
	var fams []snap
	for name, f := range m.series {
		fams = append(fams, snap{name, f.kind, slices.Collect(maps.Values(f.series))})
	}
	m.mu.Unlock()
	for _, f := range fams {
		keys := map[string]bool{}
		for _, s := range f.ss {
			for k := range s.tags {
				keys[k] = true
			}
		}
		tagKeys := slices.Sorted(maps.Keys(keys))
		labels := make([]string, len(tagKeys))
		for i, k := range tagKeys {
			labels[i] = sanitizeName(k)
		}
		name := sanitizeName(f.name)
		desc := prometheus.NewDesc(name, "Temporal SDK metric "+f.name+".", labels, nil)
		for _, s := range f.ss {
			values := make([]string, len(tagKeys))
			for i, k := range tagKeys {
				values[i] = s.tags[k]
			}
			var (
				pm  prometheus.Metric
				err error
			)
			switch f.kind {
			case kindCounter:
				pm, err = prometheus.NewConstMetric(desc, prometheus.CounterValue, math.Float64frombits(s.value.Load()), values...)
			case kindGauge:
				pm, err = prometheus.NewConstMetric(desc, prometheus.GaugeValue, math.Float64frombits(s.value.Load()), values...)
			case kindTimer:
				s.mu.Lock()
				cum := map[float64]uint64{}
				var n uint64
				for i, b := range timerBuckets {
					n += s.buckets[i]
					cum[b] = n
				}
				count, sum := s.count, s.sum
				s.mu.Unlock()
				pm, err = prometheus.NewConstHistogram(desc, count, sum, cum, values...)
			}
			if err != nil {
				pm = prometheus.NewInvalidMetric(desc, err)
			}
			ch <- pm
		}
	}
}

// sanitizeName makes a Prometheus metric or label name of an SDK name.
func sanitizeName(s string) string {
	ok := func(i int, r rune) bool {
		return r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9'
	}
	clean := true
	for i, r := range s {
		if !ok(i, r) {
			clean = false
			break
		}
	}
	if clean && s != "" {
		return s
	}
	b := []rune(s)
	for i, r := range b {
		if !ok(i, r) {
			b[i] = '_'
		}
	}
	if len(b) == 0 {
		return "_"
	}
	return string(b)
}

type temporalHandler struct {
	m    *TemporalMetrics
	tags map[string]string
}

func (h temporalHandler) WithTags(tags map[string]string) client.MetricsHandler {
	merged := maps.Clone(h.tags)
	if merged == nil {
		merged = map[string]string{}
	}
	maps.Copy(merged, tags)
	return temporalHandler{m: h.m, tags: merged}
}

func (h temporalHandler) Counter(name string) client.MetricsCounter {
	s := h.m.get(name, kindCounter, h.tags)
	return counterFunc(func(d int64) { addFloat(&s.value, float64(d)) })
}

func (h temporalHandler) Gauge(name string) client.MetricsGauge {
	s := h.m.get(name, kindGauge, h.tags)
	return gaugeFunc(func(v float64) { s.value.Store(math.Float64bits(v)) })
}

func (h temporalHandler) Timer(name string) client.MetricsTimer {
	s := h.m.get(name, kindTimer, h.tags)
	return timerFunc(func(d time.Duration) {
		v := d.Seconds()
		i, _ := slices.BinarySearch(timerBuckets, v)
		s.mu.Lock()
		s.count++
		s.sum += v
		if i < len(s.buckets) {
			s.buckets[i]++
		}
		s.mu.Unlock()
	})
}

func addFloat(u *atomic.Uint64, d float64) {
	for {
		old := u.Load()
		if u.CompareAndSwap(old, math.Float64bits(math.Float64frombits(old)+d)) {
			return
		}
	}
}

type counterFunc func(int64)

func (f counterFunc) Inc(d int64) { f(d) }

type gaugeFunc func(float64)

func (f gaugeFunc) Update(v float64) { f(v) }

type timerFunc func(time.Duration)

func (f timerFunc) Record(d time.Duration) { f(d) }
