package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// A consultation scheduled to open later (issue 26), by the API and the
// policy page's form: the policy stays a draft with no consultation
// recorded; the consultation page tells the drafter "dijadwalkan dibuka"
// with the date, time and zone (both languages), the public nothing; the
// drafter cancels it from that page (audited, a second cancel is 409); a
// period under the region's minimum counts from the scheduled opening.
func TestScheduledConsultationPageAndAPI(t *testing.T) {
	a := newApp(t)
	c, drafter := http.DefaultClient, a.tokens["drafter"]
	id := a.policyID("sawahlunto-peningkatan-kapasitas-asn")
	api := fmt.Sprintf("/api/v1/policies/%d/actions/", id)
	page := fmt.Sprintf("/policies/%d/consultation", id)
	wib := time.FixedZone("WIB", 7*3600)
	opens := time.Now().In(wib).Add(72 * time.Hour).Truncate(time.Hour)

	if res, out := a.api(c, a.tokens["admin"], "POST", "/api/v1/admin/settings", map[string]any{"consultation_min_days": 10, "consultation_min_mode": "refuse"}, ""); res.StatusCode != 200 {
		t.Fatalf("10 days, refuse: %d %s", res.StatusCode, out)
	}
	// 12 days from now but 9 from the opening: refused.
	if res, out := a.api(c, drafter, "POST", api+"open_consultation", map[string]any{"opens_at": opens, "closes_at": opens.Add(9 * 24 * time.Hour)}, ""); res.StatusCode != 422 ||
		!strings.Contains(out, `"field":"closes_at"`) {
		t.Errorf("9 days after the scheduled opening: %d %s, want 422 naming closes_at", res.StatusCode, out)
	}
	res, out := a.api(c, drafter, "POST", api+"open_consultation", map[string]any{"opens_at": opens, "closes_at": opens.Add(14 * 24 * time.Hour)}, "")
	if res.StatusCode != 200 || !strings.Contains(out, `"outcome":"consultation_scheduled"`) || !strings.Contains(out, `"status":"draft"`) {
		t.Fatalf("scheduled (API): %d %s, want consultation_scheduled with the policy a draft", res.StatusCode, out)
	}
	var recorded int
	a.st.DB.SQL().Get(&recorded, `SELECT count(*) FROM consultations WHERE policy_id = $1`, id)
	if recorded != 0 {
		t.Errorf("consultations recorded before the opening: %d, want 0", recorded)
	}
	dc := a.people["drafter"]
	for lang, want := range map[string]string{"id": "Dijadwalkan dibuka", "en": "Scheduled to open"} {
		when := opens.Format("15.04") + " WIB" // the date, time and zone as the page says them
		if lang == "en" {
			when = opens.Format("15:04") + " WIB"
		}
		if _, body := a.get(dc, page+"?lang="+lang); !strings.Contains(body, `id="scheduled-at"`) || !strings.Contains(body, want) || !strings.Contains(body, when) {
			t.Errorf("%s: the drafter's consultation page lacks %q at %q:\n%.800s", lang, want, when, gist(body))
		}
	}
	if _, body := a.get(a.people["anonymous"], page); strings.Contains(body, `id="scheduled-at"`) {
		t.Error("the public sees the schedule")
	}
	if _, body := a.get(dc, fmt.Sprintf("/policies/%d?lang=id", id)); !strings.Contains(body, `id="scheduled-note">Dijadwalkan dibuka`) {
		t.Errorf("the drafter's policy page does not say when it opens:\n%.800s", gist(body))
	}
	// Cancelled from the consultation page's form.
	res, out = a.form(dc, fmt.Sprintf("/policies/%d/actions/cancel_consultation_schedule", id), url.Values{"csrf": {a.csrf(dc, page)}, "return": {"consultation"}})
	if loc := res.Header.Get("Location"); res.StatusCode != 303 || loc != page+"?done=act_done_cancel_consultation_schedule_consultation_schedule_cancelled" {
		t.Fatalf("cancel (form): %d to %q %.300s", res.StatusCode, loc, gist(out))
	}
	if _, body := a.get(dc, res.Header.Get("Location")+"&lang=id"); strings.Contains(body, `id="scheduled-at"`) || !strings.Contains(body, "Jadwal pembukaan konsultasi dibatalkan.") {
		t.Errorf("after cancelling, the page still shows the schedule or lacks the notice:\n%.800s", gist(body))
	}
	if res, out := a.api(c, drafter, "POST", api+"cancel_consultation_schedule", map[string]any{}, ""); res.StatusCode != 409 {
		t.Errorf("a second cancel: %d %s, want 409", res.StatusCode, out)
	}
	// Scheduled again from the policy page's form.
	path := fmt.Sprintf("/policies/%d", id)
	f := url.Values{"csrf": {a.csrf(dc, path)}, "version_number": {"1"}, "opens_at": {opens.Format("2006-01-02T15:04")},
		"closes_at": {opens.Add(15 * 24 * time.Hour).Format("2006-01-02T15:04")}}
	res, out = a.form(dc, path+"/actions/open_consultation", f)
	if loc := res.Header.Get("Location"); res.StatusCode != 303 || loc != page+"?done=act_done_open_consultation_consultation_scheduled" {
		t.Fatalf("scheduled (form): %d to %q %.300s", res.StatusCode, loc, gist(out))
	}
	if _, body := a.get(dc, res.Header.Get("Location")+"&lang=id"); !strings.Contains(body, `id="scheduled-at"`) || !strings.Contains(body, "Pembukaan konsultasi publik dijadwalkan.") {
		t.Errorf("after scheduling by the form, the page lacks the schedule or the notice:\n%.800s", gist(body))
	}
	var audited int
	a.st.DB.SQL().Get(&audited, `SELECT count(*) FROM audit_log WHERE policy_id = $1 AND action IN ('consultation.scheduled', 'cancel_consultation_schedule')`, id)
	if audited != 3 {
		t.Errorf("audited schedule changes: %d, want 3 (scheduled, cancelled, scheduled)", audited)
	}
	if _, body := a.get(dc, path+"/history?lang=id"); !strings.Contains(body, "Pembukaan konsultasi publik dijadwalkan") {
		t.Errorf("the history does not name the scheduling:\n%.800s", gist(body))
	}
}
