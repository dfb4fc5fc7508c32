// Package devenv starts the services Policyflow needs on a developer's
// machine and in tests: a private PostgreSQL cluster from the machine's
// PostgreSQL binaries and a Temporal dev server from the Temporal CLI. Each
// runs as a child process that dies with its parent, so nothing is left
// behind when `policyflow dev` or a test binary exits, however it exits.
package devenv

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// child is a started service process.
type child struct {
	name string
	cmd  *exec.Cmd
	done chan struct{}
	err  error // valid once done is closed
}

// startChild starts cmd in its own process group (so a Ctrl-C at the
// terminal reaches only `dev`, which then stops children in order) with a
// parent-death signal, logging to logPath.
func startChild(name string, cmd *exec.Cmd, logPath string, deathSig syscall.Signal, cred *syscall.Credential) (*child, error) {
	logf, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("%s: log file: %w", name, err)
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: deathSig, Credential: cred}
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, fmt.Errorf("%s: start %s: %w", name, cmd.Path, err)
	}
	c := &child{name: name, cmd: cmd, done: make(chan struct{})}
	go func() {
		c.err = cmd.Wait()
		logf.Close()
		close(c.done)
	}()
	return c, nil
}

// exited reports whether the process has ended.
func (c *child) exited() bool {
	select {
	case <-c.done:
		return true
	default:
		return false
	}
}

// waitReady tries ready every interval until it succeeds; it gives up when
// the process exits, after limit, or when ctx ends.
func (c *child) waitReady(ctx context.Context, limit, every time.Duration, ready func() error) error {
	deadline := time.Now().Add(limit)
	for {
		err := ready()
		if err == nil {
			return nil
		}
		if c.exited() {
			return &exitedError{name: c.name, err: c.err}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("not ready after %s: %w", limit, err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(every):
		}
	}
}

// exitedError says a service ended before it was ready.
type exitedError struct {
	name string
	err  error
}

func (e *exitedError) Error() string { return fmt.Sprintf("%s exited: %v", e.name, e.err) }

// stop sends sig, waits up to grace for the process to end, then kills it.
func (c *child) stop(sig syscall.Signal, grace time.Duration) error {
	if c.exited() {
		return nil
	}
	_ = c.cmd.Process.Signal(sig)
	select {
	case <-c.done:
		return nil
	case <-time.After(grace):
		_ = syscall.Kill(-c.cmd.Process.Pid, syscall.SIGKILL)
		<-c.done
		return fmt.Errorf("%s did not stop within %s: killed", c.name, grace)
	}
}

// CheckPortFree returns a clear error when something already listens on addr.
func CheckPortFree(addr, what string) error {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("port %s (%s) is already in use: stop what uses it or choose another port", addr, what)
		}
		return fmt.Errorf("cannot listen on %s (%s): %w", addr, what, err)
	}
	return l.Close()
}

// FreePort returns a loopback TCP port that is free and stays out of the
// kernel's hands for a while: a connection to it is closed from the listening
// side first, which leaves the port in TIME_WAIT (about a minute on Linux).
// Meanwhile no bind(:0) gets it — Temporal's dev server picks its own HTTP,
// metrics and internal ports that way, and without this one of them could
// land on the port chosen here — while binding it by number still works
// (Go, PostgreSQL and Temporal listen with SO_REUSEADDR).
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	r, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		return 0, err
	}
	defer r.Close()
	c, err := l.Accept()
	if err != nil {
		return 0, err
	}
	c.Close() // the listening side closes first: TIME_WAIT on this port
	return l.Addr().(*net.TCPAddr).Port, nil
}

// tail returns the last n lines of a file, for error messages.
func tail(path string, n int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// processAlive reports whether pid names a live process whose command name is comm.
func processAlive(pid int, comm string) bool {
	if pid <= 0 || syscall.Kill(pid, 0) != nil {
		return false
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/comm")
	if err != nil {
		return true // cannot tell: assume it is
	}
	return strings.TrimSpace(string(b)) == comm
}
