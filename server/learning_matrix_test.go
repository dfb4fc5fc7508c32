package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
)

// badActivity is a learning activity refused before anything is saved:
// a NIP that is no NIP.
var badActivity = map[string]any{"nip": "123", "kind": "coaching", "title": "Coaching", "held_on": "2026-03-01", "minutes": 60, "proof": "Laporan"}

// learningActivityOf records an activity of the person rid of the roster,
// straight in SQL, and returns its id.
func learningActivityOf(t *testing.T, a *app, rid int64) (lid int64) {
	t.Helper()
	if err := a.st.DB.SQL().Get(&lid, `INSERT INTO learning_activities (region_id, nip, kind, title, held_on, minutes, proof)
		SELECT region_id, nip, 'coaching', 'Coaching uji', current_date, 60, 'Laporan' FROM asn_roster WHERE id = $1 RETURNING id`, rid); err != nil {
		t.Fatal(err)
	}
	return lid
}

// learningRoleCases are the non-classical learning routes in the route ×
// role matrix: personal data, the region's drafters' alone; the conversion
// table the region administrator's. Bad input is refused (422) before
// anything is saved. lid is an activity of the person rid.
func (a *app) learningRoleCases(rid int64) (pages []pageCase, api map[string]apiCase, lid int64) {
	lid = learningActivityOf(a.t, a, rid)
	badRules := url.Values{"basis_coaching": {"per_jam"}}
	pages = []pageCase{
		{"GET", "/learning", nil, only("drafter", 200)},
		{"POST", "/learning", url.Values{"nip": {"123"}, "kind": {"coaching"}}, only("drafter", 422)},
		{"POST", fmt.Sprintf("/learning/%d/remove", lid), url.Values{"reason": {""}}, only("drafter", 422)},
		{"POST", "/admin/learning-rules", badRules, only("admin", 422)},
	}
	api = map[string]apiCase{
		"GET /learning":               {nil, onlyAPI("drafter", 200)},
		"POST /learning":              {badActivity, onlyAPI("drafter", 422)},
		"POST /learning/{lid}/remove": {map[string]string{"reason": ""}, onlyAPI("drafter", 422)},
		"POST /admin/learning-rules":  {map[string]any{"rules": []map[string]any{{"kind": "coaching", "basis": "per_jam"}}}, onlyAPI("admin", 422)},
	}
	return pages, api, lid
}

// learningScopeCases are the learning routes in the region × unit matrix:
// each region's drafters read and write their own region's; Sawahlunto's
// activity lid is 404 to Pangkalpinang's drafter; the table is each region
// administrator's own.
func learningScopeCases(lid int64) []scopeCase {
	remove := fmt.Sprintf("/learning/%d/remove", lid)
	rules := map[string]any{"rules": []map[string]any{{"kind": "coaching", "basis": "per_jam"}}}
	return []scopeCase{
		{method: "GET", pattern: "/learning", path: "/learning", want: roleOnly(false, "drafter", 200)},
		{method: "POST", pattern: "/learning", path: "/learning", form: url.Values{"nip": {"123"}}, want: roleOnly(false, "drafter", 422)},
		{method: "POST", pattern: "/learning/{lid}/remove", path: remove, form: url.Values{"reason": {""}}, want: drafterOwn(false, 422)},
		{method: "POST", pattern: "/admin/learning-rules", path: "/admin/learning-rules", form: url.Values{"basis_coaching": {"per_jam"}}, want: roleOnly(false, "admin", 422)},
		{method: "GET", pattern: "/api/v1/learning", path: "/api/v1/learning", want: roleOnly(true, "drafter", 200)},
		{method: "POST", pattern: "/api/v1/learning", path: "/api/v1/learning", body: badActivity, want: roleOnly(true, "drafter", 422)},
		{method: "POST", pattern: "/api/v1/learning/{lid}/remove", path: "/api/v1" + remove, body: map[string]string{"reason": ""}, want: drafterOwn(true, 422)},
		{method: "POST", pattern: "/api/v1/admin/learning-rules", path: "/api/v1/admin/learning-rules", body: rules, want: roleOnly(true, "admin", 422)},
	}
}

// learningTextCases are the hostile-text cases of the learning API's
// bodies: a title, proof or removal reason is kept verbatim; a hostile
// NIP, kind or date is refused naming its field.
func (a *app) learningTextCases(js func(t *testing.T, role, path string, body any, header map[string]string) (*http.Response, string)) map[string][]textCase {
	db := a.st.DB.SQL()
	const nip = "197805052005011001"
	var rid int64
	if err := db.Get(&rid, `INSERT INTO asn_roster (region_id, nip, name, kind, unit_id)
		SELECT region_id, $1, 'Sari Serangan', 'PNS', unit_id FROM users WHERE email = $2 RETURNING id`, nip, roleEmails["unit_officer"]); err != nil {
		a.t.Fatal(err)
	}
	activity := func(field string) func(t *testing.T, i int, s string) (*http.Response, string) {
		return func(t *testing.T, i int, s string) (*http.Response, string) {
			in := map[string]any{"nip": nip, "kind": "mentoring", "title": "Mentoring", "held_on": "2026-04-01", "minutes": 90, "proof": "Laporan"}
			in[field] = s
			return js(t, "drafter", "/api/v1/learning", in, nil)
		}
	}
	stored := func(column string) func(t *testing.T, s, body string) {
		return a.storedByID(column, `SELECT `+column+` FROM learning_activities WHERE id = $1`)
	}
	added := map[string]delta{"learning_activities": {1, 0}, "audit_log": {1, 0}}
	// The activities the hostile reasons remove, one a request, made now so
	// a refused reason changes nothing.
	var removable []int64
	for range 64 {
		removable = append(removable, learningActivityOf(a.t, a, rid))
	}
	cases := map[string][]textCase{"LearningInput": {
		{name: "POST /learning nip", field: "nip", status: 422, send: activity("nip")},
		{name: "POST /learning kind", field: "kind", status: 422, send: activity("kind")},
		{name: "POST /learning held_on", field: "held_on", status: 422, send: activity("held_on")},
		{name: "POST /learning title", field: "title", status: 201, send: activity("title"), stored: stored("title"), changes: added},
		{name: "POST /learning proof", field: "proof", status: 201, send: activity("proof"), stored: stored("proof"), changes: added},
	}, "LearningRemoval": {
		{name: "POST /learning/{lid}/remove reason", field: "reason", status: 200, stored: stored("removed_reason"),
			changes: map[string]delta{"learning_activities": {1, 1}, "audit_log": {1, 0}}, // one row updated
			send: func(t *testing.T, i int, s string) (*http.Response, string) {
				return js(t, "drafter", fmt.Sprintf("/api/v1/learning/%d/remove", removable[i]), map[string]string{"reason": s}, nil)
			}},
	}}
	return cases
}
