//go:build cluster

package cluster

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/policyflow/policyflow/devenv"
	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/postgres"
)

// proc is one OS process of the cluster: a Policyflow server or worker.
type proc struct {
	name string
	cmd  *exec.Cmd
	out  *devtest.Buffer
	done chan struct{}
	err  error
}

// startProc starts bin with args and env; the test's end kills it.
func startProc(t *testing.T, name, bin string, env []string, args ...string) *proc {
	t.Helper()
	p := &proc{name: name, out: &devtest.Buffer{}, done: make(chan struct{})}
	p.cmd = exec.Command(bin, args...)
	p.cmd.Env = env
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	go func() { p.err = p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.done
		if t.Failed() {
			t.Logf("%s (pid %d) output, last 4 KB:\n%s", name, p.cmd.Process.Pid, devtest.Tail(p.out.String(), 4096))
		}
	})
	return p
}

// kill sends SIGKILL and waits until the process is gone.
func (p *proc) kill() {
	p.cmd.Process.Kill()
	<-p.done
}

// exited reports whether the process ended by itself.
func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// temporalServerBinary is bin/temporal-server, built by `make cluster`
// from tools/temporal-server (or TEMPORAL_SERVER).
func temporalServerBinary(t *testing.T) string {
	t.Helper()
	bin := os.Getenv("TEMPORAL_SERVER")
	if bin == "" {
		bin, _ = filepath.Abs("../bin/temporal-server")
	}
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("the Temporal server binary %s is missing: run `make cluster`, which builds it from tools/temporal-server (%v)", bin, err)
	}
	return bin
}

// pgParts splits a devtest database URL (postgres://user@host:port/db?…).
func pgParts(t *testing.T, raw string) (host, port, user, db string) {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u.Hostname(), u.Port(), u.User.Username(), strings.TrimPrefix(u.Path, "/")
}

// freePortRange finds n consecutive free ports (the Temporal server's four
// services and the frontend's HTTP port take consecutive ports).
func freePortRange(t *testing.T, n int) int {
	t.Helper()
	for attempt := 0; attempt < 50; attempt++ {
		p, err := devenv.FreePort()
		if err != nil {
			t.Fatal(err)
		}
		ok := true
		for i := 1; i < n && ok; i++ {
			l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p+i))
			if err != nil {
				ok = false
				break
			}
			l.Close()
		}
		if ok {
			return p
		}
	}
	t.Fatal("no range of free ports")
	return 0
}

// temporalCluster is the real Temporal server on PostgreSQL.
type temporalCluster struct {
	Address   string
	Shards    int
	Persist   string // database names
	Visible   string
	proc      *proc
	SetupTime time.Duration
	StartTime time.Duration
}

// startTemporal sets up the server's schema in two new databases of the
// throwaway PostgreSQL (persistence and visibility) with the server's own
// tool and embedded schema, then starts the server with shards history
// shards (and tlsArgs, its mutual TLS flags) and waits until it has
// registered the namespace.
func startTemporal(t *testing.T, persistURL, visibilityURL string, shards int, namespace string, tlsArgs []string) *temporalCluster {
	t.Helper()
	bin := temporalServerBinary(t)
	host, port, user, pdb := pgParts(t, persistURL)
	_, _, _, vdb := pgParts(t, visibilityURL)
	pgArgs := []string{"-pg-host", host, "-pg-port", port, "-pg-user", user, "-db", pdb, "-visibility-db", vdb}

	t0 := time.Now()
	out, err := exec.Command(bin, append([]string{"setup-schema"}, pgArgs...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("temporal-server setup-schema: %v\n%s", err, out)
	}
	tc := &temporalCluster{Shards: shards, Persist: pdb, Visible: vdb, SetupTime: time.Since(t0)}

	t1 := time.Now()
	fp := freePortRange(t, 5)
	tc.Address = fmt.Sprintf("127.0.0.1:%d", fp)
	args := append([]string{"start"}, pgArgs...)
	args = append(args, "-port", fmt.Sprint(fp), "-shards", fmt.Sprint(shards), "-namespace", namespace, "-log-level", "error")
	args = append(args, tlsArgs...)
	p := &proc{name: "temporal-server", out: &devtest.Buffer{}, done: make(chan struct{})}
	p.cmd = exec.Command(bin, args...)
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p.cmd.Stderr = p.out
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		once := sync.Once{}
		for sc.Scan() {
			line := sc.Text()
			fmt.Fprintln(p.out, line)
			if strings.HasPrefix(line, "temporal-server: ready") {
				once.Do(func() { close(ready) })
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	go func() { p.err = p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		p.cmd.Process.Signal(os.Interrupt)
		select {
		case <-p.done:
		case <-time.After(30 * time.Second):
			p.cmd.Process.Kill()
			<-p.done
		}
		if t.Failed() {
			t.Logf("temporal-server output, last 8 KB:\n%s", devtest.Tail(p.out.String(), 8192))
		}
	})
	select {
	case <-ready:
	case <-p.done:
		t.Fatalf("temporal-server exited: %v\n%s", p.err, devtest.Tail(p.out.String(), 8192))
	case <-time.After(3 * time.Minute):
		t.Fatalf("temporal-server not ready within 3 min\n%s", devtest.Tail(p.out.String(), 8192))
	}
	tc.proc = p
	tc.StartTime = time.Since(t1)
	return tc
}

// waitHealthy waits until a Policyflow server answers /healthz.
func waitHealthy(ctx context.Context, t *testing.T, p *proc, base string) {
	t.Helper()
	for {
		res, err := http.Get(base + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
		}
		if p.exited() {
			t.Fatalf("%s exited: %v\n%s", p.name, p.err, devtest.Tail(p.out.String(), 4096))
		}
		select {
		case <-ctx.Done():
			t.Fatalf("%s never answered /healthz: %v", p.name, err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// giveTokens gives every active person of db an API token named name:
// token(id), for a day.
func giveTokens(ctx context.Context, t *testing.T, db *postgres.DB, name string) {
	t.Helper()
	var users []int64
	if err := db.SQL().SelectContext(ctx, &users, `SELECT id FROM users WHERE deactivated_at IS NULL ORDER BY id`); err != nil {
		t.Fatal(err)
	}
	for _, id := range users {
		sum := sha256.Sum256([]byte(token(id)))
		if _, err := db.CreateAPIToken(ctx, id, name, hex.EncodeToString(sum[:]), time.Now().Add(24*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
}
