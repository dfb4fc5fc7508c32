package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/policies"
)

// An answer means it happened (DESIGN.md): every path of the lifecycle is
// driven through the JSON API with no pause between calls, and after each
// answer the state read back must equal the state answered, and the next
// legal action must be accepted at once. Twenty runs of every path, then
// fifty policies at once on the longest one.
func TestBackToBackLifecycle(t *testing.T) {
	a := newApp(t)
	d := newDriver(a)

	paths := []struct {
		name string
		run  func(r *run)
	}{
		{"konsultasi ditutup lebih awal", func(r *run) {
			r.act("drafter", "open_consultation", map[string]any{"closes_at": time.Now().Add(72 * time.Hour)}, policies.StatusConsultation)
			r.act("drafter", "close_consultation", nil, policies.StatusDrafting)
			r.submit()
			r.approveAll(1)
			r.inForce()
			r.act("drafter", "start_implementation", nil, policies.StatusImplementing)
		}},
		{"ditolak lalu diajukan ulang", func(r *run) {
			r.submit()
			r.decide("kabid", "approve", 0, policies.StatusInApproval, 2)
			r.decide("kepala", "reject", 0, policies.StatusDrafting, 0)
			r.saveVersion()
			r.submit()
			r.approveAll(1)
		}},
		{"minta perbaikan", func(r *run) {
			r.submit()
			r.decide("kabid", "request_changes", 0, policies.StatusDrafting, 0)
			r.saveVersion()
			r.submit()
			r.approveAll(1)
		}},
		{"kuorum 2 dari 3", func(r *run) {
			r.useChain(d.quorumChain)
			r.submit()
			r.decide("kepala.opd", "approve", 0, policies.StatusInApproval, 1) // 1 of 2: the stage still waits
			r.decide("kabid", "approve", 0, policies.StatusInApproval, 2)
			r.decide("walikota", "approve", 0, policies.StatusApproved, 0)
		}},
		{"delegasi (Plt.)", func(r *run) {
			r.submit()
			r.act("kabid", "delegate", map[string]any{"delegate_to": d.users["kepala.opd"], "delegate_until": time.Now().Add(48 * time.Hour)}, policies.StatusInApproval)
			r.decide("kepala.opd", "approve", d.users["kabid"], policies.StatusInApproval, 2)
			r.approveAll(2)
		}},
		{"pelaksanaan, program, evaluasi lemah, revisi", func(r *run) { r.full() }},
	}
	// Each path runs its twenty policies one after another, the six paths
	// side by side; then fifty policies at once. A refused legal action or
	// a read-back that disagrees fails the run (see run.fatalf).
	var actions, runs atomic.Int64
	var wg sync.WaitGroup
	for _, p := range paths {
		wg.Go(func() {
			for i := 0; i < 20; i++ {
				r := d.newRun(t, fmt.Sprintf("%s-%d", strings.ToLower(strings.NewReplacer(" ", "-", ",", "", "(", "", ")", "", ".", "").Replace(p.name)), i))
				defer func() { actions.Add(r.actions) }()
				p.run(r)
				runs.Add(1)
			}
		})
	}
	wg.Wait()
	for i := 0; i < 50; i++ {
		wg.Go(func() {
			r := d.newRun(t, fmt.Sprintf("serentak-%d", i))
			defer func() { actions.Add(r.actions) }()
			r.full()
			runs.Add(1)
		})
	}
	wg.Wait()
	t.Logf("back-to-back: %d of %d runs complete, %d actions answered and read back, 0 refused; %d resent after a 503, %d reads repeated for an unanswered state",
		runs.Load(), len(paths)*20+50, actions.Load(), d.resent.Load(), d.unanswered.Load())
}

// driver holds what every run shares: tokens and user IDs by person, and a
// chain whose first stage needs 2 of 3 approvers.
type driver struct {
	a *app
	// resent counts actions resent after a 503; unanswered, reads whose
	// workflow state did not answer in time (both only on a starved machine).
	resent, unanswered atomic.Int64
	tokens             map[string]string
	users              map[string]int64
	quorumChain        int64
}

func newDriver(a *app) *driver {
	d := &driver{a: a, tokens: map[string]string{}, users: map[string]int64{}}
	for _, who := range []string{"penyusun", "kabid", "kepala", "sekda", "walikota", "kepala.opd", "opd"} {
		email := who + ".sawahlunto@policyflow.test"
		d.tokens[who] = a.token(email)
		d.users[who] = a.st.UserID(a.t, email)
	}
	d.tokens["drafter"] = d.tokens["penyusun"]
	db := a.st.DB.SQL()
	err := db.Get(&d.quorumChain, `INSERT INTO approval_chains (region_id, name)
		SELECT region_id, 'Rantai kuorum uji' FROM units WHERE id = (SELECT unit_id FROM users WHERE id = $1) RETURNING id`, d.users["kabid"])
	if err != nil {
		a.t.Fatal(err)
	}
	var s1, s2 int64
	db.Get(&s1, `INSERT INTO approval_stages (chain_id, position, name, quorum, quorum_n, sla_days, escalation_days) VALUES ($1, 1, 'Tim Penilai', 'n_of_m', 2, 3, 6) RETURNING id`, d.quorumChain)
	db.Get(&s2, `INSERT INTO approval_stages (chain_id, position, name, quorum, quorum_n, sla_days, escalation_days) VALUES ($1, 2, 'Wali Kota', 'any', 1, 3, 6) RETURNING id`, d.quorumChain)
	for _, who := range []string{"kabid", "kepala", "kepala.opd"} {
		db.MustExec(`INSERT INTO stage_approvers (stage_id, user_id) VALUES ($1, $2)`, s1, d.users[who])
	}
	db.MustExec(`INSERT INTO stage_approvers (stage_id, user_id) VALUES ($1, $2)`, s2, d.users["walikota"])
	return d
}

// run is one policy driven through one path.
type run struct {
	t        *testing.T
	d        *driver
	id       int64
	base     string
	markdown string
	version  int
	actions  int64
}

func (d *driver) newRun(t *testing.T, slug string) *run {
	md := "# Kebijakan uji " + slug + "\n\n## Pendahuluan\n\nSetiap ASN mengikuti 20 JP per tahun.\n"
	res, out := d.a.api(http.DefaultClient, d.tokens["drafter"], "POST", "/api/v1/policies",
		map[string]string{"region": "sawahlunto", "slug": "b2b-" + slug, "markdown": md}, "")
	if res.StatusCode != http.StatusCreated {
		t.Errorf("create %s: %d %s", slug, res.StatusCode, out)
		runtime.Goexit()
	}
	var p policies.Policy
	json.Unmarshal([]byte(out), &p)
	return &run{t: t, d: d, id: p.ID, base: fmt.Sprintf("/api/v1/policies/%d", p.ID), markdown: md, version: 1}
}

// fatalf fails the test and ends this run's goroutine (runs go side by side).
func (r *run) fatalf(format string, args ...any) {
	r.t.Helper()
	r.t.Errorf(format, args...)
	runtime.Goexit()
}

func (r *run) useChain(id int64) {
	r.d.a.st.DB.SQL().MustExec(`UPDATE policies SET chain_id = $1 WHERE id = $2`, id, r.id)
}

// readBack is the policy as the next request sees it.
type readBack struct {
	Policy policies.PolicySummary
	State  *struct {
		Status   policies.Status
		Approval *struct {
			Stage    int
			Awaiting []int64
		}
	}
}

// read is the policy as the next request sees it. A page whose workflow
// did not answer in time (state null: the machine is shared and may be
// starved) is read again; a state that answers and disagrees is a failure.
func (r *run) read() readBack {
	r.t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		res, out := r.d.a.api(http.DefaultClient, r.d.tokens["drafter"], "GET", r.base, nil, "")
		if res.StatusCode != 200 {
			r.fatalf("read back: %d %s", res.StatusCode, out)
		}
		var rb readBack
		if err := json.Unmarshal([]byte(out), &rb); err != nil {
			r.fatalf("%v", err)
		}
		running := rb.Policy.Status == policies.StatusInApproval || rb.Policy.Status == policies.StatusConsultation
		if rb.State != nil || !running || time.Now().After(deadline) {
			return rb
		}
		r.d.unanswered.Add(1)
	}
}

// act sends an action and checks its answer and the state read back at once.
func (r *run) act(who, action string, body map[string]any, want policies.Status) {
	r.t.Helper()
	if body == nil {
		body = map[string]any{}
	}
	// A client resends what got no answer (503) with the same key: the
	// action happens once. Any other refusal fails the run.
	key := fmt.Sprintf("b2b-%d-%d", r.id, r.actions)
	res, out := r.d.a.api(http.DefaultClient, r.d.tokens[who], "POST", r.base+"/actions/"+action, body, key)
	for deadline := time.Now().Add(2 * time.Minute); res.StatusCode == http.StatusServiceUnavailable && time.Now().Before(deadline); {
		r.d.resent.Add(1)
		res, out = r.d.a.api(http.DefaultClient, r.d.tokens[who], "POST", r.base+"/actions/"+action, body, key)
	}
	r.actions++
	if res.StatusCode != 200 {
		r.fatalf("policy %d: %s by %s refused: %d %s", r.id, action, who, res.StatusCode, out)
	}
	var ans struct{ Status policies.Status }
	json.Unmarshal([]byte(out), &ans)
	if ans.Status != want {
		r.fatalf("policy %d: %s answered status %q, want %q", r.id, action, ans.Status, want)
	}
	rb := r.read()
	if rb.Policy.Status != ans.Status {
		r.fatalf("policy %d: %s answered %q, the record read back says %q", r.id, action, ans.Status, rb.Policy.Status)
	}
	if rb.State != nil && rb.State.Status != ans.Status {
		r.fatalf("policy %d: %s answered %q, the workflow read back says %q", r.id, action, ans.Status, rb.State.Status)
	}
}

func (r *run) sha() string { return policies.ContentHash(r.markdown) }

func (r *run) submit() {
	r.t.Helper()
	r.act("drafter", "submit", map[string]any{"version_number": r.version}, policies.StatusInApproval)
	r.expectStage(1)
}

// decide sends a decision; nextStage > 0 is the stage the run must show right after.
func (r *run) decide(who, decision string, onBehalfOf int64, want policies.Status, nextStage int) {
	r.t.Helper()
	body := map[string]any{"version_sha256": r.sha()}
	if decision != "approve" {
		body["reason"] = "Perlu dasar hukum yang lebih jelas"
	}
	if onBehalfOf != 0 {
		body["on_behalf_of"] = onBehalfOf
	}
	r.act(who, decision, body, want)
	if nextStage > 0 {
		r.expectStage(nextStage)
	}
}

func (r *run) expectStage(n int) {
	r.t.Helper()
	rb := r.read()
	if rb.State == nil || rb.State.Approval == nil || rb.State.Approval.Stage != n {
		r.fatalf("policy %d: right after the answer the approval is not at stage %d: %+v", r.id, n, rb.State)
	}
}

// inForce puts the approved text in force (enacted and promulgated, in
// SQL): implementation starts only from a policy in force.
func (r *run) inForce() {
	r.t.Helper()
	devtest.InForceInSQL(r.t, r.d.a.st.DB, r.id)
}

// approveAll approves from stage `from` to the last of the region's chain.
func (r *run) approveAll(from int) {
	r.t.Helper()
	chain := []string{"kabid", "kepala", "sekda", "walikota"}
	for i := from - 1; i < len(chain); i++ {
		if i == len(chain)-1 {
			r.decide(chain[i], "approve", 0, policies.StatusApproved, 0)
		} else {
			r.decide(chain[i], "approve", 0, policies.StatusInApproval, i+2)
		}
	}
}

func (r *run) saveVersion() {
	r.t.Helper()
	r.markdown += fmt.Sprintf("\n## Perbaikan %d\n\nDasar hukum: PP 11/2017 Pasal 203.\n", r.version)
	res, out := r.d.a.api(http.DefaultClient, r.d.tokens["drafter"], "POST", r.base+"/versions",
		map[string]any{"base_version": r.version, "markdown": r.markdown, "change_summary": "Perbaikan"}, "")
	r.actions++
	if res.StatusCode != http.StatusCreated {
		r.fatalf("policy %d: save version: %d %s", r.id, res.StatusCode, out)
	}
	r.version++
}

// full: approval, implementation, a program, a weak SKM from the unit, and
// the revision it opens.
func (r *run) full() {
	r.t.Helper()
	r.submit()
	r.approveAll(1)
	r.inForce()
	r.act("drafter", "start_implementation", nil, policies.StatusImplementing)
	var unit int64
	r.d.a.st.DB.SQL().Get(&unit, `SELECT unit_id FROM users WHERE id = $1`, r.d.users["opd"])
	r.act("drafter", "plan_program", map[string]any{"program": map[string]any{"unit_id": unit, "kind": "pelatihan",
		"title": "Pelatihan pelayanan publik", "starts_at": time.Now().Add(24 * time.Hour), "ends_at": time.Now().Add(72 * time.Hour), "jp": 16}},
		policies.StatusImplementing)
	var weak [9][4]int
	for i := range weak {
		weak[i][0] = 10 // ten respondents, every element "tidak baik": IKM 25.00
	}
	// Of the ten people served (population 10), Krejcie–Morgan asks all ten.
	res, out := r.d.a.api(http.DefaultClient, r.d.tokens["opd"], "POST", r.base+"/evaluations/1/skm", map[string]any{"responses": weak, "population": 10}, "")
	r.actions++
	if res.StatusCode != 200 && res.StatusCode != 201 {
		r.fatalf("policy %d: the unit's SKM right after implementation started: %d %s", r.id, res.StatusCode, out)
	}
	if rb := r.read(); rb.Policy.Status != policies.StatusRevision {
		r.fatalf("policy %d: after a weak SKM the status read back is %q, want revision", r.id, rb.Policy.Status)
	}
	r.saveVersion()
	r.submit()
}
