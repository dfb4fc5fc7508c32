package server_test

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/internal/devtest/web"
	"github.com/policyflow/policyflow/server"
)

// pageFetch is one GET of a page as a browser sends it (gzip, maybe an
// If-None-Match), through the client's cookies.
type pageFetch struct {
	status             int
	etag, body, encode string
}

func (a *app) fetchPage(c *http.Client, base, path, etag string, gz bool) pageFetch {
	a.t.Helper()
	req, _ := http.NewRequest("GET", base+path, nil)
	if gz {
		req.Header.Set("Accept-Encoding", "gzip")
	} else {
		req.Header.Set("Accept-Encoding", "identity") // else the client asks for gzip itself
	}
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	res, err := c.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer res.Body.Close()
	var rd io.Reader = res.Body
	if res.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(res.Body)
		if err != nil {
			a.t.Fatalf("%s: gzip: %v", path, err)
		}
		rd = zr
	}
	b, err := io.ReadAll(rd)
	if err != nil {
		a.t.Fatalf("%s: body: %v", path, err)
	}
	return pageFetch{status: res.StatusCode, etag: res.Header.Get("ETag"), body: string(b), encode: res.Header.Get("Content-Encoding")}
}

// openPublicConsultation opens a consultation on the seeded policy that
// the public may comment on, and returns the policy's id and page path.
func openPublicConsultation(a *app) (int64, string) {
	a.t.Helper()
	id := a.policyID("sawahlunto-peningkatan-kompetensi-asn")
	open := map[string]any{"closes_at": time.Now().Add(72 * time.Hour).Format(time.RFC3339), "allow_public": true}
	if res, out := a.api(http.DefaultClient, a.tokens["drafter"], "POST", fmt.Sprintf("/api/v1/policies/%d/actions/open_consultation", id), open, ""); res.StatusCode != 200 {
		a.t.Fatalf("open consultation: %d %s", res.StatusCode, out)
	}
	return id, fmt.Sprintf("/policies/%d", id)
}

// The signed-out page kept in memory is never served stale: each kind of
// write changes the next page and its ETag; an unchanged page answers 304
// with no body; gzip is what the client asked.
func TestPublicPageCacheNeverStale(t *testing.T) {
	a := newApp(t)
	id, path := openPublicConsultation(a)
	api := fmt.Sprintf("/api/v1/policies/%d", id)
	anon := a.client()
	first := a.fetchPage(anon, a.srv.URL, path, "", true)
	if first.status != 200 || first.etag == "" || first.encode != "gzip" || !strings.Contains(first.body, "</html>") {
		t.Fatalf("first page: %d etag %q encoding %q", first.status, first.etag, first.encode)
	}
	// The visitor's own CSRF token is in the page's forms.
	m := csrfRe.FindStringSubmatch(first.body)
	if m == nil || !strings.Contains(first.body, `data-csrf="`+m[1]+`"`) {
		t.Fatal("the page carries no CSRF token of the visitor")
	}
	// Unchanged: 304, no body; the same bytes again without gzip.
	if again := a.fetchPage(anon, a.srv.URL, path, first.etag, true); again.status != 304 || again.body != "" || again.etag != first.etag {
		t.Fatalf("unchanged page: %d %q etag %q, want 304 with no body", again.status, again.body, again.etag)
	}
	plain := a.fetchPage(anon, a.srv.URL, path, "", false)
	if plain.status != 200 || plain.encode != "" || plain.body != first.body || plain.etag == first.etag {
		t.Fatalf("identity page: %d encoding %q, same body %v, etag %q vs %q", plain.status, plain.encode, plain.body == first.body, plain.etag, first.etag)
	}
	// Another visitor gets their own token, never the first one's.
	other := a.fetchPage(a.client(), a.srv.URL, path, "", true)
	if om := csrfRe.FindStringSubmatch(other.body); om == nil || om[1] == m[1] || strings.Contains(other.body, m[1]) {
		t.Fatal("a second visitor was served the first visitor's CSRF token")
	}

	// The oracle: the page a new server renders, with nothing kept.
	fresh := func() pageFetch {
		t.Helper()
		ts := web.Serve(t, server.Deps{Store: a.st.DB, Lifecycle: a.st.Lifecycle})
		return a.fetchPage(anon, ts.URL, path, "", true) // the same cookies: the same token
	}
	// comment posts one through the API, as an academic.
	comment := func(body string) int64 {
		t.Helper()
		res, out := a.api(http.DefaultClient, a.tokens["unit_officer"], "POST", api+"/comments", map[string]any{"section": "", "body": body}, "")
		if res.StatusCode != 201 {
			t.Fatalf("comment: %d %s", res.StatusCode, out)
		}
		var c struct{ ID int64 }
		json.Unmarshal([]byte(out), &c)
		return c.ID
	}
	etag := first.etag
	step := func(what, want string, write func()) {
		t.Helper()
		write()
		got := a.fetchPage(anon, a.srv.URL, path, etag, true)
		truth := fresh()
		switch {
		case truth.status == 404 && got.status == 404: // no longer public: gone at once
		case got.status == 304 && truth.etag != etag:
			t.Fatalf("after %s: 304 for a page that changed", what)
		case got.status == 200 && (got.body != truth.body || got.etag != truth.etag):
			t.Fatalf("after %s: the page served is not the page rendered afresh", what)
		case got.status != 200 && got.status != 304:
			t.Fatalf("after %s: %d", what, got.status)
		}
		if want != "" && (got.status != 200 || got.etag == etag || !strings.Contains(got.body, want)) {
			t.Fatalf("after %s: %d, the page lacks %q", what, got.status, want)
		}
		etag = truth.etag
	}
	// A comment (the API, as an academic).
	var commentID int64
	step("a comment", "Komentar baru yang harus segera tampil", func() {
		commentID = comment("Komentar baru yang harus segera tampil")
	})
	// A comment from the page's form, signed out (a public consultation).
	step("a public comment", "", func() {
		form := url.Values{"csrf": {m[1]}, "section": {""}, "body": {"Masukan warga dari formulir"}, "name": {"Warga"}, "email": {"warga@contoh.test"}}
		if res, out := a.form(anon, path+"/comments", form); res.StatusCode >= 400 {
			t.Fatalf("public comment: %d %s", res.StatusCode, out)
		}
	})
	// Moderation hides the academic's comment.
	step("a moderation hide", "", func() {
		if res, out := a.api(http.DefaultClient, a.tokens["drafter"], "POST", fmt.Sprintf("/api/v1/comments/%d/moderate", commentID), map[string]any{"decision": "hide"}, ""); res.StatusCode != 200 {
			t.Fatalf("hide: %d %s", res.StatusCode, out)
		}
	})
	if got := a.fetchPage(anon, a.srv.URL, path, "", true); strings.Contains(got.body, "Komentar baru yang harus segera tampil") {
		t.Fatal("a hidden comment is still on the page")
	}
	// An answer drafted and published.
	var k int64
	if err := a.st.DB.SQL().Get(&k, `SELECT id FROM consultations WHERE policy_id = $1`, id); err != nil {
		t.Fatal(err)
	}
	cons := fmt.Sprintf("/api/v1/policies/%d/consultations/%d", id, k)
	var top int64
	step("a second comment", "Komentar kedua untuk dijawab", func() {
		top = comment("Komentar kedua untuk dijawab")
	})
	if res, out := a.api(http.DefaultClient, a.tokens["drafter"], "POST", cons+"/answers", map[string]any{"comment_id": top, "disposition": "diterima", "reason": "Diterima"}, ""); res.StatusCode != 200 {
		t.Fatalf("answer: %d %s", res.StatusCode, out)
	}
	step("an answer published", "", func() {
		if res, out := a.api(http.DefaultClient, a.tokens["drafter"], "POST", cons+"/publish", nil, ""); res.StatusCode != 200 {
			t.Fatalf("publish: %d %s", res.StatusCode, out)
		}
	})
	// A new version (the drafters' revision).
	step("a new version", "", func() {
		v, err := a.st.DB.CurrentVersion(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.st.DB.CreateVersion(context.Background(), id, v.Number, v.Markdown+"\n## Bagian Tambahan\n\nIsi baru.\n", v.AuthorID, "revisi"); err != nil {
			t.Fatal(err)
		}
	})
	// A region's time zone shows on its policies' dates.
	step("the region's time zone", "", func() {
		a.st.DB.SQL().MustExec(`UPDATE regions SET time_zone = 'WIT' WHERE id = (SELECT region_id FROM policies WHERE id = $1)`, id)
	})
	// A status change through an action: the consultation closes (a
	// draft again, the page is no longer public).
	step("closing the consultation", "", func() {
		if res, out := a.api(http.DefaultClient, a.tokens["drafter"], "POST", api+"/actions/close_consultation", map[string]any{}, ""); res.StatusCode != 200 {
			t.Fatalf("close: %d %s", res.StatusCode, out)
		}
	})
}

// Two servers on one database (a city runs two): a write through one is
// on the page the other serves at once, though the other kept the page.
func TestPublicPageCacheTwoServers(t *testing.T) {
	a := newApp(t)
	id, path := openPublicConsultation(a)
	second := web.Serve(t, server.Deps{Store: a.st.DB, Lifecycle: a.st.Lifecycle,
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}})
	anon := a.client()
	before := a.fetchPage(anon, second.URL, path, "", true)
	if before.status != 200 {
		t.Fatalf("second server: %d", before.status)
	}
	// The same bytes from either server: the same ETag, 304 across them.
	if got := a.fetchPage(anon, a.srv.URL, path, before.etag, true); got.status != 304 {
		t.Fatalf("first server with the second's ETag: %d, want 304", got.status)
	}
	const text = "Ditulis lewat server pertama"
	if res, out := a.api(http.DefaultClient, a.tokens["unit_officer"], "POST", fmt.Sprintf("/api/v1/policies/%d/comments", id), map[string]any{"section": "", "body": text}, ""); res.StatusCode != 201 {
		t.Fatalf("comment: %d %s", res.StatusCode, out)
	}
	after := a.fetchPage(anon, second.URL, path, before.etag, true)
	if after.status != 200 || after.etag == before.etag || !strings.Contains(after.body, text) {
		t.Fatalf("second server after a write through the first: %d, new etag %v, shows the comment %v", after.status, after.etag != before.etag, strings.Contains(after.body, text))
	}
}

// Signed in, each person gets their own actions and forms, never another's.
func TestPolicyPageSignedInOwnParts(t *testing.T) {
	a := newApp(t)
	_, path := openPublicConsultation(a)
	anon := a.client()
	page := a.fetchPage(anon, a.srv.URL, path, "", true) // the signed-out page is kept
	m := csrfRe.FindStringSubmatch(page.body)
	if m == nil {
		t.Fatal("no comment form on the public page")
	}
	// A public comment awaits moderation: only the drafter moderates it.
	form := url.Values{"csrf": {m[1]}, "section": {""}, "body": {"Menunggu moderasi"}, "name": {"Warga"}, "email": {"warga@contoh.test"}}
	if res, out := a.form(anon, path+"/comments", form); res.StatusCode >= 400 {
		t.Fatalf("public comment: %d %s", res.StatusCode, out)
	}
	tokens := map[string]string{"anonymous": m[1]}
	for _, role := range []string{"drafter", "stakeholder"} {
		tokens[role] = a.csrf(a.people[role], "/login")
	}
	for _, role := range []string{"drafter", "stakeholder", "drafter", "stakeholder"} {
		got := a.fetchPage(a.people[role], a.srv.URL, path, "", true)
		if got.status != 200 || !strings.Contains(got.body, tokens[role]) {
			t.Fatalf("%s: %d, own CSRF token shown %v", role, got.status, strings.Contains(got.body, tokens[role]))
		}
		for other, tok := range tokens {
			if other != role && strings.Contains(got.body, tok) {
				t.Fatalf("%s's page carries %s's CSRF token", role, other)
			}
		}
		if mod := strings.Contains(got.body, `name="status" value="rejected"`); mod != (role == "drafter") {
			t.Fatalf("%s's page: moderation forms shown %v", role, mod)
		}
	}
	// And the signed-out page still carries no signed-in person's parts.
	got := a.fetchPage(anon, a.srv.URL, path, "", true)
	if strings.Contains(got.body, tokens["drafter"]) || strings.Contains(got.body, tokens["stakeholder"]) || strings.Contains(got.body, `value="rejected"`) {
		t.Fatal("the signed-out page carries a signed-in person's parts")
	}
}
