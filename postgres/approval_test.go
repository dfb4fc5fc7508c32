package postgres_test

import (
	"reflect"
	"strings"
	"testing"

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

	t.Run("refused", func(t *testing.T) {
		for _, tc := range []struct {
			name   string
			change func(*policies.Decision)
			want   policies.ErrorKind
		}{
			{"reject without reason", func(d *policies.Decision) { d.Decision = "reject" }, policies.KindInvalid},
			{"request changes without reason", func(d *policies.Decision) { d.Decision = "request_changes" }, policies.KindInvalid},
			{"unknown decision", func(d *policies.Decision) { d.Decision = "abstain"; d.Reason = "x" }, policies.KindInvalid},
			{"malformed hash", func(d *policies.Decision) { d.SHA256Approved = strings.Repeat("Z", 64) }, policies.KindInvalid},
			{"unknown stage", func(d *policies.Decision) { d.StageID = 987654 }, policies.KindNotFound},
			{"unknown decider", func(d *policies.Decision) { d.DeciderID = 987654 }, policies.KindNotFound},
		} {
			t.Run(tc.name, func(t *testing.T) {
				d := approve
				d.IdempotencyKey = "refused/" + tc.name
				tc.change(&d)
				_, err := db.RecordDecision(ctx, d)
				wantKind(t, err, tc.want)
			})
		}
	})

	ds, err := decisionsOf(ctx, db, f.policyID)
	if err != nil {
		t.Fatalf("decisionsOf: %v", err)
	}
	if len(ds) != 2 {
		t.Fatalf("got %d decisions, want 2", len(ds))
	}
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
