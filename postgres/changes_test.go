package postgres_test

import (
	"testing"

	"github.com/policyflow/policyflow/policies"
)

// A role of power is never given by one write alone: InvitePerson and
// UpdatePerson refuse it (409 naming role) outside a confirmation; the
// command line makes a region's first administrator and no second one.
func TestPowerRolesNeedASecondPerson(t *testing.T) {
	f := seeded(t)
	ctx := t.Context()
	db := f.db
	users := countRows(t, db, "users")
	_, err := db.InvitePerson(ctx, f.users["admin"], f.regionID, policies.PersonInput{Email: "wali@palsu.go.id", Name: "Wali Palsu", Role: policies.RoleLeader},
		hashOf("palsu"), invitation("/invite/palsu"))
	wantKind(t, err, policies.KindConflict)
	if fieldOf(err) != "role" {
		t.Errorf("field %q, want role", fieldOf(err))
	}
	_, err = db.UpdatePerson(ctx, f.users["admin"], f.regionID, f.users["penyusun"], policies.PersonInput{Name: "Penyusun", Role: policies.RoleAdmin, Unit: "bkpsdm"})
	wantKind(t, err, policies.KindConflict)
	if got := countRows(t, db, "users"); got != users {
		t.Errorf("users %d, want %d", got, users)
	}

	r, err := db.CreateRegion(ctx, 0, "kota-baru", "Kota Baru", policies.ZoneWITA)
	if err != nil {
		t.Fatal(err)
	}
	first := policies.PersonInput{Email: "admin@kota-baru.go.id", Name: "Admin Pertama", Role: policies.RoleAdmin}
	u, err := db.BootstrapAdmin(ctx, r.ID, first, hashOf("pertama"), invitation("/invite/pertama"))
	if err != nil || u.Role != policies.RoleAdmin {
		t.Fatalf("the first administrator: %+v %v", u, err)
	}
	if a := latestAudit(t, db, r.ID); a.Action != "region.first_admin" || a.Actor != nil {
		t.Errorf("audit %+v, want region.first_admin by the command line", a)
	}
	second := policies.PersonInput{Email: "admin2@kota-baru.go.id", Name: "Admin Kedua", Role: policies.RoleAdmin}
	_, err = db.BootstrapAdmin(ctx, r.ID, second, hashOf("kedua"), invitation("/invite/kedua"))
	wantKind(t, err, policies.KindConflict)
}

// A proposed change applies nothing until a second administrator confirms
// it; the proposer cannot; a change proposed against rules that another
// confirmed change has moved since is refused and applies nothing.
func TestChangesApplyOnlyOnConfirmation(t *testing.T) {
	f := seeded(t)
	ctx := t.Context()
	db := f.db
	words := func(n policies.ChangeNotice) policies.Notification {
		return policies.Notification{Kind: policies.NoticePowerChange, Subject: string(n.Event)}
	}
	var second int64
	if err := db.SQL().Get(&second, `INSERT INTO users (email, name, role, region_id, password_hash) VALUES ('admin2@sawahlunto.go.id', 'Admin Dua', 'admin', $1, '') RETURNING id`, f.regionID); err != nil {
		t.Fatal(err)
	}
	propose := func(kind policies.ChangeKind, in any) policies.PendingChange {
		t.Helper()
		c, err := db.ProposeChange(ctx, f.regionID, f.users["admin"], policies.ChangeProposal{Kind: kind, Input: in}, words)
		if err != nil || c.Status != policies.ChangePending {
			t.Fatalf("propose %s: %+v %v", kind, c, err)
		}
		return c
	}
	rules := func(days int) policies.ActingRules {
		r := policies.DefaultActingRules()
		r.PlhMaxDays = days
		return r
	}
	first, other := propose(policies.ChangeActingRules, rules(10)), propose(policies.ChangeActingRules, rules(20))
	if r, _ := db.ActingRules(ctx, f.regionID); !r.Default {
		t.Fatalf("a proposal changed the rules: %+v", r)
	}
	_, err := db.ConfirmChange(ctx, f.regionID, f.users["admin"], first.ID, policies.InviteLink{}, words)
	wantKind(t, err, policies.KindForbidden)
	if c, err := db.ConfirmChange(ctx, f.regionID, second, first.ID, policies.InviteLink{}, words); err != nil || c.Status != policies.ChangeConfirmed {
		t.Fatalf("the second administrator confirms: %+v %v", c, err)
	}
	_, err = db.ConfirmChange(ctx, f.regionID, second, other.ID, policies.InviteLink{}, words)
	wantKind(t, err, policies.KindConflict)
	if r, _ := db.ActingRules(ctx, f.regionID); r.PlhMaxDays != 10 {
		t.Errorf("Plh. term %d days, want 10: the stale change applied", r.PlhMaxDays)
	}

	chain := policies.ChainInput{Name: "Rantai Uji", Stages: []policies.StageInput{{Name: "Tahap", Quorum: policies.QuorumAny, QuorumN: 1,
		SLADays: 1, EscalationDays: 2, ApproverIDs: []int64{f.users["kabid"]}}}}
	c := propose(policies.ChangeChainCreate, chain)
	chains := countRows(t, db, "approval_chains")
	c, err = db.ConfirmChange(ctx, f.regionID, second, c.ID, policies.InviteLink{}, words)
	if err != nil || countRows(t, db, "approval_chains") != chains+1 || c.Result == "" {
		t.Fatalf("the confirmed chain: %+v %v", c, err)
	}
	// The kabid, its approver, was told of the proposal and of the confirmation.
	var told int
	db.SQL().Get(&told, `SELECT count(*) FROM notifications WHERE user_id = $1 AND kind = 'power_change'`, f.users["kabid"])
	if told != 2 {
		t.Errorf("the chain's approver was told %d times, want 2", told)
	}
	// A chain whose approver is no leader is refused at once, naming the field.
	chain.Stages[0].ApproverIDs = []int64{f.users["penyusun"]}
	_, err = db.ProposeChange(ctx, f.regionID, f.users["admin"], policies.ChangeProposal{Kind: policies.ChangeChainCreate, Input: chain}, words)
	wantKind(t, err, policies.KindInvalid)
}
