package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/policies"
)

// A Perwali binds once it is promulgated (UU 12/2011 Ps. 81, 87), and its
// text may set a later day: the followers of the policy are told of the
// promulgation once, when it is recorded, each in their language with the
// day it takes effect ("Berlaku mulai 15 Januari 2030"), after an
// enactment notice that says it is not in force yet. The policy's Atom
// feed has the entry; the follower of another policy is told nothing.
func TestFollowersToldOfPromulgation(t *testing.T) {
	a, id, title, leader, officer := followedPolicy(t)
	db := a.st.DB.SQL()
	c := http.DefaultClient
	// An address follows the policy, once public, and confirms by its link.
	a.approve(t, id)
	const email = "warga.undang@contoh.id"
	anon := a.client()
	a.get(anon, "/follow?lang=id")
	form := url.Values{"csrf": {a.csrf(anon, "/login")}, "email": {email}, "policy": {fmt.Sprint(id)}}
	if res, body := a.form(anon, "/follow", form); res.StatusCode != 200 {
		t.Fatalf("follow by email: %d %.300s", res.StatusCode, body)
	}
	var links []string
	db.Select(&links, `SELECT link FROM notifications WHERE email = $1 AND kind = 'follow_confirm'`, email)
	m := followConfirmToken.FindStringSubmatch(strings.Join(links, " "))
	if m == nil {
		t.Fatalf("no confirmation link: %q", links)
	}
	if res, body := a.form(anon, "/follow/confirm", url.Values{"csrf": {a.csrf(anon, "/login")}, "t": {m[1]}}); res.StatusCode != 200 {
		t.Fatalf("confirm: %d %.300s", res.StatusCode, body)
	}

	notices := func(who string, arg any, subject string) []followNotice {
		t.Helper()
		var ns []followNotice
		if err := db.Select(&ns, `SELECT subject, body, link FROM notifications WHERE `+who+` = $1 AND policy_id = $2
			AND kind = 'follow_event' AND subject = $3 ORDER BY id`, arg, id, subject); err != nil {
			t.Fatal(err)
		}
		return ns
	}

	// Enacted today as a Perwali whose text sets a later day: not in force.
	wali := a.st.UserID(t, "walikota.sawahlunto@policyflow.test")
	sekda := a.st.UserID(t, "sekda.sawahlunto@policyflow.test")
	today := time.Now().In(policies.ZoneWIB.Location()).Format(time.DateOnly)
	api := fmt.Sprintf("/api/v1/policies/%d", id)
	if res, out := a.api(c, a.tokens["legal"], "POST", api+"/enactments", map[string]any{"form": "perwali", "enacted_on": today,
		"effective_on": "2030-01-15", "principal_id": wali, "signer_id": wali}, ""); res.StatusCode != 201 {
		t.Fatalf("enact: %d %s", res.StatusCode, out)
	}
	if got := notices("user_id", leader, "Enacted (not in force until promulgated): "+title); len(got) != 1 || strings.Contains(got[0].Body, "In force") {
		t.Errorf("the leader's enactment notices = %+v, want one that does not say it is in force", got)
	}
	if got := notices("email", email, "Ditetapkan (belum berlaku sampai diundangkan): "+title); len(got) != 1 || strings.Contains(got[0].Body, "Berlaku") {
		t.Errorf("the address's enactment notices = %+v, want one that does not say it is in force", got)
	}

	// Promulgated today: told once, with the day it takes effect.
	promulgate := func() (int, string) {
		res, out := a.api(c, a.tokens["legal"], "POST", api+"/promulgation", map[string]any{"promulgated_on": today, "promulgator_id": sekda}, "")
		return res.StatusCode, out
	}
	if code, out := promulgate(); code != 200 {
		t.Fatalf("promulgate: %d %s", code, out)
	}
	// A second try is refused and tells nobody again.
	if code, out := promulgate(); code != http.StatusConflict {
		t.Errorf("promulgate twice: %d %s, want 409", code, out)
	}
	for _, c := range []struct {
		name, who string
		arg       any
		subject   string
		when      string
	}{
		{"leader (English)", "user_id", leader, "Promulgated: " + title, "In force from 15 January 2030."},
		{"address (Indonesian)", "email", email, "Diundangkan: " + title, "Berlaku mulai 15 Januari 2030."},
	} {
		got := notices(c.who, c.arg, c.subject)
		if len(got) != 1 || !strings.Contains(got[0].Body, c.when) || got[0].Link != fmt.Sprintf("/policies/%d", id) {
			t.Errorf("%s: promulgation notices = %+v, want one saying %q linking to the policy", c.name, got, c.when)
		}
	}
	var officers int
	db.Get(&officers, `SELECT count(*) FROM notifications WHERE user_id = $1 AND kind = 'follow_event'`, officer)
	if officers != 0 {
		t.Errorf("the follower of another policy has %d follow notices, want 0", officers)
	}

	// The policy's feed, in each language, has the entry.
	for lang, want := range map[string][2]string{
		"id": {"Diundangkan: " + title, "Berlaku mulai 15 Januari 2030"},
		"en": {"Promulgated: " + title, "In force from 15 January 2030"},
	} {
		req, _ := http.NewRequest("GET", fmt.Sprintf("%s/policies/%d/feed.atom?lang=%s", a.srv.URL, id, lang), nil)
		res, body := devtest.Do(t, a.client(), req)
		f := parseAtom(t, res, body, a.srv.URL)
		n := 0
		for _, e := range f.Entries {
			if e.Title == want[0] && strings.Contains(e.Summary, want[1]) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%s feed: %d entries %q saying %q, want 1:\n%s", lang, n, want[0], want[1], body)
		}
	}
}
