//go:build compose

package check

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/x509"
	"encoding/hex"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/devenv"
	"github.com/policyflow/policyflow/internal/devtest"
)

var (
	nPolicy = flag.Int("policies", 6, "policies taken from creation to implementation")
	keep    = flag.Bool("keep", false, "leave the stack running after the check (tear down with docker-compose -p NAME down -v)")
)

// stack is one compose project of docker-compose.yml with the demo
// override, its HTTPS address on this host's loopback, and a client that
// trusts the check's own CA.
type stack struct {
	t       *testing.T
	root    string // the repository
	project string
	env     []string
	base    string // https://127.0.0.1:PORT
	http    *http.Client
}

// compose runs the compose CLI (COMPOSE, default Debian's docker-compose)
// on the project.
func (s *stack) compose(ctx context.Context, args ...string) (string, error) {
	cli := strings.Fields(envOr("COMPOSE", "docker-compose"))
	full := append(cli[1:], "-p", s.project, "-f", filepath.Join(s.root, "docker-compose.yml"),
		"-f", filepath.Join(s.root, "docker-compose.demo.yml"))
	cmd := exec.CommandContext(ctx, cli[0], append(full, args...)...)
	cmd.Dir = s.root
	cmd.Env = s.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if err != nil {
		err = fmt.Errorf("%s %s: %w\n%s", cli[0], strings.Join(args, " "), err, devtest.Tail(out.String(), 4000))
	}
	return out.String(), err
}

// psql answers a query in the policyflow database as the operator would
// (docker compose exec postgres psql): rows of |-separated fields.
func (s *stack) psql(ctx context.Context, query string) [][]string {
	s.t.Helper()
	out, err := s.compose(ctx, "exec", "-T", "postgres", "psql", "-h", "/run/postgresql", "-U", "policyflow", "-d", "policyflow",
		"-v", "ON_ERROR_STOP=1", "-tAq", "-F", "|", "-c", query)
	if err != nil {
		s.t.Fatalf("psql %s: %v", query, err)
	}
	var rows [][]string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line != "" {
			rows = append(rows, strings.Split(line, "|"))
		}
	}
	return rows
}

// count is a query's single number.
func (s *stack) count(ctx context.Context, query string) int {
	s.t.Helper()
	rows := s.psql(ctx, query)
	if len(rows) != 1 || len(rows[0]) != 1 {
		s.t.Fatalf("%s: want one number, got %v", query, rows)
	}
	n, err := strconv.Atoi(rows[0][0])
	if err != nil {
		s.t.Fatalf("%s: %v", query, err)
	}
	return n
}

// containerPID is the host PID of the service's container's first process.
func (s *stack) containerPID(ctx context.Context, service string) (id string, pid int) {
	s.t.Helper()
	out, err := s.compose(ctx, "ps", "-q", service)
	if err != nil || strings.TrimSpace(out) == "" {
		s.t.Fatalf("no container for %s: %v", service, err)
	}
	id = strings.TrimSpace(out)
	pidOut, err := dockerInspect(ctx, id, "{{.State.Pid}}")
	if err != nil {
		s.t.Fatal(err)
	}
	pid, _ = strconv.Atoi(pidOut)
	return id, pid
}

// dockerInspect is a field of a container, by a Go template.
func dockerInspect(ctx context.Context, id, format string) (string, error) {
	out, err := exec.CommandContext(ctx, "docker", "inspect", "-f", format, id).Output()
	if err != nil {
		return "", fmt.Errorf("docker inspect %s: %w", id, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// crash SIGKILLs the service's container from the host, the way a crash or
// the kernel's OOM killer ends it (not `docker kill`, which Docker counts
// as stopped on purpose and does not restart), then waits for Docker's
// restart policy to bring it back healthy.
func (s *stack) crash(ctx context.Context, service string) {
	s.t.Helper()
	id, pid := s.containerPID(ctx, service)
	restarts := func() int {
		out, _ := dockerInspect(ctx, id, "{{.RestartCount}}")
		n, _ := strconv.Atoi(out)
		return n
	}
	before := restarts()
	if err := exec.CommandContext(ctx, "kill", "-KILL", strconv.Itoa(pid)).Run(); err != nil {
		s.t.Fatalf("kill -KILL %d (%s): %v", pid, service, err)
	}
	s.t.Logf("SIGKILLed %s (host pid %d)", service, pid)
	devtest.WaitFor(ctx, s.t, service+" restarted and healthy", func() (bool, string) {
		st, _ := dockerInspect(ctx, id, "{{.State.Health.Status}}")
		return restarts() > before && st == "healthy", fmt.Sprintf("restarts %d, health %s", restarts(), st)
	})
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func randomHex(t *testing.T) string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// startStack brings the project up on a free loopback port with fresh
// secrets and a certificate of its own CA, and tears it down with its
// volumes when the test ends (its logs first, when the test failed).
func startStack(ctx context.Context, t *testing.T) *stack {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	pki := devtest.NewPKI(t, "Policyflow compose-check CA")
	crt, key := pki.Issue(t, devtest.Cert{Name: "policyflow-check", Usages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}})
	tlsDir := t.TempDir()
	for from, to := range map[string]string{crt: "fullchain.pem", key: "privkey.pem"} {
		b, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(tlsDir, to), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// Temporal's own CA: the server's certificate for the name "temporal"
	// (serverAuth and clientAuth: its services present it to each other)
	// and one client certificate for the servers and workers; readable by
	// the containers' users.
	tpki := devtest.NewPKI(t, "Policyflow compose-check Temporal CA")
	tcrt, tkey := tpki.Issue(t, devtest.Cert{Name: "temporal", Usages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}})
	ccrt, ckey := tpki.Issue(t, devtest.Cert{Name: "policyflow-client", Usages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}})
	temporalTLS := t.TempDir()
	if err := os.Chmod(temporalTLS, 0o755); err != nil {
		t.Fatal(err)
	}
	for from, to := range map[string]string{tpki.CAFile: "ca.pem", tcrt: "temporal.pem", tkey: "temporal-key.pem", ccrt: "client.pem", ckey: "client-key.pem"} {
		b, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(temporalTLS, to), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	port, err := devenv.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	s := &stack{t: t, root: root, project: fmt.Sprintf("pfcheck%d", os.Getpid()),
		base: fmt.Sprintf("https://127.0.0.1:%d", port)}
	s.env = append(os.Environ(),
		"POSTGRES_PASSWORD="+randomHex(t), "UNSUBSCRIBE_KEY="+randomHex(t),
		fmt.Sprintf("PUBLIC_URL=https://localhost:%d", port),
		"TLS_DIR="+tlsDir, "TEMPORAL_TLS_DIR="+temporalTLS, "HTTPS_ADDR=127.0.0.1", fmt.Sprintf("HTTPS_PORT=%d", port))
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = pki.ClientTLS(t, "", "")
	s.http = &http.Client{Transport: tr, Timeout: 60 * time.Second}

	t.Cleanup(func() {
		dctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		if t.Failed() {
			out, _ := s.compose(dctx, "logs", "--no-color", "--tail", "40")
			t.Logf("logs:\n%s", out)
		}
		if *keep {
			t.Logf("kept: docker-compose -p %s -f docker-compose.yml -f docker-compose.demo.yml down -v", s.project)
			return
		}
		t0 := time.Now()
		if _, err := s.compose(dctx, "down", "-v", "--remove-orphans", "-t", "10"); err != nil {
			t.Errorf("tear down: %v", err)
		}
		t.Logf("torn down (containers, networks, volumes) in %s", time.Since(t0).Round(100*time.Millisecond))
	})
	t0 := time.Now()
	// up -d returns once every dependency condition held: PostgreSQL
	// healthy, Temporal's schema set up and the server serving its
	// namespace, migrations and the samples in, both servers ready.
	if _, err := s.compose(ctx, "up", "-d", "--no-build"); err != nil {
		t.Fatal(err)
	}
	s.waitReady(ctx)
	t.Logf("stack %s up and ready at %s in %s", s.project, s.base, time.Since(t0).Round(100*time.Millisecond))
	return s
}
