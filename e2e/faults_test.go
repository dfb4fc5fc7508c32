package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/policyflow/policyflow/internal/devtest/web"
	"github.com/policyflow/policyflow/workflows"

	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"

	"github.com/policyflow/policyflow/devenv"
	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/internal/devtest/stack"
	"github.com/policyflow/policyflow/server"
	"github.com/policyflow/policyflow/worker"
)

// PostgreSQL stops for 10 s while comments are being posted: meanwhile the
// server answers 503 with Retry-After (never 500), it recovers by itself
// when the database is back, and every comment it acknowledged is stored
// exactly once (clients retry with the same Idempotency-Key).
func TestPostgresOutageUnderLoad(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	dir := dataDir(t)
	port, err := devenv.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	opts := devenv.PostgresOptions{DataDir: filepath.Join(dir, "pg"), Port: port, Throwaway: true}
	pg, err := devenv.StartPostgres(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { pg.Stop() }()
	db := devtest.SeededDB(t, pg.URL)
	token := stack.APIToken(t, db, "opd.sawahlunto@policyflow.test", "uji-gangguan-token")
	var policyID int64
	db.SQL().Get(&policyID, `SELECT id FROM policies WHERE slug = 'sawahlunto-peningkatan-kompetensi-asn'`)
	srv := web.Serve(t, server.Deps{Store: db, Checks: []server.Check{{Name: "postgres", Ping: db.Ping}}})

	post := func(i int) (int, string) {
		res, _ := devtest.Call(t, "POST", fmt.Sprintf("%s/api/v1/policies/%d/comments", srv.URL, policyID), token,
			map[string]string{"section": "pendahuluan", "body": fmt.Sprintf("komentar gangguan %d", i)}, "Idempotency-Key", fmt.Sprintf("gangguan-%d", i))
		return res.StatusCode, res.Header.Get("Retry-After")
	}

	// The outage: from 2 s to 12 s into the run.
	outage := make(chan error, 1)
	go func() {
		time.Sleep(2 * time.Second)
		if err := pg.Stop(); err != nil {
			outage <- err
			return
		}
		time.Sleep(10 * time.Second)
		var err error
		pg, err = devenv.StartPostgres(context.Background(), opts)
		outage <- err
	}()

	const n = 150
	statuses := map[int]int{}
	var readyDuring int
	start := time.Now()
	for i := 0; i < n; i++ {
		for {
			code, retry := post(i)
			statuses[code]++
			if code == http.StatusCreated {
				break
			}
			if code != http.StatusServiceUnavailable {
				t.Fatalf("comment %d: status %d, want 201 or 503", i, code)
			}
			if retry == "" {
				t.Fatalf("503 without Retry-After")
			}
			if res, err := http.Get(srv.URL + "/readyz"); err == nil {
				if res.StatusCode == http.StatusServiceUnavailable {
					readyDuring++
				}
				res.Body.Close()
			}
			if time.Since(start) > 2*time.Minute {
				t.Fatal("the server did not recover within 2 minutes")
			}
			time.Sleep(200 * time.Millisecond)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err := <-outage; err != nil {
		t.Fatalf("outage: %v", err)
	}
	var stored, distinct int
	db.SQL().Get(&stored, `SELECT count(*) FROM comments WHERE body LIKE 'komentar gangguan %'`)
	db.SQL().Get(&distinct, `SELECT count(DISTINCT body) FROM comments WHERE body LIKE 'komentar gangguan %'`)
	t.Logf("answers: %v; /readyz said 503 %d times during the outage; %d comments stored, %d distinct; %s",
		statuses, readyDuring, stored, distinct, time.Since(start).Round(time.Millisecond))
	if statuses[http.StatusServiceUnavailable] == 0 {
		t.Error("no 503 seen: the outage was not observed")
	}
	if readyDuring == 0 {
		t.Error("/readyz never said 503 during the outage")
	}
	if stored != n || distinct != n {
		t.Errorf("stored %d comments (%d distinct), want exactly %d acknowledged ones", stored, distinct, n)
	}
}

// The server process is killed (SIGKILL) while 1,000 comments are being
// posted by 8 clients; a new server starts on the same port. Every comment
// that got a 201 is stored, none twice: clients retry what got no answer
// with the same Idempotency-Key.
func TestServerKilledWhilePostingComments(t *testing.T) {
	bin := devtest.BuildPolicyflow(t)
	url := devtest.PostgresURL(t)
	db := devtest.SeededDB(t, url)
	token := stack.APIToken(t, db, "opd.sawahlunto@policyflow.test", "uji-bunuh-server")
	var policyID int64
	db.SQL().Get(&policyID, `SELECT id FROM policies WHERE slug = 'sawahlunto-peningkatan-kompetensi-asn'`)
	port, _ := devenv.FreePort()
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	start := func() *exec.Cmd {
		cmd := exec.Command(bin, "server")
		cmd.Env = append(os.Environ(), "DATABASE_URL="+url, "TEMPORAL_ADDRESS="+devtest.TemporalAddress(t), "HTTP_ADDR="+addr, "PUBLIC_URL=http://"+addr, "LOG_LEVEL=error")
		cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
		deadline := time.Now().Add(30 * time.Second)
		for time.Now().Before(deadline) {
			if res, err := http.Get("http://" + addr + "/healthz"); err == nil {
				res.Body.Close()
				return cmd
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatal("server did not start")
		return nil
	}
	first := start()

	const n, workers = 1000, 8
	client := &http.Client{Timeout: 10 * time.Second}
	var mu sync.Mutex
	acked := map[int]bool{}
	var failures, killedAt int
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				for attempt := 0; ; attempt++ {
					body, _ := json.Marshal(map[string]string{"section": "pendahuluan", "body": fmt.Sprintf("komentar bunuh %d", i)})
					req, _ := http.NewRequest("POST", fmt.Sprintf("http://%s/api/v1/policies/%d/comments", addr, policyID), bytes.NewReader(body))
					req.Header.Set("Content-Type", "application/json")
					req.Header.Set("Authorization", "Bearer "+token)
					req.Header.Set("Idempotency-Key", fmt.Sprintf("bunuh-%d", i))
					res, err := client.Do(req)
					if err == nil {
						io.Copy(io.Discard, res.Body)
						res.Body.Close()
						if res.StatusCode == http.StatusCreated {
							mu.Lock()
							acked[i] = true
							mu.Unlock()
							break
						}
					}
					mu.Lock()
					failures++
					mu.Unlock()
					if attempt > 600 {
						t.Errorf("comment %d never acknowledged", i)
						return
					}
					time.Sleep(100 * time.Millisecond)
				}
			}
		}()
	}
	go func() {
		for i := 0; i < n; i++ {
			if i == n/3 {
				first.Process.Kill() // SIGKILL, mid-flight
				first.Wait()
				killedAt = i
				start()
			}
			jobs <- i
		}
		close(jobs)
	}()
	wg.Wait()
	var stored, distinct int
	db.SQL().Get(&stored, `SELECT count(*) FROM comments WHERE body LIKE 'komentar bunuh %'`)
	db.SQL().Get(&distinct, `SELECT count(DISTINCT body) FROM comments WHERE body LIKE 'komentar bunuh %'`)
	t.Logf("server killed after %d comments were handed out; %d failed attempts retried; %d acknowledged; %d stored, %d distinct",
		killedAt, failures, len(acked), stored, distinct)
	if len(acked) != n || stored != n || distinct != n {
		t.Errorf("acknowledged %d, stored %d (%d distinct); want %d of each: nothing lost, nothing twice", len(acked), stored, distinct, n)
	}
}

// Temporal stops for 10 s: lifecycle actions meanwhile get 503 with
// Retry-After (never a 500), comments still work, /readyz says 503; after
// the restart the workflows are where they were and actions work again.
func TestTemporalOutage(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	dir := dataDir(t)
	topts := devenv.TemporalOptions{CLIPath: temporalCLI(t), DBFile: filepath.Join(dir, "temporal.db"), LogPath: filepath.Join(dir, "temporal.log")}
	tmp, err := devenv.StartTemporal(ctx, topts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tmp.Stop() })
	topts.Port = tmp.Port // it comes back where it was
	db := devtest.Seeded(t)
	c, err := client.DialContext(ctx, client.Options{HostPort: tmp.Address, Logger: sdklog.NewStructuredLogger(slog.New(slog.NewTextHandler(io.Discard, nil)))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	stack.StartWorker(t, c, db)
	if _, err := worker.EnsurePolicyWorkflows(ctx, c, db); err != nil {
		t.Fatal(err)
	}
	lc := &workflows.Client{Temporal: c}
	srv := web.Serve(t, server.Deps{Store: db, Lifecycle: lc, Checks: []server.Check{
		{Name: "postgres", Ping: db.Ping},
		{Name: "temporal", Ping: func(ctx context.Context) error {
			_, err := c.CheckHealth(ctx, &client.CheckHealthRequest{})
			return err
		}},
	}})
	token := stack.APIToken(t, db, "penyusun.sawahlunto@policyflow.test", "uji-temporal")
	var policyID int64
	db.SQL().Get(&policyID, `SELECT id FROM policies WHERE slug = 'sawahlunto-peningkatan-kompetensi-asn'`)
	call := func(method, path string, body any, key string) (int, string) {
		var header []string
		if key != "" {
			header = []string{"Idempotency-Key", key}
		}
		res, _ := devtest.Call(t, method, srv.URL+path, token, body, header...)
		return res.StatusCode, res.Header.Get("Retry-After")
	}
	base := fmt.Sprintf("/api/v1/policies/%d", policyID)
	open := map[string]any{"closes_at": time.Now().Add(72 * time.Hour).Format(time.RFC3339)}
	if code, _ := call("POST", base+"/actions/open_consultation", open, "buka"); code != 200 {
		t.Fatalf("open consultation before the outage: %d", code)
	}

	if err := tmp.Stop(); err != nil {
		t.Fatal(err)
	}
	began := time.Now()
	code, retry := call("POST", base+"/actions/close_consultation", map[string]any{}, "tutup")
	t.Logf("an action during the outage: %d (Retry-After %q) after %s", code, retry, time.Since(began).Round(time.Millisecond))
	if code != http.StatusServiceUnavailable || retry == "" {
		t.Errorf("an action during the outage: %d (Retry-After %q), want 503 with Retry-After", code, retry)
	}
	if code, _ := call("GET", "/readyz", nil, ""); code != http.StatusServiceUnavailable {
		t.Errorf("/readyz during the outage: %d, want 503", code)
	}
	if code, _ := call("POST", base+"/comments", map[string]string{"section": "pendahuluan", "body": "tetap bisa berkomentar"}, "k1"); code != 201 {
		t.Errorf("a comment during the Temporal outage: %d, want 201 (comments do not need Temporal)", code)
	}
	if d := time.Since(began); d < 10*time.Second {
		time.Sleep(10*time.Second - d)
	}
	if tmp, err = devenv.StartTemporal(ctx, topts); err != nil {
		t.Fatal(err)
	}
	// Back: the same action (a new request) goes through; the consultation
	// opened before the outage is still there to close.
	deadline := time.Now().Add(90 * time.Second)
	for {
		code, _ := call("POST", base+"/actions/close_consultation", map[string]any{}, "")
		if code == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("actions did not recover after the restart (last %d)", code)
		}
		time.Sleep(500 * time.Millisecond)
	}
	p, _ := db.PolicyByID(ctx, policyID)
	if p.Status != "drafting" {
		t.Errorf("status after closing = %q, want drafting", p.Status)
	}
}
