//go:build cluster

package cluster

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/policyflow/policyflow/devenv"
	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/internal/devtest/stack"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/postgres"
	"github.com/policyflow/policyflow/worker"
	"github.com/policyflow/policyflow/workflows"
)

// pfStack is one Policyflow installation of the test: the real Temporal
// server on its two databases, one server and one worker on a Policyflow
// database.
type pfStack struct {
	pfURL, persistURL, visibleURL string
	tc                            *temporalCluster
	c                             client.Client
	lc                            *workflows.Client
	base                          string
	procs                         []*proc
	tokens                        map[int64]string // a person's API token other than token(id)
}

// startStack starts Temporal (its schema set up, or kept when restored),
// migrates Policyflow's database and starts a server and a worker on them.
func startStack(ctx context.Context, t *testing.T, bin, pfURL, persistURL, visibleURL string) *pfStack {
	t.Helper()
	s := &pfStack{pfURL: pfURL, persistURL: persistURL, visibleURL: visibleURL}
	s.tc = startTemporal(t, persistURL, visibleURL, 1, namespace, nil)
	if err := s.dial(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.c.Close)
	if out, err := runBin(bin, s.env(), "migrate"); err != nil {
		t.Fatalf("migrate: %v\n%s", err, out)
	}
	s.startPolicyflow(ctx, t, bin)
	return s
}

// dial connects the stack's Temporal client (closed by the caller).
func (s *pfStack) dial(ctx context.Context) error {
	var err error
	s.c, err = client.DialContext(ctx, client.Options{HostPort: s.tc.Address, Namespace: namespace, Logger: quietSDK()})
	s.lc = &workflows.Client{Temporal: s.c}
	return err
}

// env is the environment of the stack's Policyflow processes.
func (s *pfStack) env() []string {
	return append(devtest.Environ("DATABASE_URL", "TEMPORAL_ADDRESS", "TEMPORAL_NAMESPACE", "HTTP_ADDR", "LOG_LEVEL", "SMTP_URL",
		"PUBLIC_URL", "UNSUBSCRIBE_KEY", "LOG_FORMAT", "TEMPORAL_TLS_CA", "TEMPORAL_TLS_CERT", "TEMPORAL_TLS_KEY", "TEMPORAL_TLS_SERVER_NAME"),
		"DATABASE_URL="+s.pfURL, "TEMPORAL_ADDRESS="+s.tc.Address, "TEMPORAL_NAMESPACE="+namespace, "LOG_LEVEL=warn",
		"PUBLIC_URL=https://policyflow.backup.test", "UNSUBSCRIBE_KEY=backup-test-unsubscribe-key-0123456789abcdef")
}

// startPolicyflow starts a server and a worker of bin on the stack.
func (s *pfStack) startPolicyflow(ctx context.Context, t *testing.T, bin string) {
	t.Helper()
	port, err := devenv.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	s.base = "http://" + addr
	srv := startProc(t, "server "+filepath.Base(bin), bin, append(s.env(), "HTTP_ADDR="+addr), "server")
	s.procs = []*proc{srv, startProc(t, "worker "+filepath.Base(bin), bin, s.env(), "worker")}
	waitHealthy(ctx, t, srv, s.base)
}

// stopPolicyflow kills the stack's server and worker.
func (s *pfStack) stopPolicyflow() {
	for _, p := range s.procs {
		p.kill()
	}
	s.procs = nil
}

// stop kills the Policyflow processes and stops the Temporal server.
func (s *pfStack) stop() {
	s.stopPolicyflow()
	s.tc.proc.cmd.Process.Signal(os.Interrupt)
	<-s.tc.proc.done
}

func runBin(bin string, env []string, args ...string) (string, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// act sends a lifecycle action until it is answered (the same key after no
// answer or a 503) and fails the test unless it is done.
func (s *pfStack) act(ctx context.Context, t *testing.T, user, policy int64, a policies.Action, body map[string]any) {
	t.Helper()
	b, _ := json.Marshal(body)
	key := fmt.Sprintf("backup-%d-%s-%d", policy, a, time.Now().UnixNano())
	for attempt := 0; ; attempt++ {
		req, _ := http.NewRequestWithContext(ctx, "POST", fmt.Sprintf("%s/api/v1/policies/%d/actions/%s", s.base, policy, a), bytes.NewReader(b))
		req.Header.Set("Content-Type", "application/json")
		tok := token(user)
		if own, ok := s.tokens[user]; ok {
			tok = own
		}
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Idempotency-Key", key)
		res, err := http.DefaultClient.Do(req)
		status, rb := 0, []byte(nil)
		if err == nil {
			rb, _ = io.ReadAll(res.Body)
			res.Body.Close()
			status = res.StatusCode
		}
		switch {
		case status == http.StatusOK:
			return
		case (status == 0 || status >= 500) && attempt < 50 && ctx.Err() == nil:
			time.Sleep(200 * time.Millisecond) // the client's backoff
		default:
			t.Fatalf("%s on policy %d: %d %s (%v)", a, policy, status, rb, err)
		}
	}
}

// state waits until the policy's workflow answers its state and cond holds.
func (s *pfStack) state(ctx context.Context, t *testing.T, policy int64, what string, cond func(workflows.PolicyState) bool) workflows.PolicyState {
	t.Helper()
	var st workflows.PolicyState
	devtest.WaitFor(ctx, t, fmt.Sprintf("policy %d %s", policy, what), func() (bool, string) {
		qctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		var err error
		st, err = s.lc.State(qctx, policy)
		if err != nil {
			return false, err.Error()
		}
		return cond(st), fmt.Sprintf("%s, progress %d", st.Status, stack.Progress(st))
	})
	return st
}

// lifecycleTables are the records of the lifecycle the backup test compares.
var lifecycleTables = []string{"policies", "policy_versions", "consultations", "approval_runs", "decisions", "enactments", "legal_registers"}

// A backup taken while the stack runs, with one policy waiting at its
// second approval stage and another in consultation, restored into new
// databases and a new Temporal server: every workflow is where it was, the
// waiting approver decides and the approval goes on, the consultation is
// closed, and the record (every row, every sequence, the registers) is the
// one backed up. `make backup-check` runs it.
func TestBackupRestoreContinues(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	bin := devtest.BuildPolicyflow(t)
	a := startStack(ctx, t, bin, devtest.PostgresURL(t), devtest.PostgresURL(t), devtest.PostgresURL(t))
	db := devtest.SeededDB(t, a.pfURL)
	if _, err := worker.EnsurePolicyWorkflows(ctx, a.c, db); err != nil {
		t.Fatal(err)
	}
	giveTokens(ctx, t, db, "backup")
	var pols []struct {
		ID     int64 `db:"id"`
		Author int64 `db:"created_by"`
	}
	if err := db.SQL().SelectContext(ctx, &pols, `SELECT id, created_by FROM policies WHERE status = 'draft' AND chain_id IS NOT NULL ORDER BY id LIMIT 2`); err != nil || len(pols) < 2 {
		t.Fatalf("two seeded drafts with a chain: %d, %v", len(pols), err)
	}
	approving, consulting := pols[0], pols[1]
	closes := map[string]any{"closes_at": time.Now().Add(2 * time.Hour).UTC().Format(time.RFC3339)}
	a.act(ctx, t, approving.Author, approving.ID, policies.ActOpenConsultation, closes)
	a.state(ctx, t, approving.ID, "in consultation", func(st workflows.PolicyState) bool { return stack.Progress(st) == 1 })
	a.act(ctx, t, approving.Author, approving.ID, policies.ActCloseConsultation, map[string]any{})
	a.state(ctx, t, approving.ID, "drafting", func(st workflows.PolicyState) bool { return stack.Progress(st) == 2 })
	a.act(ctx, t, approving.Author, approving.ID, policies.ActSubmit, map[string]any{})
	st := a.state(ctx, t, approving.ID, "at stage 1", func(st workflows.PolicyState) bool {
		return stack.Progress(st) == 3 && len(st.Approval.Awaiting) > 0
	})
	a.act(ctx, t, st.Approval.Awaiting[0], approving.ID, policies.ActApprove, map[string]any{"version_sha256": st.Approval.SHA256})
	before := a.state(ctx, t, approving.ID, "at stage 2", func(st workflows.PolicyState) bool {
		return stack.Progress(st) == 4 && len(st.Approval.Awaiting) > 0
	})
	a.act(ctx, t, consulting.Author, consulting.ID, policies.ActOpenConsultation, closes)
	a.state(ctx, t, consulting.ID, "in consultation", func(st workflows.PolicyState) bool { return stack.Progress(st) == 1 })

	// The backup, while everything runs.
	dir := filepath.Join(t.TempDir(), "backup")
	backupEnv := append(devtest.Environ("DATABASE_URL", "TEMPORAL_DATABASE_URL", "TEMPORAL_VISIBILITY_DATABASE_URL"),
		"DATABASE_URL="+a.pfURL, "TEMPORAL_DATABASE_URL="+a.persistURL, "TEMPORAL_VISIBILITY_DATABASE_URL="+a.visibleURL)
	t0 := time.Now()
	if out, err := runBin(bin, backupEnv, "backup", "-out", dir); err != nil {
		t.Fatalf("backup: %v\n%s", err, out)
	}
	t.Logf("backup of the running stack: %s", time.Since(t0).Round(time.Millisecond))
	a.stop()
	// What only people's actions change (the outbox and the audit log may
	// still have moved after the backup).
	record := devtest.DatabaseDigest(t, a.pfURL, lifecycleTables...)

	// A new installation from the backup.
	b := &pfStack{pfURL: devtest.PostgresURL(t), persistURL: devtest.PostgresURL(t), visibleURL: devtest.PostgresURL(t)}
	restoreEnv := append(devtest.Environ("DATABASE_URL", "TEMPORAL_DATABASE_URL", "TEMPORAL_VISIBILITY_DATABASE_URL"),
		"DATABASE_URL="+b.pfURL, "TEMPORAL_DATABASE_URL="+b.persistURL, "TEMPORAL_VISIBILITY_DATABASE_URL="+b.visibleURL)
	t0 = time.Now()
	if out, err := runBin(bin, restoreEnv, "restore", "-in", dir); err != nil {
		t.Fatalf("restore: %v\n%s", err, out)
	}
	t.Logf("restore: %s", time.Since(t0).Round(time.Millisecond))
	devtest.SameDigest(t, "the restored Policyflow database", record, devtest.DatabaseDigest(t, b.pfURL, lifecycleTables...))
	b = startStack(ctx, t, bin, b.pfURL, b.persistURL, b.visibleURL)

	after := b.state(ctx, t, approving.ID, "at stage 2 after the restore", func(st workflows.PolicyState) bool { return st.Approval != nil })
	if after.Approval.Stage != before.Approval.Stage || after.Approval.SHA256 != before.Approval.SHA256 ||
		fmt.Sprint(after.Approval.Awaiting) != fmt.Sprint(before.Approval.Awaiting) || !after.Approval.SLADue.Equal(before.Approval.SLADue) {
		t.Fatalf("approval after the restore: stage %d awaiting %v (SLA %s), want stage %d awaiting %v (SLA %s)",
			after.Approval.Stage, after.Approval.Awaiting, after.Approval.SLADue, before.Approval.Stage, before.Approval.Awaiting, before.Approval.SLADue)
	}
	b.act(ctx, t, after.Approval.Awaiting[0], approving.ID, policies.ActApprove, map[string]any{"version_sha256": after.Approval.SHA256})
	b.state(ctx, t, approving.ID, "at stage 3", func(st workflows.PolicyState) bool { return stack.Progress(st) >= 5 })
	b.state(ctx, t, consulting.ID, "still in consultation", func(st workflows.PolicyState) bool { return stack.Progress(st) == 1 })
	b.act(ctx, t, consulting.Author, consulting.ID, policies.ActCloseConsultation, map[string]any{})
	b.state(ctx, t, consulting.ID, "drafting", func(st workflows.PolicyState) bool { return stack.Progress(st) == 2 })

	// Each decision once; the consultation's summary recorded once.
	rdb, err := postgres.Open(ctx, b.pfURL, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	var decisions, distinct, closed int
	rdb.SQL().GetContext(ctx, &decisions, `SELECT count(*) FROM decisions WHERE policy_id = $1`, approving.ID)
	rdb.SQL().GetContext(ctx, &distinct, `SELECT count(DISTINCT (approval_run_id, stage_id, decider_id)) FROM decisions WHERE policy_id = $1`, approving.ID)
	rdb.SQL().GetContext(ctx, &closed, `SELECT count(*) FROM consultations WHERE policy_id = $1 AND closed_at IS NOT NULL`, consulting.ID)
	if decisions != 2 || distinct != 2 || closed != 1 {
		t.Errorf("after the restore: %d decisions (%d distinct), want 2; %d closed consultations, want 1", decisions, distinct, closed)
	}
}
