package devenv

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"go.temporal.io/sdk/client"
)

// TemporalCLIVersion is the Temporal CLI `make` builds into bin/ from
// tools/temporal-cli: release v1.5.1 (Temporal server 1.29.1 and the Web UI)
// with modernc.org/sqlite raised from v1.34.1 to v1.51.0, whose connections no
// longer fail with "interrupted (9)" under load. Newer CLI releases cannot be
// built from the Go module proxy: their cliext module is not published there.
const TemporalCLIVersion = "v1.5.1+sqlite1.51.0"

// TemporalOptions configures a Temporal dev server.
type TemporalOptions struct {
	CLIPath string // the temporal binary
	Port    int    // frontend gRPC port on 127.0.0.1; 0 for a free one
	UIPort  int    // Web UI port; 0 for no UI
	DBFile  string // SQLite file keeping workflows across restarts; "" for in-memory
	LogPath string
}

// Temporal is a running Temporal dev server.
type Temporal struct {
	Address string // host:port of the frontend
	Port    int    // its port, to start it again where it was
	UIURL   string // "" without UI
	LogPath string
	proc    *child
}

// FindTemporalCLI returns the path of the Temporal CLI: $TEMPORAL_CLI, else
// bin/temporal in the module root above dir, else temporal on PATH.
func FindTemporalCLI(getenv func(string) string, dir string) (string, error) {
	if p := getenv("TEMPORAL_CLI"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("TEMPORAL_CLI=%s: %w", p, err)
		}
		return p, nil
	}
	for d := dir; d != ""; {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			if p := filepath.Join(d, "bin", "temporal"); fileExists(p) {
				return p, nil
			}
			break
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	if p, err := lookPath("temporal"); err == nil {
		return p, nil
	}
	return "", errors.New("the Temporal CLI was not found: run `make dev` or `make tools` (builds bin/temporal " + TemporalCLIVersion + "), set TEMPORAL_CLI, or set TEMPORAL_ADDRESS to use a running server")
}

func fileExists(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir()
}

// StartTemporal starts `temporal server start-dev` on loopback and waits
// until its frontend answers. With Port 0 it picks a free port, and when the
// server exits while starting (a port it chose for itself can be taken by
// another process in between) it tries again on a new one, three times in
// all, each attempt logging to LogPath with the attempt's number.
func StartTemporal(ctx context.Context, opts TemporalOptions) (*Temporal, error) {
	if opts.Port != 0 {
		return startTemporal(ctx, opts)
	}
	logPath := opts.LogPath
	for attempt := 1; ; attempt++ {
		port, err := FreePort()
		if err != nil {
			return nil, err
		}
		opts.Port = port
		if attempt > 1 {
			opts.LogPath = strings.TrimSuffix(logPath, ".log") + "-" + strconv.Itoa(attempt) + ".log"
		}
		t, err := startTemporal(ctx, opts)
		var early *exitedError
		if err == nil || attempt == 3 || !errors.As(err, &early) {
			return t, err
		}
	}
}

func startTemporal(ctx context.Context, opts TemporalOptions) (*Temporal, error) {
	addr := "127.0.0.1:" + strconv.Itoa(opts.Port)
	if err := CheckPortFree(addr, "Temporal"); err != nil {
		return nil, err
	}
	args := []string{"server", "start-dev", "--ip", "127.0.0.1", "--port", strconv.Itoa(opts.Port),
		"--log-level", "warn", "--namespace", "default"}
	t := &Temporal{Address: addr, Port: opts.Port, LogPath: opts.LogPath}
	if opts.UIPort > 0 {
		uiAddr := "127.0.0.1:" + strconv.Itoa(opts.UIPort)
		if err := CheckPortFree(uiAddr, "Temporal Web UI"); err != nil {
			return nil, err
		}
		args = append(args, "--ui-port", strconv.Itoa(opts.UIPort))
		t.UIURL = "http://" + uiAddr
	} else {
		args = append(args, "--headless")
	}
	if opts.DBFile != "" {
		args = append(args, "--db-filename", opts.DBFile)
	}
	cmd := command(opts.CLIPath, args...)
	proc, err := startChild("temporal", cmd, opts.LogPath, syscall.SIGTERM, nil)
	if err != nil {
		return nil, err
	}
	t.proc = proc
	if err := waitTemporal(ctx, proc, addr, 60*time.Second); err != nil {
		t.Stop()
		return nil, fmt.Errorf("temporal dev server did not start (log %s): %w\n%s", opts.LogPath, err, tail(opts.LogPath, 5))
	}
	return t, nil
}

// Stop shuts the server down.
func (t *Temporal) Stop() error { return t.proc.stop(syscall.SIGTERM, 20*time.Second) }

func waitTemporal(ctx context.Context, proc *child, addr string, limit time.Duration) error {
	return proc.waitReady(ctx, limit, 150*time.Millisecond, func() error {
		return PingTemporal(ctx, addr, "default", 2*time.Second)
	})
}

// PingTemporal checks that a Temporal frontend answers and knows the namespace.
func PingTemporal(ctx context.Context, addr, namespace string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	c, err := client.DialContext(ctx, client.Options{HostPort: addr, Namespace: namespace, Logger: quietLogger{}})
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.WorkflowService().DescribeNamespace(ctx, describeNamespace(namespace))
	return err
}
