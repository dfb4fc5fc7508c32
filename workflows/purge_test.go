package workflows

import (
	"context"
	"fmt"
	"testing"
	"time"

	"go.temporal.io/sdk/testsuite"

	"github.com/policyflow/policyflow/activities"
	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/postgres"
)

// The daily purge, run in the time-skipping test environment a hundred
// days after the rows were written, with the real activities on a real
// PostgreSQL: what outlived its retention is gone (or its personal field
// cleared), what is fresh stays, a region's shorter rule counts for its
// own records only, and a second run the same day touches nothing.
func TestPurgeRemovesExpiredRowsAndKeepsFreshOnes(t *testing.T) {
	ctx := context.Background()
	db := devtest.Seeded(t)
	sql := db.SQL()
	start := time.Now().Add(100 * 24 * time.Hour).Truncate(time.Second)
	fresh := start.Add(-24 * time.Hour) // a day old when the purge runs

	var user, saw, pkp int64
	mustGet(t, db, &user, `SELECT id FROM users WHERE email = 'penyusun.sawahlunto@policyflow.test'`)
	mustGet(t, db, &saw, `SELECT id FROM policies WHERE slug = 'sawahlunto-peningkatan-kompetensi-asn'`)
	mustGet(t, db, &pkp, `SELECT id FROM policies WHERE slug = 'pangkalpinang-pengembangan-kompetensi-asn'`)
	var admin, region int64
	mustGet(t, db, &admin, `SELECT id FROM users WHERE email = 'admin.sawahlunto@policyflow.test'`)
	mustGet(t, db, &region, `SELECT region_id FROM policies WHERE id = $1`, saw)
	// Sawahlunto keeps commenters' emails 30 days instead of the installation's 730.
	if _, err := db.SetRegionRetention(ctx, region, admin, policies.RetentionInput{Days: map[policies.RetentionKind]int{policies.RetainCommenterEmail: 30}}); err != nil {
		t.Fatal(err)
	}

	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := sql.Exec(q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`INSERT INTO login_attempts (email, ip, ok) VALUES ('lama@contoh.id', '203.0.113.1', false)`)
	exec(`INSERT INTO login_attempts (email, ip, ok, created_at) VALUES ('baru@contoh.id', '203.0.113.2', false, $1)`, fresh)
	exec(`INSERT INTO sessions (id, user_id, csrf_token, expires_at) VALUES (repeat('a', 64), $1, 'x', now() + interval '12 hours')`, user)
	exec(`INSERT INTO sessions (id, user_id, csrf_token, created_at, last_seen_at, expires_at) VALUES (repeat('b', 64), $1, 'x', $2, $2, $3)`,
		user, fresh.Add(-time.Hour), fresh)
	exec(`INSERT INTO idempotency_keys (owner, key, method, path, body) VALUES ('anon:203.0.113.1', 'k-lama', 'POST', '/x', 'rahasia')`)
	exec(`INSERT INTO idempotency_keys (owner, key, method, path, body, created_at) VALUES ('anon:203.0.113.2', 'k-baru', 'POST', '/x', 'isi', $1)`, fresh)
	comment := func(policy int64, email string, at time.Time) int64 {
		var id int64
		mustGet(t, db, &id, `INSERT INTO comments (policy_id, version_id, section_anchor, author_name, author_email, body, created_at)
			SELECT id, current_version_id, '', 'Warga', $2, 'Mohon jam layanan diperpanjang.', $3 FROM policies WHERE id = $1 RETURNING id`, policy, email, at)
		return id
	}
	oldSaw, freshSaw, oldPkp := comment(saw, "warga1@contoh.id", time.Now()), comment(saw, "warga2@contoh.id", fresh), comment(pkp, "warga3@contoh.id", time.Now())
	// Follows by email: one never confirmed (100 days old), one asked
	// yesterday, one confirmed long ago (follow.go).
	exec(`INSERT INTO follows (email, region_id) VALUES ('tak.konfirmasi@contoh.id', $1)`, region)
	exec(`INSERT INTO follows (email, region_id, created_at) VALUES ('baru.minta@contoh.id', $1, $2)`, region, fresh)
	exec(`INSERT INTO follows (email, region_id, confirmed_at) VALUES ('pengikut@contoh.id', $1, now())`, region)

	rep := runPurge(t, &activities.Activities{Store: db}, start)
	for _, c := range []struct {
		what  string
		query string
		want  int
	}{
		{"expired sign-in attempt", `SELECT count(*) FROM login_attempts WHERE email = 'lama@contoh.id'`, 0},
		{"fresh sign-in attempt", `SELECT count(*) FROM login_attempts WHERE email = 'baru@contoh.id'`, 1},
		{"session ended 100 days ago", `SELECT count(*) FROM sessions WHERE id = repeat('a', 64)`, 0},
		{"session ended yesterday", `SELECT count(*) FROM sessions WHERE id = repeat('b', 64)`, 1},
		{"old idempotency body", `SELECT count(*) FROM idempotency_keys WHERE key = 'k-lama'`, 0},
		{"fresh idempotency body", `SELECT count(*) FROM idempotency_keys WHERE key = 'k-baru'`, 1},
		{"Sawahlunto's 100-day-old commenter email (its rule: 30 days)", fmt.Sprintf(`SELECT count(*) FROM comments WHERE id = %d AND author_email <> ''`, oldSaw), 0},
		{"the text of that comment", fmt.Sprintf(`SELECT count(*) FROM comments WHERE id = %d AND body = 'Mohon jam layanan diperpanjang.' AND author_name = 'Warga'`, oldSaw), 1},
		{"Sawahlunto's fresh commenter email", fmt.Sprintf(`SELECT count(*) FROM comments WHERE id = %d AND author_email = 'warga2@contoh.id'`, freshSaw), 1},
		{"follow by email never confirmed, 100 days old", `SELECT count(*) FROM follows WHERE email = 'tak.konfirmasi@contoh.id'`, 0},
		{"follow by email asked yesterday", `SELECT count(*) FROM follows WHERE email = 'baru.minta@contoh.id'`, 1},
		{"confirmed follow", `SELECT count(*) FROM follows WHERE email = 'pengikut@contoh.id'`, 1},
		{"Pangkalpinang's 100-day-old commenter email (default 730 days)", fmt.Sprintf(`SELECT count(*) FROM comments WHERE id = %d AND author_email = 'warga3@contoh.id'`, oldPkp), 1},
	} {
		var got int
		mustGet(t, db, &got, c.query)
		if got != c.want {
			t.Errorf("%s: %d rows, want %d", c.what, got, c.want)
		}
	}
	for _, k := range []policies.RetentionKind{policies.RetainSignInAttempts, policies.RetainSessions, policies.RetainIdempotency, policies.RetainCommenterEmail} {
		if rep.Counts[k] < 1 {
			t.Errorf("report counts %d %s, want at least 1", rep.Counts[k], k)
		}
	}
	last, err := db.LastPurge(ctx)
	if err != nil || !last.RanAt.Equal(start) || last.Counts[policies.RetainSignInAttempts] != rep.Counts[policies.RetainSignInAttempts] {
		t.Errorf("last purge %+v (%v), want the run at %s with its counts %v", last, err, start, rep.Counts)
	}
	var audited int
	db.SQL().Get(&audited, `SELECT count(*) FROM audit_log WHERE action = 'privacy.purged' AND actor_id IS NULL
		AND (after->>'sign_in_attempts')::int = $1`, rep.Counts[policies.RetainSignInAttempts])
	if audited != 1 {
		t.Errorf("purge runs audited with their counts: %d, want 1", audited)
	}

	// The same day again: nothing left to purge.
	again := runPurge(t, &activities.Activities{Store: db}, start)
	for k, n := range again.Counts {
		if n != 0 {
			t.Errorf("second run purged %d %s, want 0", n, k)
		}
	}
}

// An installation that keeps sign-in attempts 200 days (RETENTION_DAYS)
// keeps a 100-day-old one; one that keeps them 30 days loses a 40-day-old one.
func TestPurgeFollowsTheInstallationsRetention(t *testing.T) {
	db := devtest.Seeded(t)
	start := time.Now().Add(100 * 24 * time.Hour).Truncate(time.Second)
	db.SQL().MustExec(`INSERT INTO login_attempts (email, ip, ok) VALUES ('lama@contoh.id', '203.0.113.1', false)`)
	db.SQL().MustExec(`INSERT INTO login_attempts (email, ip, ok, created_at) VALUES ('tengah@contoh.id', '203.0.113.2', false, $1)`, start.Add(-40*24*time.Hour))
	long, err := policies.ParseRetention("sign_in_attempts=200")
	if err != nil {
		t.Fatal(err)
	}
	runPurge(t, &activities.Activities{Store: db, Retention: long}, start)
	var n int
	mustGet(t, db, &n, `SELECT count(*) FROM login_attempts WHERE email IN ('lama@contoh.id', 'tengah@contoh.id')`)
	if n != 2 {
		t.Errorf("kept 200 days: %d of the 100- and 40-day-old attempts left, want 2", n)
	}
	short, _ := policies.ParseRetention("sign_in_attempts=30")
	runPurge(t, &activities.Activities{Store: db, Retention: short}, start)
	mustGet(t, db, &n, `SELECT count(*) FROM login_attempts WHERE email IN ('lama@contoh.id', 'tengah@contoh.id')`)
	if n != 0 {
		t.Errorf("kept 30 days: %d of the 100- and 40-day-old attempts left, want 0", n)
	}
}

// runPurge runs one PurgeWorkflow at the moment start with acts.
func runPurge(t *testing.T, acts *activities.Activities, start time.Time) policies.PurgeReport {
	t.Helper()
	var ts testsuite.WorkflowTestSuite
	env := ts.NewTestWorkflowEnvironment()
	env.SetStartTime(start)
	env.RegisterWorkflow(PurgeWorkflow)
	env.RegisterActivity(acts)
	env.ExecuteWorkflow(PurgeWorkflow, PurgeInput{})
	if !env.IsWorkflowCompleted() || env.GetWorkflowError() != nil {
		t.Fatalf("purge: completed %v, error %v", env.IsWorkflowCompleted(), env.GetWorkflowError())
	}
	var rep policies.PurgeReport
	if err := env.GetWorkflowResult(&rep); err != nil {
		t.Fatal(err)
	}
	return rep
}

func mustGet(t *testing.T, db *postgres.DB, dest any, q string, args ...any) {
	t.Helper()
	if err := db.SQL().Get(dest, q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}
