package server_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// A notice after an action comes from the catalogue by its key, in the
// reader's language, never from the query string: opening a consultation
// from its form lands on the policy page saying so (in English too); a
// link with official-sounding text in ?done= shows nothing of it, signed
// out (the cached page) or signed in.
func TestNoticesComeFromTheCatalogue(t *testing.T) {
	a := newApp(t)
	id := a.policyID("sawahlunto-peningkatan-kapasitas-asn")
	path := fmt.Sprintf("/policies/%d", id)
	dc := a.people["drafter"]
	// 15 days: longer than the region's minimum, so no warning (consultation_rules_test.go).
	f := url.Values{"csrf": {a.csrf(dc, path)}, "closes_at": {time.Now().Add(15 * 24 * time.Hour).In(time.FixedZone("WIB", 7*3600)).Format("2006-01-02T15:04")},
		"version_number": {"1"}}
	res, out := a.form(dc, path+"/actions/open_consultation", f)
	if res.StatusCode != 303 {
		t.Fatalf("open consultation: %d %.300s", res.StatusCode, out)
	}
	loc := res.Header.Get("Location")
	if loc != path+"?done=act_done_open_consultation_consultation_opened" {
		t.Fatalf("after the action: Location %q, want the policy page with the notice's key", loc)
	}
	for lang, want := range map[string]string{"id": "Konsultasi publik dibuka.", "en": "Public consultation opened."} {
		if _, page := a.get(dc, loc+"&lang="+lang); !strings.Contains(page, `id="done">`+want+`</p>`) {
			t.Errorf("%s: the page after the action lacks the notice %q:\n%.400s", lang, want, gist(page))
		}
	}

	forged := "Kebijakan ini telah dicabut oleh Wali Kota"
	for _, p := range []string{path, path + "/consultation", path + "/moderation", "/settings"} {
		for name, c := range map[string]*http.Client{"anonymous": a.people["anonymous"], "drafter": dc} {
			if name == "anonymous" && (p == "/settings" || p == path+"/moderation") {
				continue
			}
			res, page := a.get(c, p+"?done="+url.QueryEscape(forged))
			if res.StatusCode != 200 {
				t.Errorf("GET %s as %s: %d", p, name, res.StatusCode)
				continue
			}
			if strings.Contains(page, forged) || strings.Contains(page, html.EscapeString(forged)) || strings.Contains(page, `id="done"`) {
				t.Errorf("GET %s?done=… as %s shows the query's text as a notice", p, name)
			}
		}
	}
}
