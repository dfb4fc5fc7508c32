package postgres_test

import (
	"strings"
	"testing"

	"github.com/jmoiron/sqlx"

	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/postgres"
)

// An administrative change is kept with who made it and the record before
// and after, in its region only, newest first.
func TestAdminAudit(t *testing.T) {
	db := newDB(t)
	ctx := t.Context()
	var a, b, actor int64
	x := db.SQL()
	x.Get(&a, `INSERT INTO regions (slug, name) VALUES ('kota-a', 'Kota A') RETURNING id`)
	x.Get(&b, `INSERT INTO regions (slug, name) VALUES ('kota-b', 'Kota B') RETURNING id`)
	x.Get(&actor, `INSERT INTO users (email, name, role, region_id, password_hash) VALUES ('adm@a.go.id', 'Admin A', 'admin', $1, 'x') RETURNING id`, a)
	for _, c := range []policies.AdminChange{
		{RegionID: a, ActorID: actor, Action: "unit.created", Subject: "unit:1", After: map[string]string{"name": "BKPSDM"}},
		{RegionID: a, ActorID: actor, Action: "unit.updated", Subject: "unit:1", Before: map[string]string{"name": "BKPSDM"}, After: map[string]string{"name": "BKPSDM Kota A"}},
		{RegionID: b, Action: "user.invited", Subject: "user:9", After: map[string]string{"email": "x@b.go.id"}},
	} {
		if err := db.Transact(ctx, func(tx *sqlx.Tx) error { return postgres.AuditAdmin(ctx, tx, c) }); err != nil {
			t.Fatal(err)
		}
	}
	rs, err := db.AdminAudit(ctx, a, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 || rs[0].Action != "unit.updated" || rs[1].Action != "unit.created" {
		t.Fatalf("region A's log = %+v, want unit.updated then unit.created", rs)
	}
	if rs[0].Actor == nil || *rs[0].Actor != "Admin A" || string(rs[0].Before) != `{"name": "BKPSDM"}` || string(rs[0].After) != `{"name": "BKPSDM Kota A"}` {
		t.Errorf("newest = actor %v before %s after %s", rs[0].Actor, rs[0].Before, rs[0].After)
	}
	if rs[1].Before != nil {
		t.Errorf("a creation has no before: %s", rs[1].Before)
	}
	older, _ := db.AdminAudit(ctx, a, rs[0].ID, 10)
	if len(older) != 1 || older[0].ID != rs[1].ID {
		t.Errorf("page before %d = %+v", rs[0].ID, older)
	}
	other, _ := db.AdminAudit(ctx, b, 0, 10)
	if len(other) != 1 || other[0].Actor != nil {
		t.Errorf("region B's log = %+v, want one change by the command line", other)
	}
}

// A policy's change is on its history with its changed fields and on its
// region's administrative audit without its record; a keyed change is
// written once, and its second writer's transaction rolls back.
func TestPolicyChangeAudit(t *testing.T) {
	f := seeded(t)
	ctx := t.Context()
	change := policies.AdminChange{PolicyID: f.policyID, ActorID: f.users["penyusun"], Action: "participant.updated", Subject: "participant:1",
		Before: map[string]string{"nip": "198503122010011002", "status": "open"}, After: map[string]string{"nip": "198503122010011002", "status": "resolved"},
		Key: "uji-sekali"}
	write := func() error {
		return f.db.Transact(ctx, func(tx *sqlx.Tx) error {
			if _, err := tx.ExecContext(ctx, `UPDATE policies SET title = title || '!' WHERE id = $1`, f.policyID); err != nil {
				return err
			}
			return postgres.AuditAdmin(ctx, tx, change)
		})
	}
	if err := write(); err != nil {
		t.Fatal(err)
	}
	if err := write(); err == nil {
		t.Fatal("a second write under the key was audited again")
	}
	var title string
	f.db.SQL().Get(&title, `SELECT title FROM policies WHERE id = $1`, f.policyID)
	if strings.Count(title, "!") != 1 {
		t.Errorf("title %q: the second write's change was kept without its audit row", title)
	}
	hist, err := f.db.AuditRecords(ctx, f.policyID)
	if err != nil {
		t.Fatal(err)
	}
	last := hist[len(hist)-1]
	if last.Action != "participant.updated" || len(last.Changes) != 1 || last.Changes[0] != (policies.AuditFieldChange{Field: "status", Before: "open", After: "resolved", Code: true}) {
		t.Errorf("history's last = %+v, want the status change only (no NIP)", last)
	}
	rs, err := f.db.AdminAudit(ctx, f.regionID, 0, 1)
	if err != nil || len(rs) != 1 {
		t.Fatalf("admin audit: %v %+v", err, rs)
	}
	if r := rs[0]; r.Action != "participant.updated" || r.PolicyID == nil || *r.PolicyID != f.policyID || r.Before != nil || r.After != nil || len(r.Changes) != 1 {
		t.Errorf("admin audit's newest = %+v, want the policy's change without its record", r)
	}
}
