package server

import (
	"html"
	"net/http/httptest"
	"net/url"
	"regexp"
	"testing"
)

// The language link of a page, errors included, is built from the request
// path alone and never points to another site.
func TestLanguageLinkStaysOnSite(t *testing.T) {
	pages, err := parseTemplates()
	if err != nil {
		t.Fatal(err)
	}
	h := (&Server{pages: pages}).routes()
	link := regexp.MustCompile(`<a href="([^"]*)" hreflang=`)
	for _, path := range []string{"//evil.example/x", "///evil.example", "/\\evil.example", "/\\/evil.example", "//evil.example\\@x",
		"/%2F%2Fevil.example", "/tidak-ada"} {
		r := httptest.NewRequest("GET", "/", nil)
		r.URL.Path, r.URL.RawPath, r.RequestURI = path, "", path
		r.Header.Set("Referer", "https://evil.example/")
		r.Host = "evil.example"
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		m := link.FindStringSubmatch(w.Body.String())
		if m == nil {
			t.Errorf("%q: %d, no language link", path, w.Code)
			continue
		}
		href := html.UnescapeString(m[1])
		u, err := url.Parse(href)
		if err != nil || u.Scheme != "" || u.Host != "" || len(href) < 2 || href[0] != '/' || href[1] == '/' || href[1] == '\\' {
			t.Errorf("%q: the language link is %q, want a path of this site", path, href)
		}
	}
}
