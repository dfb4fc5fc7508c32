package server_test

import (
	"fmt"
	"html"
	"net/http"
	"net/netip"
	"strings"
	"testing"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/internal/devtest/web"
	"github.com/policyflow/policyflow/server"
)

// The Atom feed of the legal products (issue 26): every city's and a
// city's parse as RFC 4287; asked again unchanged a reader gets 304. The
// very next request after a Perwali is enacted lists it, with its number
// and year, on this server and on a second one on the same database whose
// copies were made before (the feed is kept in memory); its promulgation
// shows at once too; another city's feed and a draft stay out; the English
// feed speaks English; a year and a form choose as the list does; the list
// page names the feed of what it shows in its head and in a link.
func TestProdukHukumAtomFeed(t *testing.T) {
	a := newAppWith(t, func(d *server.Deps) { d.PublicURL = feedsURL })
	second := web.Serve(t, server.Deps{Store: a.st.DB, Lifecycle: a.st.Lifecycle, PublicURL: feedsURL,
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}})
	db := a.st.DB.SQL()
	enacted := a.policyID("sawahlunto-pengelolaan-kompetensi-asn")
	draft := a.policyID("sawahlunto-peningkatan-kompetensi-asn")
	var about, draftTitle string
	db.Get(&about, `SELECT title FROM policies WHERE id = $1`, enacted)
	db.Get(&draftTitle, `SELECT title FROM policies WHERE id = $1`, draft)
	a.approve(t, enacted)

	anon := &http.Client{} // a feed reader: no cookies
	read := func(base, path string) (atomFeed, string, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", base+path, nil)
		res, body := devtest.Do(t, anon, req)
		return parseAtom(t, res, body, feedsURL), body, res.Header.Get("ETag")
	}
	const (
		all   = "/produk-hukum.atom"
		city  = "/produk-hukum.atom?region=sawahlunto"
		en    = "/produk-hukum.atom?region=sawahlunto&lang=en"
		other = "/produk-hukum.atom?region=pangkalpinang"
	)
	paths := []string{all, city, en, other}
	etags := map[string]string{}
	for _, p := range paths {
		for _, base := range []string{a.srv.URL, second.URL} {
			f, body, etag := read(base, p)
			if strings.Contains(body, "Nomor 3 Tahun 2026") {
				t.Errorf("%s lists the Perwali before its enactment: %s", p, body)
			}
			if f.Title == "" || !strings.Contains(f.Title, map[bool]string{true: "Legal products", false: "Produk hukum"}[p == en]) {
				t.Errorf("%s is named %q", p, f.Title)
			}
			etags[p] = etag
		}
		// Asked again unchanged: 304.
		req, _ := http.NewRequest("GET", a.srv.URL+p, nil)
		req.Header.Set("If-None-Match", etags[p])
		if res, body := devtest.Do(t, anon, req); res.StatusCode != 304 {
			t.Errorf("%s with its ETag: %d %s, want 304", p, res.StatusCode, gist(body))
		}
	}

	// Enacted: the very next request lists it, on both servers.
	devtest.EnactInSQL(t, a.st.DB, enacted, 3, "2026-02-10", 0)
	entry := func(base, path string) (title, summary string, links []atomLink) {
		t.Helper()
		f, body, etag := read(base, path)
		if etag == etags[path] {
			t.Errorf("%s%s kept its ETag after a change", base, path)
		}
		if strings.Contains(body, draftTitle) && draftTitle != about {
			t.Errorf("%s lists a draft: %s", path, body)
		}
		for _, e := range f.Entries {
			if strings.Contains(e.Title, "Nomor 3 Tahun 2026") {
				return e.Title, e.Summary, e.Links
			}
		}
		return "", "", nil
	}
	for _, base := range []string{a.srv.URL, second.URL} {
		for _, p := range []string{all, city} {
			title, summary, links := entry(base, p)
			if title != "Peraturan Wali Kota Sawahlunto Nomor 3 Tahun 2026 tentang "+strings.TrimPrefix(title, "Peraturan Wali Kota Sawahlunto Nomor 3 Tahun 2026 tentang ") ||
				!strings.Contains(summary, "Tanggal penetapan: 10 Februari 2026") || !strings.Contains(summary, "belum diundangkan") ||
				!strings.Contains(summary, "Peraturan Wali Kota") {
				t.Errorf("%s%s after the enactment: entry %q, summary %q", base, p, title, summary)
			}
			if len(links) < 2 || links[0].Href != fmt.Sprintf("%s/policies/%d", feedsURL, enacted) || !strings.HasSuffix(links[1].Href, "/pdf") {
				t.Errorf("%s%s: entry links %+v, want the policy's page and its PDF", base, p, links)
			}
		}
		title, summary, _ := entry(base, en)
		if !strings.HasPrefix(title, "Peraturan Wali Kota Sawahlunto Nomor 3 Tahun 2026 on ") || strings.Contains(title, "tentang") ||
			!strings.Contains(summary, "Date of enactment: 10 February 2026") || !strings.Contains(summary, "not yet promulgated") ||
			!strings.Contains(summary, "Mayoral Regulation") || strings.Contains(summary, "Tanggal") {
			t.Errorf("%s: the English feed: entry %q, summary %q", base, title, summary)
		}
		if _, body, _ := read(base, other); strings.Contains(body, "Nomor 3 Tahun 2026") {
			t.Errorf("another city's feed lists the Perwali: %s", body)
		}
	}

	// Promulgated: shown at once.
	devtest.PromulgateInSQL(t, a.st.DB, enacted, 12)
	for _, base := range []string{a.srv.URL, second.URL} {
		if _, summary, _ := entry(base, city); !strings.Contains(summary, "Tanggal pengundangan: 11 Februari 2026") {
			t.Errorf("%s after the promulgation: summary %q", base, summary)
		}
		if _, summary, _ := entry(base, en); !strings.Contains(summary, "Date of promulgation: 11 February 2026") {
			t.Errorf("%s in English after the promulgation: summary %q", base, summary)
		}
	}

	// The list's year and form choose the feed's products as they choose
	// the list's; the feed is named by them; each refused naming itself.
	for _, c := range []struct {
		path, title string
		listed      bool
	}{
		{"/produk-hukum.atom?region=sawahlunto&year=2026&jenis=perwali", "Produk hukum · Kota Sawahlunto · Peraturan Wali Kota · 2026 · Policyflow", true},
		{"/produk-hukum.atom?year=2026", "Produk hukum · 2026 · Policyflow", true},
		{"/produk-hukum.atom?region=sawahlunto&year=2025", "", false},
		{"/produk-hukum.atom?region=sawahlunto&jenis=kepwali", "", false},
	} {
		for _, base := range []string{a.srv.URL, second.URL} {
			f, body, _ := read(base, c.path)
			if strings.Contains(body, "Nomor 3 Tahun 2026") != c.listed || (c.title != "" && f.Title != c.title) {
				t.Errorf("%s%s: named %q (want %q), lists the Perwali of 2026: %v, want %v", base, c.path, f.Title, c.title, !c.listed, c.listed)
			}
		}
	}
	for path, field := range map[string]string{"/produk-hukum.atom?year=dua-ribu": "year", "/produk-hukum.atom?region=sawahlunto&jenis=perda": "jenis"} {
		req, _ := http.NewRequest("GET", a.srv.URL+path, nil)
		if res, body := devtest.Do(t, anon, req); res.StatusCode != 422 || !strings.Contains(body, field) {
			t.Errorf("%s: %d %s, want 422 naming %s", path, res.StatusCode, gist(body), field)
		}
	}
	res, page := a.get(a.people["drafter"], "/produk-hukum?region=sawahlunto&year=2026&jenis=perwali")
	if page = html.UnescapeString(page); res.StatusCode != 200 ||
		!strings.Contains(page, `<link rel="alternate" type="application/atom+xml" href="/produk-hukum.atom?jenis=perwali&region=sawahlunto&year=2026"`) {
		t.Errorf("the filtered list does not name the feed of what it shows: %d %s", res.StatusCode, gist(page))
	}

	// The list page names the city's feed, in its head and in a link.
	res, page = a.get(a.people["drafter"], "/produk-hukum?region=sawahlunto")
	page = html.UnescapeString(page)
	if res.StatusCode != 200 || !strings.Contains(page, `<link rel="alternate" type="application/atom+xml" href="/produk-hukum.atom?region=sawahlunto"`) ||
		!strings.Contains(page, `id="atom-link"`) {
		t.Errorf("the produk hukum page does not name its Atom feed: %d %s", res.StatusCode, gist(page))
	}
}
