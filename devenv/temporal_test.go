package devenv

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// A dev server that dies while starting (as when a port it picked for itself
// was taken in between) is started again on another port.
func TestStartTemporalTriesAgainWhenTheServerDiesStarting(t *testing.T) {
	cli, err := FindTemporalCLI(os.Getenv, ".")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	count := filepath.Join(dir, "attempts")
	// The first start exits as the CLI does on a panic; the next is the real CLI.
	script := filepath.Join(dir, "temporal")
	body := "#!/bin/sh\necho x >> " + count + "\nif [ $(wc -l < " + count + ") -eq 1 ]; then echo 'panic: failed assigning ephemeral port' >&2; exit 2; fi\nexec " + cli + " \"$@\"\n"
	if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	tmp, err := StartTemporal(ctx, TemporalOptions{CLIPath: script, LogPath: filepath.Join(dir, "temporal.log")})
	if err != nil {
		t.Fatal(err)
	}
	defer tmp.Stop()
	if err := PingTemporal(ctx, tmp.Address, "default", 5*time.Second); err != nil {
		t.Fatalf("the second start does not answer: %v", err)
	}
	b, _ := os.ReadFile(count)
	if n := strings.Count(string(b), "x"); n != 2 {
		t.Errorf("started %d times, want 2", n)
	}
	first, _ := os.ReadFile(filepath.Join(dir, "temporal.log"))
	if !strings.Contains(string(first), "panic") {
		t.Errorf("the first attempt's log lost its panic: %q", first)
	}
	if tmp.LogPath != filepath.Join(dir, "temporal-2.log") || !strings.HasSuffix(tmp.Address, ":"+strconv.Itoa(tmp.Port)) {
		t.Errorf("second attempt: log %s, address %s, port %d", tmp.LogPath, tmp.Address, tmp.Port)
	}
}
