package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/policyflow/policyflow/internal/devtest/web"
	"github.com/policyflow/policyflow/server"
)

// The comment threads a signed-in page shares between its readers are
// never stale and never someone else's: after each kind of write, every
// reader's page (a drafter in two sessions, a leader, a stakeholder, an
// officer) is byte for byte the page a new server renders with nothing
// kept, carries only that reader's CSRF token, and shows the write; the
// drafters of the region, and only they, get the buttons that resolve.
func TestSignedInThreadsNeverStale(t *testing.T) {
	a := newApp(t)
	id, path := openPublicConsultation(a)
	api := fmt.Sprintf("/api/v1/policies/%d", id)
	readers := map[string]*http.Client{
		"drafter": a.people["drafter"], "drafter, second session": a.login(roleEmails["drafter"]),
		"leader": a.people["leader"], "stakeholder": a.people["stakeholder"], "unit officer": a.people["unit_officer"],
	}
	tokens := map[string]string{}
	for who, c := range readers {
		tokens[who] = a.csrf(c, path)
	}
	if tokens["drafter"] == tokens["drafter, second session"] {
		t.Fatal("two sessions share a CSRF token: the test cannot tell them apart")
	}
	check := func(what, want string) {
		t.Helper()
		for who, c := range readers {
			got := a.fetchPage(c, a.srv.URL, path, "", false)
			// The oracle: a new server for each reader, nothing kept.
			fresh := web.Serve(t, server.Deps{Store: a.st.DB, Lifecycle: a.st.Lifecycle})
			truth := a.fetchPage(c, fresh.URL, path, "", false)
			if got.status != 200 || got.body != truth.body {
				t.Fatalf("after %s, %s's page (%d) is not the page rendered afresh", what, who, got.status)
			}
			for _, m := range csrfRe.FindAllStringSubmatch(got.body, -1) {
				if m[1] != tokens[who] {
					t.Fatalf("after %s, %s's page carries another token (%q)", what, who, m[1])
				}
			}
			if want != "" && !strings.Contains(got.body, want) {
				t.Fatalf("after %s, %s's page lacks %q", what, who, want)
			}
		}
	}
	check("nothing", "")

	comment := func(token, body string, parent int64) int64 {
		t.Helper()
		in := map[string]any{"section": "", "body": body}
		if parent > 0 {
			in["parent_id"] = parent
		}
		res, out := a.api(http.DefaultClient, token, "POST", api+"/comments", in, "")
		if res.StatusCode != 201 {
			t.Fatalf("comment: %d %s", res.StatusCode, out)
		}
		var c struct{ ID int64 }
		if err := json.Unmarshal([]byte(out), &c); err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	revs := func() (page, facts int64) {
		t.Helper()
		page, facts, err := a.st.DB.PolicyPageRevs(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		return page, facts
	}
	page0, facts0 := revs()
	top := comment(a.tokens["unit_officer"], "Usul OPD yang harus segera tampil", 0)
	check("a comment", "Usul OPD yang harus segera tampil")
	// A comment moves the page's revision, not its facts' (the policy's
	// records stay in memory through a burst of comments).
	if page1, facts1 := revs(); page1 == page0 || facts1 != facts0 {
		t.Fatalf("after a comment the revisions went from page %d, facts %d to %d, %d", page0, facts0, page1, facts1)
	}
	for who, c := range readers {
		got := a.fetchPage(c, a.srv.URL, path, "", false)
		if drafter := strings.HasPrefix(who, "drafter"); strings.Contains(got.body, `class="small resolve"`) != drafter {
			t.Fatalf("%s's page offers to resolve: %t, want %t", who, !drafter, drafter)
		}
	}
	comment(a.tokens["leader"], "Balasan pimpinan atas usul itu", top)
	check("a reply", "Balasan pimpinan atas usul itu")
	// The unread notices are read with the session, on every request: the
	// reply's notice shows at once on the unit officer's page, and goes
	// when read.
	badge := func(what string) {
		t.Helper()
		var n int
		if err := a.st.DB.SQL().Get(&n, `SELECT count(*) FROM notifications WHERE read_at IS NULL
			AND user_id = (SELECT id FROM users WHERE email = $1)`, roleEmails["unit_officer"]); err != nil {
			t.Fatal(err)
		}
		got := a.fetchPage(readers["unit officer"], a.srv.URL, path, "", false).body
		if shown := strings.Contains(got, fmt.Sprintf(`class="badge" aria-label="%d `, n)); n > 0 != shown || n == 0 && strings.Contains(got, `class="badge"`) {
			t.Fatalf("after %s, the unit officer has %d unread notices; their page's badge: %t", what, n, shown)
		}
	}
	badge("a reply to their comment")
	a.st.DB.SQL().MustExec(`INSERT INTO notifications (dedup_key, user_id, policy_id, kind, subject)
		SELECT 'uji-halaman-' || id, id, $1, 'comment_reply', 'Uji' FROM users WHERE email = $2`, id, roleEmails["unit_officer"])
	badge("a notice")
	a.st.DB.SQL().MustExec(`UPDATE notifications SET read_at = now() WHERE user_id = (SELECT id FROM users WHERE email = $1)`, roleEmails["unit_officer"])
	badge("reading them")
	// A comment on a section moves that section's count in the document
	// and the comment form's list, kept with the threads.
	before := a.fetchPage(readers["drafter"], a.srv.URL, path, "", false).body
	_, form, _ := strings.Cut(before, `<select id="comment-section"`)
	sec := regexp.MustCompile(`<option value="([^"]+)">`).FindStringSubmatch(form)
	if sec == nil {
		t.Fatal("the comment form lists no section of the text")
	}
	n := regexp.MustCompile(`<a class="ccount" href="#komentar-` + regexp.QuoteMeta(sec[1]) + `">(\d+) `).FindStringSubmatch(before)
	if n == nil {
		t.Fatalf("the document shows no comment count for section %q", sec[1])
	}
	was, _ := strconv.Atoi(n[1])
	if res, out := a.api(http.DefaultClient, a.tokens["unit_officer"], "POST", api+"/comments", map[string]any{"section": sec[1], "body": "Usul pada bagian itu"}, ""); res.StatusCode != 201 {
		t.Fatalf("comment on a section: %d %s", res.StatusCode, out)
	}
	check("a comment on a section", fmt.Sprintf(`<a class="ccount" href="#komentar-%s">%d `, sec[1], was+1))
	// The drafter resolves it from their page.
	res, out := a.form(readers["drafter"], fmt.Sprintf("/comments/%d/status", top), url.Values{"csrf": {tokens["drafter"]}, "status": {"resolved"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("resolve: %d %s", res.StatusCode, out)
	}
	check("a resolution", fmt.Sprintf(`<li class="comment status-resolved" id="c%d">`, top))
	if res, out := a.api(http.DefaultClient, a.tokens["drafter"], "POST", fmt.Sprintf("/api/v1/comments/%d/moderate", top), map[string]any{"decision": "hide"}, ""); res.StatusCode != 200 {
		t.Fatalf("hide: %d %s", res.StatusCode, out)
	}
	check("a moderation hide", "")
	for who, c := range readers {
		if got := a.fetchPage(c, a.srv.URL, path, "", false); strings.Contains(got.body, "Usul OPD yang harus segera tampil") {
			t.Fatalf("%s still reads a hidden comment", who)
		}
	}
	v, err := a.st.DB.CurrentVersion(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.st.DB.CreateVersion(context.Background(), id, v.Number, v.Markdown+"\n## Bagian Tambahan\n\nIsi baru.\n", v.AuthorID, "revisi"); err != nil {
		t.Fatal(err)
	}
	check("a new version", "") // the region's staff read the working text, a stakeholder the text consulted on
	if got := a.fetchPage(readers["drafter"], a.srv.URL, path, "", false); !strings.Contains(got.body, "Bagian Tambahan") {
		t.Fatal("the drafter's page lacks the new version")
	}
	a.st.DB.SQL().MustExec(`UPDATE policies SET title = 'Judul Kebijakan yang Diganti' WHERE id = $1`, id)
	check("a new title", "Judul Kebijakan yang Diganti")
	a.st.DB.SQL().MustExec(`UPDATE consultations SET closes_at = closes_at + interval '3 days' WHERE policy_id = $1`, id)
	check("a later closing", "")
	a.st.DB.SQL().MustExec(`UPDATE regions SET time_zone = 'WIT' WHERE id = (SELECT region_id FROM policies WHERE id = $1)`, id)
	check("the region's time zone", "WIT")
	// The policy's topics are kept with its facts.
	var topic int64
	if err := a.st.DB.SQL().Get(&topic, `INSERT INTO topics (region_id, slug, name) SELECT region_id, 'uji-halaman', 'Topik Uji Halaman'
		FROM policies WHERE id = $1 RETURNING id`, id); err != nil {
		t.Fatal(err)
	}
	a.st.DB.SQL().MustExec(`INSERT INTO policy_topics (policy_id, topic_id) VALUES ($1, $2)`, id, topic)
	check("a topic put on", "Topik Uji Halaman")
	a.st.DB.SQL().MustExec(`UPDATE topics SET name = 'Topik Uji Berganti' WHERE id = $1`, topic)
	check("the topic renamed", "Topik Uji Berganti")
	a.st.DB.SQL().MustExec(`DELETE FROM policy_topics WHERE policy_id = $1`, id)
	check("the topic taken off", "")
	for who, c := range readers {
		if strings.Contains(a.fetchPage(c, a.srv.URL, path, "", false).body, `class="topic">Topik Uji`) {
			t.Fatalf("%s's page still shows the topic taken off", who)
		}
	}
}
