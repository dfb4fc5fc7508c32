package loadtest

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/policyflow/policyflow/internal/devtest"
)

// result is one measured run: n operations by conc workers.
type result struct {
	n, conc int
	elapsed time.Duration
	lat     []time.Duration // sorted
	errs    int
	first   error
}

// run calls fn n times from conc workers and times each call.
func run(conc, n int, fn func(i int) error) result {
	lat := make([]time.Duration, n)
	var next atomic.Int64
	var mu sync.Mutex
	r := result{n: n, conc: conc}
	var wg sync.WaitGroup
	start := time.Now()
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				t0 := time.Now()
				err := fn(i)
				lat[i] = time.Since(t0)
				if err != nil {
					mu.Lock()
					r.errs++
					if r.first == nil {
						r.first = err
					}
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	r.elapsed = time.Since(start)
	slices.Sort(lat)
	r.lat = lat
	return r
}

func (r result) q(p float64) time.Duration {
	if len(r.lat) == 0 {
		return 0
	}
	return r.lat[min(len(r.lat)-1, int(float64(len(r.lat))*p))]
}
func (r result) p50() time.Duration { return r.q(0.50) }
func (r result) p99() time.Duration { return r.q(0.99) }
func (r result) rate() float64      { return float64(r.n) / r.elapsed.Seconds() }

func ms(d time.Duration) string {
	v := float64(d.Microseconds()) / 1000
	switch {
	case v < 1:
		return fmt.Sprintf("%.3f ms", v)
	case v < 100:
		return fmt.Sprintf("%.1f ms", v)
	}
	return fmt.Sprintf("%.0f ms", v)
}

func (r result) String() string {
	s := fmt.Sprintf("p50 %s, p99 %s, %.0f/s (%d × %d workers)", ms(r.p50()), ms(r.p99()), r.rate(), r.n, r.conc)
	if r.errs > 0 {
		s += fmt.Sprintf(", %d ERRORS (first: %v)", r.errs, r.first)
	}
	return s
}

func ratio(a, b time.Duration) string {
	if b <= 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f×", float64(a)/float64(b))
}

// report collects the table rows.
type report struct {
	rows  [][4]string // what, figure, baseline, ratio
	notes []string
}

func (r *report) add(what, figure, baseline, ratio string) {
	r.rows = append(r.rows, [4]string{what, figure, baseline, ratio})
	fmt.Printf("%s: %s | baseline %s | %s\n", what, figure, baseline, ratio)
}

func (r *report) note(format string, args ...any) {
	s := fmt.Sprintf(format, args...)
	r.notes = append(r.notes, s)
	fmt.Println("note:", s)
}

func (r *report) markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Last `make bench`: %s, on %s.\n\n", time.Now().UTC().Format("2006-01-02 15:04 MST"), devtest.Machine())
	b.WriteString("| what | figure | physical baseline, same run | ratio |\n|---|---|---|---|\n")
	for _, row := range r.rows {
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", row[0], row[1], row[2], row[3])
	}
	if len(r.notes) > 0 {
		b.WriteString("\n")
		for _, n := range r.notes {
			fmt.Fprintf(&b, "- %s\n", n)
		}
	}
	return b.String()
}
