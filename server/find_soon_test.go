package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// A consultation scheduled to open to the public is findable before it
// opens (issue 26): /konsultasi lists it under "Segera dibuka" / "Opening
// soon" with its opening and close in its city's zone, and the calendar
// has the event of its opening and that of its deadline; one scheduled for
// invited stakeholders only is announced to no one (its draft stays the
// region's); opened (at once, by the drafter), it moves from the list of
// those to come to that of those open.
func TestScheduledConsultationFound(t *testing.T) {
	a := newApp(t)
	id := a.policyID("sawahlunto-peningkatan-kapasitas-asn")
	invited := a.policyID("sawahlunto-peningkatan-kompetensi-asn")
	var title, invitedTitle string
	a.st.DB.SQL().Get(&title, `SELECT title FROM policies WHERE id = $1`, id)
	a.st.DB.SQL().Get(&invitedTitle, `SELECT title FROM policies WHERE id = $1`, invited)
	wib := time.FixedZone("WIB", 7*3600)
	opens := time.Now().In(wib).Add(72 * time.Hour).Truncate(time.Hour)
	closes := opens.Add(20 * 24 * time.Hour)
	act := func(policy int64, action string, body map[string]any) {
		t.Helper()
		if res, out := a.api(http.DefaultClient, a.tokens["drafter"], "POST", fmt.Sprintf("/api/v1/policies/%d/actions/%s", policy, action), body, ""); res.StatusCode != 200 {
			t.Fatalf("%s: %d %s", action, res.StatusCode, out)
		}
	}
	act(id, "open_consultation", map[string]any{"opens_at": opens, "closes_at": closes, "allow_public": true})
	act(invited, "open_consultation", map[string]any{"opens_at": opens, "closes_at": closes})

	for lang, want := range map[string][]string{
		"id": {"Segera dibuka", "Dibuka: ", opens.Format("15.04") + " WIB", closes.Format("15.04") + " WIB"},
		"en": {"Opening soon", "Opens: ", opens.Format("15:04") + " WIB", closes.Format("15:04") + " WIB"},
	} {
		_, page := a.get(a.client(), "/konsultasi?region=sawahlunto&lang="+lang)
		i := strings.Index(page, fmt.Sprintf(`id="jadwal-%d"`, id))
		if i < 0 || !strings.Contains(page, `id="opening-soon"`) {
			t.Fatalf("%s: no scheduled consultation listed:\n%s", lang, gist(page))
		}
		item := page[i:]
		item = item[:strings.Index(item, "</li>")]
		for _, w := range append(want, title) {
			if !strings.Contains(page, w) || (w != want[0] && !strings.Contains(item, w)) {
				t.Errorf("%s: the scheduled consultation lacks %q: %s", lang, w, gist(item))
			}
		}
		if strings.Contains(page, invitedTitle) {
			t.Errorf("%s: an invited-only schedule is announced: %s", lang, gist(page))
		}
	}
	_, cal := a.get(a.client(), "/konsultasi.ics")
	events := parseICal(t, cal)
	utc := func(t time.Time) string { return t.UTC().Format("20060102T150405Z") }
	var opening, deadline bool
	for _, e := range events {
		opening = opening || (strings.HasPrefix(e["UID"], "opens-jadwal-konsultasi-") && e["DTSTART"] == utc(opens) && strings.HasPrefix(e["SUMMARY"], "Konsultasi dibuka: "))
		deadline = deadline || (strings.HasPrefix(e["UID"], "closes-jadwal-konsultasi-") && e["DTSTART"] == utc(opens) && e["DTEND"] == utc(closes))
	}
	if len(events) != 2 || !opening || !deadline {
		t.Errorf("the calendar: %v, want the opening and the deadline of the scheduled one only", events)
	}

	// Opened now instead: open, no longer to come.
	act(id, "open_consultation", map[string]any{"closes_at": closes, "allow_public": true})
	_, page := a.get(a.client(), "/konsultasi?region=sawahlunto")
	if strings.Contains(page, fmt.Sprintf(`id="jadwal-%d"`, id)) || !strings.Contains(page, title) {
		t.Errorf("opened at once: still to come, or not open:\n%s", gist(page))
	}
	_, cal = a.get(a.client(), "/konsultasi.ics")
	if strings.Contains(cal, "jadwal-konsultasi-") || len(parseICal(t, cal)) != 1 {
		t.Errorf("opened at once: the calendar\n%s", cal)
	}
}
