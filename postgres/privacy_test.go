package postgres_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/policies"
)

// A stakeholder's data: the export gives their comments with the answer
// published to them (also a comment left with their address before they
// had an account), their notices and sign-in attempts; erasure keeps the
// comments' text and answers and removes who wrote them, clears the
// account, ends its sessions, and is audited without the erased data.
func TestPersonalDataExportAndErasure(t *testing.T) {
	ctx := t.Context()
	db := devtest.Seeded(t)
	sql := db.SQL()
	var person, admin, region, policy, other int64
	get := func(dest any, q string, args ...any) {
		t.Helper()
		if err := sql.Get(dest, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	get(&person, `SELECT id FROM users WHERE email = 'akademisi.sawahlunto@policyflow.test'`)
	get(&admin, `SELECT id FROM users WHERE email = 'admin.sawahlunto@policyflow.test'`)
	get(&region, `SELECT region_id FROM users WHERE id = $1`, admin)
	get(&policy, `SELECT id FROM policies WHERE slug = 'sawahlunto-peningkatan-kompetensi-asn'`)
	get(&other, `SELECT id FROM users WHERE email = 'akademisi.pangkalpinang@policyflow.test'`)
	var byAccount, byAddress int64
	get(&byAccount, `INSERT INTO comments (policy_id, version_id, section_anchor, author_id, author_name, author_email, body)
		SELECT id, current_version_id, '', $2, 'Dr. Akademisi', 'akademisi.sawahlunto@policyflow.test', 'Pasal 3 terlalu luas.' FROM policies WHERE id = $1 RETURNING id`, policy, person)
	get(&byAddress, `INSERT INTO comments (policy_id, version_id, section_anchor, author_name, author_email, body)
		SELECT id, current_version_id, '', 'Akademisi', 'AKADEMISI.sawahlunto@policyflow.test', 'Sebelum punya akun.' FROM policies WHERE id = $1 RETURNING id`, policy)
	sql.MustExec(`INSERT INTO consultations (policy_id, version_id, workflow_id, opened_by, opened_at, closes_at)
		SELECT id, current_version_id, 'uji-privasi', $2, now(), now() + interval '1 day' FROM policies WHERE id = $1`, policy, admin)
	sql.MustExec(`INSERT INTO comment_answers (comment_id, consultation_id, disposition, reason, drafted_by, published_by, published_at)
		SELECT $1, max(k.id), 'diterima', 'Pasal 3 dipersempit.', $2, $2, now() FROM consultations k WHERE k.policy_id = $3`, byAccount, admin, policy)
	sql.MustExec(`INSERT INTO notifications (dedup_key, user_id, kind, subject) VALUES ('privasi-1', $1, 'comment_answered', 'Komentar Anda dijawab')`, person)
	sql.MustExec(`INSERT INTO login_attempts (email, ip, ok) VALUES ('akademisi.sawahlunto@policyflow.test', '198.51.100.7', true)`)
	sql.MustExec(`INSERT INTO sessions (id, user_id, csrf_token, expires_at) VALUES (repeat('c', 64), $1, 'x', now() + interval '1 hour')`, person)
	// A follow by the account, one by the address before it (follow.go).
	sql.MustExec(`INSERT INTO follows (user_id, policy_id, confirmed_at) VALUES ($1, $2, now())`, person, policy)
	sql.MustExec(`INSERT INTO follows (email, region_id, confirmed_at) VALUES ('akademisi.sawahlunto@policyflow.test', $1, now())`, region)

	d, err := db.PersonalData(ctx, person)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Comments) != 2 || d.Comments[0].ID != byAccount || d.Comments[1].ID != byAddress {
		t.Fatalf("exported comments %+v, want %d and %d", d.Comments, byAccount, byAddress)
	}
	if c := d.Comments[0]; c.Reason == nil || *c.Reason != "Pasal 3 dipersempit." {
		t.Errorf("export of comment %d lacks its published answer: %+v", c.ID, c)
	}
	if len(d.Follows) != 2 || d.Follows[0].Target == "" || d.Follows[1].Email != "akademisi.sawahlunto@policyflow.test" {
		t.Errorf("exported follows %+v, want the account's and the address's", d.Follows)
	}
	if len(d.Notifications) != 1 || len(d.SignIns) != 1 || d.SignIns[0].Address != "198.51.100.7" || len(d.Sessions) != 1 {
		t.Errorf("export: %d notices, sign-ins %+v, %d sessions; want 1, the one from 198.51.100.7, 1", len(d.Notifications), d.SignIns, len(d.Sessions))
	}

	// Only an administrator of the person's region; never oneself; a confirmation.
	if _, err := db.ErasePerson(ctx, region, admin, other, policies.ErasureInput{Confirm: true}, policies.Notification{Subject: "dihapus"}); !policies.IsKind(err, policies.KindNotFound) {
		t.Errorf("erasing another region's person: %v, want not found", err)
	}
	if _, err := db.ErasePerson(ctx, region, admin, admin, policies.ErasureInput{Confirm: true}, policies.Notification{Subject: "dihapus"}); !policies.IsKind(err, policies.KindConflict) {
		t.Errorf("erasing oneself: %v, want conflict", err)
	}
	if _, err := db.RequestErasure(ctx, person, policies.ErasureRequestInput{Reason: "Saya tidak lagi di kampus ini."}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RequestErasure(ctx, person, policies.ErasureRequestInput{}); !policies.IsKind(err, policies.KindConflict) {
		t.Errorf("a second open request: %v, want conflict", err)
	}
	// The request is on the person's account in the audit, once, without their reason.
	var requested int
	db.SQL().Get(&requested, `SELECT count(*) FROM audit_log WHERE action = 'user.erasure_requested' AND subject = $1 AND actor_id = $2
		AND region_id = $3 AND detail NOT LIKE '%kampus%'`, fmt.Sprintf("account:%d", person), person, region)
	if requested != 1 {
		t.Errorf("erasure requests audited: %d, want 1 (the refused second request writes none)", requested)
	}
	res, err := db.ErasePerson(ctx, region, admin, person, policies.ErasureInput{Confirm: true}, policies.Notification{Subject: "dihapus"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Comments != 2 || res.NameKept || res.RequestID == 0 {
		t.Errorf("erasure %+v, want 2 comments anonymised, the name not kept, the request closed", res)
	}
	var after []struct {
		Name   string `db:"author_name"`
		Email  string `db:"author_email"`
		Author *int64 `db:"author_id"`
		Body   string `db:"body"`
	}
	if err := sql.Select(&after, `SELECT author_name, author_email, author_id, body FROM comments WHERE id IN ($1, $2) ORDER BY id`, byAccount, byAddress); err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"Pasal 3 terlalu luas.", "Sebelum punya akun."} {
		if c := after[i]; c.Name != policies.ErasedAuthor || c.Email != "" || c.Author != nil || c.Body != want {
			t.Errorf("comment after erasure %+v, want %q by %q with no email or account", c, want, policies.ErasedAuthor)
		}
	}
	var reason string
	get(&reason, `SELECT reason FROM comment_answers WHERE comment_id = $1`, byAccount)
	var follows int
	get(&follows, `SELECT count(*) FROM follows WHERE user_id = $1 OR email = 'akademisi.sawahlunto@policyflow.test'`, person)
	if follows != 0 {
		t.Errorf("%d follows left after erasure, want none", follows)
	}
	var left struct {
		Sessions, Notices, Attempts int
		Email, Name                 string
		Open                        int
	}
	get(&left.Sessions, `SELECT count(*) FROM sessions WHERE user_id = $1`, person)
	get(&left.Notices, `SELECT count(*) FROM notifications WHERE user_id = $1`, person)
	get(&left.Attempts, `SELECT count(*) FROM login_attempts WHERE email ILIKE 'akademisi.sawahlunto@%'`)
	get(&left.Email, `SELECT email || '|' || nip || '|' || password_hash || '|' || (deactivated_at IS NOT NULL) FROM users WHERE id = $1`, person)
	get(&left.Name, `SELECT name FROM users WHERE id = $1`, person)
	get(&left.Open, `SELECT count(*) FROM erasure_requests WHERE user_id = $1 AND outcome = 'erased'`, person)
	if reason != "Pasal 3 dipersempit." || left.Sessions+left.Notices+left.Attempts != 0 || !strings.HasPrefix(left.Email, "dihapus-") ||
		!strings.HasSuffix(left.Email, "||true") || left.Name != policies.ErasedAuthor || left.Open != 1 {
		t.Errorf("after erasure: answer %q, %+v; want the answer kept, nothing left, the account cleared and deactivated", reason, left)
	}
	var audit string
	get(&audit, `SELECT action || ' ' || coalesce(after::text, '') FROM audit_log WHERE subject = 'user:' || $1 ORDER BY id DESC LIMIT 1`, person)
	if !strings.HasPrefix(audit, "user.erased") || strings.Contains(audit, "akademisi") {
		t.Errorf("audit %q, want user.erased without the erased address", audit)
	}
	if _, err := db.ErasePerson(ctx, region, admin, person, policies.ErasureInput{Confirm: true}, policies.Notification{Subject: "dihapus"}); !policies.IsKind(err, policies.KindConflict) {
		t.Errorf("erasing twice: %v, want conflict", err)
	}
	if _, err := db.PersonalData(ctx, person); !policies.IsKind(err, policies.KindNotFound) {
		t.Errorf("export of an erased person: %v, want not found", err)
	}
}
