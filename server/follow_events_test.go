package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/server"
)

// followNotice is one notice to a follower, as their inbox or email has it.
type followNotice struct {
	Subject string `db:"subject"`
	Body    string `db:"body"`
	Link    string `db:"link"`
}

// followedPolicy is an app with the legal unit's steps whose leader
// follows policy id from the English page and whose unit officer follows
// another policy; title is id's, leader and officer their users.
func followedPolicy(t *testing.T) (a *app, id int64, title string, leader, officer int64) {
	t.Helper()
	a = newAppWith(t, func(d *server.Deps) { d.UnsubscribeKey = []byte("kunci-berhenti-langganan-uji-0123456789") })
	a.withLegal()
	id = a.policyID("sawahlunto-pengelolaan-kompetensi-asn")
	other := a.policyID("sawahlunto-peningkatan-kompetensi-asn")
	title = a.text(t, `SELECT title FROM policies WHERE id = $1`, id)
	leader, officer = a.user("leader").ID, a.user("unit_officer").ID
	a.followAs(t, "leader", id, "en")
	a.followAs(t, "unit_officer", other, "id")
	return a, id, title, leader, officer
}

// followAs follows policy as role's person from the follow page in lang.
func (a *app) followAs(t *testing.T, role string, policy int64, lang string) {
	t.Helper()
	who := a.people[role]
	a.get(who, fmt.Sprintf("/follow?policy=%d&lang=%s", policy, lang))
	form := url.Values{"csrf": {a.csrf(who, "/follow")}, "policy": {fmt.Sprint(policy)}}
	if res, body := a.form(who, "/follow", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("%s follows %d: %d %.300s", role, policy, res.StatusCode, body)
	}
}

// Followers are told when a new version is approved (the text the public
// reads), when the policy is enacted and when it is promulgated: a person signed in who follows
// the policy from an English page, in English; an address that follows
// the city, and later the policy too, in Indonesian and once per event;
// each link leads to the policy's page, which shows what the notice says.
// The follower of another policy is told nothing of it, and nobody is
// told of what happened before they followed.
func TestFollowersToldOfNewVersionAndEnactment(t *testing.T) {
	// The leader follows the policy from the English page; the unit
	// officer follows another policy.
	a, id, title, leader, officer := followedPolicy(t)
	db := a.st.DB.SQL()
	c := http.DefaultClient
	follow := func(role string, policy int64, lang string) { t.Helper(); a.followAs(t, role, policy, lang) }
	// An address follows the city, and confirms by its link.
	const email = "warga.pengikut@contoh.id"
	anon := a.client()
	byEmail := func(target url.Values) {
		t.Helper()
		a.get(anon, "/follow?lang=id")
		form := url.Values{"csrf": {a.csrf(anon, "/login")}, "email": {email}}
		for k, v := range target {
			form[k] = v
		}
		if res, body := a.form(anon, "/follow", form); res.StatusCode != 200 {
			t.Fatalf("follow %v by email: %d %.300s", target, res.StatusCode, body)
		}
		var links []string
		db.Select(&links, `SELECT link FROM notifications WHERE email = $1 AND kind = 'follow_confirm' ORDER BY id DESC`, email)
		m := followConfirmToken.FindStringSubmatch(strings.Join(links, " "))
		if m == nil {
			t.Fatalf("no confirmation link: %q", links)
		}
		if res, body := a.form(anon, "/follow/confirm", url.Values{"csrf": {a.csrf(anon, "/login")}, "t": {m[1]}}); res.StatusCode != 200 || !strings.Contains(body, `id="follow-confirmed"`) {
			t.Fatalf("confirm: %d %.300s", res.StatusCode, body)
		}
	}
	byEmail(url.Values{"region": {"sawahlunto"}})

	notices := func(who string, arg any, policy int64) []followNotice {
		t.Helper()
		var ns []followNotice
		if err := db.Select(&ns, `SELECT subject, body, link FROM notifications WHERE `+who+` = $1 AND policy_id = $2 AND kind = 'follow_event' ORDER BY id`, arg, policy); err != nil {
			t.Fatal(err)
		}
		return ns
	}
	// told checks that a follower has exactly the notices want (subject
	// prefixes, in order), each linking to the policy's page, which shows
	// words to anyone.
	told := func(step, name, who string, arg any, want []string, words string) {
		t.Helper()
		got := notices(who, arg, id)
		if len(got) != len(want) {
			t.Errorf("%s: %s has %d notices %+v, want %d", step, name, len(got), got, len(want))
			return
		}
		for i, n := range got {
			if n.Subject != want[i]+": "+title || !strings.Contains(n.Body, title) || n.Link != fmt.Sprintf("/policies/%d", id) {
				t.Errorf("%s: %s's notice %d = %+v, want %q naming the policy, linking to its page", step, name, i, n, want[i]+": "+title)
			}
		}
		if _, page := a.get(a.people["anonymous"], got[len(got)-1].Link); !strings.Contains(page, words) {
			t.Errorf("%s: the notice's link does not show %q:\n%s", step, words, gist(page))
		}
	}

	// The version is approved: its text is the public's, and news.
	a.approve(t, id)
	told("approved", "leader", "user_id", leader, []string{"New version approved"}, title)
	told("approved", "address", "email", email, []string{"Versi baru disetujui"}, title)
	if got := notices("user_id", leader, id); len(got) == 1 && !strings.Contains(got[0].Body, "You receive this because you follow "+title) {
		t.Errorf("the leader's notice does not say why, in English: %q", got[0].Body)
	}
	if _, inbox := a.get(a.people["leader"], "/notifications"); !strings.Contains(inbox, "New version approved: "+title) {
		t.Errorf("the leader's inbox does not show the notice:\n%s", gist(inbox))
	}

	// The address follows the public policy too, a while later (one
	// confirmation email per address per FollowConfirmEvery): still told
	// once per event.
	db.MustExec(`UPDATE follows SET confirm_sent_at = confirm_sent_at - $2::interval WHERE email = $1`, email, fmt.Sprintf("%d seconds", int(policies.FollowConfirmEvery.Seconds())+1))
	byEmail(url.Values{"policy": {fmt.Sprint(id)}})

	// Enacted: told at once, by the record's answer.
	wali := a.st.UserID(t, "walikota.sawahlunto@policyflow.test")
	sekda := a.st.UserID(t, "sekda.sawahlunto@policyflow.test")
	today := time.Now().In(policies.ZoneWIB.Location()).Format(time.DateOnly)
	api := fmt.Sprintf("/api/v1/policies/%d", id)
	if res, out := a.api(c, a.tokens["legal"], "POST", api+"/enactments", map[string]any{"form": "perwali", "enacted_on": today, "principal_id": wali, "signer_id": wali}, ""); res.StatusCode != 201 {
		t.Fatalf("enact: %d %s", res.StatusCode, out)
	}
	enacted := []string{"New version approved", "Enacted (not in force until promulgated)"}
	ditetapkan := []string{"Versi baru disetujui", "Ditetapkan (belum berlaku sampai diundangkan)"}
	told("enacted", "leader", "user_id", leader, enacted, "Ditetapkan sebagai")
	told("enacted", "address", "email", email, ditetapkan, "Ditetapkan sebagai")

	// Promulgated: the record's answer tells once more, of the text in
	// force from today, and nobody is told twice of what they were told.
	if res, out := a.api(c, a.tokens["legal"], "POST", api+"/promulgation", map[string]any{"promulgated_on": today, "promulgator_id": sekda}, ""); res.StatusCode != 200 {
		t.Fatalf("promulgate: %d %s", res.StatusCode, out)
	}
	told("promulgated", "leader", "user_id", leader, append(enacted, "Promulgated"), "Berlaku sejak")
	told("promulgated", "address", "email", email, append(ditetapkan, "Diundangkan"), "Berlaku sejak")

	// The follower of another policy: nothing of this one, nor of their own
	// (nothing happened to it).
	var officers int
	db.Get(&officers, `SELECT count(*) FROM notifications WHERE user_id = $1 AND kind = 'follow_event'`, officer)
	if officers != 0 {
		t.Errorf("the follower of another policy has %d follow notices, want 0", officers)
	}
	// A follower who comes now learns nothing of the past.
	follow("drafter", id, "id")
	if res, out := a.api(c, a.tokens["drafter"], "POST", api+"/actions/start_implementation", map[string]any{"unit_ids": []int64{*a.user("unit_officer").UnitID}}, ""); res.StatusCode != 200 {
		t.Fatalf("start implementation: %d %s", res.StatusCode, out)
	}
	if got := notices("user_id", a.user("drafter").ID, id); len(got) != 0 {
		t.Errorf("a follower since the promulgation was told of the past: %+v", got)
	}
}
