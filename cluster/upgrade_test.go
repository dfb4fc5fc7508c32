//go:build cluster

package cluster

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/internal/devtest/stack"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/postgres"
	"github.com/policyflow/policyflow/workflows"
)

var upgradeFrom = flag.String("from", "", "the release to upgrade from: a tag or commit of this repository (make upgrade-check gives the last release tag)")

// buildRelease builds cmd/policyflow of a commit of this repository (git
// archive into a folder of the test, so the working tree is untouched).
func buildRelease(t *testing.T, rev string) string {
	t.Helper()
	dir := t.TempDir()
	archive := exec.Command("git", "archive", "--format=tar", rev)
	archive.Dir = ".."
	untar := exec.Command("tar", "-x", "-C", dir)
	var err error
	if untar.Stdin, err = archive.StdoutPipe(); err != nil {
		t.Fatal(err)
	}
	var errb bytes.Buffer
	archive.Stderr = &errb
	if err := untar.Start(); err != nil {
		t.Fatal(err)
	}
	if err := archive.Run(); err != nil {
		t.Fatalf("git archive %s: %v %s", rev, err, errb.String())
	}
	if err := untar.Wait(); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "policyflow-"+rev)
	build := exec.Command("go", "build", "-o", bin, "./cmd/policyflow")
	build.Dir = dir
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build of %s: %v\n%s", rev, err, out)
	}
	return bin
}

// create makes a policy over the API as author, a copy of a seeded text.
func (s *pfStack) create(ctx context.Context, t *testing.T, author int64, slug, markdown string) int64 {
	t.Helper()
	b, _ := json.Marshal(map[string]string{"slug": slug, "markdown": markdown, "change_summary": "uji pemutakhiran"})
	req, _ := http.NewRequestWithContext(ctx, "POST", s.base+"/api/v1/policies", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token(author))
	req.Header.Set("Idempotency-Key", "upgrade-create-"+slug)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := regexp.MustCompile(`/api/v1/policies/(\d+)`).FindStringSubmatch(res.Header.Get("Location"))
	if res.StatusCode != http.StatusCreated || m == nil {
		t.Fatalf("create %s: %d %s", slug, res.StatusCode, body)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

// toStage takes a draft through consultation and submission and approves
// its stages until it waits at stage want (or, past the last, is approved).
func (s *pfStack) toStage(ctx context.Context, t *testing.T, policy, author int64, want int) workflows.PolicyState {
	t.Helper()
	closes := map[string]any{"closes_at": time.Now().Add(2 * time.Hour).UTC().Format(time.RFC3339)}
	s.act(ctx, t, author, policy, policies.ActOpenConsultation, closes)
	s.state(ctx, t, policy, "in consultation", func(st workflows.PolicyState) bool { return stack.Progress(st) == 1 })
	s.act(ctx, t, author, policy, policies.ActCloseConsultation, map[string]any{})
	s.state(ctx, t, policy, "drafting", func(st workflows.PolicyState) bool { return stack.Progress(st) == 2 })
	s.act(ctx, t, author, policy, policies.ActSubmit, map[string]any{})
	for {
		st := s.state(ctx, t, policy, "an approver asked, or approved", func(st workflows.PolicyState) bool {
			return st.Status == policies.StatusApproved || (stack.Progress(st) >= 3 && len(st.Approval.Awaiting) > 0)
		})
		if st.Status == policies.StatusApproved || st.Approval.Stage == want {
			return st
		}
		s.act(ctx, t, st.Approval.Awaiting[0], policy, policies.ActApprove, map[string]any{"version_sha256": st.Approval.SHA256})
		s.state(ctx, t, policy, "past the stage", func(next workflows.PolicyState) bool { return stack.Progress(next) > stack.Progress(st) })
	}
}

// An installation of the previous release, with workflows at every stage
// (a consultation open, an approval waiting at its second stage, an
// approved policy waiting for its legal steps, a policy being
// implemented), upgraded as docs/OPERATIONS.md says: the new release's
// migrations applied while the old servers and workers still run (and go
// on answering), then the old processes replaced by the new. Every workflow
// continues under the new code: its state reads the same, and its next
// step works. `make upgrade-check` runs it.
func TestUpgradeWithWorkflowsInFlight(t *testing.T) {
	if *upgradeFrom == "" {
		t.Fatal("give -from, the release to upgrade from (make upgrade-check gives the last release tag)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	t0 := time.Now()
	old := buildRelease(t, *upgradeFrom)
	t.Logf("built %s in %s", *upgradeFrom, time.Since(t0).Round(time.Second))
	head := devtest.BuildPolicyflow(t)

	s := &pfStack{pfURL: devtest.PostgresURL(t)}
	s.tc = startTemporal(t, devtest.PostgresURL(t), devtest.PostgresURL(t), 1, namespace, nil)
	if err := s.dial(ctx); err != nil {
		t.Fatal(err)
	}
	defer s.c.Close()
	if out, err := runBin(old, s.env(), "migrate", "-seed"); err != nil {
		t.Fatalf("%s migrate -seed: %v\n%s", *upgradeFrom, err, out)
	}
	s.startPolicyflow(ctx, t, old)
	db, err := postgres.Open(ctx, s.pfURL, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	giveTokens(ctx, t, db, "upgrade")
	var seed struct {
		Author   int64  `db:"created_by"`
		Markdown string `db:"markdown"`
		Unit     int64  `db:"unit"`
	}
	if err := db.SQL().GetContext(ctx, &seed, `SELECT p.created_by, v.markdown,
		(SELECT min(u.unit_id) FROM users u JOIN units un ON un.id = u.unit_id WHERE u.role = 'unit_officer' AND un.region_id = p.region_id) AS unit
		FROM policies p JOIN policy_versions v ON v.id = p.current_version_id WHERE p.chain_id IS NOT NULL ORDER BY p.id LIMIT 1`); err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for _, name := range []string{"consulting", "waiting", "approved", "implementing", "upgraded"} {
		ids[name] = s.create(ctx, t, seed.Author, "uji-pemutakhiran-"+name, seed.Markdown)
	}
	closes := map[string]any{"closes_at": time.Now().Add(2 * time.Hour).UTC().Format(time.RFC3339)}
	s.act(ctx, t, seed.Author, ids["consulting"], policies.ActOpenConsultation, closes)
	s.act(ctx, t, seed.Author, ids["upgraded"], policies.ActOpenConsultation, closes)
	s.toStage(ctx, t, ids["waiting"], seed.Author, 2)
	s.toStage(ctx, t, ids["approved"], seed.Author, 99)
	s.toStage(ctx, t, ids["implementing"], seed.Author, 99)
	if err := devtest.PutInForce(ctx, db, ids["implementing"]); err != nil {
		t.Fatal(err)
	}
	s.act(ctx, t, seed.Author, ids["implementing"], policies.ActStartImplementation, map[string]any{"unit_ids": []int64{seed.Unit}})
	before := map[string]workflows.PolicyState{}
	for name, id := range ids {
		before[name] = s.state(ctx, t, id, "settled before the upgrade", func(st workflows.PolicyState) bool {
			return name != "implementing" || st.Status == policies.StatusImplementing
		})
	}

	// The upgrade: the new migrations while the old release runs, which
	// goes on answering on the migrated database.
	if out, err := runBin(head, s.env(), "migrate"); err != nil {
		t.Fatalf("migrate with the new release: %v\n%s", err, out)
	} else {
		t.Logf("new release's migrate: %s", bytes.TrimSpace([]byte(out)))
	}
	s.act(ctx, t, seed.Author, ids["upgraded"], policies.ActCloseConsultation, map[string]any{})
	s.state(ctx, t, ids["upgraded"], "closed by the old release after the migrations", func(st workflows.PolicyState) bool { return stack.Progress(st) == 2 })
	s.stopPolicyflow()
	s.startPolicyflow(ctx, t, head)

	// Every workflow reads as it did (its history replayed by the new code).
	for name, id := range ids {
		if name == "upgraded" {
			continue
		}
		got := s.state(ctx, t, id, "read by the new release", func(workflows.PolicyState) bool { return true })
		w := before[name]
		if got.Status != w.Status || got.VersionSHA256 != w.VersionSHA256 || stack.Progress(got) != stack.Progress(w) ||
			(w.Approval != nil && (got.Approval == nil || got.Approval.Stage != w.Approval.Stage || fmt.Sprint(got.Approval.Awaiting) != fmt.Sprint(w.Approval.Awaiting))) {
			t.Errorf("%s (policy %d) after the upgrade: %s progress %d, was %s progress %d", name, id, got.Status, stack.Progress(got), w.Status, stack.Progress(w))
		}
	}
	// And goes on. The release brought the second factor: a leader's API
	// token made before it is refused until they set it up (signing in on
	// the web), then a new token works.
	w := before["waiting"]
	var email string
	if err := db.SQL().GetContext(ctx, &email, `SELECT email FROM users WHERE id = $1`, w.Approval.Awaiting[0]); err != nil {
		t.Fatal(err)
	}
	s.tokens = map[int64]string{w.Approval.Awaiting[0]: devtest.Token(t, s.base, email, "policyflow-dev")}
	s.act(ctx, t, seed.Author, ids["consulting"], policies.ActCloseConsultation, map[string]any{})
	s.state(ctx, t, ids["consulting"], "drafting", func(st workflows.PolicyState) bool { return stack.Progress(st) == 2 })
	s.act(ctx, t, w.Approval.Awaiting[0], ids["waiting"], policies.ActApprove, map[string]any{"version_sha256": w.Approval.SHA256})
	s.state(ctx, t, ids["waiting"], "at stage 3", func(st workflows.PolicyState) bool { return stack.Progress(st) >= 5 })
	s.act(ctx, t, seed.Author, ids["upgraded"], policies.ActSubmit, map[string]any{})
	s.state(ctx, t, ids["upgraded"], "in approval", func(st workflows.PolicyState) bool { return stack.Progress(st) >= 3 })
	var failed int
	if err := db.SQL().GetContext(ctx, &failed, `SELECT count(*) FROM decisions d JOIN decisions e ON e.approval_run_id = d.approval_run_id
		AND e.stage_id = d.stage_id AND e.decider_id = d.decider_id AND e.id < d.id`); err != nil || failed != 0 {
		t.Errorf("decisions made twice: %d (%v)", failed, err)
	}
	if t.Failed() {
		for _, p := range s.procs {
			t.Logf("%s:\n%s", p.name, devtest.Tail(p.out.String(), 4096))
		}
	}
	fmt.Fprintf(os.Stderr, "upgrade from %s: %d workflows continued\n", *upgradeFrom, len(ids))
}
