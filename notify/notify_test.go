package notify_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/policyflow/policyflow/notify"
	"github.com/policyflow/policyflow/policies"
)

const base = "https://policyflow.sawahluntokota.go.id"

func mailTo(t *testing.T, m *mailServer) *notify.SMTP {
	t.Helper()
	s, err := notify.ParseSMTPURL(m.URL() + "?from=noreply@sawahluntokota.go.id")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// deliverer sends through m; its webhooks may reach the tests' receivers on
// 127.0.0.1 (AllowPrivateWebhooks, which production never sets).
func deliverer(f *fixture, m *notify.SMTP) *notify.Deliverer {
	return &notify.Deliverer{Store: f.db, Mail: m, BaseURL: base, DigestHour: 7, Batch: 10, AllowPrivateWebhooks: true}
}

func TestEmailContent(t *testing.T) {
	f := newFixture(t)
	ms := startMailServer(t)
	uid, email := f.user(t, "Siti Rahmawati", "immediate", f.plainUnit)
	key := "policy-3-evaluation-r1-h7/unit2/u" + fmt.Sprint(uid)
	id := f.notify(t, policies.Notification{DedupKey: key, UserID: uid, Kind: "evaluation_reminder",
		Subject: "Pengingat evaluasi: Peningkatan Kompetensi ASN — putaran 1",
		Body:    "Putaran evaluasi 1 jatuh tempo 7 hari lagi. Mohon isi SKM dan Kirkpatrick.",
		Link:    "/policies/3/evaluations"})
	d := deliverer(f, mailTo(t, ms))

	sent, err := d.DeliverOnce(t.Context())
	if err != nil || sent != 1 {
		t.Fatalf("DeliverOnce = %d, %v; want 1 sent", sent, err)
	}
	msgs := ms.messages()
	if len(msgs) != 1 {
		t.Fatalf("mail server got %d messages", len(msgs))
	}
	m := msgs[0]
	if m.To != email || m.From != "noreply@sawahluntokota.go.id" {
		t.Errorf("envelope %s -> %s", m.From, m.To)
	}
	if m.Subject != "Pengingat evaluasi: Peningkatan Kompetensi ASN — putaran 1" {
		t.Errorf("Subject = %q", m.Subject)
	}
	sum := sha256.Sum256([]byte(key))
	if want := "<" + hex.EncodeToString(sum[:16]) + "@policyflow>"; m.MessageID != want || m.MessageID != notify.MessageID(key) {
		t.Errorf("Message-ID = %q, want %q (from the dedup key)", m.MessageID, want)
	}
	if k := m.Header.Get("X-Policyflow-Kind"); k != "evaluation_reminder" {
		t.Errorf("X-Policyflow-Kind = %q", k)
	}
	if to := m.Header.Get("To"); !strings.Contains(to, email) || !strings.Contains(to, "Siti Rahmawati") {
		t.Errorf("To = %q", to)
	}
	for _, want := range []string{
		"Yth. Siti Rahmawati,",
		"Putaran evaluasi 1 jatuh tempo 7 hari lagi. Mohon isi SKM dan Kirkpatrick.",
		"Buka di Policyflow: " + base + "/policies/3/evaluations",
		base + "/notifications",
	} {
		if !strings.Contains(m.Body, want) {
			t.Errorf("body lacks %q:\n%s", want, m.Body)
		}
	}
	st, _ := f.delivery(t.Context(), id)
	if st.EmailedAt == nil || st.DeliveredAt == nil || st.WebhookAt != nil {
		t.Errorf("row after delivery: %+v", st)
	}
	// Delivered rows are not sent again.
	if sent, err := d.DeliverOnce(t.Context()); sent != 0 || err != nil || len(ms.messages()) != 1 {
		t.Errorf("second pass sent %d (%v), server has %d", sent, err, len(ms.messages()))
	}
	// The inbox still lists it.
	if ns, _ := f.db.Notifications(t.Context(), uid); len(ns) != 1 || ns[0].DeliveredAt == nil {
		t.Errorf("inbox = %+v", ns)
	}
}

// The receiving server checks the signature with the unit's secret, as a
// unit's system would.
func TestWebhookSignedAndVerifiedByReceiver(t *testing.T) {
	f := newFixture(t)
	ms := startMailServer(t)
	const secret = "rahasia-bkpsdm-2026-xyz"
	type call struct {
		payload  notify.WebhookPayload
		delivery string
		sigOK    bool
	}
	var mu sync.Mutex
	var calls []call
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mac := hmac.New(sha256.New, []byte(secret))
		mac.Write(body)
		ok := hmac.Equal([]byte(r.Header.Get("X-Policyflow-Signature")), []byte("sha256="+hex.EncodeToString(mac.Sum(nil))))
		var p notify.WebhookPayload
		if err := json.Unmarshal(body, &p); err != nil || r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" {
			t.Errorf("webhook request %s %q: %v", r.Method, body, err)
		}
		mu.Lock()
		calls = append(calls, call{p, r.Header.Get("X-Policyflow-Delivery"), ok})
		mu.Unlock()
		if !ok {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	defer hook.Close()
	f.setWebhook(t, hook.URL+"/policyflow", secret)

	officer, _ := f.user(t, "Budi", "immediate", f.hookUnit)
	pid := int64(3)
	f.db.SQL().MustExec(`INSERT INTO users (email, name, role, password_hash) VALUES ('admin@uji.go.id', 'Admin', 'admin', 'x')`)
	var admin int64
	f.db.SQL().Get(&admin, `SELECT id FROM users WHERE email = 'admin@uji.go.id'`)
	f.db.SQL().MustExec(`INSERT INTO policies (id, region_id, owner_unit_id, slug, title, created_by) VALUES (3, $1, $2, 'p3', 'Kebijakan', $3)`,
		f.region, f.hookUnit, admin)
	eval := f.notify(t, policies.Notification{DedupKey: "eval-r1/unit1/u1", UserID: officer, PolicyID: &pid,
		Kind: "evaluation_overdue", Subject: "Evaluasi terlambat", Body: "Putaran 1 lewat tenggat.", Link: "/policies/3/evaluations"})
	f.notify(t, policies.Notification{DedupKey: "approval/u1", UserID: officer, Kind: "approval_request", Subject: "Menunggu persetujuan"})

	d := deliverer(f, mailTo(t, ms))
	sent, err := d.DeliverOnce(t.Context())
	if err != nil || sent != 3 {
		t.Fatalf("DeliverOnce = %d, %v; want 2 emails and 1 webhook call", sent, err)
	}
	if len(calls) != 1 {
		t.Fatalf("webhook called %d times, want once (only evaluation_* and program_* go to the unit)", len(calls))
	}
	c := calls[0]
	if !c.sigOK {
		t.Error("the receiver could not verify X-Policyflow-Signature with the unit's secret")
	}
	if c.delivery != "eval-r1/unit1/u1" {
		t.Errorf("X-Policyflow-Delivery = %q, want the dedup key", c.delivery)
	}
	p := c.payload
	if p.ID != eval || p.Kind != "evaluation_overdue" || p.Subject != "Evaluasi terlambat" || p.Body != "Putaran 1 lewat tenggat." ||
		p.Link != base+"/policies/3/evaluations" || p.PolicyID == nil || *p.PolicyID != 3 || p.UserID != officer || p.CreatedAt.IsZero() {
		t.Errorf("payload = %+v", p)
	}
	if !notify.VerifySignature(secret, []byte(`{"a":1}`), notify.Sign(secret, []byte(`{"a":1}`))) ||
		notify.VerifySignature("other-secret-0000", []byte(`{"a":1}`), notify.Sign(secret, []byte(`{"a":1}`))) {
		t.Error("VerifySignature disagrees with Sign")
	}
	st, _ := f.delivery(t.Context(), eval)
	if st.WebhookAt == nil || st.EmailedAt == nil || st.DeliveredAt == nil {
		t.Errorf("row after delivery: %+v", st)
	}
}

// A failing mail server and a failing webhook: the rows wait 30 s, then
// 1 min (exponential backoff), then go through, each exactly once.
func TestRetryWithBackoffThenSuccess(t *testing.T) {
	f := newFixture(t)
	ms := startMailServer(t)
	ms.failFor(2)
	var hookCalls, hookOK int
	var mu sync.Mutex
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		hookCalls++
		if hookCalls <= 2 {
			http.Error(w, "sibuk", http.StatusServiceUnavailable)
			return
		}
		hookOK++
	}))
	defer hook.Close()
	f.setWebhook(t, hook.URL, "rahasia-unit-0123456789")
	emailUser, _ := f.user(t, "Ani", "immediate", f.plainUnit)
	hookUser, _ := f.user(t, "Dedi", "none", f.hookUnit) // webhook only
	mailRow := f.notify(t, policies.Notification{DedupKey: "m", UserID: emailUser, Kind: "approval_request"})
	hookRow := f.notify(t, policies.Notification{DedupKey: "h", UserID: hookUser, Kind: "program_start"})

	clk := &clock{t: time.Now().Add(time.Second)}
	d := deliverer(f, mailTo(t, ms))
	d.Now = clk.Now
	ctx := t.Context()

	for i, wait := range []time.Duration{30 * time.Second, time.Minute} {
		sent, err := d.DeliverOnce(ctx)
		if sent != 0 || err == nil {
			t.Fatalf("attempt %d: sent %d, err %v; want both to fail", i+1, sent, err)
		}
		for _, id := range []int64{mailRow, hookRow} {
			st, _ := f.delivery(ctx, id)
			if st.Attempts != i+1 || st.NextAttemptAt.Sub(clk.Now()).Round(time.Second) != wait || st.LastError == nil || st.DeliveredAt != nil {
				t.Errorf("attempt %d: row %d = attempts %d, next in %s, want %d and %s", i+1, id, st.Attempts, st.NextAttemptAt.Sub(clk.Now()), i+1, wait)
			}
		}
		// Not due before the backoff ends.
		clk.Add(wait - time.Second)
		if sent, err := d.DeliverOnce(ctx); sent != 0 || err != nil {
			t.Errorf("before the backoff ended: sent %d, %v", sent, err)
		}
		clk.Add(time.Second)
	}
	sent, err := d.DeliverOnce(ctx)
	if sent != 2 || err != nil {
		t.Fatalf("third attempt: sent %d, %v; want both through", sent, err)
	}
	if n := len(ms.messages()); n != 1 || ms.refused != 2 {
		t.Errorf("mail server accepted %d, refused %d; want 1 and 2", n, ms.refused)
	}
	if hookOK != 1 || hookCalls != 3 {
		t.Errorf("webhook: %d calls, %d accepted; want 3 and 1", hookCalls, hookOK)
	}
	for _, id := range []int64{mailRow, hookRow} {
		if st, _ := f.delivery(ctx, id); st.DeliveredAt == nil || st.Attempts != 2 {
			t.Errorf("row %d after success: %+v", id, st)
		}
	}
}

// nextDigestTime is 07:05 WIB on a day to come, its 06:55 (the tests'
// "before the digest hour") later than the database's now() (rows are due
// by the database clock) — also when the test runs just before 07:00 WIB,
// when the next 07:05 is only minutes away.
func nextDigestTime() time.Time {
	_, start := policies.DigestDay(time.Now(), 7, policies.ZoneWIB)
	at := start.AddDate(0, 0, 1).Add(5 * time.Minute)
	if at.Add(-10 * time.Minute).Before(time.Now().Add(time.Hour)) {
		at = at.AddDate(0, 0, 1)
	}
	return at
}

func TestDigestOneEmailWithThreeItems(t *testing.T) {
	f := newFixture(t)
	ms := startMailServer(t)
	uid, email := f.user(t, "Rina", "digest", f.plainUnit)
	other, _ := f.user(t, "Joko", "immediate", f.plainUnit)
	var ids []int64
	for i := range 3 {
		ids = append(ids, f.notify(t, policies.Notification{DedupKey: fmt.Sprintf("d%d", i), UserID: uid, Kind: "consultation_invitation",
			Subject: fmt.Sprintf("Undangan konsultasi %d", i+1), Body: fmt.Sprintf("Isi %d", i+1), Link: fmt.Sprintf("/policies/%d/consultation", i+1)}))
	}
	f.notify(t, policies.Notification{DedupKey: "x", UserID: other, Kind: "approval_request", Subject: "Segera"})
	at := nextDigestTime()
	f.db.SQL().MustExec(`UPDATE notifications SET created_at = $1`, at.Add(-20*time.Hour))

	clk := &clock{t: at.Add(-10 * time.Minute)} // 06:55 WIB
	d := deliverer(f, mailTo(t, ms))
	d.Now = clk.Now
	ctx := t.Context()
	if sent, err := d.DeliverOnce(ctx); sent != 1 || err != nil {
		t.Fatalf("before 07:00: sent %d, %v; want only the immediate email", sent, err)
	}
	for _, id := range ids {
		if st, _ := f.delivery(ctx, id); st.DeliveredAt != nil || st.EmailedAt != nil {
			t.Errorf("digest row %d sent before the digest hour: %+v", id, st)
		}
	}
	clk.Add(10 * time.Minute) // 07:05 WIB
	if sent, err := d.DeliverOnce(ctx); sent != 1 || err != nil {
		t.Fatalf("at 07:05: sent %d, %v; want the digest", sent, err)
	}
	var digests []received
	for _, m := range ms.messages() {
		if m.To == email {
			digests = append(digests, m)
		}
	}
	if len(digests) != 1 {
		t.Fatalf("digest user got %d emails, want 1", len(digests))
	}
	m := digests[0]
	if m.Subject != "Ringkasan harian Policyflow: 3 pemberitahuan" || m.Header.Get("X-Policyflow-Kind") != "digest" {
		t.Errorf("digest subject %q kind %q", m.Subject, m.Header.Get("X-Policyflow-Kind"))
	}
	day, _ := policies.DigestDay(at, 7, policies.ZoneWIB)
	if m.MessageID != notify.DigestMessageID(uid, day) {
		t.Errorf("digest Message-ID %q", m.MessageID)
	}
	for i := range 3 {
		for _, want := range []string{fmt.Sprintf("%d. Undangan konsultasi %d", i+1, i+1), fmt.Sprintf("Isi %d", i+1),
			fmt.Sprintf("%s/policies/%d/consultation", base, i+1)} {
			if !strings.Contains(m.Body, want) {
				t.Errorf("digest lacks %q:\n%s", want, m.Body)
			}
		}
	}
	for _, id := range ids {
		if st, _ := f.delivery(ctx, id); st.DeliveredAt == nil || st.DigestID == nil {
			t.Errorf("row %d after the digest: %+v", id, st)
		}
	}
	// Nothing more that day, even much later.
	clk.Add(12 * time.Hour)
	if sent, err := d.DeliverOnce(ctx); sent != 0 || err != nil || len(ms.messages()) != 2 {
		t.Errorf("later that day: sent %d, %v; server has %d", sent, err, len(ms.messages()))
	}
}

func TestNoneModeGetsNoEmail(t *testing.T) {
	f := newFixture(t)
	ms := startMailServer(t)
	uid, _ := f.user(t, "Tono", "none", f.plainUnit)
	id := f.notify(t, policies.Notification{DedupKey: "n", UserID: uid, Kind: "approval_request"})
	d := deliverer(f, mailTo(t, ms))
	if sent, err := d.DeliverOnce(t.Context()); sent != 0 || err != nil {
		t.Fatalf("sent %d, %v", sent, err)
	}
	if n := len(ms.messages()); n != 0 {
		t.Errorf("'none' user got %d emails", n)
	}
	if st, _ := f.delivery(t.Context(), id); st.DeliveredAt == nil || st.EmailedAt != nil {
		t.Errorf("row = %+v, want delivered (in-app only) without email", st)
	}
	if ns, _ := f.db.Notifications(t.Context(), uid); len(ns) != 1 {
		t.Errorf("inbox has %d notifications", len(ns))
	}
}

// With no SMTP_URL the deliverer sends no email and the inbox keeps working.
func TestEmailOff(t *testing.T) {
	f := newFixture(t)
	uid, _ := f.user(t, "Tini", "immediate", f.plainUnit)
	id := f.notify(t, policies.Notification{DedupKey: "off", UserID: uid, Kind: "approval_request"})
	d := deliverer(f, nil)
	if sent, err := d.DeliverOnce(t.Context()); sent != 0 || err != nil {
		t.Fatalf("sent %d, %v", sent, err)
	}
	if st, _ := f.delivery(t.Context(), id); st.DeliveredAt == nil || st.EmailedAt != nil {
		t.Errorf("row = %+v", st)
	}
}

// Two deliverers at once on 300 notifications: each goes out exactly once.
func TestTwoDeliverersDeliverEachOnce(t *testing.T) {
	f := newFixture(t)
	ms := startMailServer(t)
	var users []int64
	for i := range 30 {
		id, _ := f.user(t, fmt.Sprint("Pegawai ", i), "immediate", f.plainUnit)
		users = append(users, id)
	}
	want := map[string]bool{}
	for i := range 300 {
		key := fmt.Sprintf("policy-1-evaluation-r%d/u%d", i/30, users[i%30])
		want[notify.MessageID(key)] = true
		f.notify(t, policies.Notification{DedupKey: key, UserID: users[i%30], Kind: "evaluation_reminder"})
	}
	ctx, cancel := context.WithCancel(t.Context())
	var wg sync.WaitGroup
	for range 2 {
		d := deliverer(f, mailTo(t, ms))
		wg.Go(func() { d.Run(ctx) })
	}
	deadline := time.Now().Add(time.Minute)
	for f.undelivered(t) > 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	wg.Wait()
	counts := ms.countByMessageID()
	if len(counts) != 300 {
		t.Errorf("%d distinct Message-IDs, want 300", len(counts))
	}
	for id, n := range counts {
		if n != 1 || !want[id] {
			t.Errorf("Message-ID %s arrived %d times (expected: %v)", id, n, want[id])
		}
	}
	if left := f.undelivered(t); left != 0 {
		t.Errorf("%d rows undelivered", left)
	}
}

// STARTTLS when offered, then AUTH PLAIN with the user and password of SMTP_URL.
func TestSTARTTLSAndAuth(t *testing.T) {
	f := newFixture(t)
	cert, pool := selfSigned(t)
	ms := startMailServer(t, func(m *mailServer, s *smtp.Server) {
		s.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
		m.users = map[string]string{"policyflow": "s3cret pass"}
	})
	cfg, err := notify.ParseSMTPURL("smtp://policyflow:s3cret%20pass@" + ms.Addr)
	if err != nil {
		t.Fatal(err)
	}
	cfg.TLSConfig = &tls.Config{RootCAs: pool}
	uid, _ := f.user(t, "Wati", "immediate", f.plainUnit)
	f.notify(t, policies.Notification{DedupKey: "tls", UserID: uid, Kind: "approval_request"})
	if sent, err := deliverer(f, cfg).DeliverOnce(t.Context()); sent != 1 || err != nil {
		t.Fatalf("sent %d, %v", sent, err)
	}
	m := ms.messages()[0]
	if !m.TLS || m.User != "policyflow" {
		t.Errorf("message arrived with TLS=%v as %q, want STARTTLS and AUTH", m.TLS, m.User)
	}
	if s := cfg.String(); strings.Contains(s, "s3cret") {
		t.Errorf("String() shows the password: %s", s)
	}
}

func TestParseSMTPURL(t *testing.T) {
	for _, tt := range []struct {
		in, addr, user, from string
		implicit             bool
		err                  string
	}{
		{in: "", addr: ""},
		{in: "smtp://mail:1025", addr: "mail:1025", from: "noreply@policyflow.invalid"},
		{in: "smtp://relay.go.id", addr: "relay.go.id:25", from: "noreply@policyflow.invalid"},
		{in: "smtps://u:p@relay.go.id?from=Policyflow%20%3Cpf@kota.go.id%3E", addr: "relay.go.id:465", user: "u", from: "pf@kota.go.id", implicit: true},
		{in: "http://mail:1025", err: "scheme"},
		{in: "smtp://:25", err: "no host"},
		{in: "smtp://mail:25?from=nope", err: "from="},
		{in: "smtp://u:secretpw@mail:25?from=nope", err: "from="},
	} {
		s, err := notify.ParseSMTPURL(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) || strings.Contains(err.Error(), "secretpw") {
				t.Errorf("%q: err %v, want %q without the password", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tt.in, err)
			continue
		}
		if tt.addr == "" {
			if s != nil {
				t.Errorf("%q: %+v, want nil (no email)", tt.in, s)
			}
			continue
		}
		if s.Addr != tt.addr || s.Username != tt.user || s.From.Address != tt.from || s.ImplicitTLS != tt.implicit {
			t.Errorf("%q: %+v", tt.in, s)
		}
	}
}

// A recipient the mail server refuses for good (550) is not tried again:
// the row records the refusal, its webhook is still called, and it counts as
// delivered (the inbox has it); a temporary failure (4xx) would be retried.
func TestRefusedRecipientIsNotRetried(t *testing.T) {
	f := newFixture(t)
	ms := startMailServer(t)
	var hookCalls int
	var mu sync.Mutex
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hookCalls++
		mu.Unlock()
	}))
	defer hook.Close()
	f.setWebhook(t, hook.URL, "rahasia-unit-0123456789")
	uid, _ := f.user(t, "Salah Ketik", "immediate", f.hookUnit)
	f.db.SQL().MustExec(`UPDATE users SET email = 'tidak-ada.salah-ketik@uji.go.id' WHERE id = $1`, uid)
	row := f.notify(t, policies.Notification{DedupKey: "salah", UserID: uid, Kind: "evaluation_reminder"})

	clk := &clock{t: time.Now().Add(time.Second)}
	d := deliverer(f, mailTo(t, ms))
	d.Now = clk.Now
	ctx := t.Context()
	if sent, err := d.DeliverOnce(ctx); sent != 1 || err != nil {
		t.Fatalf("first pass: sent %d, %v; want the webhook only and no error", sent, err)
	}
	for range 3 { // hours later: nothing more is tried
		clk.Add(2 * time.Hour)
		if sent, err := d.DeliverOnce(ctx); sent != 0 || err != nil {
			t.Errorf("later pass: sent %d, %v; want nothing", sent, err)
		}
	}
	st, _ := f.delivery(ctx, row)
	if st.EmailRefusedAt == nil || st.EmailedAt != nil || st.DeliveredAt == nil || st.WebhookAt == nil || st.Attempts != 0 ||
		st.LastError == nil || !strings.Contains(*st.LastError, "550") {
		t.Errorf("row after the refusal: %+v; want refused (550 in last_error), not emailed, webhook called, delivered, 0 failed attempts", st)
	}
	if ms.refusedRcpt != 1 || len(ms.messages()) != 0 || hookCalls != 1 {
		t.Errorf("mail server refused %d recipients and accepted %d messages, webhook called %d times; want 1, 0, 1", ms.refusedRcpt, len(ms.messages()), hookCalls)
	}
}
