//go:build compose

package check

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/policyflow/policyflow/internal/devtest"
)

// backupRestore is README's "Backup and restore" under compose, run as an
// operator would on the check's stack: with one policy waiting at its
// second approval stage and another whose consultation is scheduled to
// open in a few minutes (a durable timer pending in Temporal), `docker
// compose run --rm backup backup`, the stack and its volumes removed, a
// fresh PostgreSQL with Temporal's two empty databases, `run --rm backup
// restore`, `up -d`. Then the waiting approver decides and the approval
// goes on to the end, the scheduled consultation opens when its timer
// fires, the next enactment takes the register's next number, and no
// decision is recorded twice.
func backupRestore(ctx context.Context, t *testing.T, s *stack, c *client, r regionPeople) {
	t0 := time.Now()
	approving, err := createPolicy(ctx, c, r, "uji-pulih-setuju")
	if err == nil {
		err = consultAndSubmit(ctx, c, r, approving)
	}
	if err == nil {
		err = approve(ctx, c, r, approving, func(v policyView) bool {
			return v.State != nil && v.State.Approval != nil && v.State.Approval.Stage == 2 && len(v.State.Approval.Awaiting) > 0
		})
	}
	if err != nil {
		t.Fatalf("policy %d to its second approval stage: %v", approving, err)
	}
	before, err := c.show(ctx, r.drafter, approving)
	if err != nil {
		t.Fatal(err)
	}
	scheduled, err := createPolicy(ctx, c, r, "uji-pulih-jadwal")
	if err != nil {
		t.Fatal(err)
	}
	opens := time.Now().Add(3 * time.Minute).UTC().Truncate(time.Second)
	if err := c.act(ctx, r.drafter, scheduled, "open_consultation", map[string]any{
		"opens_at": opens.Format(time.RFC3339), "closes_at": opens.Add(2 * time.Hour).Format(time.RFC3339)}); err != nil {
		t.Fatalf("schedule the consultation of policy %d: %v", scheduled, err)
	}
	year := time.Now().In(time.FixedZone("WIB", 7*3600)).Year()
	lastNumber := s.count(ctx, fmt.Sprintf(`SELECT coalesce(max(last_number), 0) FROM legal_registers
		WHERE region_id = (SELECT id FROM regions WHERE slug = '%s') AND register = 'perwali' AND year = %d`, r.slug, year))
	decidedBefore := s.count(ctx, fmt.Sprintf(`SELECT count(DISTINCT stage_id) FROM decisions WHERE policy_id = %d`, approving))

	// The backup, while everything runs (BACKUP_DIR is written by the
	// image's uid 65532).
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	s.env = append(s.env, "BACKUP_DIR="+dir)
	t1 := time.Now()
	if out, err := s.compose(ctx, "run", "--rm", "-T", "backup", "backup", "-out", "/backup/check"); err != nil {
		t.Fatalf("backup: %v", err)
	} else {
		t.Logf("backup of the running stack in %s:\n%s", time.Since(t1).Round(100*time.Millisecond), devtest.Tail(out, 600))
	}
	if v, err := c.show(ctx, r.drafter, scheduled); err != nil || v.Policy.Status != "draft" {
		t.Fatalf("the scheduled consultation opened before the backup was done (status %q, %v): the check needs its timer pending in the backup", v.Policy.Status, err)
	}

	// A new installation: nothing of the old stack left but the backup.
	t1 = time.Now()
	if _, err := s.compose(ctx, "down", "-v", "-t", "10"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.compose(ctx, "up", "-d", "--no-build", "postgres"); err != nil {
		t.Fatal(err)
	}
	devtest.WaitFor(ctx, t, "the new PostgreSQL ready", func() (bool, string) {
		out, err := s.compose(ctx, "exec", "-T", "postgres", "pg_isready", "-h", "/run/postgresql", "-U", "policyflow", "-d", "policyflow")
		return err == nil, out
	})
	for _, db := range []string{"temporal", "temporal_visibility"} {
		if _, err := s.compose(ctx, "exec", "-T", "postgres", "createdb", "-h", "/run/postgresql", "-U", "policyflow", db); err != nil {
			t.Fatal(err)
		}
	}
	out, err := s.compose(ctx, "run", "--rm", "-T", "backup", "restore", "-in", "/backup/check")
	if err != nil {
		t.Fatalf("restore: %v", err)
	}
	t.Logf("restored into a new PostgreSQL in %s:\n%s", time.Since(t1).Round(100*time.Millisecond), devtest.Tail(out, 600))
	t1 = time.Now()
	if _, err := s.compose(ctx, "up", "-d", "--no-build"); err != nil {
		t.Fatal(err)
	}
	s.waitReady(ctx)
	t.Logf("the restored stack up and ready in %s", time.Since(t1).Round(100*time.Millisecond))

	// The approval waits where it was, for the same people.
	after, err := c.show(ctx, r.drafter, approving)
	if err != nil {
		t.Fatal(err)
	}
	if after.State == nil || after.State.Approval == nil || after.State.Approval.Stage != before.State.Approval.Stage ||
		fmt.Sprint(after.State.Approval.Awaiting) != fmt.Sprint(before.State.Approval.Awaiting) {
		t.Fatalf("approval after the restore: %+v, want stage %d awaiting %v", after.State, before.State.Approval.Stage, before.State.Approval.Awaiting)
	}
	if err := approve(ctx, c, r, approving, func(policyView) bool { return false }); err != nil {
		t.Fatalf("the approval after the restore: %v", err)
	}
	number, err := enact(ctx, c, r, approving, "uji-pulih-setuju")
	if err != nil {
		t.Fatalf("enact after the restore: %v", err)
	}
	if number != lastNumber+1 {
		t.Errorf("the enactment after the restore has register number %d, want %d (the register's last was %d)", number, lastNumber+1, lastNumber)
	}
	// The timer set before the backup fires in the restored Temporal.
	if err := waitStatus(ctx, c, r.drafter, scheduled, "consultation"); err != nil {
		t.Fatalf("the consultation scheduled for %s: %v", opens.Format(time.RFC3339), err)
	}
	// Every stage of the chain decided, the first before the backup and
	// the rest after it, and no one's decision recorded twice.
	stages := s.count(ctx, fmt.Sprintf(`SELECT count(*) FROM approval_stages WHERE chain_id =
		(SELECT st.chain_id FROM decisions d JOIN approval_stages st ON st.id = d.stage_id WHERE d.policy_id = %d LIMIT 1)`, approving))
	decided := s.count(ctx, fmt.Sprintf(`SELECT count(DISTINCT stage_id) FROM decisions WHERE policy_id = %d AND decision = 'approve'`, approving))
	twice := s.count(ctx, fmt.Sprintf(`SELECT count(*) - count(DISTINCT (approval_run_id, stage_id, decider_id)) FROM decisions WHERE policy_id = %d`, approving))
	if decidedBefore != 1 || decided != stages || twice != 0 {
		t.Errorf("policy %d: %d stages decided before the backup (want 1), %d of %d after, %d decisions twice (want 0)", approving, decidedBefore, decided, stages, twice)
	}
	t.Logf("backup, restore and the restored stack going on: %s in all; register number %d after %d; approval %d decided to its end (%d stages)",
		time.Since(t0).Round(time.Second), number, lastNumber, approving, stages)
}

// waitReady waits for /readyz through the proxy over TLS.
func (s *stack) waitReady(ctx context.Context) {
	devtest.WaitFor(ctx, s.t, "/readyz through the proxy over TLS", func() (bool, string) {
		res, err := s.http.Get(s.base + "/readyz")
		if err != nil {
			return false, err.Error()
		}
		res.Body.Close()
		return res.StatusCode == http.StatusOK, strconv.Itoa(res.StatusCode)
	})
}
