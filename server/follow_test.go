package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/server"
)

var followUnsubToken = regexp.MustCompile(`name="t" value="([0-9]+\.[A-Za-z0-9_\-]+)"`)

// A person signed in follows with the button, at once and with no email
// to confirm; their notices are worded in the language of the page they
// followed from (English here), reach their inbox once per event, and
// their list of follows ends one with its button.
func TestSignedInPersonFollowsAPolicy(t *testing.T) {
	a := newAppWith(t, func(d *server.Deps) { d.UnsubscribeKey = []byte("kunci-berhenti-langganan-uji-0123456789") })
	db := a.st.DB.SQL()
	id := a.policyID("sawahlunto-peningkatan-kompetensi-asn")
	leader := a.people["leader"]
	leaderID := a.user("leader").ID

	if res, body := a.get(leader, fmt.Sprintf("/follow?policy=%d&lang=en", id)); res.StatusCode != 200 || strings.Contains(body, `id="follow-email"`) {
		t.Fatalf("follow page for a person signed in: %d, asks for an address: %v", res.StatusCode, strings.Contains(body, `id="follow-email"`))
	}
	form := url.Values{"csrf": {a.csrf(leader, "/follow")}, "policy": {fmt.Sprint(id)}}
	res, body := a.form(leader, "/follow", form)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/follow/manage?done=follow" {
		t.Fatalf("follow: %d %s %.300s", res.StatusCode, res.Header.Get("Location"), body)
	}
	// Again: still one follow, and no confirmation email for an account.
	a.form(leader, "/follow", form)
	var follows, confirmations int
	db.Get(&follows, `SELECT count(*) FROM follows WHERE user_id = $1 AND confirmed_at IS NOT NULL`, leaderID)
	db.Get(&confirmations, `SELECT count(*) FROM notifications WHERE kind = 'follow_confirm'`)
	if follows != 1 || confirmations != 0 {
		t.Fatalf("%d confirmed follows, %d confirmation emails; want 1 and 0", follows, confirmations)
	}

	// The consultation opens: one notice in the leader's inbox, in English.
	open := map[string]any{"closes_at": time.Now().Add(72 * time.Hour).Format(time.RFC3339), "allow_public": true}
	if res, out := a.api(http.DefaultClient, a.tokens["drafter"], "POST", fmt.Sprintf("/api/v1/policies/%d/actions/open_consultation", id), open, ""); res.StatusCode != 200 {
		t.Fatalf("open consultation: %d %s", res.StatusCode, out)
	}
	var subjects []string
	waitFor(t, func() bool {
		subjects = nil
		db.Select(&subjects, `SELECT subject FROM notifications WHERE user_id = $1 AND kind = 'follow_event'`, leaderID)
		return len(subjects) > 0
	})
	if len(subjects) != 1 || !strings.HasPrefix(subjects[0], "Consultation opened: ") {
		t.Errorf("follow notices %q, want one \"Consultation opened: …\"", subjects)
	}
	if _, inbox := a.get(leader, "/notifications"); !strings.Contains(inbox, subjects[0]) {
		t.Errorf("the inbox does not show %q", subjects[0])
	}

	// Closed early: told of it, and of the opening still once.
	if res, out := a.api(http.DefaultClient, a.tokens["drafter"], "POST", fmt.Sprintf("/api/v1/policies/%d/actions/close_consultation", id), map[string]any{}, ""); res.StatusCode != 200 {
		t.Fatalf("close consultation: %d %s", res.StatusCode, out)
	}
	waitFor(t, func() bool {
		subjects = nil
		db.Select(&subjects, `SELECT subject FROM notifications WHERE user_id = $1 AND kind = 'follow_event' ORDER BY id`, leaderID)
		return len(subjects) > 1
	})
	if len(subjects) != 2 || !strings.HasPrefix(subjects[1], "Consultation closed: ") {
		t.Errorf("follow notices %q, want the opening then \"Consultation closed: …\"", subjects)
	}

	// The notices' language, chosen on the list: Indonesian from now on.
	res, _ = a.form(leader, "/follow/language", url.Values{"csrf": {a.csrf(leader, "/follow")}, "lang": {"id"}})
	var lang string
	db.Get(&lang, `SELECT lang FROM follows WHERE user_id = $1`, leaderID)
	if res.StatusCode != http.StatusSeeOther || lang != "id" {
		t.Errorf("language: %d, follows in %q; want 303 and id", res.StatusCode, lang)
	}

	// The follow is in the person's data export.
	if res, out := a.api(http.DefaultClient, a.tokens["leader"], "GET", "/api/v1/me/data", nil, ""); res.StatusCode != 200 ||
		!strings.Contains(out, `"follows":[{`) || !strings.Contains(out, fmt.Sprintf(`"policy_id":%d`, id)) {
		t.Errorf("personal data export: %d, lacks the follow: %.500s", res.StatusCode, out)
	}

	// The list of follows, and its button.
	_, page := a.get(leader, "/follow/manage")
	m := followUnsubToken.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no unsubscribe button on the list:\n%.2000s", page)
	}
	if res, body := a.form(leader, "/follow/unsubscribe", url.Values{"csrf": {a.csrf(leader, "/follow")}, "t": {m[1]}}); res.StatusCode != 200 || !strings.Contains(body, `id="follow-unsubscribed"`) {
		t.Fatalf("unfollow: %d %.300s", res.StatusCode, body)
	}
	db.Get(&follows, `SELECT count(*) FROM follows WHERE user_id = $1`, leaderID)
	var audited int
	db.Get(&audited, `SELECT count(*) FROM audit_log WHERE action IN ('follow.created', 'follow.language', 'follow.removed') AND actor_id = $1`, leaderID)
	if follows != 0 || audited != 3 {
		t.Errorf("after unfollowing: %d follows, %d audit rows; want 0 and 3", follows, audited)
	}
	// The token again: the follow is gone, 404 naming it.
	if res, _ := a.form(leader, "/follow/unsubscribe", url.Values{"t": {m[1]}}); res.StatusCode != 404 {
		t.Errorf("a used unsubscribe link: %d, want 404", res.StatusCode)
	}
}
