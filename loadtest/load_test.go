// Package loadtest measures Policyflow under load on real PostgreSQL and
// Temporal, each figure beside its physical baseline from the same run.
// `make bench` runs it and writes the table into docs/PERFORMANCE.md:
//
//	go test -run '^$' -bench Load -benchtime 1x ./loadtest/ -args -write ../docs/PERFORMANCE.md
//
// It has no tests: `make test` only builds it.
package loadtest

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/internal/devtest/stack"
	"github.com/policyflow/policyflow/internal/devtest/web"
	"github.com/policyflow/policyflow/server"
)

var (
	writeTo = flag.String("write", "", "write the figures into this Markdown file, between the bench markers")
	scale   = flag.Int("growth", 100000, "largest number of policies in the growth run (100, 10,000 and this)")
	only    = flag.String("only", "", "run only this scenario: page, comments, approvals, fanout, debate, burst or growth")
)

func TestMain(m *testing.M) { devtest.Main(m) }

// BenchmarkLoad runs every scenario once (b.N is ignored: each scenario
// sizes itself) and reports its figures.
func BenchmarkLoad(b *testing.B) {
	if b.N > 1 {
		b.Skip("run with -benchtime 1x")
	}
	r := &report{}
	st := stack.New(b)
	srv := web.Serve(b, server.Deps{Store: st.DB, Lifecycle: st.Lifecycle,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	env := &env{b: b, st: st, srv: srv, client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}, Timeout: time.Minute}}

	for _, sc := range []struct {
		name string
		run  func()
	}{
		{"page", func() { policyPage(env, r) }},
		{"comments", func() { commentPosting(env, r) }},
		{"approvals", func() { approvals(env, r) }},
		{"fanout", func() { fanOut(env, r) }},
		{"debate", func() { longDebate(env, r) }},
		{"burst", func() { burst(env, r) }},
		{"growth", func() { growth(b, r) }},
	} {
		if *only == "" || *only == sc.name {
			sc.run()
		}
	}

	out := r.markdown()
	fmt.Println(out)
	if *writeTo != "" {
		if err := devtest.WriteBenchSection(*writeTo, "make bench", "Figures of the last `make bench`", out); err != nil {
			b.Fatal(err)
		}
		fmt.Println("written to", *writeTo)
	}
}

// env is what the scenarios share: the stack, the server and a client.
type env struct {
	b      *testing.B
	st     *stack.Stack
	srv    *httptest.Server
	client *http.Client

	page300 *result           // the 300-comment signed-in page, once measured
	cookies map[string]string // session cookies by email
}

func (e *env) get(url string, header ...string) error {
	req, _ := http.NewRequest("GET", url, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := e.client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	io.Copy(io.Discard, res.Body)
	if res.StatusCode != 200 {
		return fmt.Errorf("GET %s: %d", url, res.StatusCode)
	}
	return nil
}

func (e *env) post(url, token, key, body string, want int) error {
	req, _ := http.NewRequest("POST", url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	res, err := e.client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		return fmt.Errorf("POST %s: %d %.200s", url, res.StatusCode, b)
	}
	return nil
}
