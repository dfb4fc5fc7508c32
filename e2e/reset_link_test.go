package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/internal/devtest/stack"
	"github.com/policyflow/policyflow/internal/devtest/web"
	"github.com/policyflow/policyflow/server"
)

var resetLink = regexp.MustCompile(`https?://\S+/reset/[A-Za-z0-9_\-]+`)

// A reset link is a password to whoever reads it (an invitation link
// too): the region's
// administrator sends one, and it reaches the person by email (through
// SMTP, under PUBLIC_URL) and nowhere else. Neither the person's inbox, API
// or dashboard (what a stolen session or API token reads) nor the
// administrator's pages and API show it, before or after it is sent; once
// sent, the outbox row keeps the message without it. The emailed link
// works.
func TestResetLinkOnlyInTheEmail(t *testing.T) {
	st := stack.New(t)
	srv := web.Serve(t, server.Deps{Store: st.DB, Lifecycle: st.Lifecycle})
	base := srv.URL
	const email = "penyusun.sawahlunto@policyflow.test"
	var person int64
	if err := st.DB.SQL().Get(&person, `SELECT id FROM users WHERE email = $1`, email); err != nil {
		t.Fatal(err)
	}
	stolen := apiToken(t, base, email) // what a thief of the token reads
	session := signIn(t, base, email)  // and of the session
	adminToken := apiToken(t, base, "admin.sawahlunto@policyflow.test")
	admin := signIn(t, base, "admin.sawahlunto@policyflow.test")

	res, out := devtest.Call(t, "POST", fmt.Sprintf("%s/api/v1/admin/people/%d/reset", base, person), adminToken, nil)
	if res.StatusCode != http.StatusAccepted || strings.Contains(out, "/reset/") {
		t.Fatalf("the administrator sends a reset link: %d %s", res.StatusCode, out)
	}
	var nid int64
	var queued string
	if err := st.DB.SQL().QueryRow(`SELECT id, link FROM notifications WHERE user_id = $1 AND kind = 'password_reset'`, person).Scan(&nid, &queued); err != nil {
		t.Fatalf("no reset email in the outbox: %v", err)
	}
	if !strings.HasPrefix(queued, "/reset/") {
		t.Fatalf("the outbox row to send holds %q, want the link its email carries", queued)
	}
	token := strings.TrimPrefix(queued, "/reset/")

	// readable is everything the person and the administrator can read about it.
	readable := func() map[string]string {
		got := map[string]string{}
		for _, path := range []string{"/api/v1/notifications", "/api/v1/dashboard"} {
			_, b := devtest.Call(t, "GET", base+path, stolen, nil)
			got["person's API "+path] = b
		}
		for _, path := range []string{"/notifications", "/dashboard", fmt.Sprintf("/notifications/%d/open", nid)} {
			req, _ := http.NewRequest("GET", base+path, nil)
			res, b := devtest.Do(t, session, req)
			got["person's page "+path] = res.Request.URL.String() + "\n" + b
		}
		for _, path := range []string{"/api/v1/admin/people", "/api/v1/admin/audit"} {
			_, b := devtest.Call(t, "GET", base+path, adminToken, nil)
			got["administrator's API "+path] = b
		}
		for _, path := range []string{"/admin/people", fmt.Sprintf("/admin/people/%d", person), "/admin/audit"} {
			req, _ := http.NewRequest("GET", base+path, nil)
			_, b := devtest.Do(t, admin, req)
			got["administrator's page "+path] = b
		}
		return got
	}
	for where, b := range readable() {
		if strings.Contains(b, token) {
			t.Errorf("before it is sent, the %s shows the reset link", where)
		}
	}

	// The worker's deliverer sends it over SMTP.
	in := deliverToInbox(t, st, base, nil)
	body := in.waitFor(t, email, 30*time.Second)
	link := resetLink.FindString(body)
	if link != base+"/reset/"+token {
		t.Fatalf("the email's reset link %q, want %s/reset/… under PUBLIC_URL:\n%s", link, base, body)
	}
	wctx, wcancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer wcancel()
	devtest.WaitFor(wctx, t, "the reset email marked sent", func() (bool, string) {
		var row string
		st.DB.SQL().Get(&row, `SELECT n::text FROM notifications n WHERE id = $1 AND emailed_at IS NOT NULL`, nid)
		return row != "", row
	})
	var row string
	if err := st.DB.SQL().Get(&row, `SELECT n::text FROM notifications n WHERE id = $1`, nid); err != nil || strings.Contains(row, token) {
		t.Errorf("the sent reset email's row still holds the link: %s %v", row, err)
	}
	for where, b := range readable() {
		if strings.Contains(b, token) {
			t.Errorf("after it is sent, the %s shows the reset link", where)
		}
	}

	// An invitation likewise: emailed under PUBLIC_URL, then gone from the
	// row and from what the administrator reads.
	const invitee = "analis.undangan@sawahlunto.go.id"
	if res, out := devtest.Call(t, "POST", base+"/api/v1/admin/people", adminToken,
		map[string]string{"email": invitee, "name": "Analis Undangan", "role": "drafter", "unit": "bkpsdm"}); res.StatusCode != http.StatusCreated || strings.Contains(out, "/invite/") {
		t.Fatalf("the administrator invites: %d %s", res.StatusCode, out)
	}
	invitation := inviteLink.FindString(in.waitFor(t, invitee, 30*time.Second))
	if invitation == "" {
		t.Fatal("the invitation email has no /invite/ link")
	}
	devtest.WaitFor(wctx, t, "the invitation email marked sent, without its link", func() (bool, string) {
		var row string
		st.DB.SQL().Get(&row, `SELECT n::text FROM notifications n JOIN users u ON u.id = n.user_id
			WHERE u.email = $1 AND n.kind = 'invitation' AND n.emailed_at IS NOT NULL`, invitee)
		return row != "" && !strings.Contains(row, invitation), row
	})
	for where, b := range readable() {
		if strings.Contains(b, invitation) {
			t.Errorf("the %s shows the invitation link", where)
		}
	}
	if res, _ := devtest.Call(t, "GET", base+invitation, "", nil); res.StatusCode != http.StatusOK {
		t.Errorf("the emailed invitation link: %d, want its page", res.StatusCode)
	}

	// The person's link works: a new password, and it signs in.
	const password = "kata-sandi-baru-penyusun-2026"
	res, _ = devtest.SubmitForm(t, devtest.Browser(), link, url.Values{"password": {password}, "password2": {password}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("setting a password through the emailed link: %d", res.StatusCode)
	}
	if res, out := devtest.Call(t, "POST", base+"/api/v1/tokens", "", map[string]string{"email": email, "password": password, "name": "uji"}); res.StatusCode != http.StatusCreated {
		t.Errorf("signing in with the password set through the emailed link: %d %s", res.StatusCode, out)
	}
}
