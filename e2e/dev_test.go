// Package e2e tests Policyflow as a person runs it: the real binary, its real
// PostgreSQL and Temporal, over HTTP.
package e2e

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"github.com/policyflow/policyflow/devenv"
	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/internal/devtest/stack"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/policies/samples"
	"github.com/policyflow/policyflow/postgres"
	"github.com/policyflow/policyflow/workflows"
)

type ports struct{ http, pg, temporal, ui int }

func freePorts(t *testing.T) ports {
	t.Helper()
	var ps [4]int
	for i := range ps {
		p, err := devenv.FreePort()
		if err != nil {
			t.Fatal(err)
		}
		ps[i] = p
	}
	return ports{ps[0], ps[1], ps[2], ps[3]}
}

// dataDir is a folder the postgres user can reach when tests run as root.
func dataDir(t *testing.T) string {
	t.Helper()
	d, err := os.MkdirTemp("", "policyflow-dev-")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(d, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if !t.Failed() {
			os.RemoveAll(d)
		}
	})
	return d
}

func temporalCLI(t *testing.T) string {
	t.Helper()
	wd, _ := os.Getwd()
	cli, err := devenv.FindTemporalCLI(os.Getenv, wd)
	if err != nil {
		t.Fatal(err)
	}
	return cli
}

func startDev(t *testing.T, bin, dir string, p ports) (*exec.Cmd, *devtest.Buffer) {
	t.Helper()
	cmd := exec.Command(bin, "dev", "-data", dir,
		"-http", fmt.Sprintf("127.0.0.1:%d", p.http), "-pg-port", strconv.Itoa(p.pg),
		"-temporal-port", strconv.Itoa(p.temporal), "-ui-port", strconv.Itoa(p.ui))
	cmd.Env = append(devtest.Environ("DATABASE_URL", "TEMPORAL_ADDRESS", "HTTP_ADDR"), "TEMPORAL_CLI="+temporalCLI(t))
	out := &devtest.Buffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	return cmd, out
}

func waitReady(t *testing.T, base string, out *devtest.Buffer) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		res, err := http.Get(base + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("dev not ready at %s within 2 min; output:\n%s", base, out.String())
}

func stopDev(t *testing.T, cmd *exec.Cmd, out *devtest.Buffer) {
	t.Helper()
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("dev exited with %v after SIGINT; output:\n%s", err, out.String())
		}
	case <-time.After(90 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("dev did not stop within 90 s of SIGINT; output:\n%s", out.String())
	}
}

// signIn signs in through the login form, as a person does, and returns
// a client carrying the session (the seeded policies are drafts: only
// signed-in people read them).
func signIn(t *testing.T, base, email string) *http.Client {
	t.Helper()
	c := devtest.Browser()
	res, _ := devtest.SignIn(t, c, base, email, samples.DevPassword, "")
	if res.StatusCode != 200 || res.Request.URL.Path != "/dashboard" {
		t.Fatalf("sign in as %s: %d at %s", email, res.StatusCode, res.Request.URL)
	}
	return c
}

func fetch(t *testing.T, url string) string {
	t.Helper()
	return fetchWith(t, http.DefaultClient, url)
}

func fetchWith(t *testing.T, c *http.Client, url string) string {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	res, b := devtest.Do(t, c, req)
	if res.StatusCode != 200 {
		t.Fatalf("GET %s = %d\n%s", url, res.StatusCode, b)
	}
	return b
}

// processesUsing lists live processes whose command line mentions s.
func processesUsing(s string) []string {
	var found []string
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/cmdline")
		if err == nil && bytes.Contains(b, []byte(s)) {
			found = append(found, e.Name()+": "+string(bytes.ReplaceAll(b, []byte{0}, []byte{' '})))
		}
	}
	return found
}

func portOpen(port int) bool {
	c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), time.Second)
	if err != nil {
		return false
	}
	c.Close()
	return true
}

var seededTitles = []string{
	"Kebijakan Peningkatan Kompetensi ASN di Kota Sawahlunto",
	"Kebijakan Pengelolaan Kompetensi ASN di Kota Sawahlunto",
	"Peningkatan Kapasitas ASN di Sawahlunto untuk Menghadapi Tantangan Birokrasi",
	"Penyusunan Kebijakan Pengembangan Kompetensi ASN di Pangkalpinang",
	"Kebijakan Peningkatan Kualitas ASN di Kota Bukittinggi",
}

// TestDevStartsStopsAndKeepsData runs `policyflow dev` as a person would:
// start, browse, Ctrl-C, start again (after a crash left a stale pid file)
// and find everything as it was.
func TestDevStartsStopsAndKeepsData(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	bin := devtest.BuildPolicyflow(t)
	dir := dataDir(t)
	p := freePorts(t)
	base := fmt.Sprintf("http://127.0.0.1:%d", p.http)

	// First start: everything comes up, seeded.
	start := time.Now()
	cmd, out := startDev(t, bin, dir, p)
	waitReady(t, base, out)
	t.Logf("first start ready in %s", time.Since(start).Round(time.Millisecond))
	// It answers before its lines reach us through the pipe: wait for
	// them (bounded by ctx), as a person reads them a moment later.
	devtest.WaitFor(ctx, t, "dev printing its address "+base, func() (bool, string) {
		return strings.Contains(out.String(), "is running at "+base), out.String()
	})
	// One process, one /metrics for the server and the worker, printed.
	devtest.WaitFor(ctx, t, "dev printing its /metrics address", func() (bool, string) {
		return strings.Contains(out.String(), "metrics (server + worker, Prometheus): "+base+"/metrics"), out.String()
	})
	metrics := fetch(t, base+"/metrics")
	for _, want := range []string{"temporal_request{", `policyflow_outbox_depth{channel="email"}`, `policyflow_notification_delivery_failures_total{channel="webhook"}`, "policyflow_http_requests_total{"} {
		if !strings.Contains(metrics, want) {
			t.Errorf("dev's /metrics lacks %q", want)
		}
	}
	if !strings.Contains(out.String(), "policyflow-dev") || !strings.Contains(out.String(), "penyusun.sawahlunto@policyflow.test") {
		t.Errorf("dev did not print the sample users and password:\n%s", out.String())
	}
	// The seeded policies are drafts: each city's staff see their own (a
	// stakeholder account reads only what it was invited to).
	var all strings.Builder
	for slug, region := range map[string]string{"sawahlunto": "Kota Sawahlunto", "pangkalpinang": "Kota Pangkalpinang", "bukittinggi": "Kota Bukittinggi"} {
		index := fetchWith(t, signIn(t, base, "opd."+slug+"@policyflow.test"), base+"/")
		if !strings.Contains(index, "<h2>"+region+"</h2>") {
			t.Errorf("%s's index lacks its region heading", region)
		}
		if slug == "sawahlunto" && strings.Contains(index, "Kebijakan Peningkatan Kualitas ASN di Kota Bukittinggi") {
			t.Errorf("Sawahlunto's index lists Bukittinggi's drafts")
		}
		all.WriteString(index)
	}
	for _, title := range seededTitles {
		if !strings.Contains(all.String(), title) {
			t.Errorf("no city's index lists seeded policy %q", title)
		}
	}
	person := signIn(t, base, "opd.bukittinggi@policyflow.test")
	if ui := fetch(t, fmt.Sprintf("http://127.0.0.1:%d/", p.ui)); !strings.Contains(ui, "<!doctype html>") {
		t.Errorf("Temporal Web UI did not serve its page at port %d", p.ui)
	}

	dbURL := fmt.Sprintf("postgres://postgres@127.0.0.1:%d/policyflow?sslmode=disable", p.pg)
	db, err := postgres.Open(ctx, dbURL, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	list, _, err := db.SearchPolicies(ctx, policies.SearchFilter{Limit: 100})
	if err != nil || len(list) != wantPolicies {
		t.Fatalf("policies = %d, %v; want %d", len(list), err, wantPolicies)
	}
	checkDemo(t, base, list)
	checkDemoYear(t, base, db, list)
	demoRows := demoCounts(ctx, t, db)
	var target policies.PolicySummary
	for _, ps := range list {
		if ps.Slug == "bukittinggi-peningkatan-kualitas-asn" {
			target = ps
		}
	}
	page := fetchWith(t, person, fmt.Sprintf("%s/policies/%d", base, target.ID))
	for _, s := range []string{`<h2 id="pendahuluan">Pendahuluan</h2>`, `<h2 id="evaluasi-dan-tindak-lanjut">Evaluasi dan Tindak Lanjut</h2>`, `<dd id="policy-version">1</dd>`, "Draf"} {
		if !strings.Contains(page, s) {
			t.Errorf("policy page lacks %q", s)
		}
	}
	// Something a user saved: a comment.
	v, err := db.CurrentVersion(ctx, target.ID)
	if err != nil {
		t.Fatal(err)
	}
	comment, err := db.CreateComment(ctx, policies.Comment{PolicyID: target.ID, VersionID: v.ID, SectionID: "pendahuluan", AuthorName: "Akademisi", Body: "Mohon tambahkan target JP per tahun."})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	tc, err := client.DialContext(ctx, client.Options{HostPort: fmt.Sprintf("127.0.0.1:%d", p.temporal)})
	if err != nil {
		t.Fatal(err)
	}
	desc, err := tc.DescribeWorkflowExecution(ctx, workflows.WorkflowID(target.ID), "")
	if err != nil {
		t.Fatalf("workflow of policy %d: %v", target.ID, err)
	}
	runID := desc.WorkflowExecutionInfo.Execution.RunId
	if st := stack.LoadedState(ctx, t, tc, target.ID); st.Title != target.Title || st.VersionNumber != 1 {
		t.Errorf("workflow state = %+v, want %q at version 1", st, target.Title)
	}
	tc.Close()

	// A second dev on the same ports fails at once with one clear line.
	second := exec.Command(bin, "dev", "-data", dataDir(t), "-http", fmt.Sprintf("127.0.0.1:%d", p.http))
	second.Env = append(os.Environ(), "TEMPORAL_CLI="+temporalCLI(t))
	began := time.Now()
	msg, err := second.CombinedOutput()
	if err == nil {
		t.Error("a second dev on a busy port succeeded")
	}
	if lines := strings.Split(strings.TrimSpace(string(msg)), "\n"); len(lines) != 1 || !strings.Contains(lines[0], "already in use") {
		t.Errorf("second dev said %q, want one line saying the port is in use", msg)
	}
	if took := time.Since(began); took > 20*time.Second {
		t.Errorf("second dev took %s to fail", took)
	}

	// Ctrl-C: everything stops, nothing is left behind.
	stopDev(t, cmd, out)
	if left := processesUsing(dir); len(left) > 0 {
		t.Errorf("processes left after SIGINT:\n%s", strings.Join(left, "\n"))
	}
	for name, port := range map[string]int{"http": p.http, "postgres": p.pg, "temporal": p.temporal, "ui": p.ui} {
		if portOpen(port) {
			t.Errorf("%s port %d still open after SIGINT", name, port)
		}
	}

	// A crash leaves a postmaster.pid naming a process that is gone.
	stale := filepath.Join(dir, "postgres", "postmaster.pid")
	if err := os.WriteFile(stale, []byte("2147483000\n"+filepath.Join(dir, "postgres")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	// Second start: same data, same workflows, nothing seeded twice.
	cmd, out = startDev(t, bin, dir, p)
	waitReady(t, base, out)
	db, err = postgres.Open(ctx, dbURL, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	list, _, err = db.SearchPolicies(ctx, policies.SearchFilter{Limit: 100})
	if err != nil || len(list) != wantPolicies {
		t.Errorf("after restart: policies = %d, %v; want the same %d", len(list), err, wantPolicies)
	}
	if again := demoCounts(ctx, t, db); again != demoRows {
		t.Errorf("after restart: rows of the sample policies = %+v, want unchanged %+v", again, demoRows)
	}
	if !strings.Contains(out.String(), "walked=0 already_there=5") {
		t.Errorf("after restart: the sample policies were walked again; output:\n%s", out.String())
	}
	comments, err := commentsOf(ctx, db, target.ID)
	if err != nil || len(comments) != 1 || comments[0].ID != comment.ID || comments[0].Body != comment.Body {
		t.Errorf("after restart: comments = %+v, %v; want the one saved before", comments, err)
	}
	tc, err = client.DialContext(ctx, client.Options{HostPort: fmt.Sprintf("127.0.0.1:%d", p.temporal)})
	if err != nil {
		t.Fatal(err)
	}
	defer tc.Close()
	desc, err = tc.DescribeWorkflowExecution(ctx, workflows.WorkflowID(target.ID), "")
	if err != nil {
		t.Fatalf("after restart: workflow of policy %d: %v", target.ID, err)
	}
	if got := desc.WorkflowExecutionInfo.Execution.RunId; got != runID {
		t.Errorf("after restart: workflow run %s, want the same run %s", got, runID)
	}
	if s := desc.WorkflowExecutionInfo.Status; s != enums.WORKFLOW_EXECUTION_STATUS_RUNNING {
		t.Errorf("after restart: workflow status %s, want running", s)
	}
	if st := stack.LoadedState(ctx, t, tc, target.ID); st.Title != target.Title || st.Status != policies.StatusDraft {
		t.Errorf("after restart: state = %+v; want %q in draft", st, target.Title)
	}
	if page := fetchWith(t, signIn(t, base, "opd.bukittinggi@policyflow.test"), fmt.Sprintf("%s/policies/%d", base, target.ID)); !strings.Contains(page, target.Title) {
		t.Error("after restart: policy page lacks its title")
	}
	stopDev(t, cmd, out)
	if left := processesUsing(dir); len(left) > 0 {
		t.Errorf("processes left after the second SIGINT:\n%s", strings.Join(left, "\n"))
	}
}
