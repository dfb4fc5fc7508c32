package postgres_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

func TestApprovalChain(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	c, err := f.db.ApprovalChain(ctx, f.chainID)
	if err != nil {
		t.Fatalf("ApprovalChain: %v", err)
	}
	if c.Name != "Rantai persetujuan Kota Sawahlunto" || c.RegionID != f.regionID {
		t.Errorf("chain = %q in region %d, want %q in %d", c.Name, c.RegionID, "Rantai persetujuan Kota Sawahlunto", f.regionID)
	}
	want := []struct {
		name     string
		approver string
		sla      int
	}{
		{"Kabid Pengembangan Kompetensi", "kabid", 3},
		{"Kepala BKPSDM", "kepala", 3},
		{"Sekretaris Daerah", "sekda", 5},
		{"Wali Kota", "walikota", 7},
	}
	if len(c.Stages) != len(want) {
		t.Fatalf("got %d stages, want %d", len(c.Stages), len(want))
	}
	for i, w := range want {
		st := c.Stages[i]
		if st.Position != i+1 || st.Name != w.name {
			t.Errorf("stage %d = %d %q, want %d %q", i, st.Position, st.Name, i+1, w.name)
		}
		if want := []int64{f.users[w.approver]}; !reflect.DeepEqual(st.ApproverIDs, want) {
			t.Errorf("stage %q approvers = %v, want %v (%s)", st.Name, st.ApproverIDs, want, w.approver)
		}
		if st.Quorum != policies.QuorumAny || st.QuorumN != 1 || st.SLADays != w.sla || st.EscalationDays != 2*w.sla || st.ChainID != f.chainID {
			t.Errorf("stage %q = quorum %q/%d sla %d escalation %d chain %d; want any/1, %d, %d, %d",
				st.Name, st.Quorum, st.QuorumN, st.SLADays, st.EscalationDays, st.ChainID, w.sla, 2*w.sla, f.chainID)
		}
	}

	_, err = f.db.ApprovalChain(ctx, 987654)
	wantKind(t, err, policies.KindNotFound)
}

func TestDecisions(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db
	chain, err := db.ApprovalChain(ctx, f.chainID)
	if err != nil {
		t.Fatal(err)
	}
	stage1, stage2 := chain.Stages[0].ID, chain.Stages[1].ID
	approve := policies.Decision{
		PolicyID: f.policyID, VersionID: f.versionID, StageID: stage1, DeciderID: f.users["kabid"],
		Decision: "approve", SHA256Approved: f.sha, IdempotencyKey: "policy-1/stage-1/kabid",
	}
	first, err := db.RecordDecision(ctx, approve)
	if err != nil {
		t.Fatalf("RecordDecision: %v", err)
	}
	if first.ID == 0 || first.Decision != "approve" || first.SHA256Approved != f.sha || first.StageID != stage1 {
		t.Errorf("RecordDecision = %+v, want an approval of %s at stage %d", first, f.sha, stage1)
	}
	retry := approve
	retry.Reason = "dikirim ulang" // a retry with the same key must not write anything new
	again, err := db.RecordDecision(ctx, retry)
	if err != nil {
		t.Fatalf("RecordDecision retry: %v", err)
	}
	if again.ID != first.ID || again.Reason != first.Reason {
		t.Errorf("retry returned id %d reason %q, want the stored id %d reason %q", again.ID, again.Reason, first.ID, first.Reason)
	}

	acting := f.users["kepala"]
	changes, err := db.RecordDecision(ctx, policies.Decision{
		PolicyID: f.policyID, VersionID: f.versionID, StageID: stage2, DeciderID: f.users["sekda"], ActingForID: &acting,
		Decision: "request_changes", Reason: "Perjelas anggaran.", SHA256Approved: f.sha, IdempotencyKey: "policy-1/stage-2/kepala",
	})
	if err != nil {
		t.Fatalf("RecordDecision request_changes: %v", err)
	}

	refuses(t, "refused", approve, func(name string, d policies.Decision) error {
		d.IdempotencyKey = "refused/" + name
		_, err := db.RecordDecision(ctx, d)
		return err
	},
		[]refusal[policies.Decision]{
			{"reject without reason", func(d *policies.Decision) { d.Decision = "reject" }, policies.KindInvalid},
			{"request changes without reason", func(d *policies.Decision) { d.Decision = "request_changes" }, policies.KindInvalid},
			{"unknown decision", func(d *policies.Decision) { d.Decision = "abstain"; d.Reason = "x" }, policies.KindInvalid},
			{"malformed hash", func(d *policies.Decision) { d.SHA256Approved = strings.Repeat("Z", 64) }, policies.KindInvalid},
			{"unknown stage", func(d *policies.Decision) { d.StageID = 987654 }, policies.KindNotFound},
			{"unknown decider", func(d *policies.Decision) { d.DeciderID = 987654 }, policies.KindNotFound},
		},
	)

	ds, err := decisionsOf(ctx, db, f.policyID)
	wantList(t, "decisionsOf", "decisions", 2, ds, err)
	if ds[0].ID != first.ID || ds[1].ID != changes.ID {
		t.Errorf("decision ids = %d, %d; want %d, %d", ds[0].ID, ds[1].ID, first.ID, changes.ID)
	}
	if ds[1].ActingForID == nil || *ds[1].ActingForID != acting || ds[1].Reason != "Perjelas anggaran." {
		t.Errorf("second decision acting for %v reason %q, want %d %q", ds[1].ActingForID, ds[1].Reason, acting, "Perjelas anggaran.")
	}
	var n int
	if err := db.SQL().GetContext(ctx, &n, `SELECT count(*) FROM decisions WHERE idempotency_key = $1`, approve.IdempotencyKey); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("rows with key %q = %d, want 1", approve.IdempotencyKey, n)
	}
}

// A chain no approval has followed is edited in place; one a run follows is
// versioned: the run's stages stay as they were, the policies move to the
// new version, and only the newest version may be edited. Every change is
// audited; a chain with approvers of another region is refused.
func TestApprovalChainVersioning(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	adm := f.users["admin"]
	_, otherLeader := otherRegion(t, f.db)
	stage := func(name string, q policies.Quorum, n int, ids ...int64) policies.StageInput {
		return policies.StageInput{Name: name, Quorum: q, QuorumN: n, SLADays: 2, EscalationDays: 4, SuperiorID: f.users["walikota"], ApproverIDs: ids}
	}
	three := []int64{f.users["kabid"], f.users["kepala"], f.users["sekda"]}
	c, err := f.db.CreateApprovalChain(ctx, f.regionID, adm, valid(t, policies.ChainInput{Name: "Rantai baru", Stages: []policies.StageInput{
		stage("Tim", policies.QuorumNOfM, 2, three...), stage("Sekda", policies.QuorumAny, 1, f.users["sekda"]), stage("Wali Kota", policies.QuorumAll, 0, f.users["walikota"])}}))
	if err != nil {
		t.Fatalf("CreateApprovalChain: %v", err)
	}
	if len(c.Stages) != 3 || c.Stages[0].QuorumN != 2 || c.Stages[2].QuorumN != 1 || c.Version != 1 || c.LineageID != c.ID {
		t.Fatalf("chain = %+v", c)
	}
	if a, _, _, _ := lastAdminAudit(t, f.db, f.regionID); a != "chain.created" {
		t.Errorf("audit = %s", a)
	}

	chains := countRows(t, f.db, "approval_chains")
	for name, in := range map[string]struct {
		in    policies.ChainInput
		field string
	}{
		"approver of another city":  {policies.ChainInput{Name: "X", Stages: []policies.StageInput{stage("A", policies.QuorumAny, 1, otherLeader)}}, "stages[0].approver_ids"},
		"approver who is no leader": {policies.ChainInput{Name: "X", Stages: []policies.StageInput{stage("A", policies.QuorumAny, 1, f.users["penyusun"])}}, "stages[0].approver_ids"},
		"superior of another city":  {policies.ChainInput{Name: "X", Stages: []policies.StageInput{{Name: "A", Quorum: "any", SLADays: 1, EscalationDays: 1, SuperiorID: otherLeader, ApproverIDs: three}}}, "stages[0].superior_id"},
		"a name already used":       {policies.ChainInput{Name: "Rantai baru", Stages: []policies.StageInput{stage("A", policies.QuorumAny, 1, three...)}}, "name"},
	} {
		_, err := f.db.CreateApprovalChain(ctx, f.regionID, adm, valid(t, in.in))
		if policies.KindOf(err) != policies.KindInvalid || fieldOf(err) != in.field {
			t.Errorf("%s: %v (field %q), want invalid %s", name, err, fieldOf(err), in.field)
		}
	}
	if countRows(t, f.db, "approval_chains") != chains {
		t.Errorf("refused chains were stored")
	}

	// Unused: edited in place, same row.
	c2, err := f.db.UpdateApprovalChain(ctx, f.regionID, adm, c.ID, valid(t, policies.ChainInput{Name: "Rantai baru", Stages: []policies.StageInput{
		stage("Tim", policies.QuorumNOfM, 2, three...), stage("Wali Kota", policies.QuorumAny, 1, f.users["walikota"])}}))
	if err != nil || c2.ID != c.ID || len(c2.Stages) != 2 || c2.Version != 1 {
		t.Fatalf("in-place edit = %+v %v", c2, err)
	}
	if a, _, b, af := lastAdminAudit(t, f.db, f.regionID); a != "chain.updated" || !b || !af {
		t.Errorf("audit = %s before %v after %v", a, b, af)
	}

	// The seeded chain, followed by a running approval: versioned.
	run, loaded, err := f.db.StartApprovalRun(ctx, policies.ApprovalRun{PolicyID: f.policyID, VersionID: f.versionID, SHA256: f.sha,
		WorkflowID: "approval-versioning", SubmittedBy: f.users["penyusun"], StartedAt: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	old, _ := f.db.ApprovalChain(ctx, f.chainID)
	v2, err := f.db.UpdateApprovalChain(ctx, f.regionID, adm, f.chainID, valid(t, policies.ChainInput{Name: old.Name, Stages: []policies.StageInput{
		stage("Sekda saja", policies.QuorumAny, 1, f.users["sekda"])}}))
	if err != nil {
		t.Fatalf("versioning edit: %v", err)
	}
	if v2.ID == f.chainID || v2.Version != 2 || v2.LineageID != old.LineageID || v2.Name != old.Name || len(v2.Stages) != 1 {
		t.Errorf("new version = %+v", v2)
	}
	if a, s, _, _ := lastAdminAudit(t, f.db, f.regionID); a != "chain.versioned" || s != fmt.Sprintf("chain:%d", v2.ID) {
		t.Errorf("audit = %s %s", a, s)
	}
	still, _ := f.db.ApprovalChain(ctx, f.chainID)
	if !reflect.DeepEqual(still.Stages, loaded.Stages) || still.SupersededBy == nil || *still.SupersededBy != v2.ID {
		t.Errorf("the running run's chain changed under it: %+v", still)
	}
	p, _ := f.db.PolicyByID(ctx, f.policyID)
	if p.ChainID == nil || *p.ChainID != v2.ID {
		t.Errorf("policy follows chain %v, want the new version %d", p.ChainID, v2.ID)
	}
	_, err = f.db.UpdateApprovalChain(ctx, f.regionID, adm, f.chainID, valid(t, policies.ChainInput{Name: old.Name, Stages: v2Inputs(v2)}))
	wantKind(t, err, policies.KindConflict)
	cs, _ := f.db.ApprovalChains(ctx, f.regionID)
	if len(cs) != 2 {
		t.Errorf("current chains = %d, want 2 (the superseded version is not listed)", len(cs))
	}
	// The next run follows the new version.
	_, _ = f.db.EndApprovalRun(ctx, run.WorkflowID, "cancelled", time.Now())
	_, next, err := f.db.StartApprovalRun(ctx, policies.ApprovalRun{PolicyID: f.policyID, VersionID: f.versionID, SHA256: f.sha,
		WorkflowID: "approval-versioning-2", SubmittedBy: f.users["penyusun"], StartedAt: time.Now()})
	if err != nil || next.ID != v2.ID {
		t.Errorf("next run follows chain %d (%v), want %d", next.ID, err, v2.ID)
	}
}

func v2Inputs(c policies.ApprovalChain) []policies.StageInput {
	var in []policies.StageInput
	for _, st := range c.Stages {
		in = append(in, policies.StageInput{Name: st.Name, Quorum: st.Quorum, QuorumN: st.QuorumN, SLADays: st.SLADays, EscalationDays: st.EscalationDays, ApproverIDs: st.ApproverIDs})
	}
	return in
}
