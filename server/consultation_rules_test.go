package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// A region's minimum consultation period (issue 26). The administrator sets
// it with its mode on the settings page and API (out of range: 422 naming
// the field; audited). In refuse mode a shorter consultation is 422 naming
// closes_at, saying the minimum, from the API and the form alike, and
// nothing is written; one as long as the minimum opens. In warn mode a
// shorter one opens, the answer carries the warning, the opening's audit
// row keeps it, and the drafter sees it on the consultation page (both
// languages); the public does not.
func TestConsultationMinimumPeriod(t *testing.T) {
	a := newApp(t)
	c, admin, drafter := http.DefaultClient, a.tokens["admin"], a.tokens["drafter"]
	db := a.st.DB.SQL()
	for _, tc := range []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{"consultation_min_days": 400}, "consultation_min_days"},
		{map[string]any{"consultation_min_mode": "never"}, "consultation_min_mode"},
	} {
		if res, out := a.api(c, admin, "POST", "/api/v1/admin/settings", tc.body, ""); res.StatusCode != 422 || !strings.Contains(out, `"field":"`+tc.field+`"`) {
			t.Errorf("settings %v: %d %s, want 422 naming %s", tc.body, res.StatusCode, out, tc.field)
		}
	}
	if res, out := a.api(c, admin, "POST", "/api/v1/admin/settings", map[string]any{"consultation_min_days": 10, "consultation_min_mode": "refuse"}, ""); res.StatusCode != 200 ||
		!strings.Contains(out, `"consultation_min_days":10`) || !strings.Contains(out, `"consultation_min_mode":"refuse"`) {
		t.Fatalf("10 days, refuse: %d %s", res.StatusCode, out)
	}
	var audited int
	db.Get(&audited, `SELECT count(*) FROM audit_log WHERE action = 'region.updated' AND after->>'consultation_min_mode' = 'refuse' AND after->>'consultation_min_days' = '10'`)
	if audited != 1 {
		t.Errorf("audited changes to 10 days, refuse: %d, want 1", audited)
	}

	wib := time.FixedZone("WIB", 7*3600)
	idA, idB := a.policyID("sawahlunto-peningkatan-kapasitas-asn"), a.policyID("sawahlunto-peningkatan-kompetensi-asn")
	apiOpen := func(id int64) string { return fmt.Sprintf("/api/v1/policies/%d/actions/open_consultation", id) }
	in := func(days int) time.Time { return time.Now().Add(time.Duration(days)*24*time.Hour + time.Hour) }
	dc := a.people["drafter"]
	openForm := func(id int64, days int) (*http.Response, string) {
		path := fmt.Sprintf("/policies/%d", id)
		return a.form(dc, path+"/actions/open_consultation", url.Values{"csrf": {a.csrf(dc, path)}, "version_number": {"1"},
			"closes_at": {in(days).In(wib).Format("2006-01-02T15:04")}})
	}

	// Refuse: 5 days is 422 naming closes_at with the minimum, API and form; nothing written.
	before := a.rows(t)
	if res, out := a.api(c, drafter, "POST", apiOpen(idA), map[string]any{"closes_at": in(5)}, ""); res.StatusCode != 422 ||
		!strings.Contains(out, `"field":"closes_at"`) || !strings.Contains(out, "paling singkat 10 hari") {
		t.Errorf("5 days in refuse mode (API): %d %s, want 422 naming closes_at and the 10 days", res.StatusCode, out)
	}
	if res, out := openForm(idA, 5); res.StatusCode != 422 || !strings.Contains(out, "paling singkat 10 hari") {
		t.Errorf("5 days in refuse mode (form): %d %.300s, want 422 saying the 10 days", res.StatusCode, gist(out))
	}
	expectChanges(t, before, a.rows(t), nil)
	// As long as the minimum: opens, with no warning; closed again.
	if res, out := a.api(c, drafter, "POST", apiOpen(idA), map[string]any{"closes_at": in(10)}, ""); res.StatusCode != 200 || strings.Contains(out, "warning") {
		t.Fatalf("10 days in refuse mode: %d %s, want opened with no warning", res.StatusCode, out)
	}
	if res, out := a.api(c, drafter, "POST", fmt.Sprintf("/api/v1/policies/%d/actions/close_consultation", idA), map[string]any{}, ""); res.StatusCode != 200 {
		t.Fatalf("close early: %d %s", res.StatusCode, out)
	}

	// Warn, set on the settings page.
	f := url.Values{"csrf": {a.csrf(a.people["admin"], "/admin/settings")}, "time_zone": {"WIB"}, "jp_min_pns": {"20"}, "jp_min_pppk": {"20"},
		"ikm_threshold_default": {"76.61"}, "consultation_min_days": {"10"}, "consultation_min_mode": {"warn"}}
	if res, out := a.form(a.people["admin"], "/admin/settings", f); res.StatusCode != 303 {
		t.Fatalf("settings page, warn: %d %.300s", res.StatusCode, gist(out))
	}
	if _, page := a.get(a.people["admin"], "/admin/settings"); !strings.Contains(page, `name="consultation_min_days" type="number" min="1" max="180" value="10"`) ||
		!strings.Contains(page, `<option value="warn" selected>`) {
		t.Errorf("the settings page does not show 10 days, warn:\n%.600s", gist(page))
	}
	res, out := a.api(c, drafter, "POST", apiOpen(idA), map[string]any{"closes_at": in(5)}, "")
	if res.StatusCode != 200 || !strings.Contains(out, `"warning":"lebih singkat dari minimum wilayah 10 hari`) {
		t.Fatalf("5 days in warn mode (API): %d %s, want opened with the warning", res.StatusCode, out)
	}
	var detail string
	db.Get(&detail, `SELECT detail FROM audit_log WHERE policy_id = $1 AND action = 'open_consultation' ORDER BY id DESC LIMIT 1`, idA)
	if !strings.Contains(detail, "peringatan: lebih singkat dari minimum wilayah 10 hari") {
		t.Errorf("the opening's audit row: %q, want the warning", detail)
	}
	page := fmt.Sprintf("/policies/%d/consultation", idA)
	for lang, want := range map[string]string{"id": "lebih singkat dari masa minimum wilayah", "en": "shorter than the region&#39;s minimum period"} {
		if _, out := a.get(dc, page+"?lang="+lang); !strings.Contains(out, `id="short-warning"`) || !strings.Contains(out, want) {
			t.Errorf("%s: the drafter's consultation page lacks the warning %q:\n%.600s", lang, want, gist(out))
		}
	}
	if _, out := a.get(a.people["anonymous"], page); strings.Contains(out, `id="short-warning"`) {
		t.Error("the public sees the drafter's warning")
	}
	if _, out := a.get(dc, fmt.Sprintf("/policies/%d/history", idA)); !strings.Contains(out, "peringatan: lebih singkat") {
		t.Errorf("the policy's history does not show the warning:\n%.600s", gist(out))
	}

	// The form in warn mode lands on the consultation page saying so.
	res, out = openForm(idB, 5)
	if loc := res.Header.Get("Location"); res.StatusCode != 303 || loc != fmt.Sprintf("/policies/%d/consultation?done=crules_done_opened_short", idB) {
		t.Fatalf("5 days in warn mode (form): %d to %q %.300s", res.StatusCode, loc, gist(out))
	}
	if _, out := a.get(dc, fmt.Sprintf("/policies/%d/consultation?done=crules_done_opened_short&lang=id", idB)); !strings.Contains(out, "lebih singkat dari masa minimum wilayah. Peringatan ini dicatat") ||
		!strings.Contains(out, `id="short-warning"`) {
		t.Errorf("the page after the form lacks the notice and the warning:\n%.600s", gist(out))
	}
}

// The answers deadline (days after a consultation closes): out of range
// is 422 naming it; a change is audited and shown. The consultation page
// tells the region's staff when the answers of a closed consultation are
// due, overdue once past with a comment unanswered, nothing once every
// comment has its published answer; the public sees none of it.
func TestAnswersDeadlineOnTheConsultationPage(t *testing.T) {
	a := newApp(t)
	c, admin := http.DefaultClient, a.tokens["admin"]
	if res, out := a.api(c, admin, "POST", "/api/v1/admin/settings", map[string]any{"answer_deadline_days": 400}, ""); res.StatusCode != 422 || !strings.Contains(out, `"field":"answer_deadline_days"`) {
		t.Errorf("400 days: %d %s, want 422 naming answer_deadline_days", res.StatusCode, out)
	}
	if res, out := a.api(c, admin, "POST", "/api/v1/admin/settings", map[string]any{"answer_deadline_days": 7}, ""); res.StatusCode != 200 || !strings.Contains(out, `"answer_deadline_days":7`) {
		t.Fatalf("7 days: %d %s", res.StatusCode, out)
	}
	var audited int
	a.st.DB.SQL().Get(&audited, `SELECT count(*) FROM audit_log WHERE action = 'region.updated' AND after->>'answer_deadline_days' = '7'`)
	if audited != 1 {
		t.Errorf("audited changes to 7 days: %d, want 1", audited)
	}
	if _, page := a.get(a.people["admin"], "/admin/settings"); !strings.Contains(page, `name="answer_deadline_days" type="number" min="1" max="365" value="7"`) {
		t.Errorf("the settings page does not show 7 days:\n%.600s", gist(page))
	}

	w := a.answersWorldOf(t, a.policyID("sawahlunto-peningkatan-kapasitas-asn"), false)
	// Closed 10 days ago, the comment made during it.
	a.st.DB.SQL().MustExec(`UPDATE consultations SET opened_at = now() - interval '12 days', closes_at = now() - interval '10 days',
		closed_at = now() - interval '10 days', closed_reason = 'deadline' WHERE id = $1`, w.consultation)
	a.st.DB.SQL().MustExec(`UPDATE comments SET created_at = now() - interval '11 days' WHERE id = $1`, w.comment)
	page := fmt.Sprintf("/policies/%d/consultation", w.policy)
	dc := a.people["drafter"]
	for lang, want := range map[string]string{"id": "Batas waktu jawaban sudah lewat", "en": "The answers deadline has passed"} {
		if _, out := a.get(dc, page+"?lang="+lang); !strings.Contains(out, `id="answers-due"`) || !strings.Contains(out, want) {
			t.Errorf("%s: the drafter's page lacks the overdue answers %q:\n%.800s", lang, want, gist(out))
		}
	}
	if _, out := a.get(a.people["anonymous"], page); strings.Contains(out, `id="answers-due"`) {
		t.Error("the public sees the answers deadline")
	}
	a.st.DB.SQL().MustExec(`INSERT INTO comment_answers (comment_id, consultation_id, disposition, reason, drafted_by, published_by, published_at)
		SELECT $1, $2, 'diterima', 'Diterima di Pasal 2', u.id, u.id, now() FROM users u WHERE u.email = 'penyusun.sawahlunto@policyflow.test'`, w.comment, w.consultation)
	if _, out := a.get(dc, page+"?lang=id"); strings.Contains(out, `id="answers-due"`) {
		t.Errorf("every comment answered, the page still shows a deadline:\n%.800s", gist(out))
	}
}
