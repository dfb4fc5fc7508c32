package server_test

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/server"
)

// topicRoleCases are the topic routes in the route × role matrix: the
// lists for everyone, an unknown topic or city refused naming its field,
// the writes the drafter's alone (p is the region's draft).
func topicRoleCases(p string) ([]pageCase, map[string]apiCase) {
	drafterOnly := only("drafter", 422)
	return []pageCase{
			{"GET", "/topics", nil, want{"*": 200}},
			{"GET", "/topics?region=pangkalpinang", nil, want{"*": 200}},
			{"GET", "/topics?region=atlantis", nil, want{"*": 422}},
			{"POST", "/topics", url.Values{"name": {" "}}, drafterOnly},
			{"POST", p + "/topics", url.Values{"topics": {"tidak-ada"}}, drafterOnly},
			{"GET", "/policies?region=sawahlunto&topic=tidak-ada", nil, want{"*": 422}},
			{"GET", "/follow?region=sawahlunto&topic=tidak-ada", nil, want{"*": 422}},
			{"GET", "/policies.atom?region=sawahlunto&topic=tidak-ada", nil, want{"*": 422}},
			{"POST", "/topics/999999", url.Values{"name": {"Baru"}}, only("admin", 404)},
			{"POST", "/topics/999999/delete", url.Values{}, only("admin", 404)},
		}, map[string]apiCase{
			"GET /topics":                 {nil, want{"anonymous": 422, "*": 200}}, // signed out, no region to default to
			"POST /topics":                {map[string]string{"name": " "}, onlyAPI("drafter", 422)},
			"POST /policies/{id}/topics":  {map[string]any{"topics": []string{"tidak-ada"}}, onlyAPI("drafter", 422)},
			"POST /topics/{topic}":        {map[string]string{"name": "Baru"}, onlyAPI("admin", 404)},
			"POST /topics/{topic}/delete": {nil, onlyAPI("admin", 404)},
		}
}

// topicScopeCases are the topic routes in the route × region/unit matrix:
// a policy's topics are set by its region's drafters alone (another
// city's draft 404, its published policy 403); each city's list is public.
// A topic is renamed and removed by its region's administrators alone
// (another city's 403): a blank name is refused (422) and changes nothing;
// removing is walked on no topic (404 to the administrators, 403 to
// anyone else), for the first to pass would remove it for the rest.
func topicScopeCases(draft, pub, topic int64) []scopeCase {
	bad := url.Values{"topics": {"tidak-ada"}}
	rename := fmt.Sprintf("/topics/%d", topic)
	return []scopeCase{
		{method: "GET", pattern: "/topics", path: "/topics?region=pangkalpinang", want: all(200)},
		{method: "POST", pattern: "/topics", path: "/topics", form: url.Values{"name": {" "}}, want: roleOnly(false, "drafter", 422)},
		{method: "POST", pattern: "/policies/{id}/topics", path: fmt.Sprintf("/policies/%d/topics", draft), form: bad, want: ofRegion(false, true, "drafter", 422)},
		{method: "POST", pattern: "/policies/{id}/topics", path: fmt.Sprintf("/policies/%d/topics", pub), form: bad, want: ofRegion(false, false, "drafter", 422)},
		{method: "GET", pattern: "/api/v1/topics", path: "/api/v1/topics?region=pangkalpinang", want: all(200)},
		{method: "POST", pattern: "/api/v1/topics", path: "/api/v1/topics", body: map[string]string{"name": " "}, want: roleOnly(true, "drafter", 422)},
		{method: "POST", pattern: "/api/v1/policies/{id}/topics", path: fmt.Sprintf("/api/v1/policies/%d/topics", draft), body: map[string]any{"topics": []string{"tidak-ada"}}, want: ofRegion(true, true, "drafter", 422)},
		{method: "POST", pattern: "/api/v1/policies/{id}/topics", path: fmt.Sprintf("/api/v1/policies/%d/topics", pub), body: map[string]any{"topics": []string{"tidak-ada"}}, want: ofRegion(true, false, "drafter", 422)},
		{method: "POST", pattern: "/topics/{topic}", path: rename, form: url.Values{"name": {" "}}, want: gate(false, []string{"admin"}, true, false, 422)},
		{method: "POST", pattern: "/api/v1/topics/{topic}", path: "/api/v1" + rename, body: map[string]string{"name": " "}, want: gate(true, []string{"admin"}, true, false, 422)},
		{method: "POST", pattern: "/topics/{topic}/delete", path: "/topics/999999/delete", form: url.Values{}, want: gate(false, []string{"admin"}, false, false, 404)},
		{method: "POST", pattern: "/api/v1/topics/{topic}/delete", path: "/api/v1/topics/999999/delete", want: gate(true, []string{"admin"}, false, false, 404)},
	}
}

// scopeTopic is a topic of Sawahlunto's list (the scope matrix's region).
func (a *app) scopeTopic(t *testing.T) int64 {
	t.Helper()
	var id int64
	if err := a.st.DB.SQL().Get(&id, `INSERT INTO topics (region_id, slug, name) SELECT id, 'lingkup-uji', 'Lingkup Uji' FROM regions WHERE slug = 'sawahlunto' RETURNING id`); err != nil {
		t.Fatal(err)
	}
	return id
}

// A region's drafter adds topics to the city's list and tags a policy;
// an unknown topic is refused naming the field and changes nothing; each
// change is audited; the page, the API, the list's filter and the topic's
// feed show the policy under its topic, and no other.
func TestPolicyTopics(t *testing.T) {
	a := newApp(t)
	db := a.st.DB.SQL()
	tagged := a.policyID("sawahlunto-peningkatan-kompetensi-asn")
	other := a.policyID("sawahlunto-peningkatan-kapasitas-asn")
	drafter := a.tokens["drafter"]
	call := func(token, method, path string, body any, want int) string {
		t.Helper()
		res, out := a.api(http.DefaultClient, token, method, "/api/v1"+path, body, "")
		if res.StatusCode != want {
			t.Fatalf("%s %s: %d %s, want %d", method, path, res.StatusCode, out, want)
		}
		return out
	}
	if out := call(drafter, "POST", "/topics", map[string]string{"name": "  Pengembangan Kompetensi "}, 201); !strings.Contains(out, `"slug":"pengembangan-kompetensi"`) {
		t.Errorf("topic added: %s, want the slug made from its name", out)
	}
	call(drafter, "POST", "/topics", map[string]string{"name": "Pelayanan Publik"}, 201)
	if out := call(drafter, "POST", "/topics", map[string]string{"name": "Pengembangan kompetensi"}, 409); !strings.Contains(out, `"field":"slug"`) {
		t.Errorf("a second topic of one slug: %s, want the slug named", out)
	}
	set := fmt.Sprintf("/policies/%d/topics", tagged)
	if out := call(drafter, "POST", set, map[string]any{"topics": []string{"pengembangan-kompetensi", "olahraga"}}, 422); !strings.Contains(out, `"field":"topics"`) || !strings.Contains(out, "olahraga") {
		t.Errorf("unknown topic: %s, want the field and the topic named", out)
	}
	// Another city's drafter: not theirs.
	if res, out := a.api(http.DefaultClient, a.token("penyusun.pangkalpinang@policyflow.test"), "POST", "/api/v1"+set, map[string]any{"topics": []string{}}, ""); res.StatusCode != 404 {
		t.Errorf("another city's drafter sets the topics: %d %s, want 404", res.StatusCode, out)
	}
	var n int
	db.Get(&n, `SELECT count(*) FROM policy_topics`)
	if n != 0 {
		t.Fatalf("%d topics on policies after refusals, want none", n)
	}
	call(drafter, "POST", set, map[string]any{"topics": []string{"pengembangan-kompetensi", "pengembangan-kompetensi"}}, 200)
	db.Get(&n, `SELECT count(*) FROM audit_log WHERE action = 'policy.topics' AND policy_id = $1`, tagged)
	if n != 1 {
		t.Errorf("%d audit rows of the policy's topics, want 1", n)
	}

	// The page, for the region's drafter: the topic shown, the form checked.
	_, page := a.get(a.people["drafter"], fmt.Sprintf("/policies/%d", tagged))
	if !regexp.MustCompile(`id="policy-topics"><a href="/policies\?region=sawahlunto&amp;topic=pengembangan-kompetensi"`).MatchString(page) ||
		!strings.Contains(page, `value="pengembangan-kompetensi" checked`) || strings.Contains(page, `value="pelayanan-publik" checked`) {
		t.Errorf("the policy page lacks its topic or its form:\n%.3000s", page[strings.Index(page, "<main"):])
	}
	// By the page's form: the other topic instead.
	res, _ := a.form(a.people["drafter"], set, url.Values{"csrf": {a.csrf(a.people["drafter"], "/topics")}, "topics": {"pelayanan-publik", "pengembangan-kompetensi"}})
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "done=topics_done_set") {
		t.Fatalf("topics by the form: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	var shown struct {
		Policy struct {
			Topics []struct{ Slug, Name string } `json:"topics"`
		} `json:"policy"`
	}
	json.Unmarshal([]byte(call(drafter, "GET", fmt.Sprintf("/policies/%d", tagged), nil, 200)), &shown)
	if len(shown.Policy.Topics) != 2 || shown.Policy.Topics[0].Name != "Pelayanan Publik" {
		t.Errorf("the API's policy topics %+v, want both by name", shown.Policy.Topics)
	}

	// The list filtered by a topic: the tagged policy, not the other.
	var list struct {
		Policies []struct {
			ID     int64 `json:"id"`
			Topics []struct{ Slug string }
		} `json:"policies"`
	}
	json.Unmarshal([]byte(call(drafter, "GET", "/policies?region=sawahlunto&topic=pelayanan-publik", nil, 200)), &list)
	if len(list.Policies) != 1 || list.Policies[0].ID != tagged || len(list.Policies[0].Topics) != 2 {
		t.Errorf("the list of the topic: %+v, want policy %d alone with its topics", list.Policies, tagged)
	}
	if out := call(drafter, "GET", "/policies?region=sawahlunto&topic=olahraga", nil, 422); !strings.Contains(out, `"field":"topic"`) {
		t.Errorf("unknown topic in the filter: %s", out)
	}
	_, index := a.get(a.people["drafter"], "/policies?region=sawahlunto&topic=pelayanan-publik")
	if !strings.Contains(index, fmt.Sprintf(`href="/policies/%d"`, tagged)) || strings.Contains(index, fmt.Sprintf(`href="/policies/%d"`, other)) ||
		!strings.Contains(index, `id="follow-topic-link"`) {
		t.Errorf("the list page of the topic is wrong")
	}
	// The city's list of topics counts what the public reads: drafts no.
	_, topics := a.get(a.client(), "/topics?region=sawahlunto&lang=en")
	if !strings.Contains(topics, `id="topic-pelayanan-publik"`) || !strings.Contains(topics, `href="/follow?region=sawahlunto&amp;topic=pelayanan-publik"`) {
		t.Errorf("the topics page lacks the topic or its follow link:\n%.2000s", topics)
	}

	// The topic's feed: a drafts' topic has no public entry; once the
	// tagged policy is in consultation, its opening is there, and nothing
	// of the untagged one.
	for _, id := range []int64{tagged, other} {
		call(drafter, "POST", fmt.Sprintf("/policies/%d/actions/open_consultation", id),
			map[string]any{"closes_at": time.Now().Add(72 * time.Hour).Format(time.RFC3339), "allow_public": true}, 200)
	}
	res, body := a.get(a.client(), "/policies.atom?region=sawahlunto&topic=pelayanan-publik")
	var feed struct {
		Title   string `xml:"title"`
		Entries []struct {
			Link struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(body), &feed); err != nil || res.StatusCode != 200 {
		t.Fatalf("topic feed: %d %v", res.StatusCode, err)
	}
	if len(feed.Entries) == 0 || !strings.Contains(feed.Title, "Pelayanan Publik") {
		t.Errorf("topic feed %q has %d entries, want the tagged policy's", feed.Title, len(feed.Entries))
	}
	for _, e := range feed.Entries {
		if !strings.Contains(e.Link.Href, fmt.Sprintf("/policies/%d", tagged)) {
			t.Errorf("topic feed entry %s is not of the tagged policy", e.Link.Href)
		}
	}

	// The public page, kept in memory, shows a change of topics at once.
	topicsOnPage := func() string {
		_, page := a.get(a.client(), fmt.Sprintf("/policies/%d", tagged))
		m := regexp.MustCompile(`id="policy-topics">(.*?)</dd>`).FindStringSubmatch(page)
		if m == nil {
			return ""
		}
		return m[1]
	}
	if got := topicsOnPage(); !strings.Contains(got, "Pelayanan Publik") || topicsOnPage() != got {
		t.Fatalf("the public page's topics %q, want Pelayanan Publik", got)
	}
	call(drafter, "POST", set, map[string]any{"topics": []string{"pengembangan-kompetensi"}}, 200)
	if got := topicsOnPage(); strings.Contains(got, "Pelayanan Publik") || !strings.Contains(got, "Pengembangan Kompetensi") {
		t.Errorf("the public page after the change shows %q", got)
	}
}

var followConfirmToken = regexp.MustCompile(`/follow/confirm\?t=([0-9]+\.[A-Za-z0-9_\-]+)`)

// Followers of a topic: a person following the city and the topic is told
// once of each event; a person following the topic alone, and an address
// once confirmed, are told of the tagged policy's consultation and not of
// an untagged one's; a policy tagged later tells them of what happens
// since, not of its past.
func TestTopicFollowersToldOnce(t *testing.T) {
	a := newAppWith(t, func(d *server.Deps) { d.UnsubscribeKey = []byte("kunci-berhenti-langganan-uji-0123456789") })
	db := a.st.DB.SQL()
	tagged := a.policyID("sawahlunto-peningkatan-kompetensi-asn")
	untagged := a.policyID("sawahlunto-peningkatan-kapasitas-asn")
	drafter := a.tokens["drafter"]
	api := func(method, path string, body any, want int) {
		t.Helper()
		if res, out := a.api(http.DefaultClient, drafter, method, "/api/v1"+path, body, ""); res.StatusCode != want {
			t.Fatalf("%s %s: %d %s, want %d", method, path, res.StatusCode, out, want)
		}
	}
	api("POST", "/topics", map[string]string{"name": "Pengembangan Kompetensi"}, 201)
	api("POST", fmt.Sprintf("/policies/%d/topics", tagged), map[string]any{"topics": []string{"pengembangan-kompetensi"}}, 200)

	follow := func(role string, form url.Values) {
		t.Helper()
		c := a.people[role]
		form.Set("csrf", a.csrf(c, "/follow"))
		if res, body := a.form(c, "/follow", form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s follows %v: %d %.300s", role, form, res.StatusCode, body)
		}
	}
	topic := url.Values{"region": {"sawahlunto"}, "topic": {"pengembangan-kompetensi"}}
	follow("leader", url.Values{"region": {"sawahlunto"}})
	follow("leader", topic)
	follow("unit_officer", url.Values{"region": {"sawahlunto"}, "topic": {"pengembangan-kompetensi"}})
	// An address: the confirmation, then its link's button.
	const email = "warga.topik@contoh.id"
	anon := a.client()
	form := url.Values{"csrf": {a.csrf(anon, "/login")}, "email": {email}, "region": {"sawahlunto"}, "topic": {"pengembangan-kompetensi"}}
	if res, body := a.form(anon, "/follow", form); res.StatusCode != 200 || !strings.Contains(body, "Pengembangan Kompetensi") {
		t.Fatalf("follow a topic by email: %d %.300s", res.StatusCode, body)
	}
	var link string
	db.Get(&link, `SELECT link FROM notifications WHERE email = $1 AND kind = 'follow_confirm'`, email)
	m := followConfirmToken.FindStringSubmatch(link)
	if m == nil {
		t.Fatalf("no confirmation link: %q", link)
	}
	if res, body := a.form(anon, "/follow/confirm", url.Values{"csrf": {a.csrf(anon, "/login")}, "t": {m[1]}}); res.StatusCode != 200 || !strings.Contains(body, `id="follow-confirmed"`) {
		t.Fatalf("confirm: %d %.300s", res.StatusCode, body)
	}

	notices := func(who string, arg any, policy int64) []string {
		var subjects []string
		db.Select(&subjects, `SELECT subject FROM notifications WHERE `+who+` = $1 AND policy_id = $2 AND kind = 'follow_event' ORDER BY id`, arg, policy)
		return subjects
	}
	leader, officer := a.user("leader").ID, a.user("unit_officer").ID
	open := map[string]any{"closes_at": time.Now().Add(72 * time.Hour).Format(time.RFC3339), "allow_public": true}
	api("POST", fmt.Sprintf("/policies/%d/actions/open_consultation", tagged), open, 200)
	api("POST", fmt.Sprintf("/policies/%d/actions/open_consultation", untagged), open, 200)
	// Told as the opening's activity ends, before its answer.
	for _, c := range []struct {
		name            string
		who             string
		arg             any
		tagged, untaged int
	}{{"city and topic", "user_id", leader, 1, 1}, {"topic", "user_id", officer, 1, 0}, {"address of the topic", "email", email, 1, 0}} {
		if got := notices(c.who, c.arg, tagged); len(got) != c.tagged || !strings.Contains(got[0], "dibuka") && !strings.Contains(got[0], "opened") {
			t.Errorf("%s follower: notices of the tagged policy %q, want %d of its opening", c.name, got, c.tagged)
		}
		if got := notices(c.who, c.arg, untagged); len(got) != c.untaged {
			t.Errorf("%s follower: notices of the untagged policy %q, want %d", c.name, got, c.untaged)
		}
	}
	// The untagged policy tagged now: its followers learn nothing of its
	// past opening; its close they are told of.
	api("POST", fmt.Sprintf("/policies/%d/topics", untagged), map[string]any{"topics": []string{"pengembangan-kompetensi"}}, 200)
	for _, id := range []int64{tagged, untagged} {
		api("POST", fmt.Sprintf("/policies/%d/actions/close_consultation", id), map[string]any{}, 200)
	}
	if got := notices("user_id", officer, untagged); len(got) != 1 {
		t.Errorf("topic follower, policy tagged after its opening: %q, want its close alone", got)
	}
	if got := notices("user_id", leader, tagged); len(got) != 2 {
		t.Errorf("city and topic follower: %q, want the opening and the close once each", got)
	}
	if got := notices("email", email, tagged); len(got) != 2 {
		t.Errorf("address of the topic: %q, want the opening and the close", got)
	}

	// The topic follow is in the person's data export.
	if res, out := a.api(http.DefaultClient, a.tokens["unit_officer"], "GET", "/api/v1/me/data", nil, ""); res.StatusCode != 200 ||
		!strings.Contains(out, `"topic":"pengembangan-kompetensi"`) {
		t.Errorf("personal data export: %d, lacks the topic follow: %.500s", res.StatusCode, out)
	}
	// The person's list names the topic follow; its button ends it.
	_, page := a.get(a.people["unit_officer"], "/follow/manage")
	if !strings.Contains(page, "Pengembangan Kompetensi · ") || !strings.Contains(page, `href="/policies?region=sawahlunto&amp;topic=pengembangan-kompetensi"`) {
		t.Errorf("the list of follows lacks the topic:\n%.2000s", page)
	}
	tok := followUnsubToken.FindStringSubmatch(page)
	if res, body := a.form(a.people["unit_officer"], "/follow/unsubscribe", url.Values{"csrf": {a.csrf(a.people["unit_officer"], "/follow")}, "t": {tok[1]}}); res.StatusCode != 200 {
		t.Fatalf("unfollow the topic: %d %.300s", res.StatusCode, body)
	}
	var left int
	db.Get(&left, `SELECT count(*) FROM follows WHERE user_id = $1`, officer)
	if left != 0 {
		t.Errorf("%d follows left after unfollowing the topic", left)
	}
}

// topicWordSamples gives the words test a topic of the region on a policy:
// the topics page, the policy page and the list show it.
func (a *app) topicWordSamples(t *testing.T, policy int64) {
	t.Helper()
	for _, c := range []struct {
		path string
		body any
	}{{"/topics", map[string]string{"name": "Pelayanan Publik"}}, {fmt.Sprintf("/policies/%d/topics", policy), map[string]any{"topics": []string{"pelayanan-publik"}}}} {
		if res, out := a.api(http.DefaultClient, a.tokens["drafter"], "POST", "/api/v1"+c.path, c.body, ""); res.StatusCode >= 300 {
			t.Fatalf("topic sample %s: %d %s", c.path, res.StatusCode, out)
		}
	}
}

// topicTextCases are the hostile-input cases of a new topic
// (TestHostileInput), as the region's drafter: a name is kept verbatim
// (each with a slug of its own), a slug that is no slug refused naming it.
func (a *app) topicTextCases(t *testing.T, js func(t *testing.T, role, path string, body any, header map[string]string) (*http.Response, string)) map[string][]textCase {
	send := func(field string) func(t *testing.T, i int, s string) (*http.Response, string) {
		return func(t *testing.T, i int, s string) (*http.Response, string) {
			in := map[string]any{"name": "Pelayanan Publik", "slug": fmt.Sprintf("hostil-%d", i)}
			in[field] = s
			return js(t, "drafter", "/api/v1/topics", in, nil)
		}
	}
	var renamed int64 // a topic of the administrator's region to rename
	if err := a.st.DB.SQL().Get(&renamed, `INSERT INTO topics (region_id, slug, name) SELECT region_id, 'hostil-ganti', 'Ganti Nama' FROM users WHERE email = 'admin.sawahlunto@policyflow.test' RETURNING id`); err != nil {
		t.Fatal(err)
	}
	return map[string][]textCase{"NewTopic": {
		{name: "POST /topics name", field: "name", status: 201, send: send("name"), stored: a.storedAs("topics.name", `SELECT name FROM topics ORDER BY id DESC LIMIT 1`),
			changes: map[string]delta{"topics": {1, 0}, "audit_log": {1, 0}}},
		{name: "POST /topics slug", field: "slug", status: 422, send: send("slug")},
	}, "TopicRename": {
		// A rename keeps the name verbatim, its slug unchanged.
		{name: "POST /topics/{topic} name", field: "name", status: 200, send: func(t *testing.T, _ int, s string) (*http.Response, string) {
			return js(t, "admin", fmt.Sprintf("/api/v1/topics/%d", renamed), map[string]any{"name": s}, nil)
		}, stored: a.storedAs("topics.name", fmt.Sprintf(`SELECT name FROM topics WHERE id = %d AND slug = 'hostil-ganti'`, renamed)),
			changes: map[string]delta{"topics": {1, 1}, "audit_log": {1, 0}}},
	}}
}
