package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// A region's administrator renames a topic and removes one (issue 26):
// a rename keeps the slug, so the list filtered by it, its follows and its
// feed address keep working under the new name; a removal untags its
// policies and removes its follows (their followers are not told: no
// notice is written); both audited with before and after; another city's
// administrator is refused (403) and changes nothing; a drafter may add
// topics but not rename or remove them (403); a blank name is refused
// naming the field.
func TestTopicRenameAndRemove(t *testing.T) {
	a := newApp(t)
	db := a.st.DB.SQL()
	id := a.policyID("sawahlunto-peningkatan-kompetensi-asn")
	a.openPublicConsultation(t) // the policy is public: its topic's feed lists it
	call := func(token, path string, body any, want int) string {
		t.Helper()
		res, out := a.api(http.DefaultClient, token, "POST", "/api/v1"+path, body, "")
		if res.StatusCode != want {
			t.Fatalf("POST %s: %d %s, want %d", path, res.StatusCode, out, want)
		}
		return out
	}
	call(a.tokens["drafter"], "/topics", map[string]string{"name": "Pelayanan Publik"}, 201)
	call(a.tokens["drafter"], fmt.Sprintf("/policies/%d/topics", id), map[string]any{"topics": []string{"pelayanan-publik"}}, 200)
	var topic int64
	db.Get(&topic, `SELECT id FROM topics WHERE slug = 'pelayanan-publik'`)
	db.MustExec(`INSERT INTO follows (email, topic_id, confirmed_at) VALUES ('warga@contoh.id', $1, now())`, topic)
	path := fmt.Sprintf("/topics/%d", topic)

	// Refused: a drafter, another city's administrator, a blank name.
	call(a.tokens["drafter"], path, map[string]string{"name": "Layanan"}, 403)
	other := a.storeToken("admin.pangkalpinang@policyflow.test")
	call(other, path, map[string]string{"name": "Layanan"}, 403)
	call(other, path+"/delete", nil, 403)
	if out := call(a.tokens["admin"], path, map[string]string{"name": "  "}, 422); !strings.Contains(out, `"field":"name"`) {
		t.Errorf("a blank name: %s, want the field named", out)
	}
	var name string
	db.Get(&name, `SELECT name FROM topics WHERE id = $1`, topic)
	if name != "Pelayanan Publik" {
		t.Fatalf("after the refusals the topic is named %q", name)
	}

	// Renamed from the page's form: the slug and everything naming it kept.
	admin := a.people["admin"]
	res, out := a.form(admin, path, url.Values{"csrf": {a.csrf(admin, "/topics")}, "name": {"Layanan Publik"}})
	if loc := res.Header.Get("Location"); res.StatusCode != 303 || !strings.Contains(loc, "done=topics_done_renamed") {
		t.Fatalf("rename (form): %d to %q %s", res.StatusCode, loc, gist(out))
	}
	if _, body := a.get(a.client(), "/topics?region=sawahlunto"); !strings.Contains(body, "Layanan Publik") || !strings.Contains(body, "<code>pelayanan-publik</code>") {
		t.Errorf("the list after a rename:\n%s", gist(body))
	}
	for _, p := range []string{"/policies?region=sawahlunto&topic=pelayanan-publik", "/follow?region=sawahlunto&topic=pelayanan-publik", "/policies.atom?region=sawahlunto&topic=pelayanan-publik"} {
		if res, body := a.get(a.client(), p); res.StatusCode != 200 || !strings.Contains(body, "Layanan Publik") {
			t.Errorf("%s after a rename: %d, names the new name %v", p, res.StatusCode, strings.Contains(body, "Layanan Publik"))
		}
	}
	var follows int
	db.Get(&follows, `SELECT count(*) FROM follows WHERE topic_id = $1`, topic)
	if follows != 1 {
		t.Errorf("follows of the renamed topic: %d, want 1", follows)
	}

	// Removed: untagged, follows gone, nobody told.
	var noticesBefore int
	db.Get(&noticesBefore, `SELECT count(*) FROM notifications`)
	if out := call(a.tokens["admin"], path+"/delete", nil, 200); !strings.Contains(out, `"untagged":1`) || !strings.Contains(out, `"follows_removed":1`) {
		t.Errorf("removed: %s, want one policy untagged and one follow removed", out)
	}
	var tags, left, noticesAfter int
	db.Get(&tags, `SELECT count(*) FROM policy_topics WHERE policy_id = $1`, id)
	db.Get(&left, `SELECT count(*) FROM follows WHERE email = 'warga@contoh.id'`)
	db.Get(&noticesAfter, `SELECT count(*) FROM notifications`)
	if tags != 0 || left != 0 || noticesAfter != noticesBefore {
		t.Errorf("after the removal: %d tags, %d follows left, %d notices written; want none", tags, left, noticesAfter-noticesBefore)
	}
	if _, body := a.get(a.client(), fmt.Sprintf("/policies/%d", id)); strings.Contains(body, "Layanan Publik") {
		t.Error("the policy's page still shows the removed topic")
	}
	if res, _ := a.get(a.client(), "/policies.atom?region=sawahlunto&topic=pelayanan-publik"); res.StatusCode != 422 {
		t.Errorf("the removed topic's feed: %d, want 422 (no such topic)", res.StatusCode)
	}
	call(a.tokens["admin"], path+"/delete", nil, 404)

	var audited []struct {
		Action string `db:"action"`
		Before string `db:"before"`
		After  string `db:"after"`
	}
	db.Select(&audited, `SELECT action, coalesce(before::text, '') AS before, coalesce(after::text, '') AS after FROM audit_log
		WHERE subject = $1 AND action IN ('topic.renamed', 'topic.removed') ORDER BY id`, fmt.Sprintf("topic:%d", topic))
	if len(audited) != 2 || !strings.Contains(audited[0].Before, "Pelayanan Publik") || !strings.Contains(audited[0].After, "Layanan Publik") ||
		!strings.Contains(audited[1].Before, `"untagged": 1`) || audited[1].After != "" {
		t.Errorf("audit: %+v, want the rename (before, after) and the removal (before)", audited)
	}
}
