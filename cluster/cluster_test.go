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
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.temporal.io/api/enums/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	"google.golang.org/protobuf/proto"

	"github.com/policyflow/policyflow/devenv"
	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/internal/devtest/stack"
	"github.com/policyflow/policyflow/notify"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/postgres"
	"github.com/policyflow/policyflow/worker"
	"github.com/policyflow/policyflow/workflows"
)

var (
	writeTo  = flag.String("write", "", "write the figures into this Markdown file, between the make cluster markers")
	nPolicy  = flag.Int("policies", 100, "policies taken through their lifecycle")
	parallel = flag.Int("parallel", 25, "policies in flight at once")
	shards   = flag.Int("shards", 4, "history shards of the Temporal cluster")
)

func TestMain(m *testing.M) { devtest.Main(m) }

const namespace = "policyflow"

// figures are what the run measured, for the report.
type figures struct {
	Policies, Shards                    int
	MTLS                                []string // what each caller without the city's certificate was told
	SetupSchema, TemporalStart, Elapsed time.Duration
	Acked                               map[string]int // acknowledged actions by kind
	ActionLatency                       map[string][]time.Duration
	NoAnswer, KeyRunning, FoundDone     int64
	Refused                             int64
	WorkerKilledAt, ServerKilledAt      int // acknowledged actions when killed
	Record                              map[string]int
	Mail                                struct{ Rows, Distinct, Received, Resent int }
	Workflows                           map[string]int // kind/status → count
	Events                              struct{ PerLifecycle, PolicyMax, ApprovalMax, Total int }
	HistoryBytesPerLifecycle            int
	PolicyflowBytes, TemporalBytes      int64 // growth of each database over the run
	VisibilityBytes                     int64
	ServerAcks                          [2]int64
	Writes                              []dbWrites // per database, over the run
	Tables                              []tableSize
}

// tableSize is a table's size with its indexes and TOAST.
type tableSize struct {
	Name  string `db:"name"`
	Rows  int64  `db:"rows"`
	Bytes int64  `db:"bytes"`
}

// dbWrites are a database's transactions and row writes over the run
// (pg_stat_database).
type dbWrites struct {
	DB                                  string
	Commits, Inserted, Updated, Deleted int64
}

func dbStats(ctx context.Context, t *testing.T, db *postgres.DB, names ...string) []dbWrites {
	t.Helper()
	// Backends flush their counters to the shared statistics with a delay
	// (PostgreSQL 15: up to 10 s for an idle one); the second reading comes
	// after the histories are read, when the last lifecycle write is older
	// than that, so the difference is the run's writes give or take a few.
	var out []dbWrites
	for _, name := range names {
		var w dbWrites
		err := db.SQL().QueryRowxContext(ctx, `SELECT xact_commit, tup_inserted, tup_updated, tup_deleted FROM pg_stat_database WHERE datname = $1`, name).
			Scan(&w.Commits, &w.Inserted, &w.Updated, &w.Deleted)
		if err != nil {
			t.Fatal(err)
		}
		w.DB = name
		out = append(out, w)
	}
	return out
}

// TestClusterLifecycles is the proof on the engine cities scale out
// with: the real Temporal server (go.temporal.io/server, tools/
// temporal-server) on PostgreSQL with more than one history shard, two
// `policyflow server` and two `policyflow worker` processes on one
// Policyflow database. 100 policies are created and taken through
// consultation, four approval stages and the start of implementation over
// the JSON API, each request sent to the next server in turn; when a third
// of the actions are acknowledged a worker is SIGKILLed and restarted, at
// half a server. Clients behave like people behind a load balancer: a
// request that got no answer goes again, with the same Idempotency-Key, to
// the next server; one refused is checked against the policy's state and
// sent anew only if it did not happen. Then: every acknowledged action is
// in the record exactly once, every workflow on the cluster is in its
// expected final state, no decision, round or notification twice, and every
// email's Message-ID received for each outbox row emailed.
func TestClusterLifecycles(t *testing.T) {
	n := *nPolicy
	ctx, cancel := context.WithTimeout(context.Background(), 25*time.Minute)
	defer cancel()
	fig := figures{Policies: n, Shards: *shards, Acked: map[string]int{}, ActionLatency: map[string][]time.Duration{}}

	// The throwaway PostgreSQL: one database for Policyflow, two for Temporal.
	pfURL := devtest.PostgresURL(t)
	// The cluster speaks mutual TLS, as a city's should: the throw-away CA
	// signs the Temporal server's certificate and the Policyflow processes'.
	ct := newClusterTLS(t)
	tc := startTemporal(t, devtest.PostgresURL(t), devtest.PostgresURL(t), *shards, namespace, ct.serverArgs())
	fig.SetupSchema, fig.TemporalStart = tc.SetupTime, tc.StartTime
	t.Logf("Temporal server %s on PostgreSQL (%d shards; databases %s, %s), mutual TLS: schema %s, start %s",
		tc.Address, tc.Shards, tc.Persist, tc.Visible, tc.SetupTime.Round(time.Millisecond), tc.StartTime.Round(time.Millisecond))
	fig.MTLS = checkRefusals(ctx, t, tc, ct)
	if t.Failed() {
		t.FailNow()
	}

	db := devtest.SeededDB(t, pfURL)
	c, err := client.DialContext(ctx, client.Options{HostPort: tc.Address, Namespace: namespace,
		ConnectionOptions: client.ConnectionOptions{TLS: ct.client(t)}, Logger: quietSDK()})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	lc := &workflows.Client{Temporal: c}
	ensure := func() {
		for {
			if _, err := worker.EnsurePolicyWorkflows(ctx, c, db); err == nil {
				return
			} else if ctx.Err() != nil {
				t.Fatalf("EnsurePolicyWorkflows: %v", err)
			}
			select {
			case <-ctx.Done():
			case <-time.After(200 * time.Millisecond):
			}
		}
	}
	ensure()

	// Every seeded person gets an API token: cluster-<id>.
	giveTokens(ctx, t, db, "cluster")

	pfBefore, tBefore, vBefore := dbSize(ctx, t, db, pfURL), dbSizeNamed(ctx, t, db, tc.Persist), dbSizeNamed(ctx, t, db, tc.Visible)
	_, _, _, pfName := pgParts(t, pfURL)
	statsBefore := dbStats(ctx, t, db, pfName, tc.Persist, tc.Visible)

	// Two servers, two workers, all on the cluster and the one database.
	bin := devtest.BuildPolicyflow(t)
	mailbox := startMailSink(t)
	env := append(devtest.Environ("DATABASE_URL", "TEMPORAL_ADDRESS", "TEMPORAL_NAMESPACE", "HTTP_ADDR", "LOG_LEVEL", "SMTP_URL",
		"PUBLIC_URL", "UNSUBSCRIBE_KEY", "LOG_FORMAT", "TEMPORAL_TLS_CA", "TEMPORAL_TLS_CERT", "TEMPORAL_TLS_KEY", "TEMPORAL_TLS_SERVER_NAME"),
		"DATABASE_URL="+pfURL, "TEMPORAL_ADDRESS="+tc.Address, "TEMPORAL_NAMESPACE="+namespace, "LOG_LEVEL=warn",
		"PUBLIC_URL=https://policyflow.cluster.test", "UNSUBSCRIBE_KEY=cluster-test-unsubscribe-key-0123456789abcdef")
	env = append(env, ct.env()...)
	workerEnv := append(append([]string{}, env...), "SMTP_URL=smtp://"+mailbox.Addr)
	var mu sync.Mutex // guards servers and workers across kills
	var servers [2]*proc
	var bases [2]string
	for i := range servers {
		port, err := devenv.FreePort()
		if err != nil {
			t.Fatal(err)
		}
		addr := fmt.Sprintf("127.0.0.1:%d", port)
		bases[i] = "http://" + addr
		servers[i] = startProc(t, fmt.Sprintf("server-%d", i+1), bin, append(append([]string{}, env...), "HTTP_ADDR="+addr), "server")
	}
	var workers [2]*proc
	for i := range workers {
		workers[i] = startProc(t, fmt.Sprintf("worker-%d", i+1), bin, workerEnv, "worker")
	}
	for i := range servers {
		waitHealthy(ctx, t, servers[i], bases[i])
	}

	// The policies: copies of the five seeded ones (their drafters, regions
	// and text), each implemented by an officer's unit of its region.
	var seeds []struct {
		Slug     string `db:"slug"`
		Author   int64  `db:"created_by"`
		Markdown string `db:"markdown"`
		Unit     int64  `db:"unit"`
	}
	err = db.SQL().SelectContext(ctx, &seeds, `SELECT p.slug, p.created_by, v.markdown,
		(SELECT min(u.unit_id) FROM users u JOIN units un ON un.id = u.unit_id WHERE u.role = 'unit_officer' AND un.region_id = p.region_id) AS unit
		FROM policies p JOIN policy_versions v ON v.id = p.current_version_id ORDER BY p.id`)
	if err != nil || len(seeds) == 0 {
		t.Fatalf("seeded policies: %d, %v", len(seeds), err)
	}

	httpc := &http.Client{Timeout: 45 * time.Second}
	var turn atomic.Int64
	var acked atomic.Int64
	var serverAcks [2]atomic.Int64
	var figMu sync.Mutex
	var whyMu sync.Mutex
	why := map[string]int{}
	var keySerial atomic.Int64
	newKey := func() string { return fmt.Sprintf("cluster-%d-%d", os.Getpid(), keySerial.Add(1)) }

	// send makes one attempt on the next server; status 0 is no answer.
	send := func(user int64, path, key string, body any) (int, http.Header, []byte, int) {
		b, _ := json.Marshal(body)
		i := int(turn.Add(1) % 2)
		mu.Lock()
		base := bases[i]
		mu.Unlock()
		req, _ := http.NewRequestWithContext(ctx, "POST", base+path, bytes.NewReader(b))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token(user))
		req.Header.Set("Idempotency-Key", key)
		res, err := httpc.Do(req)
		if err != nil {
			return 0, nil, nil, i
		}
		defer res.Body.Close()
		rb, _ := io.ReadAll(res.Body)
		return res.StatusCode, res.Header, rb, i
	}
	// retryAfter waits what the server asked for (a 409 for a key whose
	// request still runs, a 503): the client's backoff, not a wait for a
	// condition of the test.
	retryAfter := func(h http.Header) {
		d := 100 * time.Millisecond
		if s, err := strconv.Atoi(h.Get("Retry-After")); err == nil && s > 0 {
			d = time.Duration(s) * time.Second
		}
		select {
		case <-ctx.Done():
		case <-time.After(d):
		}
	}
	ack := func(kind string, server int, took time.Duration) {
		acked.Add(1)
		serverAcks[server].Add(1)
		figMu.Lock()
		fig.Acked[kind]++
		fig.ActionLatency[kind] = append(fig.ActionLatency[kind], took)
		figMu.Unlock()
	}
	refused := func(what string, status int, body []byte) {
		msg := string(body)
		if len(msg) > 120 {
			msg = msg[:120]
		}
		whyMu.Lock()
		why[fmt.Sprintf("%s %d: %s", what, status, msg)]++
		whyMu.Unlock()
	}

	// create makes a policy over the API; a retry without answer keeps the
	// key; a slug already taken means an earlier attempt made it.
	slugRe := regexp.MustCompile(`/api/v1/policies/(\d+)`)
	create := func(i int) (int64, error) {
		s := seeds[i%len(seeds)]
		slug := fmt.Sprintf("uji-klaster-%03d", i)
		md := strings.Replace(s.Markdown, "\n", fmt.Sprintf(" (uji klaster %03d)\n", i), 1)
		key := newKey()
		for attempt := 0; attempt < 400; attempt++ {
			t0 := time.Now()
			status, h, body, srv := send(s.Author, "/api/v1/policies", key,
				map[string]string{"slug": slug, "markdown": md, "change_summary": "uji klaster"})
			switch {
			case status == http.StatusCreated:
				ack("create", srv, time.Since(t0))
				m := slugRe.FindStringSubmatch(h.Get("Location"))
				if m == nil {
					return 0, fmt.Errorf("create %s: no Location: %q", slug, h.Get("Location"))
				}
				return strconv.ParseInt(m[1], 10, 64)
			case status == 0 || status >= 500:
				atomic.AddInt64(&fig.NoAnswer, 1)
				retryAfter(h)
			case status == http.StatusConflict && h.Get("Retry-After") != "":
				atomic.AddInt64(&fig.KeyRunning, 1)
				retryAfter(h)
			default:
				var id int64
				if err := db.SQL().GetContext(ctx, &id, `SELECT id FROM policies WHERE slug = $1`, slug); err == nil {
					atomic.AddInt64(&fig.FoundDone, 1)
					return id, nil
				}
				refused("create", status, body)
				return 0, fmt.Errorf("create %s: %d %s", slug, status, body)
			}
		}
		return 0, fmt.Errorf("create %s: no answer after 400 attempts", slug)
	}

	// step sends act until the policy's progress reaches want.
	step := func(policy int64, act policies.Action, want int, req func(workflows.PolicyState) (int64, map[string]any)) error {
		key := newKey()
		for attempt := 0; ; attempt++ {
			if ctx.Err() != nil {
				return fmt.Errorf("%s: %w", act, ctx.Err())
			}
			qctx, qcancel := context.WithTimeout(ctx, 10*time.Second)
			st, err := lc.State(qctx, policy)
			qcancel()
			if err != nil {
				if attempt%50 == 49 {
					ensure() // a server killed between the record and the workflow start
				}
				time.Sleep(100 * time.Millisecond)
				continue
			}
			if stack.Progress(st) >= want {
				if attempt > 0 {
					atomic.AddInt64(&fig.FoundDone, 1)
				}
				return nil
			}
			if stack.Progress(st) < want-1 || (act == policies.ActApprove && (st.Approval == nil || len(st.Approval.Awaiting) == 0)) {
				// The step before has not reached the state yet (children
				// report by signal), or the run has not named its approvers:
				// a person would wait too.
				time.Sleep(100 * time.Millisecond)
				continue
			}
			user, body := req(st)
			t0 := time.Now()
			status, h, rb, srv := send(user, fmt.Sprintf("/api/v1/policies/%d/actions/%s", policy, act), key, body)
			switch {
			case status == http.StatusOK:
				ack(string(act), srv, time.Since(t0))
				return nil
			case status == 0 || status >= 500:
				atomic.AddInt64(&fig.NoAnswer, 1) // the same request again
				retryAfter(h)
			case status == http.StatusConflict && h.Get("Retry-After") != "":
				atomic.AddInt64(&fig.KeyRunning, 1)
				retryAfter(h)
			default:
				// Refused: look at the state again; if the action did not
				// happen, it is a new request.
				atomic.AddInt64(&fig.Refused, 1)
				refused(string(act), status, rb)
				key = newKey()
				time.Sleep(100 * time.Millisecond)
			}
			if attempt > 400 {
				return fmt.Errorf("%s: gave up after %d attempts (last %d %s)", act, attempt, status, rb)
			}
		}
	}

	// The killer: at a third of the actions a worker, at half a server.
	total := int64(n * 9)
	killsDone := make(chan struct{})
	go func() {
		defer close(killsDone)
		for _, k := range []struct {
			at     int64
			server bool
		}{{total / 3, false}, {total / 2, true}} {
			for acked.Load() < k.at {
				select {
				case <-ctx.Done():
					return
				case <-time.After(20 * time.Millisecond):
				}
			}
			mu.Lock()
			if k.server {
				servers[0].kill()
				fig.ServerKilledAt = int(acked.Load())
				addr := strings.TrimPrefix(bases[0], "http://")
				servers[0] = startProc(t, "server-1 (restarted)", bin, append(append([]string{}, env...), "HTTP_ADDR="+addr), "server")
			} else {
				workers[0].kill()
				fig.WorkerKilledAt = int(acked.Load())
				workers[0] = startProc(t, "worker-1 (restarted)", bin, workerEnv, "worker")
			}
			mu.Unlock()
			t.Logf("SIGKILLed %s after %d acknowledged actions; restarted", map[bool]string{true: "server-1", false: "worker-1"}[k.server], acked.Load())
		}
	}()

	start := time.Now()
	ids := make([]int64, n)
	errs := make(chan error, n)
	sem := make(chan struct{}, *parallel)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			s := seeds[i%len(seeds)]
			id, err := create(i)
			if err != nil {
				errs <- err
				return
			}
			ids[i] = id
			drafter := func(body map[string]any) func(workflows.PolicyState) (int64, map[string]any) {
				return func(workflows.PolicyState) (int64, map[string]any) { return s.Author, body }
			}
			steps := []struct {
				act  policies.Action
				want int
				req  func(workflows.PolicyState) (int64, map[string]any)
			}{
				{policies.ActOpenConsultation, 1, drafter(map[string]any{"closes_at": time.Now().Add(2 * time.Hour).UTC().Format(time.RFC3339)})},
				{policies.ActCloseConsultation, 2, drafter(map[string]any{})},
				{policies.ActSubmit, 3, drafter(map[string]any{})},
			}
			for stage := 1; stage <= 4; stage++ {
				steps = append(steps, struct {
					act  policies.Action
					want int
					req  func(workflows.PolicyState) (int64, map[string]any)
				}{policies.ActApprove, 3 + stage, func(st workflows.PolicyState) (int64, map[string]any) {
					return st.Approval.Awaiting[0], map[string]any{"version_sha256": st.Approval.SHA256}
				}})
			}
			steps = append(steps, struct {
				act  policies.Action
				want int
				req  func(workflows.PolicyState) (int64, map[string]any)
			}{policies.ActStartImplementation, 8, drafter(map[string]any{"unit_ids": []int64{s.Unit}})})
			for _, st := range steps {
				if st.act == policies.ActStartImplementation { // only from a policy in force: enacted and promulgated
					if err := devtest.PutInForce(ctx, db, id); err != nil {
						errs <- fmt.Errorf("policy %d in force: %w", id, err)
						return
					}
				}
				if err := step(id, st.act, st.want, st.req); err != nil {
					errs <- fmt.Errorf("policy %d: %w", id, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	<-killsDone
	if t.Failed() {
		t.FailNow()
	}
	first := ids[0]
	for _, id := range ids {
		first = min(first, id)
	}
	q := func(query string) int {
		var v int
		if err := db.SQL().GetContext(ctx, &v, query, first); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		return v
	}
	devtest.WaitFor(ctx, t, "an evaluation round for each policy", func() (bool, string) {
		got := q(`SELECT count(DISTINCT policy_id) FROM evaluation_rounds WHERE policy_id >= $1`)
		return got == n, fmt.Sprintf("%d of %d", got, n)
	})
	devtest.WaitFor(ctx, t, "every approval outcome and consultation summary in the outbox", func() (bool, string) {
		a := q(`SELECT count(*) FROM notifications WHERE kind = 'approval_outcome' AND policy_id >= $1`)
		s := q(`SELECT count(*) FROM notifications WHERE kind = 'consultation_summary' AND policy_id >= $1`)
		return a >= n && s >= n, fmt.Sprintf("%d outcomes, %d summaries", a, s)
	})
	devtest.WaitFor(ctx, t, "the outbox delivered (digest readers aside)", func() (bool, string) {
		left := q(`SELECT count(*) FROM notifications nt LEFT JOIN users u ON u.id = nt.user_id
			WHERE nt.policy_id >= $1 AND nt.delivered_at IS NULL AND coalesce(u.notify_mode, 'immediate') = 'immediate'`)
		return left == 0, fmt.Sprintf("%d undelivered", left)
	})
	fig.Elapsed = time.Since(start)
	fig.ServerAcks = [2]int64{serverAcks[0].Load(), serverAcks[1].Load()}
	mu.Lock()
	for _, p := range append(servers[:], workers[:]...) {
		if p.exited() {
			t.Errorf("%s exited by itself: %v\n%s", p.name, p.err, devtest.Tail(p.out.String(), 4096))
		}
	}
	mu.Unlock()

	// The record: each acknowledged action once, nothing twice. Rows an
	// activity writes after the action's answer (the next stage's approval
	// requests, the outcome) may still wait out an attempt that died with
	// the killed worker (its start-to-close timeout): wait until the record
	// holds what it must, up to 3 minutes, then compare.
	record := func() map[string]int {
		return map[string]int{
			"policies":             q(`SELECT count(*) FROM policies WHERE id >= $1 AND slug LIKE 'uji-klaster-%'`),
			"implementing":         q(`SELECT count(*) FROM policies WHERE id >= $1 AND status = 'implementing'`),
			"consultations":        q(`SELECT count(*) FROM consultations WHERE policy_id >= $1`),
			"approval runs":        q(`SELECT count(*) FROM approval_runs WHERE policy_id >= $1`),
			"decisions":            q(`SELECT count(*) FROM decisions d JOIN approval_runs r ON r.id = d.approval_run_id WHERE r.policy_id >= $1`),
			"approved stages":      q(`SELECT count(*) FROM (SELECT DISTINCT d.approval_run_id, d.stage_id FROM decisions d JOIN approval_runs r ON r.id = d.approval_run_id WHERE r.policy_id >= $1 AND d.decision = 'approve') x`),
			"decisions twice":      q(`SELECT coalesce(sum(c - 1), 0) FROM (SELECT count(*) AS c FROM decisions d JOIN approval_runs r ON r.id = d.approval_run_id WHERE r.policy_id >= $1 GROUP BY d.approval_run_id, d.stage_id, d.decider_id) x`),
			"rounds":               q(`SELECT count(*) FROM evaluation_rounds WHERE policy_id >= $1`),
			"rounds twice":         q(`SELECT coalesce(sum(c - 1), 0) FROM (SELECT count(*) AS c FROM evaluation_rounds WHERE policy_id >= $1 GROUP BY policy_id, unit_id, number) x`),
			"transitions":          q(`SELECT count(*) FROM audit_log WHERE policy_id >= $1 AND detail LIKE '%→%'`),
			"notifications":        q(`SELECT count(*) FROM notifications WHERE policy_id >= $1`),
			"notifications twice":  q(`SELECT coalesce(sum(c - 1), 0) FROM (SELECT count(*) AS c FROM notifications WHERE policy_id >= $1 GROUP BY policy_id, user_id, kind, subject HAVING count(*) > 1) x`),
			"approval requests":    q(`SELECT count(*) FROM notifications WHERE policy_id >= $1 AND kind = 'approval_request'`),
			"approval outcomes":    q(`SELECT count(*) FROM notifications WHERE policy_id >= $1 AND kind = 'approval_outcome'`),
			"consultation summary": q(`SELECT count(*) FROM notifications WHERE policy_id >= $1 AND kind = 'consultation_summary'`),
			"invitations":          q(`SELECT count(*) FROM notifications WHERE policy_id >= $1 AND kind = 'consultation_invitation'`),
			"invitees":             q(`SELECT count(*) FROM consultation_invitees i JOIN consultations c ON c.id = i.consultation_id WHERE c.policy_id >= $1`),
		}
	}
	rec := record()
	want := map[string]int{"policies": n, "implementing": n, "consultations": n, "approval runs": n, "decisions": 4 * n,
		"approved stages": 4 * n, "decisions twice": 0, "rounds": n, "rounds twice": 0, "transitions": 5 * n,
		"notifications twice": 0, "approval outcomes": n, "consultation summary": n,
		"invitations": rec["invitees"]}
	settled := time.Now().Add(3 * time.Minute)
	for time.Now().Before(settled) && ctx.Err() == nil {
		rec = record()
		want["invitations"] = rec["invitees"]
		if fmt.Sprint(rec) == fmt.Sprint(mergeWant(rec, want)) {
			break
		}
		select {
		case <-ctx.Done():
		case <-time.After(200 * time.Millisecond):
		}
	}
	fig.Record = rec
	for k, w := range want {
		if rec[k] != w {
			t.Errorf("record: %s = %d, want %d", k, rec[k], w)
		}
	}
	// Acknowledged is a subset of done: a creation or an action a client
	// saw acknowledged is in the record (above, all of them are); here the
	// acknowledgements themselves may not exceed the record.
	if fig.Acked["create"] > n || fig.Acked["approve"] > 4*n {
		t.Errorf("acknowledged more than stored: %v", fig.Acked)
	}

	// Every stage's approvers are asked exactly once.
	if rec["approval requests"] != 4*n {
		var per []struct {
			Policy int64 `db:"policy_id"`
			N      int   `db:"n"`
		}
		db.SQL().SelectContext(ctx, &per, `SELECT p.id AS policy_id, count(nt.id) AS n FROM policies p
			LEFT JOIN notifications nt ON nt.policy_id = p.id AND nt.kind = 'approval_request'
			WHERE p.id >= $1 GROUP BY p.id HAVING count(nt.id) <> 4`, first)
		t.Errorf("record: %d approval requests for %d stages; policies without 4: %+v", rec["approval requests"], 4*n, per)
	}
	devtest.WaitFor(ctx, t, "the outbox delivered (digest readers aside)", func() (bool, string) {
		left := q(`SELECT count(*) FROM notifications nt LEFT JOIN users u ON u.id = nt.user_id
			WHERE nt.policy_id >= $1 AND nt.delivered_at IS NULL AND coalesce(u.notify_mode, 'immediate') = 'immediate'`)
		return left == 0, fmt.Sprintf("%d undelivered", left)
	})

	// Email: every outbox row emailed reached the SMTP server under its
	// Message-ID; nothing arrived that is not a row of the outbox.
	var keys []string
	if err := db.SQL().SelectContext(ctx, &keys, `SELECT dedup_key FROM notifications WHERE policy_id >= $1 AND emailed_at IS NOT NULL`, first); err != nil {
		t.Fatal(err)
	}
	got, received := mailbox.counts()
	wantIDs := map[string]bool{}
	for _, k := range keys {
		id := notify.MessageID(k)
		wantIDs[id] = true
		if got[id] == 0 {
			t.Errorf("outbox row %s marked emailed, its Message-ID %s never arrived", k, id)
		}
	}
	resent := 0
	for id, c := range got {
		resent += c - 1
		if !wantIDs[id] && !strings.HasPrefix(id, "<digest-") {
			// Rows of the seeded policies (id < first) may be emailed too.
			var other int
			db.SQL().GetContext(ctx, &other, `SELECT count(*) FROM notifications WHERE emailed_at IS NOT NULL AND policy_id < $1`, first)
			if other == 0 {
				t.Errorf("Message-ID %s arrived %d× and is no row of the outbox", id, c)
			}
		}
	}
	fig.Mail.Rows, fig.Mail.Distinct, fig.Mail.Received, fig.Mail.Resent = len(keys), len(got), received, resent
	if len(keys) == 0 {
		t.Error("no notification was emailed: the workers' SMTP delivery did not run")
	}

	// The workflows, as the cluster's visibility store lists them.
	clusterWorkflows(ctx, t, c, ids, &fig)
	clusterHistories(ctx, t, c, ids, &fig)

	fig.PolicyflowBytes = dbSize(ctx, t, db, pfURL) - pfBefore
	fig.TemporalBytes = dbSizeNamed(ctx, t, db, tc.Persist) - tBefore
	fig.VisibilityBytes = dbSizeNamed(ctx, t, db, tc.Visible) - vBefore
	statsAfter := dbStats(ctx, t, db, pfName, tc.Persist, tc.Visible)
	db.SQL().ExecContext(ctx, `ANALYZE`)
	// Bytes per row of the tables a lifecycle writes (with their indexes
	// and TOAST), for docs/SCALING.md.
	if err := db.SQL().SelectContext(ctx, &fig.Tables, `SELECT c.relname AS name, c.reltuples::bigint AS rows,
			pg_total_relation_size(c.oid) AS bytes
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname IN
			('notifications', 'decisions', 'audit_log', 'idempotency_keys', 'policy_versions', 'evaluation_rounds', 'consultation_invitees')
		ORDER BY c.relname`); err != nil {
		t.Fatal(err)
	}
	for i, name := range []string{"Policyflow", "Temporal persistence", "Temporal visibility"} {
		fig.Writes = append(fig.Writes, dbWrites{DB: name,
			Commits: statsAfter[i].Commits - statsBefore[i].Commits, Inserted: statsAfter[i].Inserted - statsBefore[i].Inserted,
			Updated: statsAfter[i].Updated - statsBefore[i].Updated, Deleted: statsAfter[i].Deleted - statsBefore[i].Deleted})
	}

	whyMu.Lock()
	for msg, c := range why {
		t.Logf("  refused %d×: %s", c, msg)
	}
	whyMu.Unlock()
	t.Logf("figures: %+v", fig)
	if fig.WorkerKilledAt == 0 || fig.ServerKilledAt == 0 {
		t.Errorf("the kills did not happen (worker at %d, server at %d)", fig.WorkerKilledAt, fig.ServerKilledAt)
	}
	if fig.ServerAcks[0] == 0 || fig.ServerAcks[1] == 0 {
		t.Errorf("acknowledgements per server %v: both servers must have answered", fig.ServerAcks)
	}
	if *writeTo != "" && !t.Failed() {
		if err := writeReport(*writeTo, fig); err != nil {
			t.Fatal(err)
		}
	}
}

// mergeWant is rec with want's keys replaced by the wanted values.
func mergeWant(rec, want map[string]int) map[string]int {
	m := map[string]int{}
	for k, v := range rec {
		m[k] = v
	}
	for k, v := range want {
		m[k] = v
	}
	return m
}

func token(userID int64) string { return fmt.Sprintf("cluster-%d", userID) }

func dbSize(ctx context.Context, t *testing.T, db *postgres.DB, url string) int64 {
	_, _, _, name := pgParts(t, url)
	return dbSizeNamed(ctx, t, db, name)
}

func dbSizeNamed(ctx context.Context, t *testing.T, db *postgres.DB, name string) int64 {
	t.Helper()
	var n int64
	if err := db.SQL().GetContext(ctx, &n, `SELECT pg_database_size($1)`, name); err != nil {
		t.Fatal(err)
	}
	return n
}

var childRe = regexp.MustCompile(`^policy-(\d+)(?:-([a-z]+)-\d+)?$`)

// clusterWorkflows lists every workflow of the test's policies from the
// cluster's visibility (PostgreSQL) and checks each is where it should be:
// the policy's own workflow running (implementing, waiting for its
// evaluations), its consultation and approval runs completed, its
// evaluation schedule running (timers until the rounds' due dates).
func clusterWorkflows(ctx context.Context, t *testing.T, c client.Client, ids []int64, fig *figures) {
	t.Helper()
	mine := map[int64]bool{}
	for _, id := range ids {
		mine[id] = true
	}
	want := map[string]int{
		"policy/Running":         len(ids),
		"consultation/Completed": len(ids),
		"approval/Completed":     len(ids),
		"evaluation/Running":     len(ids),
	}
	var last map[string]int
	devtest.WaitFor(ctx, t, "the cluster's visibility to list every workflow in its final state", func() (bool, string) {
		counts := map[string]int{}
		var token []byte
		for {
			res, err := c.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{Namespace: namespace, PageSize: 1000, NextPageToken: token})
			if err != nil {
				return false, err.Error()
			}
			for _, e := range res.Executions {
				m := childRe.FindStringSubmatch(e.Execution.WorkflowId)
				if m == nil {
					counts["other/"+e.Status.String()]++
					continue
				}
				id, _ := strconv.ParseInt(m[1], 10, 64)
				if !mine[id] {
					continue
				}
				kind := m[2]
				if kind == "" {
					kind = "policy"
				}
				counts[kind+"/"+e.Status.String()]++
			}
			token = res.NextPageToken
			if len(token) == 0 {
				break
			}
		}
		last = counts
		for k, v := range want {
			if counts[k] != v {
				return false, fmt.Sprint(counts)
			}
		}
		for k, v := range counts {
			if want[k] > 0 || v == 0 || strings.HasSuffix(k, "/ContinuedAsNew") {
				continue
			}
			// Workflows of no policy of the test (the seeded policies',
			// others) may run or have completed; none may have failed.
			if strings.HasPrefix(k, "other/") && (strings.HasSuffix(k, "/Running") || strings.HasSuffix(k, "/Completed")) {
				continue
			}
			return false, fmt.Sprint(counts)
		}
		return true, ""
	})
	fig.Workflows = last
}

// clusterHistories counts the history events of every workflow of each
// lifecycle (the policy's own and its children), from the cluster.
func clusterHistories(ctx context.Context, t *testing.T, c client.Client, ids []int64, fig *figures) {
	t.Helper()
	total, bytesTotal := 0, 0
	for _, id := range ids {
		wfIDs := []string{workflows.WorkflowID(id)}
		res, err := c.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{Namespace: namespace,
			Query: fmt.Sprintf("WorkflowId STARTS_WITH 'policy-%d-'", id)})
		if err != nil {
			t.Fatalf("list children of policy %d: %v", id, err)
		}
		for _, e := range res.Executions {
			wfIDs = append(wfIDs, e.Execution.WorkflowId)
		}
		for _, wid := range wfIDs {
			it := c.GetWorkflowHistory(ctx, wid, "", false, enums.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
			events := 0
			for it.HasNext() {
				ev, err := it.Next()
				if err != nil {
					t.Fatalf("history of %s: %v", wid, err)
				}
				events++
				bytesTotal += proto.Size(ev)
			}
			total += events
			switch {
			case wid == workflows.WorkflowID(id):
				fig.Events.PolicyMax = max(fig.Events.PolicyMax, events)
			case strings.Contains(wid, "-approval-"):
				fig.Events.ApprovalMax = max(fig.Events.ApprovalMax, events)
			}
		}
	}
	fig.Events.Total = total
	fig.Events.PerLifecycle = total / len(ids)
	fig.HistoryBytesPerLifecycle = bytesTotal / len(ids)
}

// percentile of durations (sorted in place).
func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	i := int(float64(len(ds)-1) * p)
	return ds[i]
}
