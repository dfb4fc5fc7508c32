package server_test

import (
	"encoding/xml"
	"fmt"
	"html"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/internal/devtest"
)

// atomFeed is an Atom feed as a reader parses it.
type atomFeed struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Author  struct {
		Name string `xml:"name"`
	} `xml:"author"`
	Links   []atomLink `xml:"link"`
	Entries []struct {
		ID      string     `xml:"id"`
		Title   string     `xml:"title"`
		Updated string     `xml:"updated"`
		Summary string     `xml:"summary"`
		Links   []atomLink `xml:"link"`
	} `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Href string `xml:"href,attr"`
}

// parseAtom reads a feed and checks RFC 4287's structure: the feed's id,
// title, updated, author and self link; each entry's id (unique), title,
// updated and alternate link; every date RFC 3339, every link absolute
// under base (PUBLIC_URL).
func parseAtom(t *testing.T, res *http.Response, body, base string) atomFeed {
	t.Helper()
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/atom+xml") {
		t.Fatalf("feed: %d %s %s", res.StatusCode, res.Header.Get("Content-Type"), gist(body))
	}
	var f atomFeed
	if err := xml.Unmarshal([]byte(body), &f); err != nil {
		t.Fatalf("feed does not parse: %v %s", err, body)
	}
	dates := []string{f.Updated}
	links := f.Links
	if f.ID == "" || f.Title == "" || f.Author.Name == "" || len(f.Links) == 0 || f.Links[0].Rel != "self" {
		t.Errorf("feed lacks id, title, author or self link: %+v", f)
	}
	ids := map[string]bool{}
	for _, e := range f.Entries {
		if e.ID == "" || e.Title == "" || len(e.Links) == 0 || e.Links[0].Rel != "alternate" || ids[e.ID] {
			t.Errorf("entry lacks id, title or alternate link, or repeats its id: %+v", e)
		}
		ids[e.ID] = true
		dates = append(dates, e.Updated)
		links = append(links, e.Links...)
	}
	for _, d := range dates {
		if _, err := time.Parse(time.RFC3339, d); err != nil {
			t.Errorf("date %q: %v", d, err)
		}
	}
	for _, l := range links {
		if !strings.HasPrefix(l.Href, base+"/") {
			t.Errorf("link %q not under %s", l.Href, base)
		}
	}
	return f
}

// The Atom feeds of a city and of a policy (issue 26): after a
// consultation opens, the policy's feed and its city's have an entry for
// it, linked under PUBLIC_URL whatever Host the request names; another
// city's feed has none; a draft's feed is no one's (TestRouteRoleMatrix:
// its own staff's neither) and a consultation on
// another city's internal draft is in no feed; the pages name the feeds.
func TestAtomFeedsTellWhatHappened(t *testing.T) {
	a := newApp(t)
	db := a.st.DB.SQL()
	base := a.srv.URL
	id := a.openPublicConsultation(t)
	var title string
	db.Get(&title, `SELECT title FROM policies WHERE id = $1`, id)
	foreign := a.policyID("pangkalpinang-pengembangan-kompetensi-asn")
	var foreignTitle string
	db.Get(&foreignTitle, `SELECT title FROM policies WHERE id = $1`, foreign)
	db.MustExec(`INSERT INTO consultations (policy_id, version_id, workflow_id, opened_by, opened_at, closes_at, allow_public)
		SELECT p.id, p.current_version_id, 'umpan-uji', u.id, now() - interval '1 hour', now() + interval '1 day', true
		FROM policies p, users u WHERE p.id = $1 AND u.email = 'penyusun.sawahlunto@policyflow.test'`, foreign)

	opened := "Konsultasi dibuka: " + title
	for _, path := range []string{fmt.Sprintf("/policies/%d/feed.atom", id), "/policies.atom?region=sawahlunto", "/policies.atom"} {
		req, _ := http.NewRequest("GET", base+path, nil)
		req.Host = "penyerang.example" // links follow PUBLIC_URL, never the Host header
		res, body := devtest.Do(t, a.client(), req)
		f := parseAtom(t, res, body, base)
		found := false
		for _, e := range f.Entries {
			found = found || (e.Title == opened && e.Links[0].Href == fmt.Sprintf("%s/policies/%d/consultation", base, id))
		}
		if !found || strings.Contains(body, foreignTitle) || strings.Contains(body, "penyerang") {
			t.Errorf("%s: no entry %q, or another city's draft, or the Host header: %s", path, opened, body)
		}
	}
	res, body := a.get(a.client(), "/policies.atom?region=pangkalpinang")
	if f := parseAtom(t, res, body, base); strings.Contains(body, title) || strings.Contains(body, foreignTitle) {
		t.Errorf("Pangkalpinang's feed: %+v", f)
	}
	for _, role := range []string{"anonymous", "drafter"} {
		if res, _ := a.get(a.people[role], fmt.Sprintf("/policies/%d/feed.atom", foreign)); res.StatusCode != 404 {
			t.Errorf("another city's draft's feed for %s: %d, want 404", role, res.StatusCode)
		}
	}
	// A feed reader polling an unchanged feed gets 304; once the consultation
	// closes (the policy a draft again), the list, the calendar and the feed
	// say so at once.
	feedPath := fmt.Sprintf("/policies/%d/feed.atom", id)
	res, _ = a.get(a.client(), feedPath)
	req, _ := http.NewRequest("GET", base+feedPath, nil)
	req.Header.Set("If-None-Match", res.Header.Get("ETag"))
	if again, _ := devtest.Do(t, a.client(), req); res.Header.Get("ETag") == "" || again.StatusCode != http.StatusNotModified {
		t.Errorf("an unchanged feed again: %d (ETag %q), want 304", again.StatusCode, res.Header.Get("ETag"))
	}
	if res, out := a.api(http.DefaultClient, a.tokens["drafter"], "POST", fmt.Sprintf("/api/v1/policies/%d/actions/close_consultation", id), map[string]any{}, ""); res.StatusCode != 200 {
		t.Fatalf("close: %d %s", res.StatusCode, out)
	}
	if _, list := a.get(a.client(), "/konsultasi"); strings.Contains(list, title) {
		t.Errorf("the closed consultation is still listed: %s", gist(list))
	}
	if _, cal := a.get(a.client(), "/konsultasi.ics"); strings.Contains(cal, "BEGIN:VEVENT") {
		t.Errorf("the closed consultation is still in the calendar: %s", cal)
	}
	if res, _ := a.get(a.client(), feedPath); res.StatusCode != 404 {
		t.Errorf("the feed of a policy drafted again: %d, want 404", res.StatusCode)
	}
	reopen := map[string]any{"closes_at": time.Now().Add(72 * time.Hour).Format(time.RFC3339), "allow_public": true}
	if res, out := a.api(http.DefaultClient, a.tokens["drafter"], "POST", fmt.Sprintf("/api/v1/policies/%d/actions/open_consultation", id), reopen, ""); res.StatusCode != 200 {
		t.Fatalf("open again: %d %s", res.StatusCode, out)
	}
	res, body = a.get(a.client(), feedPath)
	f := parseAtom(t, res, body, base)
	if n := strings.Count(body, "<title>Konsultasi dibuka: "); n != 2 || !strings.Contains(body, "<title>Konsultasi ditutup: ") || len(f.Entries) != 3 {
		t.Errorf("after a consultation closed and another opened: %d opened, %d entries: %s", n, len(f.Entries), body)
	}

	// The pages name the feeds, by path: a page served from memory is the
	// same on every server (the feeds themselves link under PUBLIC_URL).
	// (html/template writes the + of the type as &#43;: a browser reads it back.)
	_, page := a.get(a.client(), fmt.Sprintf("/policies/%d", id))
	page = html.UnescapeString(page)
	if !strings.Contains(page, fmt.Sprintf(`<link rel="alternate" type="application/atom+xml" href="/policies/%d/feed.atom"`, id)) {
		t.Errorf("the policy page does not name its feed: %s", gist(page))
	}
	_, page = a.get(a.client(), "/konsultasi?region=sawahlunto")
	page = html.UnescapeString(page)
	if !strings.Contains(page, `<link rel="alternate" type="application/atom+xml" href="/policies.atom?region=sawahlunto"`) ||
		!strings.Contains(page, `<link rel="alternate" type="text/calendar" href="/konsultasi.ics?region=sawahlunto"`) {
		t.Errorf("the consultations page does not name its feed and calendar: %s", gist(page))
	}
	_, page = a.get(a.client(), "/policies?region=sawahlunto")
	if !strings.Contains(html.UnescapeString(page), `<link rel="alternate" type="application/atom+xml" href="/policies.atom?region=sawahlunto"`) {
		t.Errorf("the city's policy list does not name the city's feed: %s", gist(page))
	}
}
