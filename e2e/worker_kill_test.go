package e2e

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/internal/devtest/stack"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/workflows"
)

// TestWorkerKilledDuring100Lifecycles drives 100 policies at once through
// consultation, four approval stages and the start of implementation while
// the worker process is SIGKILLed at random moments (seeded, logged) and
// restarted. Clients behave like people: a request that got no answer is
// sent again with the same request ID; one refused for another reason is
// checked against the policy's state and sent anew only if it did not
// happen. Every lifecycle must complete, and the record must hold each
// decision, notification, consultation, approval run and evaluation round
// exactly once.
func TestWorkerKilledDuring100Lifecycles(t *testing.T) {
	const n = 100
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	db, c, bin, env := workerSetup(ctx, t, "e2e-kill100")
	lc := &workflows.Client{Temporal: c}

	// 100 policies, copies of the five seeded ones (their regions, chains,
	// owners and text), each with its region's drafter and an officer's unit.
	type job struct {
		policy  int64
		drafter int64
		unit    int64
	}
	var seeds []struct {
		ID       int64  `db:"id"`
		Region   int64  `db:"region_id"`
		Owner    int64  `db:"owner_unit_id"`
		Chain    *int64 `db:"chain_id"`
		Author   int64  `db:"created_by"`
		Markdown string `db:"markdown"`
		Unit     int64  `db:"unit"`
	}
	err := db.SQL().SelectContext(ctx, &seeds, `SELECT p.id, p.region_id, p.owner_unit_id, p.chain_id, p.created_by, v.markdown,
		(SELECT min(u.unit_id) FROM users u JOIN units un ON un.id = u.unit_id WHERE u.role = 'unit_officer' AND un.region_id = p.region_id) AS unit
		FROM policies p JOIN policy_versions v ON v.id = p.current_version_id ORDER BY p.id`)
	if err != nil || len(seeds) != 5 {
		t.Fatalf("seeded policies: %d, %v", len(seeds), err)
	}
	jobs := make([]job, n)
	for i := range jobs {
		s := seeds[i%len(seeds)]
		p, _, err := db.CreatePolicy(ctx, policies.NewPolicy{RegionID: s.Region, OwnerUnitID: s.Owner, ChainID: s.Chain,
			Slug: fmt.Sprintf("uji-bunuh-pekerja-%03d", i), Title: fmt.Sprintf("Uji ketahanan %03d", i),
			Markdown: s.Markdown, AuthorID: s.Author, ChangeSummary: "salinan untuk uji"})
		if err != nil {
			t.Fatal(err)
		}
		jobs[i] = job{policy: p.ID, drafter: s.Author, unit: s.Unit}
	}
	if got := ensureWorkflows(ctx, t, c, db); got != n+5 {
		t.Fatalf("EnsurePolicyWorkflows started %d, want %d", got, n+5)
	}

	// The killer: SIGKILL the worker every 1-4 s (random), start a new one.
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 0))
	t.Logf("kill schedule seed %d", seed)
	var mu sync.Mutex
	w := startWorkerProcess(t, bin, env)
	kills := 0
	stop := make(chan struct{})
	killerDone := make(chan struct{})
	go func() {
		defer close(killerDone)
		for {
			select {
			case <-stop:
				return
			case <-time.After(time.Second + time.Duration(rng.Int64N(int64(3*time.Second)))):
			}
			mu.Lock()
			select {
			case <-w.done:
				mu.Unlock()
				t.Errorf("worker %d exited by itself: %v\n%s", w.cmd.Process.Pid, w.cmd.ProcessState, w.out.String())
				return
			default:
			}
			w.cmd.Process.Kill()
			<-w.done
			kills++
			w = startWorkerProcess(t, bin, env)
			mu.Unlock()
		}
	}()

	var resent, refusedThenDone, unanswered atomic.Int64
	var whyMu sync.Mutex
	why := map[string]int{} // refusals by kind and message
	// step sends act until the policy's progress reaches want.
	step := func(j job, act policies.Action, want int, req func(workflows.PolicyState) workflows.Request) error {
		id := nextRequestID()
		for attempt := 0; ; attempt++ {
			if ctx.Err() != nil {
				return fmt.Errorf("%s: %w", act, ctx.Err())
			}
			st, err := lc.State(ctx, j.policy)
			if err != nil {
				time.Sleep(200 * time.Millisecond)
				continue
			}
			if stack.Progress(st) >= want {
				if attempt > 0 {
					refusedThenDone.Add(1)
				}
				return nil
			}
			if stack.Progress(st) < want-1 {
				// The previous step's effect has not reached the state yet
				// (children report back by signal): a person would wait too.
				time.Sleep(100 * time.Millisecond)
				continue
			}
			if act == policies.ActApprove && len(st.Approval.Awaiting) == 0 {
				// The approval run has not reported its stage's approvers
				// yet (a run starting, or one resumed by a new worker): a
				// person would see no one awaited and wait too.
				time.Sleep(100 * time.Millisecond)
				continue
			}
			actx, acancel := context.WithTimeout(ctx, 20*time.Second)
			res, err := lc.Do(actx, j.policy, act, id, req(st))
			acancel()
			if err == nil {
				if res.Status == "" {
					return fmt.Errorf("%s: answered with no status: %+v", act, res)
				}
				return nil
			}
			switch policies.KindOf(err) {
			case policies.KindUnavailable:
				unanswered.Add(1) // no answer: the same request again
			default:
				// Refused or failed: look at the state again (above); if the
				// action did not happen, it is a new request.
				resent.Add(1)
				id = nextRequestID()
				msg := err.Error()
				if len(msg) > 90 {
					msg = msg[:90]
				}
				whyMu.Lock()
				why[fmt.Sprintf("%s %s: %s", act, policies.KindOf(err), msg)]++
				whyMu.Unlock()
			}
			if attempt > 200 {
				return fmt.Errorf("%s: gave up after %d attempts: %v", act, attempt, err)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	start := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for _, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			asDrafter := workflows.Actor{UserID: j.drafter, Role: policies.RoleDrafter}
			drafter := func(extra workflows.Request) func(workflows.PolicyState) workflows.Request {
				return func(workflows.PolicyState) workflows.Request { extra.Actor = asDrafter; return extra }
			}
			if err := step(j, policies.ActOpenConsultation, 1, drafter(workflows.Request{ClosesAt: time.Now().Add(2 * time.Hour)})); err != nil {
				errs <- fmt.Errorf("policy %d: %w", j.policy, err)
				return
			}
			if err := step(j, policies.ActCloseConsultation, 2, drafter(workflows.Request{})); err != nil {
				errs <- fmt.Errorf("policy %d: %w", j.policy, err)
				return
			}
			if err := step(j, policies.ActSubmit, 3, drafter(workflows.Request{})); err != nil {
				errs <- fmt.Errorf("policy %d: %w", j.policy, err)
				return
			}
			for stage := 1; stage <= 4; stage++ {
				err := step(j, policies.ActApprove, 3+stage, func(st workflows.PolicyState) workflows.Request {
					return workflows.Request{Actor: workflows.Actor{UserID: st.Approval.Awaiting[0], Role: policies.RoleLeader},
						VersionSHA256: st.Approval.SHA256}
				})
				if err != nil {
					errs <- fmt.Errorf("policy %d stage %d: %w", j.policy, stage, err)
					return
				}
			}
			if err := devtest.PutInForce(ctx, db, j.policy); err != nil { // implementation starts only from a policy in force
				errs <- fmt.Errorf("policy %d in force: %w", j.policy, err)
				return
			}
			if err := step(j, policies.ActStartImplementation, 8, drafter(workflows.Request{UnitIDs: []int64{j.unit}})); err != nil {
				errs <- fmt.Errorf("policy %d: %w", j.policy, err)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	// The first evaluation round of each is written by the schedule's
	// activities, which may still be waiting out a killed worker's attempt.
	devtest.WaitFor(ctx, t, "an evaluation round for each policy", func() (bool, string) {
		got := count(ctx, t, db, `SELECT count(DISTINCT policy_id) FROM evaluation_rounds WHERE policy_id >= $1`, jobs[0].policy)
		return got == n, fmt.Sprintf("%d of %d", got, n)
	})
	devtest.WaitFor(ctx, t, "every approval outcome and consultation summary in the outbox", func() (bool, string) {
		a := count(ctx, t, db, `SELECT count(*) FROM notifications WHERE kind = 'approval_outcome' AND policy_id >= $1`, jobs[0].policy)
		s := count(ctx, t, db, `SELECT count(*) FROM notifications WHERE kind = 'consultation_summary' AND policy_id >= $1`, jobs[0].policy)
		return a >= n && s >= n, fmt.Sprintf("%d outcomes, %d summaries", a, s)
	})
	close(stop)
	<-killerDone
	mu.Lock()
	w.alive(t)
	mu.Unlock()
	elapsed := time.Since(start)

	first := jobs[0].policy
	q := func(query string) int { return count(ctx, t, db, query, first) }
	implementing := q(`SELECT count(*) FROM policies WHERE id >= $1 AND status = 'implementing'`)
	consultations := q(`SELECT count(*) FROM consultations WHERE policy_id >= $1`)
	runs := q(`SELECT count(*) FROM approval_runs WHERE policy_id >= $1`)
	decisions := q(`SELECT count(*) FROM decisions d JOIN approval_runs r ON r.id = d.approval_run_id WHERE r.policy_id >= $1`)
	approvals := q(`SELECT count(*) FROM (SELECT DISTINCT d.approval_run_id, d.stage_id FROM decisions d
		JOIN approval_runs r ON r.id = d.approval_run_id WHERE r.policy_id >= $1 AND d.decision = 'approve') x`)
	rounds := q(`SELECT count(*) FROM evaluation_rounds WHERE policy_id >= $1`)
	notes := map[string]int{}
	var rows []struct {
		Kind string `db:"kind"`
		N    int    `db:"n"`
	}
	if err := db.SQL().SelectContext(ctx, &rows, `SELECT kind, count(*) AS n FROM notifications WHERE policy_id >= $1 GROUP BY kind`, first); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		notes[r.Kind] = r.N
	}
	// Duplicates by meaning, not only by key: the same kind to the same
	// person about the same policy (and stage) more than once.
	dupNotes := q(`SELECT coalesce(sum(c - 1), 0) FROM (SELECT count(*) AS c FROM notifications WHERE policy_id >= $1
		GROUP BY policy_id, user_id, kind, subject HAVING count(*) > 1) x`)
	invitees := q(`SELECT count(*) FROM consultation_invitees i JOIN consultations c ON c.id = i.consultation_id WHERE c.policy_id >= $1`)
	transitions := q(`SELECT count(*) FROM audit_log WHERE policy_id >= $1 AND detail LIKE '%→%'`)
	mu.Lock()
	k := kills
	mu.Unlock()
	t.Logf("%d lifecycles in %s with %d worker kills (seed %d); requests resent after no answer %d, anew after a refusal %d (found done on reload %d)",
		n, elapsed.Round(time.Second), k, seed, unanswered.Load(), resent.Load(), refusedThenDone.Load())
	refusals := 0
	for msg, c := range why {
		t.Logf("  failed %d×: %s", c, msg)
		if strings.Contains(msg, " conflict: ") || strings.Contains(msg, " forbidden: ") || strings.Contains(msg, " invalid: ") {
			refusals += c
		}
	}
	// Each action is sent once the state shows the step before it done: a
	// refusal then means the workflow judged a state other than the one it
	// showed (before child reports were applied first, 112 of 800 were).
	if refusals > 0 {
		t.Errorf("%d actions refused although the state showed them allowed", refusals)
	}
	t.Logf("record: %d implementing, %d consultations, %d approval runs, %d decisions (%d approved stages), %d rounds, %d audited transitions, notifications %v, duplicates by meaning %d",
		implementing, consultations, runs, decisions, approvals, rounds, transitions, notes, dupNotes)

	if k < 3 {
		t.Errorf("only %d kills happened; the run was too short to test anything", k)
	}
	want := map[string]int{"implementing": n, "consultations": n, "approval runs": n, "decisions": 4 * n, "approved stages": 4 * n,
		"rounds": n, "transitions": 5 * n, "duplicate notifications": 0,
		"approval_request": 4 * n, "approval_outcome": n, "consultation_summary": n, "consultation_invitation": invitees}
	got := map[string]int{"implementing": implementing, "consultations": consultations, "approval runs": runs, "decisions": decisions,
		"approved stages": approvals, "rounds": rounds, "transitions": transitions, "duplicate notifications": dupNotes,
		"approval_request": notes["approval_request"], "approval_outcome": notes["approval_outcome"],
		"consultation_summary": notes["consultation_summary"], "consultation_invitation": notes["consultation_invitation"]}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("record after the kills:\n got %v\nwant %v", got, want)
	}
}
