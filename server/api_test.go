package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/internal/devtest/web"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/server"
)

type apiErr struct {
	Error struct{ Code, Message, Field string }
}

func decodeErr(t *testing.T, body string) apiErr {
	t.Helper()
	var e apiErr
	if err := json.Unmarshal([]byte(body), &e); err != nil || e.Error.Code == "" {
		t.Fatalf("error body %q is not {\"error\": {\"code\", \"message\", \"field\"}}", body)
	}
	return e
}

// The path of the browser test, through the API, with retries: a
// unit officer comments, the drafter resolves and saves a new version, the
// leader of each stage approves; the same POST twice acts once.
func TestAPIWholePathWithIdempotentRetries(t *testing.T) {
	a := newApp(t)
	id := a.policyID("sawahlunto-peningkatan-kompetensi-asn")
	c := http.DefaultClient
	base := fmt.Sprintf("/api/v1/policies/%d", id)

	// A comment, POSTed twice with one key: one comment, the same answer.
	body := map[string]any{"section": "pendahuluan", "body": "Mohon tambahkan target 20 JP per tahun."}
	r1, b1 := a.api(c, a.tokens["unit_officer"], "POST", base+"/comments", body, "komentar-1")
	r2, b2 := a.api(c, a.tokens["unit_officer"], "POST", base+"/comments", body, "komentar-1")
	if r1.StatusCode != 201 || r2.StatusCode != 201 || b1 != b2 || r2.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("retried comment: %d %s / %d %s (replayed %q)", r1.StatusCode, b1, r2.StatusCode, b2, r2.Header.Get("Idempotent-Replayed"))
	}
	var n int
	a.st.DB.SQL().Get(&n, `SELECT count(*) FROM comments WHERE policy_id = $1`, id)
	if n != 1 {
		t.Errorf("comments after a retried POST = %d, want 1", n)
	}
	// The same key on another route is refused.
	if res, out := a.api(c, a.tokens["unit_officer"], "POST", "/api/v1/preview", map[string]string{"markdown": "x"}, "komentar-1"); res.StatusCode != 403 && res.StatusCode != 422 {
		t.Errorf("key reused on another route: %d %s", res.StatusCode, out)
	}
	var cm policies.Comment
	json.Unmarshal([]byte(b1), &cm)

	// The drafter resolves it and saves version 2; a stale save is refused.
	if res, out := a.api(c, a.tokens["drafter"], "POST", fmt.Sprintf("/api/v1/comments/%d/status", cm.ID), map[string]string{"status": "resolved"}, "resolve-1"); res.StatusCode != 200 {
		t.Fatalf("resolve: %d %s", res.StatusCode, out)
	}
	v1, _ := a.st.DB.CurrentVersion(t.Context(), id)
	newText := strings.Replace(v1.Markdown, "## Pendahuluan", "## Pendahuluan\n\nSetiap ASN wajib mengikuti minimal 20 JP per tahun.", 1)
	ver := map[string]any{"base_version": 1, "markdown": newText, "change_summary": "Target 20 JP"}
	if res, out := a.api(c, a.tokens["drafter"], "POST", base+"/versions", ver, "versi-2"); res.StatusCode != 201 {
		t.Fatalf("save version: %d %s", res.StatusCode, out)
	}
	if res, out := a.api(c, a.tokens["drafter"], "POST", base+"/versions", ver, "versi-2-lagi"); res.StatusCode != 409 {
		t.Errorf("a save over a newer version: %d %s, want 409", res.StatusCode, out)
	}
	res, out := a.api(c, "", "GET", base+"/diff?from=1&to=2", nil, "")
	if res.StatusCode != 404 { // still a draft: not public
		t.Errorf("anonymous diff of a draft: %d", res.StatusCode)
	}
	res, out = a.api(c, a.tokens["leader"], "GET", base+"/diff?from=1&to=2", nil, "")
	if res.StatusCode != 200 || !strings.Contains(out, `"inserted_words":`) || !strings.Contains(out, "20 JP per tahun") {
		t.Errorf("diff: %d %.300s", res.StatusCode, out)
	}

	// Submit (twice with one key: one approval run), then each stage approves.
	if res, out := a.api(c, a.tokens["drafter"], "POST", base+"/actions/submit", map[string]any{"version_number": 2}, "submit-1"); res.StatusCode != 200 {
		t.Fatalf("submit: %d %s", res.StatusCode, out)
	}
	if res, out := a.api(c, a.tokens["drafter"], "POST", base+"/actions/submit", map[string]any{"version_number": 2}, "submit-1"); res.StatusCode != 200 {
		t.Fatalf("retried submit: %d %s", res.StatusCode, out)
	}
	waitFor(t, func() bool {
		st, err := a.st.Lifecycle.State(t.Context(), id)
		return err == nil && st.Approval != nil && st.Approval.Stage == 1
	})
	a.st.DB.SQL().Get(&n, `SELECT count(*) FROM approval_runs WHERE policy_id = $1`, id)
	if n != 1 {
		t.Errorf("approval runs after a retried submit = %d, want 1", n)
	}
	v2, _ := a.st.DB.CurrentVersion(t.Context(), id)
	for i, who := range []string{"kabid", "kepala", "sekda", "walikota"} {
		tok := a.token(who + ".sawahlunto@policyflow.test")
		waitFor(t, func() bool {
			st, err := a.st.Lifecycle.State(t.Context(), id)
			return err == nil && st.Approval != nil && st.Approval.Stage == i+1
		})
		// The wrong content is refused with 409 and changes nothing.
		if i == 0 {
			res, out := a.api(c, tok, "POST", base+"/actions/approve", map[string]any{"version_sha256": v1.SHA256}, "")
			if e := decodeErr(t, out); res.StatusCode != 409 || e.Error.Code != "conflict" {
				t.Errorf("approving the old version: %d %s", res.StatusCode, out)
			}
			res, out = a.api(c, tok, "POST", base+"/actions/reject", map[string]any{"version_sha256": v2.SHA256}, "")
			if e := decodeErr(t, out); res.StatusCode != 422 || e.Error.Field != "reason" {
				t.Errorf("reject without reason: %d %s, want 422 naming reason", res.StatusCode, out)
			}
		}
		key := "approve-" + who
		for try := 0; try < 2; try++ {
			res, out := a.api(c, tok, "POST", base+"/actions/approve", map[string]any{"version_sha256": v2.SHA256}, key)
			if res.StatusCode != 200 {
				t.Fatalf("%s approves (try %d): %d %s", who, try, res.StatusCode, out)
			}
		}
	}
	a.st.DB.SQL().Get(&n, `SELECT count(*) FROM decisions WHERE policy_id = $1`, id)
	if n != 4 {
		t.Errorf("decisions = %d, want 4 (retries act once)", n)
	}
	waitFor(t, func() bool {
		p, _ := a.st.DB.PolicyByID(t.Context(), id)
		return p.Status == policies.StatusApproved
	})
	// Now published: readable without signing in, with its timeline.
	res, out = a.api(c, "", "GET", base+"/timeline", nil, "")
	if res.StatusCode != 200 || strings.Count(out, `"decision":"approve"`) != 4 {
		t.Errorf("public timeline: %d %.400s", res.StatusCode, out)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute) // a bound for a failure; a busy machine may take a while
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 2 min")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Bad input gets a clear answer naming what is wrong, and changes nothing.
func TestBadInput(t *testing.T) {
	a := newApp(t)
	id := a.policyID("sawahlunto-peningkatan-kompetensi-asn")
	base := fmt.Sprintf("/api/v1/policies/%d", id)
	tok := a.tokens["unit_officer"]
	count := func() int {
		var n int
		a.st.DB.SQL().Get(&n, `SELECT count(*) FROM comments`)
		return n
	}
	before := count()
	send := func(ct, body string) (*http.Response, string) {
		req, _ := http.NewRequest("POST", a.srv.URL+base+"/comments", strings.NewReader(body))
		req.Header.Set("Content-Type", ct)
		req.Header.Set("Authorization", "Bearer "+tok)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var b strings.Builder
		buf := make([]byte, 4096)
		for {
			n, err := res.Body.Read(buf)
			b.Write(buf[:n])
			if err != nil {
				break
			}
		}
		return res, b.String()
	}
	cases := []struct {
		name, ct, body string
		status         int
		code, field    string
	}{
		{"malformed JSON", "application/json", `{"body": "x"`, 400, "bad_request", ""},
		{"two values", "application/json", `{"body":"x"} {"body":"y"}`, 400, "bad_request", ""},
		{"wrong content type", "text/plain", `{"body":"x"}`, 415, "unsupported_media_type", ""},
		{"unknown field", "application/json", `{"body":"x","admin":true}`, 422, "invalid", "admin"},
		{"wrong type", "application/json", `{"body":42}`, 422, "invalid", "body"},
		{"empty body", "application/json", `{"section":"pendahuluan","body":"  "}`, 422, "invalid", "body"},
		{"unknown section", "application/json", `{"section":"x' OR '1'='1","body":"x"}`, 422, "invalid", "section"},
		{"comment too long", "application/json", `{"body":"` + strings.Repeat("a", 10001) + `"}`, 413, "too_large", "body"},
		{"body over 1 MiB", "application/json", `{"body":"` + strings.Repeat("a", 1<<20) + `"}`, 413, "too_large", ""},
		{"SQL in text is text", "application/json", `{"section":"pendahuluan","body":"'); DROP TABLE comments;--"}`, 201, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, out := send(c.ct, c.body)
			if res.StatusCode != c.status {
				t.Fatalf("status %d, want %d: %.300s", res.StatusCode, c.status, out)
			}
			if c.code == "" {
				return
			}
			e := decodeErr(t, out)
			if e.Error.Code != c.code || e.Error.Field != c.field || e.Error.Message == "" {
				t.Errorf("error %+v, want code %q field %q with a message", e.Error, c.code, c.field)
			}
		})
	}
	if got := count(); got != before+1 {
		t.Errorf("comments = %d, want %d: only the valid one stored", got, before+1)
	}
	// A document over 512 KB: 413.
	big := map[string]any{"base_version": 1, "markdown": "# X\n" + strings.Repeat("kata ", 110000), "change_summary": "besar"}
	if res, out := a.api(http.DefaultClient, a.tokens["drafter"], "POST", base+"/versions", big, ""); res.StatusCode != 413 {
		t.Errorf("a 550 KB document: %d %.200s, want 413", res.StatusCode, out)
	}
}

// CSRF: a form POST without the page's token is refused, and a cross-site
// Origin is refused even with it.
func TestCSRFRefused(t *testing.T) {
	a := newApp(t)
	id := a.policyID("sawahlunto-peningkatan-kompetensi-asn")
	c := a.people["unit_officer"]
	path := fmt.Sprintf("/policies/%d/comments", id)
	res, _ := a.form(c, path, url.Values{"section": {"pendahuluan"}, "body": {"tanpa token"}})
	if res.StatusCode != 403 {
		t.Errorf("comment without CSRF token: %d, want 403", res.StatusCode)
	}
	tok := a.csrf(c, fmt.Sprintf("/policies/%d", id))
	req, _ := http.NewRequest("POST", a.srv.URL+path, strings.NewReader(url.Values{"csrf": {tok}, "section": {"pendahuluan"}, "body": {"dari situs lain"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 403 {
		t.Errorf("cross-site POST: %d, want 403", res.StatusCode)
	}
	res, _ = a.form(c, path, url.Values{"csrf": {tok}, "section": {"pendahuluan"}, "body": {"dengan token"}})
	if res.StatusCode != 303 {
		t.Errorf("comment with the token: %d, want 303", res.StatusCode)
	}
	var n int
	a.st.DB.SQL().Get(&n, `SELECT count(*) FROM comments WHERE policy_id = $1`, id)
	if n != 1 {
		t.Errorf("comments = %d, want only the one with the token", n)
	}
}

// Login: wrong passwords are refused, then the account is rate-limited from
// that address (429 with Retry-After) even with the right password; a
// session is new at every sign-in, and signing out ends it.
func TestLoginLimitsAndSessions(t *testing.T) {
	a := newApp(t)
	c := a.client()
	email := "sekda.bukittinggi@policyflow.test"
	for i := 0; i < 3; i++ {
		res, body := a.form(c, "/login", url.Values{"csrf": {a.csrf(c, "/login")}, "email": {email}, "password": {"salah"}})
		if res.StatusCode != 422 || !strings.Contains(body, "salah") {
			t.Fatalf("wrong password %d: %d", i, res.StatusCode)
		}
	}
	res, body := a.form(c, "/login", url.Values{"csrf": {a.csrf(c, "/login")}, "email": {email}, "password": {"policyflow-dev"}})
	if wait, err := strconv.Atoi(res.Header.Get("Retry-After")); res.StatusCode != 429 || err != nil || wait < 1 || wait > 8 {
		t.Errorf("fourth attempt: %d (Retry-After %q), want 429 after 8 s at most", res.StatusCode, res.Header.Get("Retry-After"))
	}
	if !strings.Contains(body, "detik") {
		t.Errorf("the refusal does not say how many seconds to wait: %.300s", body)
	}
	// Another account from another client still signs in; its session cookie
	// differs from a planted one.
	d := a.client()
	u, _ := url.Parse(a.srv.URL)
	d.Jar.SetCookies(u, []*http.Cookie{{Name: "pf_session", Value: "planted-by-attacker"}})
	a.form(d, "/login", url.Values{"csrf": {a.csrf(d, "/login")}, "email": {"walikota.bukittinggi@policyflow.test"}, "password": {"policyflow-dev"}})
	a.passCode(t, d, "", a.code(t, "walikota.bukittinggi@policyflow.test"))
	var sid string
	for _, ck := range d.Jar.Cookies(u) {
		if ck.Name == "pf_session" {
			sid = ck.Value
		}
	}
	if sid == "" || sid == "planted-by-attacker" {
		t.Errorf("session after login = %q, want a fresh one", sid)
	}
	if res, _ := a.get(d, "/dashboard"); res.StatusCode != 200 {
		t.Errorf("dashboard after login: %d", res.StatusCode)
	}
	a.form(d, "/logout", url.Values{"csrf": {a.csrf(d, "/dashboard")}})
	if res, _ := a.get(d, "/dashboard"); res.StatusCode != 303 {
		t.Errorf("dashboard after logout: %d, want a redirect to sign in", res.StatusCode)
	}
}

// The public comments on an open consultation that allows it, after giving
// a name and email; the comment waits for the drafter's moderation.
func TestPublicCommentIsModerated(t *testing.T) {
	a := newApp(t)
	id := a.policyID("bukittinggi-peningkatan-kualitas-asn")
	base := fmt.Sprintf("/api/v1/policies/%d", id)
	c := http.DefaultClient
	drafter := a.token("penyusun.bukittinggi@policyflow.test")
	open := map[string]any{"closes_at": time.Now().Add(72 * time.Hour).Format(time.RFC3339), "allow_public": true}
	if res, out := a.api(c, drafter, "POST", base+"/actions/open_consultation", open, "buka"); res.StatusCode != 200 {
		t.Fatalf("open consultation: %d %s", res.StatusCode, out)
	}
	comment := map[string]any{"section": "pendahuluan", "body": "Warga: perbanyak pelatihan daring.", "name": "Rina", "email": "rina@example.org"}
	res, out := a.api(c, "", "POST", base+"/comments", comment, "")
	if res.StatusCode != 201 || !strings.Contains(out, `"status":"pending_moderation"`) {
		t.Fatalf("public comment: %d %s", res.StatusCode, out)
	}
	var cm policies.Comment
	json.Unmarshal([]byte(out), &cm)
	bad := map[string]any{"section": "pendahuluan", "body": "x", "name": "Rina", "email": "bukan-email"}
	if res, out := a.api(c, "", "POST", base+"/comments", bad, ""); res.StatusCode != 422 || decodeErr(t, out).Error.Field != "email" {
		t.Errorf("public comment with a bad email: %d %s", res.StatusCode, out)
	}
	// Hidden until published.
	if _, out := a.api(c, "", "GET", base+"/comments?section=pendahuluan", nil, ""); strings.Contains(out, "daring") {
		t.Error("a comment awaiting moderation is shown")
	}
	if res, out := a.api(c, drafter, "POST", fmt.Sprintf("/api/v1/comments/%d/status", cm.ID), map[string]string{"status": "open"}, ""); res.StatusCode != 200 {
		t.Fatalf("publish: %d %s", res.StatusCode, out)
	}
	if _, out := a.api(c, "", "GET", base+"/comments?section=pendahuluan", nil, ""); !strings.Contains(out, "daring") {
		t.Error("a published comment is not shown")
	}
	// A consultation without public comments refuses them.
	other := a.policyID("pangkalpinang-pengembangan-kompetensi-asn")
	if res, _ := a.api(c, "", "POST", fmt.Sprintf("/api/v1/policies/%d/comments", other), comment, ""); res.StatusCode != 404 {
		t.Errorf("public comment on a draft: %d, want 404 (a draft is not public)", res.StatusCode)
	}
}

// Twenty copies of one POST at once, with one Idempotency-Key: one comment
// is stored; every copy gets either its answer (201, the same body) or a
// 409 "still running" with Retry-After, never a 5xx or a second comment.
func TestConcurrentIdempotentPostsActOnce(t *testing.T) {
	a := newApp(t)
	id := a.policyID("sawahlunto-peningkatan-kompetensi-asn")
	path := fmt.Sprintf("/api/v1/policies/%d/comments", id)
	body := map[string]any{"section": "pendahuluan", "body": "Dikirim dua puluh kali sekaligus."}
	type answer struct {
		code       int
		body, wait string
	}
	answers := make(chan answer, 20)
	for range 20 {
		go func() {
			res, out := a.api(http.DefaultClient, a.tokens["unit_officer"], "POST", path, body, "serentak-1")
			answers <- answer{res.StatusCode, out, res.Header.Get("Retry-After")}
		}()
	}
	var created []string
	for range 20 {
		an := <-answers
		switch {
		case an.code == 201:
			created = append(created, an.body)
		case an.code == 409 && an.wait != "":
			decodeErr(t, an.body)
		default:
			t.Errorf("answer %d (Retry-After %q): %s", an.code, an.wait, an.body)
		}
	}
	if len(created) == 0 {
		t.Fatal("no copy got 201")
	}
	for _, b := range created[1:] {
		if b != created[0] {
			t.Errorf("replayed answer %s differs from %s", b, created[0])
		}
	}
	var n int
	a.st.DB.SQL().Get(&n, `SELECT count(*) FROM comments WHERE policy_id = $1 AND body = 'Dikirim dua puluh kali sekaligus.'`, id)
	if n != 1 {
		t.Errorf("%d comments stored from one key, want 1", n)
	}
	// Once answered, a retry replays the answer.
	res, out := a.api(http.DefaultClient, a.tokens["unit_officer"], "POST", path, body, "serentak-1")
	if res.StatusCode != 201 || out != created[0] {
		t.Errorf("retry after the answer: %d %s", res.StatusCode, out)
	}
}

// Past CountCap matches the list says "more than" instead of counting them
// all, in the API and on the page, and still offers the next page.
func TestLongListSaysMoreThan(t *testing.T) {
	a := newApp(t)
	a.st.DB.SQL().MustExec(`INSERT INTO policies (region_id, owner_unit_id, slug, title, created_by)
		SELECT region_id, owner_unit_id, 'banyak-' || g, 'Kebijakan ' || lpad(g::text, 5, '0'), created_by
		FROM generate_series(1, $1::int) g, (SELECT region_id, owner_unit_id, created_by FROM policies WHERE slug = 'sawahlunto-peningkatan-kompetensi-asn') p`,
		policies.CountCap+30)
	// Drafts: listed for the drafter.
	res, out := a.api(http.DefaultClient, a.tokens["drafter"], "GET", "/api/v1/policies?region=sawahlunto", nil, "")
	var list struct {
		Total      int  `json:"total"`
		LowerBound bool `json:"total_is_lower_bound"`
		Policies   []policies.PolicySummary
	}
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("%v: %.300s", err, out)
	}
	if res.StatusCode != 200 || list.Total != policies.CountCap || !list.LowerBound || len(list.Policies) != 20 {
		t.Errorf("API list: %.300s\n%d, total %d (lower bound %v), %d rows; want 200, %d, true, 20", out, res.StatusCode, list.Total, list.LowerBound, len(list.Policies), policies.CountCap)
	}
	_, page := a.get(a.people["drafter"], "/policies?region=sawahlunto")
	if want := "lebih dari 1.000 hasil"; policies.CountCap != 1000 || !strings.Contains(page, want) || !strings.Contains(page, "page=2") {
		t.Errorf("index page does not say %q with a link to page 2", want)
	}
}

// The login limit per address counts the peer, not what a client claims in
// X-Real-IP or X-Forwarded-For: those are believed from a trusted proxy only.
func TestLoginLimitIgnoresClaimedAddresses(t *testing.T) {
	db := devtest.Seeded(t)
	fail := func(srv *httptest.Server, i int) int {
		body, _ := json.Marshal(map[string]string{"email": fmt.Sprintf("tidak-ada-%d@policyflow.test", i), "password": "salah"})
		req, _ := http.NewRequest("POST", srv.URL+"/api/v1/tokens", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Real-IP", fmt.Sprintf("203.0.113.%d", i))
		req.Header.Set("X-Forwarded-For", fmt.Sprintf("198.51.100.%d", i))
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	for _, c := range []struct {
		name    string
		proxies []netip.Prefix
		want    int // the answer to the 21st failed login from the same peer
	}{
		{"no trusted proxy", nil, http.StatusTooManyRequests},
		{"the peer is a trusted proxy", []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}, http.StatusUnauthorized},
	} {
		t.Run(c.name, func(t *testing.T) {
			db.SQL().MustExec(`DELETE FROM login_attempts`)
			srv := web.Serve(t, server.Deps{Store: db, TrustedProxies: c.proxies})
			for i := 0; i < 20; i++ {
				if got := fail(srv, i); got != http.StatusUnauthorized {
					t.Fatalf("failed login %d: %d, want 401", i+1, got)
				}
			}
			if got := fail(srv, 20); got != c.want {
				t.Errorf("21st failed login from one peer claiming a new address: %d, want %d", got, c.want)
			}
		})
	}
}

// Opening a consultation from the page, the drafter chooses whom to invite
// (every stakeholder is ticked); only those are invited. An unknown person
// is refused, naming the field, and nothing opens.
func TestDrafterChoosesInvitees(t *testing.T) {
	a := newApp(t)
	id := a.policyID("sawahlunto-peningkatan-kompetensi-asn")
	c := a.people["drafter"]
	_, page := a.get(c, fmt.Sprintf("/policies/%d", id))
	var stakeholders, others []int64
	a.st.DB.SQL().Select(&stakeholders, `SELECT u.id FROM users u JOIN regions r ON r.id = u.region_id
		WHERE u.role = 'stakeholder' AND r.slug = 'sawahlunto' ORDER BY u.id`)
	a.st.DB.SQL().Select(&others, `SELECT u.id FROM users u JOIN regions r ON r.id = u.region_id
		WHERE u.role = 'stakeholder' AND r.slug <> 'sawahlunto' ORDER BY u.id`)
	if len(stakeholders) < 1 || len(others) < 1 {
		t.Fatalf("seed has %d stakeholders in Sawahlunto, %d elsewhere", len(stakeholders), len(others))
	}
	for _, s := range stakeholders {
		if !strings.Contains(page, fmt.Sprintf(`name="invite_user_ids" value="%d" checked`, s)) {
			t.Fatalf("the open-consultation form does not offer stakeholder %d, ticked", s)
		}
	}
	// Invitations stay in the policy's region: another city's stakeholders
	// are neither offered nor accepted.
	for _, s := range others {
		if strings.Contains(page, fmt.Sprintf(`name="invite_user_ids" value="%d"`, s)) {
			t.Errorf("the form offers stakeholder %d of another city", s)
		}
	}
	{
		wib := time.FixedZone("WIB", 7*3600)
		closes := time.Now().In(wib).Add(72 * time.Hour).Format("2006-01-02T15:04")
		res, body := a.form(c, fmt.Sprintf("/policies/%d/actions/open_consultation", id), url.Values{"csrf": {a.csrf(c, "/login")},
			"request_id": {"buka-lain"}, "closes_at": {closes}, "invite_user_ids": {fmt.Sprint(others[0])}})
		if res.StatusCode != 422 || !strings.Contains(body, "wilayah") {
			t.Errorf("inviting another city's stakeholder: %d, want 422 naming the region", res.StatusCode)
		}
	}
	wib := time.FixedZone("WIB", 7*3600)
	closes := time.Now().In(wib).Add(72 * time.Hour).Format("2006-01-02T15:04")
	path := fmt.Sprintf("/policies/%d/actions/open_consultation", id)

	res, _ := a.form(c, path, url.Values{"csrf": {a.csrf(c, "/login")}, "request_id": {"buka-1"}, "closes_at": {closes},
		"invite_user_ids": {"999999"}})
	var consultations int
	a.st.DB.SQL().Get(&consultations, `SELECT count(*) FROM consultations WHERE policy_id = $1`, id)
	if res.StatusCode != 422 || consultations != 0 {
		t.Errorf("inviting an unknown person: %d, %d consultations; want 422 and none", res.StatusCode, consultations)
	}

	res, _ = a.form(c, path, url.Values{"csrf": {a.csrf(c, "/login")}, "request_id": {"buka-2"}, "closes_at": {closes},
		"invite_user_ids": {fmt.Sprint(stakeholders[0])}})
	if res.StatusCode != 303 {
		t.Fatalf("open consultation: %d", res.StatusCode)
	}
	waitFor(t, func() bool {
		var n int
		a.st.DB.SQL().Get(&n, `SELECT count(*) FROM notifications WHERE policy_id = $1 AND kind = 'consultation_invitation'`, id)
		return n > 0
	})
	var invited []int64
	a.st.DB.SQL().Select(&invited, `SELECT i.user_id FROM consultation_invitees i JOIN consultations k ON k.id = i.consultation_id WHERE k.policy_id = $1`, id)
	if fmt.Sprint(invited) != fmt.Sprintf("[%d]", stakeholders[0]) {
		t.Errorf("invitees = %v, want only [%d]", invited, stakeholders[0])
	}
}
