package postgres_test

import (
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/postgres"
)

func TestNotifications(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db
	user := f.users["kabid"]
	n := policies.Notification{
		DedupKey: "approval-request/policy-1/version-1/stage-1/kabid", UserID: user, PolicyID: &f.policyID,
		Kind: "approval.requested", Subject: "Persetujuan diminta", Body: "Mohon tinjau draf.", Link: "/policies/1",
	}
	for i, want := range []bool{true, false} {
		got, err := db.EnqueueNotification(ctx, n)
		if err != nil {
			t.Fatalf("EnqueueNotification #%d: %v", i+1, err)
		}
		if got != want {
			t.Errorf("EnqueueNotification #%d = %v, want %v", i+1, got, want)
		}
	}
	var rows int
	if err := db.SQL().GetContext(ctx, &rows, `SELECT count(*) FROM notifications WHERE dedup_key = $1`, n.DedupKey); err != nil {
		t.Fatal(err)
	}
	if rows != 1 {
		t.Errorf("rows with key %q = %d, want 1", n.DedupKey, rows)
	}
	reminder := n
	reminder.DedupKey, reminder.Kind, reminder.Subject = "reminder/policy-1/stage-1/kabid/1", "approval.reminder", "Pengingat persetujuan"
	if ok, err := db.EnqueueNotification(ctx, reminder); err != nil || !ok {
		t.Fatalf("EnqueueNotification with a new key = %v, %v; want true, nil", ok, err)
	}

	refuses(t, "refused", n, func(_ string, m policies.Notification) error { _, err := db.EnqueueNotification(ctx, m); return err },
		[]refusal[policies.Notification]{
			{"empty key", func(n *policies.Notification) { n.DedupKey = "" }, policies.KindInvalid},
			{"empty kind", func(n *policies.Notification) { n.DedupKey = "x"; n.Kind = "" }, policies.KindInvalid},
			{"unknown user", func(n *policies.Notification) { n.DedupKey = "y"; n.UserID = 987654 }, policies.KindNotFound},
		},
	)

	ns, err := db.Notifications(ctx, user)
	wantList(t, "Notifications", "notifications", 2, ns, err)
	if ns[0].DedupKey != reminder.DedupKey || ns[1].DedupKey != n.DedupKey {
		t.Errorf("notifications = %q, %q; want newest first: %q, %q", ns[0].DedupKey, ns[1].DedupKey, reminder.DedupKey, n.DedupKey)
	}
	got := ns[1]
	if got.Subject != n.Subject || got.Body != n.Body || got.Link != n.Link || got.Kind != n.Kind ||
		got.PolicyID == nil || *got.PolicyID != f.policyID || got.DeliveredAt != nil || got.ReadAt != nil {
		t.Errorf("notification = %+v, want %+v, undelivered and unread", got, n)
	}
	if others, err := db.Notifications(ctx, f.users["kepala"]); err != nil || len(others) != 0 {
		t.Errorf("another user's notifications = %d, %v; want 0, nil", len(others), err)
	}
}

func TestNotificationsRead(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db
	kabid, kepala := f.users["kabid"], f.users["kepala"]
	for i, n := range []policies.Notification{
		{DedupKey: "n1", UserID: kabid, Kind: "approval.requested", Subject: "satu"},
		{DedupKey: "n2", UserID: kabid, Kind: "approval.reminder", Subject: "dua"},
		{DedupKey: "n3", UserID: kabid, Kind: "approval.reminder", Subject: "tiga"},
		{DedupKey: "n4", UserID: kepala, Kind: "approval.requested", Subject: "empat"},
	} {
		if ok, err := db.EnqueueNotification(ctx, n); err != nil || !ok {
			t.Fatalf("EnqueueNotification #%d = %v, %v", i+1, ok, err)
		}
	}
	unread := func(user int64) int {
		t.Helper()
		n, err := db.UnreadCount(ctx, user)
		if err != nil {
			t.Fatalf("UnreadCount: %v", err)
		}
		return n
	}
	if a, b := unread(kabid), unread(kepala); a != 3 || b != 1 {
		t.Errorf("unread = %d, %d; want 3, 1", a, b)
	}
	if n := unread(f.users["walikota"]); n != 0 {
		t.Errorf("unread of a user with no notifications = %d, want 0", n)
	}
	ns, err := db.Notifications(ctx, kabid)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for _, n := range ns {
		ids[n.DedupKey] = n.ID
	}
	kepalas, err := db.Notifications(ctx, kepala)
	if err != nil || len(kepalas) != 1 {
		t.Fatalf("kepala's notifications = %v, %v", kepalas, err)
	}

	if err := db.MarkRead(ctx, kabid, ids["n2"]); err != nil {
		t.Fatalf("MarkRead: %v", err)
	}
	if n := unread(kabid); n != 2 {
		t.Errorf("unread after MarkRead = %d, want 2", n)
	}
	readAt := func() time.Time {
		t.Helper()
		ns, err := db.Notifications(ctx, kabid)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range ns {
			if n.ID == ids["n2"] {
				if n.ReadAt == nil {
					t.Fatal("n2 has no read_at after MarkRead")
				}
				return *n.ReadAt
			}
			if n.ReadAt != nil {
				t.Errorf("notification %s read at %v, want unread", n.DedupKey, n.ReadAt)
			}
		}
		t.Fatal("n2 missing")
		return time.Time{}
	}
	first := readAt()
	if err := db.MarkRead(ctx, kabid, ids["n2"]); err != nil {
		t.Errorf("MarkRead again: %v, want nil", err)
	}
	if again := readAt(); !again.Equal(first) {
		t.Errorf("read_at moved from %v to %v on a second MarkRead", first, again)
	}

	t.Run("not theirs", func(t *testing.T) {
		wantKind(t, db.MarkRead(ctx, kepala, ids["n1"]), policies.KindNotFound)
		wantKind(t, db.MarkRead(ctx, kabid, kepalas[0].ID), policies.KindNotFound)
		wantKind(t, db.MarkRead(ctx, kabid, 987654), policies.KindNotFound)
		if a, b := unread(kabid), unread(kepala); a != 2 || b != 1 {
			t.Errorf("unread = %d, %d after refused MarkReads; want 2, 1", a, b)
		}
	})
}

// outbox is a migrated database with one unit (webhook set), one unit
// without, and users in each mode.
type outbox struct {
	db                          *postgres.DB
	hookUnit, plainUnit         int64
	immediate, digest, none, hq int64 // users; hq has no unit
}

func newOutbox(t *testing.T) outbox {
	t.Helper()
	db := newDB(t)
	x := db.SQL()
	o := outbox{db: db}
	var region int64
	x.QueryRowx(`INSERT INTO regions (slug, name) VALUES ('kota-uji', 'Kota Uji') RETURNING id`).Scan(&region)
	x.QueryRowx(`INSERT INTO units (region_id, code, name, webhook_url, webhook_secret)
		VALUES ($1, 'bkpsdm', 'BKPSDM', 'https://hooks.example/pf', 'rahasia-unit-0123456789') RETURNING id`, region).Scan(&o.hookUnit)
	x.QueryRowx(`INSERT INTO units (region_id, code, name) VALUES ($1, 'dinkes', 'Dinas Kesehatan') RETURNING id`, region).Scan(&o.plainUnit)
	user := func(email, mode string, unit any) int64 {
		var id int64
		if err := x.QueryRowx(`INSERT INTO users (email, name, role, unit_id, password_hash, notify_mode)
			VALUES ($1, $1, 'stakeholder', $2, 'x', $3) RETURNING id`, email, unit, mode).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	o.immediate = user("segera@uji.go.id", "immediate", o.hookUnit)
	o.digest = user("ringkas@uji.go.id", "digest", o.hookUnit)
	o.none = user("diam@uji.go.id", "none", o.plainUnit)
	o.hq = user("pusat@uji.go.id", "immediate", nil)
	return o
}

func (o outbox) add(t *testing.T, key string, user int64, kind policies.NotificationKind) int64 {
	t.Helper()
	if ok, err := o.db.EnqueueNotification(t.Context(), policies.Notification{DedupKey: key, UserID: user,
		Kind: kind, Subject: "S " + key, Body: "B", Link: "/policies/1"}); err != nil || !ok {
		t.Fatalf("enqueue %s: %v %v", key, ok, err)
	}
	var id int64
	o.db.SQL().Get(&id, `SELECT id FROM notifications WHERE dedup_key = $1`, key)
	return id
}

func TestMigrationDeliveryConstraints(t *testing.T) {
	o := newOutbox(t)
	x := o.db.SQL()
	for _, q := range []string{
		`UPDATE users SET notify_mode = 'loud' WHERE id = 1`,
		`UPDATE units SET webhook_url = 'https://x.example/h' WHERE code = 'dinkes'`, // no secret
		`UPDATE units SET webhook_url = 'ftp://x.example/h', webhook_secret = 'rahasia-unit-0123456789' WHERE code = 'dinkes'`,
	} {
		if _, err := x.Exec(q); err == nil {
			t.Errorf("%s: accepted", q)
		}
	}
	var mode string
	x.Get(&mode, `SELECT notify_mode FROM users WHERE id = $1`, o.hq)
	if mode != "immediate" {
		t.Errorf("default notify_mode = %q", mode)
	}
}

func TestClaimBatchJoinsAndLeases(t *testing.T) {
	o := newOutbox(t)
	ctx := t.Context()
	eval := o.add(t, "eval/u1", o.immediate, "evaluation_reminder")
	appr := o.add(t, "appr/u1", o.immediate, "approval_request")
	prog := o.add(t, "prog/none", o.none, "program_start")
	hq := o.add(t, "eval/hq", o.hq, "evaluation_overdue")
	now := time.Now()

	rows, err := o.db.ClaimBatch(ctx, "uji", 10, now, policies.ClaimLease)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 {
		t.Fatalf("claimed %d rows, want 4", len(rows))
	}
	byID := map[int64]policies.Outgoing{}
	for _, r := range rows {
		byID[r.ID] = r
	}
	if r := byID[eval]; r.WebhookURL != "https://hooks.example/pf" || r.WebhookSecret != "rahasia-unit-0123456789" ||
		r.Email != "segera@uji.go.id" || r.NotifyMode != "immediate" || r.DedupKey != "eval/u1" {
		t.Errorf("evaluation row = %+v, want the unit's webhook and the user's address", r)
	}
	if r := byID[appr]; r.WebhookURL != "" || r.WebhookSecret != "" {
		t.Errorf("approval row has webhook %q: only evaluation_* and program_* go to the unit", r.WebhookURL)
	}
	if r := byID[prog]; r.WebhookURL != "" || r.NotifyMode != "none" {
		t.Errorf("program row of a unit without webhook = %+v", r)
	}
	if r := byID[hq]; r.WebhookURL != "" {
		t.Errorf("row of a user without unit has webhook %q", r.WebhookURL)
	}

	// Leased: nobody gets them again before the lease ends.
	if again, _ := o.db.ClaimBatch(ctx, "uji", 10, now.Add(policies.ClaimLease-time.Second), policies.ClaimLease); len(again) != 0 {
		t.Errorf("claimed %d leased rows again", len(again))
	}
	// Released rows are due at once; the others come back when the lease ends.
	if err := o.db.Release(ctx, []int64{eval}, now, now, policies.ClaimLease); err != nil {
		t.Fatal(err)
	}
	if again, _ := o.db.ClaimBatch(ctx, "uji", 10, now.Add(time.Second), policies.ClaimLease); len(again) != 1 || again[0].ID != eval {
		t.Errorf("after release claimed %v, want only %d", again, eval)
	}
	if again, _ := o.db.ClaimBatch(ctx, "uji", 10, now.Add(policies.ClaimLease), policies.ClaimLease); len(again) != 3 {
		t.Errorf("after the lease claimed %d rows, want 3", len(again))
	}
	// Delivered rows are never claimed.
	for _, id := range []int64{eval, appr, prog, hq} {
		if err := o.db.MarkDelivered(ctx, id, now); err != nil {
			t.Fatal(err)
		}
	}
	if again, _ := o.db.ClaimBatch(ctx, "uji", 10, now.Add(24*time.Hour), policies.ClaimLease); len(again) != 0 {
		t.Errorf("claimed %d delivered rows", len(again))
	}
}

// Concurrent claimers split the rows: each row goes to exactly one.
func TestClaimBatchConcurrentClaimersNeverShare(t *testing.T) {
	o := newOutbox(t)
	for i := range 300 {
		o.add(t, fmt.Sprintf("k%d", i), o.immediate, "evaluation_reminder")
	}
	now := time.Now()
	var mu sync.Mutex
	got := map[int64]int{}
	var wg sync.WaitGroup
	for range 6 {
		wg.Go(func() {
			for {
				rows, err := o.db.ClaimBatch(t.Context(), "uji", 7, now, policies.ClaimLease)
				if err != nil {
					t.Error(err)
					return
				}
				if len(rows) == 0 {
					return
				}
				mu.Lock()
				for _, r := range rows {
					got[r.ID]++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(got) != 300 {
		t.Errorf("claimed %d distinct rows, want 300", len(got))
	}
	for id, n := range got {
		if n != 1 {
			t.Errorf("row %d claimed %d times", id, n)
		}
	}
}

func TestMarksAreIdempotentAndFailuresBackOff(t *testing.T) {
	o := newOutbox(t)
	ctx := t.Context()
	id := o.add(t, "k", o.immediate, "evaluation_reminder")
	t0 := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
	for i, want := range []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute} {
		next, err := o.db.MarkFailed(ctx, id, fmt.Sprintf("boom %d", i), t0)
		if err != nil {
			t.Fatal(err)
		}
		if !next.Equal(t0.Add(want)) {
			t.Errorf("failure %d: next attempt %s, want now+%s", i+1, next.Sub(t0), want)
		}
		if d := policies.RetryDelay(i + 1); d != want {
			t.Errorf("RetryDelay(%d) = %s, want %s", i+1, d, want)
		}
	}
	o.db.SQL().MustExec(`UPDATE notifications SET attempts = 40 WHERE id = $1`, id)
	if next, _ := o.db.MarkFailed(ctx, id, "still", t0); !next.Equal(t0.Add(time.Hour)) {
		t.Errorf("after many failures the wait is %s, want the 1 h cap", next.Sub(t0))
	}
	if policies.RetryDelay(50) != time.Hour {
		t.Errorf("RetryDelay(50) = %s", policies.RetryDelay(50))
	}
	st, _ := devtest.DeliveryOf(ctx, o.db, id)
	if st.Attempts != 41 || st.LastError == nil || *st.LastError != "still" {
		t.Errorf("state = %+v", st)
	}
	first, later := t0.Add(time.Minute), t0.Add(time.Hour)
	for _, at := range []time.Time{first, later} {
		o.db.MarkEmailed(ctx, id, at)
		o.db.MarkWebhooked(ctx, id, at)
		o.db.MarkDelivered(ctx, id, at)
	}
	st, _ = devtest.DeliveryOf(ctx, o.db, id)
	if !st.EmailedAt.Equal(first) || !st.WebhookAt.Equal(first) || !st.DeliveredAt.Equal(first) {
		t.Errorf("marking twice changed the times: %+v", st)
	}
}

func TestDueDigestsOncePerUserPerDay(t *testing.T) {
	o := newOutbox(t)
	ctx := t.Context()
	x := o.db.SQL()
	var ids []int64
	for i := range 3 {
		ids = append(ids, o.add(t, fmt.Sprintf("d%d", i), o.digest, "approval_request"))
	}
	o.add(t, "imm", o.immediate, "approval_request") // not in any digest
	// Written yesterday evening WIB.
	x.MustExec(`UPDATE notifications SET created_at = '2026-03-01T12:00:00Z'`)

	before := time.Date(2026, 3, 1, 23, 0, 0, 0, time.UTC) // 06:00 WIB, before the 07:00 digest
	if ds, err := o.db.DueDigests(ctx, before, 7, 10, policies.ClaimLease); err != nil || len(ds) != 0 {
		t.Fatalf("before the digest hour: %v, %v", ds, err)
	}
	at := time.Date(2026, 3, 2, 0, 5, 0, 0, time.UTC) // 07:05 WIB
	ds, err := o.db.DueDigests(ctx, at, 7, 10, policies.ClaimLease)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 || ds[0].UserID != o.digest || len(ds[0].Items) != 3 || ds[0].Email != "ringkas@uji.go.id" {
		t.Fatalf("digests = %+v, want one for the digest user with 3 items", ds)
	}
	var got []int64
	for _, n := range ds[0].Items {
		got = append(got, n.ID)
	}
	sort.Slice(got, func(i, j int) bool { return got[i] < got[j] })
	if fmt.Sprint(got) != fmt.Sprint(ids) {
		t.Errorf("items %v, want %v", got, ids)
	}
	// Claimed: not handed out again while leased.
	if again, _ := o.db.DueDigests(ctx, at.Add(time.Minute), 7, 10, policies.ClaimLease); len(again) != 0 {
		t.Errorf("a leased digest was handed out again: %+v", again)
	}
	if err := o.db.MarkDigested(ctx, ds[0], at); err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		st, _ := devtest.DeliveryOf(ctx, o.db, id)
		if st.EmailedAt == nil || st.DigestID == nil || *st.DigestID != ds[0].ID || st.DeliveredAt == nil {
			t.Errorf("row %d after the digest: %+v", id, st)
		}
	}
	var count int
	x.Get(&count, `SELECT count FROM digests WHERE id = $1`, ds[0].ID)
	if count != 3 {
		t.Errorf("digest count = %d", count)
	}
	// A new notification later that day waits for tomorrow's digest.
	late := o.add(t, "d-late", o.digest, "approval_request")
	x.MustExec(`UPDATE notifications SET created_at = $2 WHERE id = $1`, late, at.Add(time.Hour))
	if again, _ := o.db.DueDigests(ctx, at.Add(5*time.Hour), 7, 10, policies.ClaimLease); len(again) != 0 {
		t.Errorf("second digest the same day: %+v", again)
	}
	next, _ := o.db.DueDigests(ctx, at.Add(24*time.Hour), 7, 10, policies.ClaimLease)
	if len(next) != 1 || len(next[0].Items) != 1 {
		t.Errorf("next day's digests = %+v, want one with the late item", next)
	}
}

// Each digest goes out at the digest hour in its reader's region's zone:
// 07.05 WIT (05.05 WIB) brings the digest of a reader in a WIT region, not
// yet that of a reader with no region (WIB), whose comes at 07.05 WIB.
func TestDueDigestsInEachRegionsZone(t *testing.T) {
	o := newOutbox(t)
	ctx := t.Context()
	x := o.db.SQL()
	var papua, witReader int64
	x.QueryRowx(`INSERT INTO regions (slug, name, time_zone) VALUES ('kota-timur', 'Kota Timur', 'WIT') RETURNING id`).Scan(&papua)
	if err := x.QueryRowx(`INSERT INTO users (email, name, role, region_id, password_hash, notify_mode)
		VALUES ('timur@uji.go.id', 'Timur', 'stakeholder', $1, 'x', 'digest') RETURNING id`, papua).Scan(&witReader); err != nil {
		t.Fatal(err)
	}
	o.add(t, "wib", o.digest, "approval_request")
	o.add(t, "wit", witReader, "approval_request")
	x.MustExec(`UPDATE notifications SET created_at = '2026-03-01T12:00:00Z'`)

	for _, step := range []struct {
		at    time.Time
		label string
		want  []int64
		day   string
	}{
		{time.Date(2026, 3, 1, 21, 55, 0, 0, time.UTC), "06.55 WIT", nil, ""},
		{time.Date(2026, 3, 1, 22, 5, 0, 0, time.UTC), "07.05 WIT, 05.05 WIB", []int64{witReader}, "2026-03-02"},
		{time.Date(2026, 3, 1, 23, 55, 0, 0, time.UTC), "06.55 WIB", nil, ""},
		{time.Date(2026, 3, 2, 0, 5, 0, 0, time.UTC), "07.05 WIB", []int64{o.digest}, "2026-03-02"},
	} {
		ds, err := o.db.DueDigests(ctx, step.at, 7, 10, policies.ClaimLease)
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, d := range ds {
			got = append(got, d.UserID)
			if d.Day.Format(time.DateOnly) != step.day || len(d.Items) != 1 {
				t.Errorf("%s: digest of user %d for %s with %d items, want the day %s with 1", step.label, d.UserID, d.Day.Format(time.DateOnly), len(d.Items), step.day)
			}
			if err := o.db.MarkDigested(ctx, d, step.at); err != nil {
				t.Fatal(err)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(step.want) {
			t.Errorf("%s: digests for users %v, want %v", step.label, got, step.want)
		}
	}
	// A row is claimed with its reader's zone, in which it waits for the
	// next digest.
	o.add(t, "later-wib", o.digest, "approval_request")
	o.add(t, "later-wit", witReader, "approval_request")
	rows, err := o.db.ClaimBatch(ctx, "uji", 10, time.Now().Add(48*time.Hour), policies.ClaimLease)
	if err != nil {
		t.Fatal(err)
	}
	zones := map[string]policies.TimeZone{}
	for _, r := range rows {
		zones[r.DedupKey] = r.Zone
	}
	if zones["later-wib"] != policies.ZoneWIB || zones["later-wit"] != policies.ZoneWIT {
		t.Errorf("rows claimed in zones %v, want later-wib in WIB and later-wit in WIT", zones)
	}
}

// A deactivated person gets nothing by email any more, neither at once nor
// in a digest: their rows are claimed as inbox-only.
func TestNoEmailToADeactivatedPerson(t *testing.T) {
	o := newOutbox(t)
	ctx := t.Context()
	o.db.SQL().MustExec(`UPDATE users SET deactivated_at = now() WHERE id IN ($1, $2)`, o.immediate, o.digest)
	o.add(t, "gone-now", o.immediate, "approval_request")
	o.add(t, "gone-later", o.digest, "approval_request")
	o.add(t, "link", o.immediate, policies.NoticeInvitation)
	o.db.SQL().MustExec(`UPDATE notifications SET created_at = now() - interval '2 days'`)
	rows, err := o.db.ClaimBatch(ctx, "uji", 10, time.Now(), policies.ClaimLease)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("claimed %d rows, want 3", len(rows))
	}
	for _, r := range rows {
		if r.NotifyMode != policies.NotifyNone {
			t.Errorf("row %s of a deactivated person claimed with mode %q, want none", r.DedupKey, r.NotifyMode)
		}
	}
	ds, err := o.db.DueDigests(ctx, time.Now().Add(48*time.Hour), 7, 10, policies.ClaimLease)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 0 {
		t.Errorf("digests for a deactivated person: %+v", ds)
	}
}

// A row for an address alone (a public commenter) is claimed with that
// address and emailed at once; not to an address that unsubscribed from
// its category or from all, nor to the address of a deactivated person.
func TestClaimBatchEmailOnlyRowsAndUnsubscribes(t *testing.T) {
	o := newOutbox(t)
	ctx := t.Context()
	add := func(key, email string, kind policies.NotificationKind) {
		t.Helper()
		if ok, err := o.db.EnqueueNotification(ctx, policies.Notification{DedupKey: key, Email: email, Kind: kind, Subject: "S"}); err != nil || !ok {
			t.Fatalf("enqueue %s: %v %v", key, ok, err)
		}
	}
	add("pub", "Warga@Contoh.id", policies.NoticeCommentReply)
	add("pub-off", "berhenti@contoh.id", policies.NoticeCommentAnswered)
	add("pub-other", "berhenti@contoh.id", policies.NoticeConsultationInvitation)
	add("pub-all", "semua@contoh.id", policies.NoticeConsultationReminder)
	add("pub-gone", "DIAM@uji.go.id", policies.NoticeCommentReply)                       // the address of an account...
	o.db.SQL().MustExec(`UPDATE users SET deactivated_at = now() WHERE id = $1`, o.none) // ...deactivated
	o.add(t, "acct-off", o.immediate, policies.NoticeSuggestionAccepted)
	o.add(t, "acct-link", o.immediate, policies.NoticePasswordReset)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(o.db.Unsubscribe(ctx, " Berhenti@Contoh.ID ", policies.UnsubscribeComments))
	must(o.db.Unsubscribe(ctx, "berhenti@contoh.id", policies.UnsubscribeComments)) // again: nothing changes
	must(o.db.Unsubscribe(ctx, "semua@contoh.id", policies.UnsubscribeAll))
	must(o.db.Unsubscribe(ctx, "segera@uji.go.id", policies.UnsubscribeComments))
	if err := o.db.Unsubscribe(ctx, "x@y.z", "loud"); policies.KindOf(err) != policies.KindInvalid {
		t.Errorf("unknown category: %v", err)
	}
	rows, err := o.db.ClaimBatch(ctx, "uji", 20, time.Now(), policies.ClaimLease)
	must(err)
	want := map[string]struct {
		email string
		mode  policies.NotifyMode
	}{
		"pub":       {"Warga@Contoh.id", policies.NotifyImmediate},
		"pub-off":   {"berhenti@contoh.id", policies.NotifyNone},
		"pub-other": {"berhenti@contoh.id", policies.NotifyImmediate},
		"pub-all":   {"semua@contoh.id", policies.NotifyNone},
		"pub-gone":  {"DIAM@uji.go.id", policies.NotifyNone},
		"acct-off":  {"segera@uji.go.id", policies.NotifyNone},
		"acct-link": {"segera@uji.go.id", policies.NotifyImmediate}, // transactional: never unsubscribed
	}
	if len(rows) != len(want) {
		t.Fatalf("claimed %d rows, want %d", len(rows), len(want))
	}
	for _, r := range rows {
		w := want[r.DedupKey]
		if r.Email != w.email || r.NotifyMode != w.mode {
			t.Errorf("%s: email %q mode %q, want %q %q", r.DedupKey, r.Email, r.NotifyMode, w.email, w.mode)
		}
		if r.DedupKey[:3] == "pub" && (r.UserID != 0 || r.Name != "") {
			t.Errorf("%s: user %d name %q for an address alone", r.DedupKey, r.UserID, r.Name)
		}
	}
	for _, c := range []struct {
		email string
		kind  policies.NotificationKind
		want  bool
	}{
		{"BERHENTI@contoh.id", policies.NoticeCommentReply, true},
		{"berhenti@contoh.id", policies.NoticeConsultationInvitation, false},
		{"semua@contoh.id", policies.NoticeApprovalRequest, true},
		{"semua@contoh.id", policies.NoticeInvitation, false},
		{"warga@contoh.id", policies.NoticeCommentReply, false},
	} {
		if got, err := o.db.Unsubscribed(ctx, c.email, c.kind); err != nil || got != c.want {
			t.Errorf("Unsubscribed(%s, %s) = %v, %v; want %v", c.email, c.kind, got, err, c.want)
		}
	}
}

// Unsubscribing from all turns a person's email off; choosing email again
// in their settings is the way back.
func TestUnsubscribeAllAndSettingsWayBack(t *testing.T) {
	o := newOutbox(t)
	ctx := t.Context()
	if err := o.db.Unsubscribe(ctx, "RINGKAS@uji.go.id", policies.UnsubscribeAll); err != nil {
		t.Fatal(err)
	}
	if m, _ := o.db.NotifyMode(ctx, o.digest); m != policies.NotifyNone {
		t.Errorf("mode = %s, want none", m)
	}
	if off, _ := o.db.Unsubscribed(ctx, "ringkas@uji.go.id", policies.NoticeApprovalRequest); !off {
		t.Error("not unsubscribed")
	}
	if err := o.db.SetNotifyMode(ctx, o.digest, policies.NotifyDigest); err != nil {
		t.Fatal(err)
	}
	if off, _ := o.db.Unsubscribed(ctx, "ringkas@uji.go.id", policies.NoticeApprovalRequest); off {
		t.Error("still unsubscribed after choosing email again")
	}
	// Nobody else's choice is touched.
	if m, _ := o.db.NotifyMode(ctx, o.immediate); m != policies.NotifyImmediate {
		t.Errorf("another person's mode = %s", m)
	}
}
