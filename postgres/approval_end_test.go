package postgres_test

import (
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// The decision that ends a run writes itself, the policy's move and the
// run's outcome together or not at all; retried, it writes nothing more.
// The text approved is what search finds: a first approval keeps the
// vector of the current text, a revision's approval indexes its new text.
func TestDecideAndEnd(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db
	chain, err := db.ApprovalChain(ctx, f.chainID)
	if err != nil {
		t.Fatal(err)
	}
	drafter, mayor := f.users["penyusun"], f.users["walikota"]
	last := chain.Stages[len(chain.Stages)-1].ID
	var status policies.Status
	if err := db.SQL().GetContext(ctx, &status, `SELECT status FROM policies WHERE id = $1`, f.policyID); err != nil {
		t.Fatal(err)
	}
	// submit moves the policy into approval on version v and starts run wid.
	submit := func(from policies.Status, v int64, wid string) int64 {
		t.Helper()
		if err := db.SetStatus(ctx, policies.StatusChange{PolicyID: f.policyID, From: from, To: policies.StatusInApproval,
			Action: policies.ActSubmit, ActorID: drafter, VersionID: v, Key: wid + "-submit"}); err != nil {
			t.Fatalf("submit %s: %v", wid, err)
		}
		run, _, err := db.StartApprovalRun(ctx, policies.ApprovalRun{PolicyID: f.policyID, VersionID: v, SHA256: f.sha,
			WorkflowID: wid, SubmittedBy: drafter, StartedAt: time.Now()})
		if err != nil {
			t.Fatalf("start %s: %v", wid, err)
		}
		return run.ID
	}
	decide := func(v int64, runID int64, wid, key string, from policies.Status) (policies.Decision, error) {
		return db.DecideAndEnd(ctx, policies.Decision{PolicyID: f.policyID, VersionID: v, StageID: last, ApprovalRunID: &runID,
			DeciderID: mayor, Decision: "approve", SHA256Approved: f.sha, IdempotencyKey: key},
			policies.StatusChange{PolicyID: f.policyID, From: from, To: policies.StatusApproved, Action: policies.ActApprovalCompleted,
				ActorID: mayor, VersionID: v, Key: wid + "-approved"}, wid, "approved", time.Now())
	}
	type state struct {
		Status    policies.Status `db:"status"`
		InForce   *int64          `db:"in_force_version_id"`
		Outcome   *string         `db:"outcome"`
		Decisions int             `db:"decisions"`
		Audits    int             `db:"audits"`
	}
	read := func(wid, key string) state {
		t.Helper()
		var s state
		if err := db.SQL().GetContext(ctx, &s, `SELECT p.status, p.in_force_version_id,
			(SELECT outcome FROM approval_runs WHERE workflow_id = $2) AS outcome,
			(SELECT count(*) FROM decisions WHERE idempotency_key = $3) AS decisions,
			(SELECT count(*) FROM audit_log WHERE policy_id = p.id AND action = 'approval_completed') AS audits
			FROM policies p WHERE p.id = $1`, f.policyID, wid, key); err != nil {
			t.Fatal(err)
		}
		return s
	}
	// indexes says whether search is the vector of the title and text.
	indexes := func(text string) bool {
		t.Helper()
		var ok bool
		if err := db.SQL().GetContext(ctx, &ok, `SELECT search = setweight(to_tsvector('indonesian', title), 'A') ||
			setweight(to_tsvector('indonesian', $2::text), 'B') FROM policies WHERE id = $1`, f.policyID, text); err != nil {
			t.Fatal(err)
		}
		return ok
	}
	v1, err := db.CurrentVersion(ctx, f.policyID)
	if err != nil {
		t.Fatal(err)
	}

	run1 := submit(status, f.versionID, "approval-end-1")
	// A move the record refuses (the policy is not in consultation):
	// neither the decision nor the run's outcome is written.
	if _, err := decide(f.versionID, run1, "approval-end-1", "end-1/walikota", policies.StatusConsultation); policies.KindOf(err) != policies.KindConflict {
		t.Fatalf("DecideAndEnd from the wrong status: %v, want a conflict", err)
	}
	if s := read("approval-end-1", "end-1/walikota"); s.Status != policies.StatusInApproval || s.Outcome != nil || s.Decisions != 0 || s.Audits != 0 {
		t.Fatalf("after a refused move: %+v, want in approval, no outcome, no decision, no audit", s)
	}
	d, err := decide(f.versionID, run1, "approval-end-1", "end-1/walikota", policies.StatusInApproval)
	if err != nil {
		t.Fatalf("DecideAndEnd: %v", err)
	}
	s := read("approval-end-1", "end-1/walikota")
	if d.ID == 0 || s.Status != policies.StatusApproved || s.InForce == nil || *s.InForce != f.versionID ||
		s.Outcome == nil || *s.Outcome != "approved" || s.Decisions != 1 || s.Audits != 1 {
		t.Fatalf("DecideAndEnd = %+v, state %+v; want the decision, approved with version %d in force, the run approved, one audit", d, s, f.versionID)
	}
	again, err := decide(f.versionID, run1, "approval-end-1", "end-1/walikota", policies.StatusInApproval)
	if err != nil || again.ID != d.ID {
		t.Fatalf("retried DecideAndEnd = %d, %v; want the stored decision %d", again.ID, err, d.ID)
	}
	if s := read("approval-end-1", "end-1/walikota"); s.Decisions != 1 || s.Audits != 1 {
		t.Errorf("after the retry: %+v, want one decision and one audit", s)
	}
	if !indexes(v1.Markdown) {
		t.Errorf("search is not the first approved text's")
	}

	// A revision's version, approved: search follows its text.
	if err := db.SetStatus(ctx, policies.StatusChange{PolicyID: f.policyID, From: policies.StatusApproved, To: policies.StatusRevision,
		Action: policies.ActOpenRevision, ActorID: drafter, Key: "approval-end-revision"}); err != nil {
		t.Fatal(err)
	}
	const revised = "# Revisi\n\nPerubahan tentang arsitektur jembatan gantung.\n"
	v2, err := db.CreateVersion(ctx, f.policyID, v1.Number, revised, drafter, "Revisi")
	if err != nil {
		t.Fatal(err)
	}
	if !indexes(v1.Markdown) {
		t.Errorf("search follows the revision's draft before it is approved")
	}
	run2 := submit(policies.StatusRevision, v2.ID, "approval-end-2")
	if _, err := decide(v2.ID, run2, "approval-end-2", "end-2/walikota", policies.StatusInApproval); err != nil {
		t.Fatalf("DecideAndEnd of the revision: %v", err)
	}
	if !indexes(revised) {
		t.Errorf("after the revision's approval, search is not its text's")
	}
}
