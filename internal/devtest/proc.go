package devtest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// Buffer is the output of a process or a logger, written while the test
// reads it.
type Buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// Tail is the last n bytes of s.
func Tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// Environ is this process's environment without the named variables (the
// ones a test gives its child processes itself).
func Environ(drop ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if !slices.Contains(drop, name) {
			env = append(env, kv)
		}
	}
	return env
}

// BuildPolicyflow builds cmd/policyflow, once per test binary, and returns
// the binary's path (removed by Main).
func BuildPolicyflow(t testing.TB) string {
	t.Helper()
	binMu.Lock()
	defer binMu.Unlock()
	if binPath == "" && binErr == nil {
		binErr = func() error {
			dir, err := os.MkdirTemp("", "policyflow-bin-")
			if err != nil {
				return err
			}
			binDir = dir
			bin := filepath.Join(dir, "policyflow")
			out, err := exec.Command("go", "build", "-o", bin, "github.com/policyflow/policyflow/cmd/policyflow").CombinedOutput()
			if err != nil {
				return fmt.Errorf("go build: %v\n%s", err, out)
			}
			binPath = bin
			return nil
		}()
	}
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// WaitFor checks cond every 50 ms until it holds; when ctx ends first, the
// test fails naming what it waited for and the last detail cond gave.
func WaitFor(ctx context.Context, t testing.TB, what string, cond func() (bool, string)) {
	t.Helper()
	var last string
	for {
		ok, detail := cond()
		if ok {
			return
		}
		last = detail
		select {
		case <-ctx.Done():
			t.Fatalf("timed out waiting for %s; last seen: %s", what, last)
		case <-time.After(50 * time.Millisecond):
		}
	}
}
