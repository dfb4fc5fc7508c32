package postgres_test

import (
	"testing"
	"time"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/policies"
)

// A follow by email whose confirmation link was never followed is deleted
// once it is older than its retention (30 days, PRIVACY.md; the kind of
// invitation and password links, whose count it joins in the purge's
// report); a younger one, one confirmed long ago and a person's own follow
// stay. A second purge at the same moment deletes nothing more.
func TestPurgeDeletesUnconfirmedFollowsPastRetention(t *testing.T) {
	ctx := t.Context()
	db := devtest.Seeded(t)
	sql := db.SQL()
	def, ok := policies.DefaultRetentionOf(policies.RetainPasswordLinks)
	if !ok || def.Days != 30 {
		t.Fatalf("retention of password links and unconfirmed follows: %+v, want 30 days as PRIVACY.md says", def)
	}
	now := time.Now().Truncate(time.Second)
	day := 24 * time.Hour
	var region, user int64
	if err := sql.Get(&region, `SELECT id FROM regions WHERE slug = 'sawahlunto'`); err != nil {
		t.Fatal(err)
	}
	if err := sql.Get(&user, `SELECT id FROM users WHERE email = 'penyusun.sawahlunto@policyflow.test'`); err != nil {
		t.Fatal(err)
	}
	// The seed's password links past their retention, if any, are counted
	// with the follows.
	var links int
	sql.Get(&links, `SELECT count(*) FROM password_tokens WHERE least(used_at, expires_at) < $1`, now.Add(-30*day))
	follow := func(email string, created time.Time, confirmed *time.Time) {
		t.Helper()
		sql.MustExec(`INSERT INTO follows (email, region_id, created_at, confirm_sent_at, confirmed_at) VALUES ($1, $2, $3, $3, $4)`,
			email, region, created, confirmed)
	}
	longAgo := now.Add(-99 * day)
	follow("lupa.konfirmasi@contoh.id", now.Add(-31*day), nil)        // past its retention
	follow("baru.minta@contoh.id", now.Add(-29*day), nil)             // within it
	follow("sudah.konfirmasi@contoh.id", now.Add(-100*day), &longAgo) // confirmed: kept while it lasts
	sql.MustExec(`INSERT INTO follows (user_id, region_id, created_at, confirmed_at) VALUES ($1, $2, $3, $3)`, user, region, now.Add(-100*day))

	n, err := db.PurgeExpired(ctx, policies.PurgeBatch{Kind: policies.RetainPasswordLinks, Now: now, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	if n != links+1 {
		t.Errorf("purge touched %d rows, want %d: %d expired links and the one unconfirmed follow", n, links+1, links)
	}
	var left []string
	sql.Select(&left, `SELECT coalesce(email, 'user') FROM follows WHERE email LIKE '%@contoh.id' OR user_id = $1 ORDER BY id`, user)
	if want := []string{"baru.minta@contoh.id", "sudah.konfirmasi@contoh.id", "user"}; len(left) != len(want) || left[0] != want[0] || left[1] != want[1] || left[2] != want[2] {
		t.Errorf("follows left %q, want %q", left, want)
	}
	// The run's report counts it, and is kept.
	rep := policies.PurgeReport{RanAt: now, Counts: map[policies.RetentionKind]int{policies.RetainPasswordLinks: n}}
	if err := db.RecordPurge(ctx, rep); err != nil {
		t.Fatal(err)
	}
	if last, err := db.LastPurge(ctx); err != nil || last.Counts[policies.RetainPasswordLinks] != links+1 {
		t.Errorf("last purge %+v (%v), want %d password links and follows", last, err, links+1)
	}
	// Again: nothing more; the younger follow goes once it is old enough.
	if n, err := db.PurgeExpired(ctx, policies.PurgeBatch{Kind: policies.RetainPasswordLinks, Now: now, Limit: 500}); err != nil || n != 0 {
		t.Errorf("second purge: %d (%v), want 0", n, err)
	}
	sql.Get(&links, `SELECT count(*) FROM password_tokens WHERE least(used_at, expires_at) < $1`, now.Add(-28*day))
	if n, err := db.PurgeExpired(ctx, policies.PurgeBatch{Kind: policies.RetainPasswordLinks, Now: now.Add(2 * day), Limit: 500}); err != nil || n != links+1 {
		t.Errorf("purge two days later: %d (%v), want the follow asked 29 days before", n, err)
	}
}
