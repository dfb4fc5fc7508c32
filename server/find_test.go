package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// A resident finds what is open (issue 26): the public "Konsultasi
// dibuka" page lists a consultation open to the public with its city, when
// it closes in the city's zone and how long is left, and the way to take
// part; another city's consultation on an internal draft, a closed one and
// one past its deadline are absent, for the signed-out reader and for
// another city's staff alike; per city the list is the city's, or says in
// words that nothing is open. The calendar of deadlines has the same
// consultation, its DTEND the deadline, its UID the same on every fetch.
func TestOpenConsultationsFound(t *testing.T) {
	a := newApp(t)
	db := a.st.DB.SQL()
	open := a.openPublicConsultation(t) // Sawahlunto, closes in 72 hours, open to the public
	var title string
	var closes time.Time
	var cid int64
	if err := db.QueryRow(`SELECT p.title, c.closes_at, c.id FROM consultations c JOIN policies p ON p.id = c.policy_id
		WHERE c.policy_id = $1 AND c.closed_at IS NULL`, open).Scan(&title, &closes, &cid); err != nil {
		t.Fatal(err)
	}
	// Another city's draft with a consultation open in the record (its
	// policy not in consultation: the draft is internal), a closed
	// consultation and one past its deadline.
	foreign := a.policyID("pangkalpinang-pengembangan-kompetensi-asn")
	var foreignTitle, foreignStatus string
	db.QueryRow(`SELECT title, status FROM policies WHERE id = $1`, foreign).Scan(&foreignTitle, &foreignStatus)
	if foreignStatus == "consultation" {
		t.Fatalf("the foreign policy is in consultation: the test needs an internal draft")
	}
	other := a.policyID("sawahlunto-peningkatan-kapasitas-asn")
	var otherTitle string
	db.Get(&otherTitle, `SELECT title FROM policies WHERE id = $1`, other)
	db.MustExec(`INSERT INTO consultations (policy_id, version_id, workflow_id, opened_by, opened_at, closes_at, allow_public, closed_at, closed_reason)
		SELECT p.id, p.current_version_id, 'cari-uji-'||p.id||'-'||n, u.id, now() - interval '3 days', now() + make_interval(hours => n), true,
			CASE WHEN n = 2 THEN now() - interval '1 hour' END, CASE WHEN n = 2 THEN 'early' END
		FROM policies p, users u, (VALUES (1), (2)) AS k(n)
		WHERE p.id = CASE WHEN k.n = 1 THEN $1::bigint ELSE $2::bigint END AND u.email = 'penyusun.sawahlunto@policyflow.test'`, foreign, other)
	db.MustExec(`INSERT INTO consultations (policy_id, version_id, workflow_id, opened_by, opened_at, closes_at, allow_public)
		SELECT p.id, p.current_version_id, 'cari-uji-lewat', u.id, now() - interval '3 days', now() - interval '1 minute', true
		FROM policies p, users u WHERE p.id = $1 AND u.email = 'penyusun.sawahlunto@policyflow.test'`, other)

	for _, role := range []string{"anonymous", "drafter"} { // the drafter is Sawahlunto's: Pangkalpinang's draft is not theirs
		_, page := a.get(a.people[role], "/konsultasi?lang=id")
		item := page[strings.Index(page, fmt.Sprintf(`id="konsultasi-%d"`, cid))+1:]
		item = item[:max(strings.Index(item, "</li>"), 0)]
		wantZone := closes.In(time.FixedZone("WIB", 7*3600)).Format("15.04") + " WIB"
		for _, want := range []string{title, "Kota: Kota Sawahlunto", "3 hari lagi", wantZone, "Terbuka untuk umum", fmt.Sprintf(`href="/policies/%d"`, open), "Baca dan beri pendapat"} {
			if !strings.Contains(item, want) {
				t.Errorf("%s: the open consultation does not show %q: %s", role, want, gist(item))
			}
		}
		for _, absent := range []string{foreignTitle, otherTitle} {
			if strings.Contains(page, absent) {
				t.Errorf("%s: the page lists %q (an internal draft, a closed or a past consultation): %s", role, absent, gist(page))
			}
		}
	}
	_, en := a.get(a.client(), "/konsultasi?lang=en")
	if !strings.Contains(en, "3 days left") || !strings.Contains(en, "Open to the public") || !strings.Contains(en, "City: Kota Sawahlunto") {
		t.Errorf("English page: %s", gist(en))
	}
	_, city := a.get(a.client(), "/konsultasi?region=pangkalpinang")
	if strings.Contains(city, title) || strings.Contains(city, foreignTitle) || !strings.Contains(city, "Saat ini tidak ada konsultasi yang dibuka di kota ini.") {
		t.Errorf("Pangkalpinang's page: %s", gist(city))
	}
	if _, own := a.get(a.client(), "/konsultasi?region=sawahlunto"); !strings.Contains(own, title) {
		t.Errorf("Sawahlunto's page lacks its consultation: %s", gist(own))
	}
	if res, out := a.get(a.client(), "/konsultasi?region=atlantis"); res.StatusCode != 422 || !strings.Contains(out, `wilayah &#34;atlantis&#34; tidak dikenal`) {
		t.Errorf("an unknown city: %d %s", res.StatusCode, gist(out))
	}

	// The calendar, across cities and per city.
	var uid string
	for _, path := range []string{"/konsultasi.ics", "/konsultasi.ics?region=sawahlunto", "/konsultasi.ics"} {
		res, body := a.get(a.client(), path)
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/calendar") {
			t.Fatalf("%s: %d %s", path, res.StatusCode, res.Header.Get("Content-Type"))
		}
		events := parseICal(t, body)
		if len(events) != 1 {
			t.Fatalf("%s: %d events, want 1: %s", path, len(events), body)
		}
		ev := events[0]
		if ev["DTEND"] != closes.UTC().Format("20060102T150405Z") || !strings.Contains(ev["SUMMARY"], title) ||
			ev["URL;VALUE=URI"] != fmt.Sprintf("%s/policies/%d", a.srv.URL, open) || ev["DTSTAMP"] == "" {
			t.Errorf("%s: event %v (deadline %s)", path, ev, closes.UTC())
		}
		if uid != "" && ev["UID"] != uid {
			t.Errorf("UID changed between fetches: %s then %s", uid, ev["UID"])
		}
		uid = ev["UID"]
	}
	if _, body := a.get(a.client(), "/konsultasi.ics?region=pangkalpinang"); len(parseICal(t, body)) != 0 {
		t.Errorf("Pangkalpinang's calendar has events: %s", body)
	}

	// The site search finds open consultations first, on the page and in the
	// API (for the drafter, who finds the region's drafts too).
	var found struct {
		Policies []struct {
			ID     int64  `json:"id"`
			Status string `json:"status"`
		} `json:"policies"`
	}
	res, out := a.api(http.DefaultClient, a.tokens["drafter"], "GET", "/api/v1/policies?q=ASN", nil, "")
	if err := json.Unmarshal([]byte(out), &found); err != nil || res.StatusCode != 200 {
		t.Fatalf("search: %d %v %s", res.StatusCode, err, out)
	}
	others := 0
	for _, p := range found.Policies {
		if p.Status != "consultation" {
			others++
		} else if others > 0 {
			t.Errorf("search: a consultation after %d other policies: %+v", others, found.Policies)
		}
	}
	if len(found.Policies) == 0 || found.Policies[0].ID != open || others == 0 {
		t.Errorf("search: the open consultation %d is not first among others: %+v", open, found.Policies)
	}
	_, page := a.get(a.people["drafter"], "/policies?q=ASN")
	first := regexp.MustCompile(`href="/policies/(\d+)"`).FindStringSubmatch(page)
	if first == nil || first[1] != fmt.Sprint(open) {
		t.Errorf("search page: the open consultation is not listed first: %s", gist(page))
	}
}

// parseICal reads an iCalendar file as RFC 5545 has it: CRLF lines,
// unfolded, each VEVENT's properties by name; an error fails the test.
func parseICal(t *testing.T, body string) []map[string]string {
	t.Helper()
	if !strings.HasPrefix(body, "BEGIN:VCALENDAR\r\n") || !strings.HasSuffix(body, "END:VCALENDAR\r\n") {
		t.Fatalf("not an iCalendar file: %q", body)
	}
	var events []map[string]string
	var ev map[string]string
	var lines []string
	for _, l := range strings.Split(strings.TrimSuffix(body, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line longer than 75 octets: %q", l)
		}
		if strings.HasPrefix(l, " ") {
			lines[len(lines)-1] += l[1:]
			continue
		}
		lines = append(lines, l)
	}
	for _, l := range lines {
		name, value, ok := strings.Cut(l, ":")
		switch {
		case !ok:
			t.Fatalf("content line without a value: %q", l)
		case l == "BEGIN:VEVENT":
			ev = map[string]string{}
		case l == "END:VEVENT":
			for _, p := range []string{"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"} {
				if ev[p] == "" {
					t.Errorf("event without %s: %v", p, ev)
				}
			}
			events = append(events, ev)
			ev = nil
		case ev != nil:
			ev[name] = value
		}
	}
	return events
}
