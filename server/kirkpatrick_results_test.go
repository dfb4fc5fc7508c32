package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Level 4: the unit's indicator is set while the program is planned (its
// value refused until the program is done: 409; a target no better than the
// baseline: 422 naming it); once done, the officer records the value on
// the page (a decimal comma); the figures and the policy's report show it
// against its baseline and target, and mark the missed target; every save
// is audited with its before.
func TestKirkpatrickResultIndicatorAndReport(t *testing.T) {
	a := newApp(t)
	id := a.approvedPolicy("uji-hasil")
	db := a.st.DB.SQL()
	officer, _ := a.st.DB.UserByEmail(t.Context(), roleEmails["unit_officer"])
	var program int64
	if err := db.Get(&program, `INSERT INTO programs (policy_id, unit_id, kind, title, starts_on, ends_on, jp, status)
		VALUES ($1, $2, 'pelatihan', 'Pelatihan layanan KTP', '2026-01-10', '2026-01-11', 8, 'planned') RETURNING id`, id, *officer.UnitID); err != nil {
		t.Fatal(err)
	}
	api := fmt.Sprintf("/api/v1/policies/%d/programs/%d", id, program)
	c, tok := http.DefaultClient, a.tokens["unit_officer"]
	indicator := map[string]any{"indicator": "Waktu layanan KTP", "unit_of_measure": "hari", "baseline": 14, "target": 7, "lower_is_better": true}
	if res, out := a.api(c, tok, "POST", api+"/kirkpatrick/result", indicator, ""); res.StatusCode != 200 || !strings.Contains(out, `"indicator":"Waktu layanan KTP"`) {
		t.Fatalf("the indicator of a planned program: %d %s", res.StatusCode, out)
	}
	worse := map[string]any{"indicator": "Waktu layanan KTP", "unit_of_measure": "hari", "baseline": 14, "target": 20, "lower_is_better": true}
	if res, out := a.api(c, tok, "POST", api+"/kirkpatrick/result", worse, ""); res.StatusCode != 422 || !strings.Contains(out, `"field":"target"`) {
		t.Errorf("a target worse than the baseline: %d %s, want 422 naming target", res.StatusCode, out)
	}
	measured := map[string]any{"indicator": "Waktu layanan KTP", "unit_of_measure": "hari", "baseline": 14, "target": 7, "lower_is_better": true,
		"actual": 9, "measured_on": "2026-07-01T00:00:00+07:00"}
	if res, _ := a.api(c, tok, "POST", api+"/kirkpatrick/result", measured, ""); res.StatusCode != http.StatusConflict {
		t.Errorf("a value before the program is done: %d, want 409", res.StatusCode)
	}
	db.MustExec(`UPDATE programs SET status = 'done' WHERE id = $1`, program)
	page := fmt.Sprintf("/policies/%d/programs/%d/kirkpatrick", id, program)
	off := a.people["unit_officer"]
	csrf := a.csrf(off, page)
	form := url.Values{"csrf": {csrf}, "indicator": {"Waktu layanan KTP"}, "unit_of_measure": {"hari"}, "baseline": {"14"}, "target": {"7"},
		"lower_is_better": {"1"}, "actual": {"9,5"}, "measured_on": {"2026-07-01"}}
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("actual", "sembilan")
	if res, out := a.form(off, page+"/result", bad); res.StatusCode != 422 || !strings.Contains(out, "nilai capaian harus angka") {
		t.Errorf("a value that is no number: %d, want 422 naming actual", res.StatusCode)
	}
	if res, _ := a.form(off, page+"/result", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the page's form: %d, want 303", res.StatusCode)
	}
	if res, out := a.get(off, page); res.StatusCode != 200 || !strings.Contains(out, "9,50") || !strings.Contains(out, "target belum tercapai") {
		t.Errorf("the Kirkpatrick page: %d, want the value 9,50 and the missed target", res.StatusCode)
	}
	var audited int
	db.Get(&audited, `SELECT count(*) FROM audit_log WHERE policy_id = $1 AND action = 'kirkpatrick.result'`, id)
	if audited != 2 {
		t.Errorf("audited saves: %d, want 2 (the indicator, then its value with the before)", audited)
	}

	// The figures and the policy's report.
	res, out := a.api(c, a.tokens["leader"], "GET", api+"/kirkpatrick", nil, "")
	var sum struct {
		Result *struct {
			Actual   float64 `json:"actual"`
			Baseline float64 `json:"baseline"`
		} `json:"result"`
		TargetReached *bool `json:"target_reached"`
	}
	json.Unmarshal([]byte(out), &sum)
	if res.StatusCode != 200 || sum.Result == nil || sum.Result.Actual != 9.5 || sum.Result.Baseline != 14 || sum.TargetReached == nil || *sum.TargetReached {
		t.Errorf("the program's figures: %d %s; want the value 9.5 against 14, target missed", res.StatusCode, out)
	}
	if res, out := a.get(a.people["leader"], fmt.Sprintf("/policies/%d/kirkpatrick", id)); res.StatusCode != 200 ||
		!strings.Contains(out, "Pelatihan layanan KTP") || !strings.Contains(out, "Waktu layanan KTP") || !strings.Contains(out, "target tidak tercapai") {
		t.Errorf("the policy's report page: %d, want the program, its indicator and the missed target", res.StatusCode)
	}
}

// The region sets the months after a program's end at which levels 3 and 4
// are asked: out of range is 422 naming the field; a change is audited and
// shown on the settings page; left out, the months stay.
func TestKirkpatrickRegionMonths(t *testing.T) {
	a := newApp(t)
	c, tok := http.DefaultClient, a.tokens["admin"]
	settings := func(extra map[string]any) map[string]any {
		s := map[string]any{"time_zone": "WIB", "jp_min_pns": 20, "jp_min_pppk": 20, "ikm_threshold_default": 76.61}
		for k, v := range extra {
			s[k] = v
		}
		return s
	}
	if res, out := a.api(c, tok, "POST", "/api/v1/admin/settings", settings(map[string]any{"kp_behaviour_months": 30}), ""); res.StatusCode != 422 || !strings.Contains(out, `"field":"kp_behaviour_months"`) {
		t.Errorf("30 months: %d %s, want 422 naming kp_behaviour_months", res.StatusCode, out)
	}
	if res, out := a.api(c, tok, "POST", "/api/v1/admin/settings", settings(map[string]any{"kp_behaviour_months": 4, "kp_results_months": 9}), ""); res.StatusCode != 200 ||
		!strings.Contains(out, `"kp_behaviour_months":4`) || !strings.Contains(out, `"kp_results_months":9`) {
		t.Fatalf("4 and 9 months: %d %s", res.StatusCode, out)
	}
	if res, out := a.api(c, tok, "POST", "/api/v1/admin/settings", settings(nil), ""); res.StatusCode != 200 || !strings.Contains(out, `"kp_behaviour_months":4`) {
		t.Errorf("settings without the months: %d %s, want them kept", res.StatusCode, out)
	}
	var audited int
	a.st.DB.SQL().Get(&audited, `SELECT count(*) FROM audit_log WHERE action = 'region.updated' AND after->>'kp_results_months' = '9'`)
	if audited == 0 {
		t.Error("the change of months is not audited")
	}
	if res, out := a.get(a.people["admin"], "/admin/settings"); res.StatusCode != 200 || !strings.Contains(out, `id="kp_results_months" name="kp_results_months" type="number" min="1" max="36" value="9"`) {
		t.Errorf("the settings page: %d, want the results months 9", res.StatusCode)
	}
}

// kirkpatrickTextCases are the hostile walk's cases of the results
// indicator (hostile_test.go): its name and unit of measure are kept
// verbatim (each value updates the indicator set before), a measured day
// that is no date is refused.
func (a *app) kirkpatrickTextCases(w world, js func(t *testing.T, role, path string, body any, header map[string]string) (*http.Response, string)) map[string][]textCase {
	db := a.st.DB.SQL()
	db.MustExec(`INSERT INTO program_results (program_id, indicator, unit_of_measure, baseline, target) VALUES ($1, 'Indikator awal', '%', 10, 20)`, w.program)
	path := fmt.Sprintf("/api/v1/policies/%d/programs/%d/kirkpatrick/result", w.draft, w.program)
	good := map[string]any{"indicator": "Waktu layanan", "unit_of_measure": "hari", "baseline": 14, "target": 7, "lower_is_better": true}
	send := func(field string, extra map[string]any) func(t *testing.T, i int, s string) (*http.Response, string) {
		return func(t *testing.T, _ int, s string) (*http.Response, string) {
			in := map[string]any{}
			for k, v := range good {
				in[k] = v
			}
			for k, v := range extra {
				in[k] = v
			}
			in[field] = s
			return js(t, "unit_officer", path, in, nil)
		}
	}
	kept := func(field string) textCase {
		return textCase{name: "POST /policies/{id}/programs/{pid}/kirkpatrick/result " + field, field: field, status: 200, send: send(field, nil),
			stored: func(t *testing.T, s, _ string) {
				var got string
				if err := db.Get(&got, `SELECT `+field+` FROM program_results WHERE program_id = $1`, w.program); err != nil || got != s {
					t.Errorf("%s %q kept as %q (%v)", field, s, got, err)
				}
			},
			changes: map[string]delta{"program_results": {1, 1}, "audit_log": {1, 0}}}
	}
	return map[string][]textCase{"ResultInput": {kept("indicator"), kept("unit_of_measure"),
		{name: "POST /policies/{id}/programs/{pid}/kirkpatrick/result measured_on", field: "measured_on", status: 400, refusedAs: "-",
			send: send("measured_on", map[string]any{"actual": 9})}}}
}
