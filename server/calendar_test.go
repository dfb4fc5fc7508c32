package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The region's administrator changes the working-day calendar: a regional
// day off is added, a cuti bersama kept as a working day, each shown on
// the page and in the API and audited; a refused change names its field
// and saves nothing; another region's administrator cannot see or undo
// the change (404); undoing it restores the national day.
func TestRegionCalendar(t *testing.T) {
	a := newApp(t)
	admin := a.tokens["admin"]
	db := a.st.DB.SQL()
	count := func(q string) int {
		t.Helper()
		var n int
		if err := db.Get(&n, q); err != nil {
			t.Fatal(err)
		}
		return n
	}
	type day struct {
		On       string `json:"on"`
		Kind     string `json:"kind"`
		Name     string `json:"name"`
		ChangeID int64  `json:"change_id"`
		Working  bool   `json:"working"`
	}
	calendar := func(token string) (int, map[string]day) {
		t.Helper()
		res, out := a.api(http.DefaultClient, token, "GET", "/api/v1/admin/calendar", nil, "")
		var cal struct {
			TimeZone string `json:"time_zone"`
			Days     []day  `json:"days"`
		}
		if err := json.Unmarshal([]byte(out), &cal); err != nil {
			t.Fatalf("calendar: %d %v %s", res.StatusCode, err, out)
		}
		days := map[string]day{}
		for _, d := range cal.Days {
			days[d.On[:10]] = d
		}
		return res.StatusCode, days
	}
	if _, days := calendar(admin); days["2026-05-14"].Kind != "national" || days["2026-05-15"].Kind != "joint_leave" || days["2027-12-26"].Name != "Isra Mikraj Nabi Muhammad SAW" {
		t.Fatalf("seeded days missing: %+v %+v %+v", days["2026-05-14"], days["2026-05-15"], days["2027-12-26"])
	}

	// A regional day off and a kept cuti bersama.
	res, out := a.api(http.DefaultClient, admin, "POST", "/api/v1/admin/calendar", map[string]any{"on": "2026-12-11", "name": "Hari Jadi Kota Sawahlunto"}, "")
	if res.StatusCode != 201 {
		t.Fatalf("regional day: %d %s", res.StatusCode, out)
	}
	var regional struct{ ID int64 }
	json.Unmarshal([]byte(out), &regional)
	c := a.people["admin"]
	res, body := a.form(c, "/admin/calendar", url.Values{"csrf": {a.csrf(c, "/admin/calendar")}, "on": {"2026-05-15"}, "keep": {"1"}})
	if res.StatusCode != 303 {
		t.Fatalf("keep by page: %d %s", res.StatusCode, body)
	}
	_, days := calendar(admin)
	if d := days["2026-12-11"]; d.Kind != "regional" || d.ChangeID != regional.ID || d.Working {
		t.Errorf("regional day %+v", d)
	}
	if d := days["2026-05-15"]; !d.Working || d.ChangeID == 0 || d.Kind != "joint_leave" {
		t.Errorf("kept cuti bersama %+v, want a working day", d)
	}
	_, page := a.get(c, "/admin/calendar")
	for _, want := range []string{"Hari Jadi Kota Sawahlunto", "Hari libur daerah", "Jumat, 15 Mei 2026", "Hari kerja", "SKB", "1205"} {
		if !strings.Contains(page, want) {
			t.Errorf("calendar page lacks %q", want)
		}
	}
	if n := count(`SELECT count(*) FROM audit_log WHERE action = 'holiday.created'`); n != 2 {
		t.Errorf("%d audit rows for the two changes", n)
	}

	// Refusals name the field and save nothing.
	before := count(`SELECT count(*) FROM region_holidays`)
	for _, c := range []struct {
		body  map[string]any
		code  int
		field string
	}{
		{map[string]any{"on": "2026-05-16", "name": "Sabtu"}, 422, "on"},               // a Saturday
		{map[string]any{"on": "2026-08-17", "name": "Lagi"}, 422, "on"},                // already a national holiday
		{map[string]any{"on": "2026-12-14"}, 422, "name"},                              // a regional day needs a name
		{map[string]any{"on": "2026-12-14", "keep": true}, 422, "on"},                  // not a national day to keep
		{map[string]any{"on": "14/12/2026", "name": "X"}, 422, "on"},                   // not a date
		{map[string]any{"on": "2026-12-11", "name": "Hari Jadi Kota (lagi)"}, 409, ""}, // one change a day
	} {
		res, out := a.api(http.DefaultClient, admin, "POST", "/api/v1/admin/calendar", c.body, "")
		if res.StatusCode != c.code || (c.field != "" && !strings.Contains(out, fmt.Sprintf(`"field":%q`, c.field))) {
			t.Errorf("%v: %d %s, want %d naming %q", c.body, res.StatusCode, out, c.code, c.field)
		}
	}
	if after := count(`SELECT count(*) FROM region_holidays`); after != before {
		t.Errorf("refused changes saved rows: %d → %d", before, after)
	}

	// Another region's administrator neither sees nor undoes the change.
	other := a.token("admin.pangkalpinang@policyflow.test")
	if _, theirs := calendar(other); theirs["2026-12-11"].Name != "" || theirs["2026-05-15"].Working {
		t.Errorf("Kota Sawahlunto's changes show in another region: %+v %+v", theirs["2026-12-11"], theirs["2026-05-15"])
	}
	if res, out := a.api(http.DefaultClient, other, "POST", fmt.Sprintf("/api/v1/admin/calendar/%d/delete", regional.ID), nil, ""); res.StatusCode != 404 {
		t.Errorf("another region's admin undoing the change: %d %s, want 404", res.StatusCode, out)
	}

	// Undoing the kept day makes it a cuti bersama again.
	_, days = calendar(admin)
	if res, out := a.api(http.DefaultClient, admin, "POST", fmt.Sprintf("/api/v1/admin/calendar/%d/delete", days["2026-05-15"].ChangeID), nil, ""); res.StatusCode != 200 {
		t.Fatalf("undo: %d %s", res.StatusCode, out)
	}
	if _, days = calendar(admin); days["2026-05-15"].Working || days["2026-05-15"].ChangeID != 0 {
		t.Errorf("after undo %+v, want the cuti bersama back", days["2026-05-15"])
	}
	if n := count(`SELECT count(*) FROM audit_log WHERE action = 'holiday.deleted'`); n != 1 {
		t.Errorf("%d audit rows for the undo", n)
	}
}
