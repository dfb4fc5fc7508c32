package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/internal/devtest/stack"
	"github.com/policyflow/policyflow/internal/devtest/web"
	"github.com/policyflow/policyflow/server"
)

var (
	confirmLink = regexp.MustCompile(`/follow/confirm\?t=[0-9]+\.[A-Za-z0-9_\-]+`)
	followUnsub = regexp.MustCompile(`/follow/unsubscribe\?t=[0-9]+\.[A-Za-z0-9_\-]+`)
)

// In Chromium, with axe on every page of following, in Indonesian: a
// resident follows Kota Sawahlunto by email; the confirmation arrives over
// SMTP and nothing else does until its link is followed and confirmed (the
// link's page writes nothing); a second follow within minutes sends no
// second email. A consultation opens: they are told once. Answers are
// published: they are told. The notice's one-click link (RFC 8058) ends the
// follow, the signed page of the address's follows shows none, and its
// button erases what was kept of the address.
func TestFollowCityByEmail(t *testing.T) {
	st := stack.New(t)
	key := unsubscribeKey
	srv := web.Serve(t, server.Deps{Store: st.DB, Lifecycle: st.Lifecycle, UnsubscribeKey: key})
	s := &site{st: st, base: srv.URL}
	in := deliverToInbox(t, st, s.base, key)
	db := st.DB.SQL()
	count := func(query string, args ...any) int {
		t.Helper()
		var n int
		if err := db.Get(&n, query, args...); err != nil {
			t.Fatal(err)
		}
		return n
	}
	const email = "warga.pengikut@contoh.id"

	browser := newBrowser(t, 4*time.Minute)
	resident := s.person(t, browser)
	resident.axeOpen("/follow", 200, "#follow-how", "following: how")
	resident.axeOpen("/follow?region=sawahlunto&lang=en", 200, "#follow-email", "follow a city [en]")
	resident.axeOpen("/follow?region=sawahlunto&lang=id", 200, "#follow-email", "follow a city [id]")
	// Well-formed to the browser, too long to be an address (254 at most).
	resident.fill("follow-email", strings.Repeat("w", 250)+"@contoh.id")
	resident.submitExpect("follow-submit", 422, "follow with a bad address")
	if !strings.Contains(resident.text("main"), "email") {
		t.Errorf("the refusal does not name the email field: %s", resident.text("main"))
	}
	axeCheck(t, resident.ctx, "follow refused")
	resident.open("/follow?region=sawahlunto")
	resident.fill("follow-email", "Warga.Pengikut@Contoh.id")
	resident.submitExpect("follow-submit", 200, "follow a city")
	if !resident.exists("#follow-sent") {
		t.Fatalf("no confirmation sent: %s", resident.text("main"))
	}
	axeCheck(t, resident.ctx, "follow: confirmation sent")

	// One email: the confirmation. A second follow by the same address
	// within minutes (another city) is refused and sends nothing.
	msg := in.waitWith(t, email, "/follow/confirm?t=", 30*time.Second)
	link := confirmLink.FindString(msg)
	if link == "" {
		t.Fatalf("no confirmation link in:\n%s", msg)
	}
	resident.open("/follow?region=pangkalpinang")
	resident.fill("follow-email", email)
	resident.submitExpect("follow-submit", 429, "a second confirmation within minutes")
	if n := count(`SELECT count(*) FROM follows WHERE email = $1`, email); n != 1 {
		t.Errorf("%d follows of the address, want the one awaiting confirmation", n)
	}

	// The link's page asks and writes nothing; its button confirms.
	resident.axeOpen(link, 200, "#follow-confirm", "confirm following")
	if n := count(`SELECT count(*) FROM follows WHERE email = $1 AND confirmed_at IS NOT NULL`, email); n != 0 {
		t.Fatal("opening the confirmation link confirmed")
	}
	resident.submitExpect("follow-confirm", 200, "confirm")
	if !resident.exists("#follow-confirmed") {
		t.Fatalf("not confirmed: %s", resident.text("main"))
	}
	axeCheck(t, resident.ctx, "following confirmed")
	if n := count(`SELECT count(*) FROM follows WHERE email = $1 AND confirmed_at IS NOT NULL`, email); n != 1 {
		t.Fatalf("%d confirmed follows, want 1", n)
	}

	// A Sawahlunto draft goes to a public consultation: told once.
	var policyID int64
	var title string
	if err := db.QueryRow(`SELECT p.id, p.title FROM policies p JOIN regions r ON r.id = p.region_id
		WHERE r.slug = 'sawahlunto' AND p.status = 'draft' ORDER BY p.id LIMIT 1`).Scan(&policyID, &title); err != nil {
		t.Fatal(err)
	}
	base := s.base
	drafter := apiToken(t, base, drafterEmail)
	call := func(token, method, path string, body any, want int) string {
		t.Helper()
		res, out := devtest.Call(t, method, base+path, token, body)
		if res.StatusCode != want {
			t.Fatalf("%s %s: %d %s, want %d", method, path, res.StatusCode, out, want)
		}
		return out
	}
	call(drafter, "POST", fmt.Sprintf("/api/v1/policies/%d/actions/open_consultation", policyID),
		map[string]any{"closes_at": time.Now().Add(14 * 24 * time.Hour), "allow_public": true}, http.StatusOK)
	opened := in.waitWith(t, email, "Konsultasi dibuka: "+title, 30*time.Second)
	if !strings.Contains(opened, fmt.Sprintf("/policies/%d/consultation", policyID)) {
		t.Errorf("the notice does not link the consultation:\n%s", opened)
	}
	unsub := followUnsub.FindString(opened)
	if unsub == "" {
		t.Fatalf("the notice has no unsubscribe link of its follow:\n%s", opened)
	}

	// Someone comments; the drafter answers and publishes: told.
	var c struct {
		ID int64 `json:"id"`
	}
	if err := json.Unmarshal([]byte(call("", "POST", fmt.Sprintf("/api/v1/policies/%d/comments", policyID),
		map[string]any{"section": "", "body": "Mohon jadwal pelatihan diumumkan lebih awal.", "name": "Warga Lain", "email": "warga.lain@contoh.id"},
		http.StatusCreated)), &c); err != nil || c.ID == 0 {
		t.Fatalf("public comment: %v", err)
	}
	call(drafter, "POST", fmt.Sprintf("/api/v1/comments/%d/moderate", c.ID), map[string]any{"decision": "approve"}, http.StatusOK)
	var consultation int64
	if err := db.Get(&consultation, `SELECT id FROM consultations WHERE policy_id = $1 ORDER BY id DESC LIMIT 1`, policyID); err != nil {
		t.Fatal(err)
	}
	k := fmt.Sprintf("/api/v1/policies/%d/consultations/%d", policyID, consultation)
	call(drafter, "POST", k+"/answers", map[string]any{"comment_id": c.ID, "disposition": "diterima", "reason": "Jadwal diumumkan sebulan sebelumnya."}, http.StatusOK)
	call(drafter, "POST", k+"/publish", nil, http.StatusOK)
	answered := in.waitWith(t, email, "Jawaban atas komentar diterbitkan: "+title, 30*time.Second)
	if !strings.Contains(answered, fmt.Sprintf("/policies/%d/consultations/%d/report", policyID, consultation)) {
		t.Errorf("the notice does not link the report:\n%s", answered)
	}
	// Told once of the opening, though several writes told the followers since.
	if n := len(in.messagesWith(email, "Konsultasi dibuka: "+title)); n != 1 {
		t.Errorf("told %d times of the consultation opening, want once", n)
	}
	if n := count(`SELECT count(*) FROM notifications WHERE email = $1 AND kind = 'follow_event'`, email); n != 2 {
		t.Errorf("%d follow notices in the outbox, want 2", n)
	}

	// The one-click link's page, the address's follows, then the mail
	// client's one-click POST: no session, no CSRF token.
	resident.axeOpen(unsub, 200, "#follow-unsubscribe", "stop following")
	manage := eval[string](resident, `document.querySelector("#follow-manage").getAttribute("href")`)
	resident.axeOpen(manage, 200, "#follows", "the address's follows")
	res, err := http.Post(base+unsub, "application/x-www-form-urlencoded", strings.NewReader("List-Unsubscribe=One-Click"))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("one-click unsubscribe: %d", res.StatusCode)
	}
	if n := count(`SELECT count(*) FROM follows WHERE email = $1`, email); n != 0 {
		t.Errorf("%d follows left after unsubscribing, want none", n)
	}
	resident.open(manage)
	if !resident.exists("#follows-none") {
		t.Errorf("the address's follows after unsubscribing: %s", resident.text("main"))
	}

	// Erased on request: the emails written to the address go too.
	resident.submitExpect("follow-erase", 200, "erase the address's subscriptions")
	if !resident.exists("#follow-erased") {
		t.Fatalf("not erased: %s", resident.text("main"))
	}
	axeCheck(t, resident.ctx, "subscriptions erased")
	if n := count(`SELECT count(*) FROM notifications WHERE email = $1 AND kind IN ('follow_confirm', 'follow_event')`, email); n != 0 {
		t.Errorf("%d follow emails of the address kept after erasure", n)
	}
}
