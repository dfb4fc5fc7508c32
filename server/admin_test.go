package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// adminWorld is what the administration routes of the matrices act on, all
// in Kota Sawahlunto: a unit, the approval chain, stakeholder groups and
// acting appointments (one of each to remove by page and one by API).
type adminWorld struct {
	unit, chain             int64
	group, groupDel, grpAPI int64
	acting, actAPI          int64
	holiday, holAPI         int64 // regional days off, to take out by page and by API
	paraf, parafAPI         int64 // paraf steps, to take out by page and by API (paraf_matrix_test.go)
	change                  int64 // a change of power the region's administrator proposed (changes_matrix_test.go)
}

func (a *app) adminWorld(t *testing.T) adminWorld {
	t.Helper()
	db := a.st.DB.SQL()
	var w adminWorld
	region := `(SELECT region_id FROM users WHERE email = 'admin.sawahlunto@policyflow.test')`
	if err := db.Get(&w.unit, `SELECT id FROM units WHERE code = 'dinkes' AND region_id = `+region); err != nil {
		t.Fatal(err)
	}
	if err := db.Get(&w.chain, `SELECT id FROM approval_chains WHERE superseded_by IS NULL AND region_id = `+region+` ORDER BY id LIMIT 1`); err != nil {
		t.Fatal(err)
	}
	for i, dst := range []*int64{&w.group, &w.groupDel, &w.grpAPI} {
		if err := db.Get(dst, `INSERT INTO stakeholder_groups (region_id, name, kind) VALUES (`+region+`, $1, 'akademisi') RETURNING id`,
			fmt.Sprintf("Kelompok matriks %d", i)); err != nil {
			t.Fatal(err)
		}
	}
	for _, dst := range []*int64{&w.holiday, &w.holAPI} {
		// A day of 2031 no other change of the region has taken.
		if err := db.Get(dst, `INSERT INTO region_holidays (region_id, on_date, kind, name)
			SELECT `+region+`, '2031-01-01'::date + count(*)::int, 'regional', 'Hari jadi matriks' FROM region_holidays RETURNING id`); err != nil {
			t.Fatal(err)
		}
	}
	w.paraf, w.parafAPI = a.parafStepsToRemove(t)
	w.change = a.pendingChange(t, a.st.UserID(t, "admin.sawahlunto@policyflow.test"))
	for i, dst := range []*int64{&w.acting, &w.actAPI} {
		if err := db.Get(dst, `INSERT INTO acting_officials (region_id, principal_id, acting_id, kind, letter_number, letter_date, starts_on, ends_on, appointed_by)
			SELECT p.region_id, p.id, k.id, 'plt', $1, current_date, current_date, current_date + 10, p.id
			FROM users p, users k WHERE p.email = 'sekda.sawahlunto@policyflow.test' AND k.email = 'kepala.sawahlunto@policyflow.test' RETURNING id`,
			fmt.Sprintf("SP/%d", i)); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

// adminPaths gives the hostile tests a real value for each administration path parameter.
func (a *app) adminPaths(t *testing.T, path map[string]string) {
	w := a.adminWorld(t)
	path["uid"], path["chid"], path["gid"], path["aid"] = fmt.Sprint(w.unit), fmt.Sprint(w.chain), fmt.Sprint(w.group), fmt.Sprint(w.acting)
	path["hid"], path["psid"], path["cid"] = fmt.Sprint(w.holiday), fmt.Sprint(w.paraf), fmt.Sprint(w.change)
}

// replace fills the administration path parameters of an API route.
func (w adminWorld) replace(path string, api bool) string {
	del, act, hol, ps := w.groupDel, w.acting, w.holiday, w.paraf
	if api {
		del, act, hol, ps = w.grpAPI, w.actAPI, w.holAPI, w.parafAPI
	}
	return strings.NewReplacer("{gid}/delete", fmt.Sprint(del)+"/delete", "{gid}", fmt.Sprint(w.group), "{uid}", fmt.Sprint(w.unit),
		"{chid}", fmt.Sprint(w.chain), "{aid}", fmt.Sprint(act), "{hid}", fmt.Sprint(hol), "{psid}", fmt.Sprint(ps), "{cid}", fmt.Sprint(w.change)).Replace(path)
}

// adminRoleCases are the administration routes of the route × role matrix.
func adminRoleCases(w adminWorld) (pages []pageCase, api map[string]apiCase) {
	acting := func(admin, leader int) want {
		return want{"anonymous": 303, "admin": admin, "leader": leader, "*": 403}
	}
	u, g, c := fmt.Sprintf("/admin/units/%d", w.unit), fmt.Sprintf("/admin/groups/%d", w.group), fmt.Sprintf("/admin/chains/%d", w.chain)
	pages = []pageCase{
		{"GET", "/admin", nil, only("admin", 200)},
		{"GET", "/admin/calendar", nil, only("admin", 200)},
		{"GET", "/admin/acting-rules", nil, only("admin", 200)},
		{"POST", "/admin/acting-rules", url.Values{"rows": {"1"}, "principal_0": {""}, "acting_0": {"Wakil Wali Kota"}, "kinds_0": {"plt"}}, only("admin", 422)},
		{"POST", "/admin/calendar", url.Values{"on": {"2026-05-16"}, "name": {"Sabtu"}}, only("admin", 422)},
		{"POST", fmt.Sprintf("/admin/calendar/%d/delete", w.holiday), url.Values{}, only("admin", 303)},
		{"GET", "/admin/settings", nil, only("admin", 200)},
		{"POST", "/admin/settings", url.Values{"time_zone": {"UTC"}, "jp_min_pns": {"20"}, "jp_min_pppk": {"20"}, "ikm_threshold_default": {"76.61"}}, only("admin", 422)},
		{"GET", "/admin/units", nil, only("admin", 200)},
		{"POST", "/admin/units", url.Values{"code": {"Bukan Kode"}, "name": {"X"}}, only("admin", 422)},
		{"GET", u, nil, only("admin", 200)},
		{"POST", u, url.Values{"name": {""}}, only("admin", 422)},
		{"GET", "/admin/groups", nil, only("admin", 200)},
		{"POST", "/admin/groups", url.Values{"name": {"X"}, "kind": {"rahasia"}}, only("admin", 422)},
		{"GET", g, nil, only("admin", 200)},
		{"POST", g, url.Values{"name": {"X"}, "kind": {"rahasia"}}, only("admin", 422)},
		{"POST", fmt.Sprintf("/admin/groups/%d/delete", w.groupDel), url.Values{}, only("admin", 303)},
		{"GET", "/admin/chains", nil, only("admin", 200)},
		{"GET", "/admin/chains/new", nil, only("admin", 200)},
		{"POST", "/admin/chains", url.Values{"name": {"X"}, "stage_count": {"0"}}, only("admin", 422)},
		{"GET", c, nil, only("admin", 200)},
		{"POST", c, url.Values{"name": {"X"}, "stage_count": {"0"}}, only("admin", 422)},
		{"GET", "/acting", nil, acting(200, 200)},
		{"POST", "/acting", url.Values{"kind": {"pj"}}, acting(422, 422)},
		// The appointment is the Sekda's: not the Kabid's to revoke.
		{"POST", fmt.Sprintf("/acting/%d/revoke", w.acting), url.Values{}, acting(303, 404)},
	}
	api = map[string]apiCase{
		"GET /admin/audit":                  {nil, onlyAPI("admin", 200)},
		"GET /admin/calendar":               {nil, onlyAPI("admin", 200)},
		"GET /admin/acting-rules":           {nil, onlyAPI("admin", 200)},
		"POST /admin/acting-rules":          {map[string]any{"plt_max_months": 13}, onlyAPI("admin", 422)},
		"POST /admin/calendar":              {map[string]any{"on": "2026-05-14", "name": "Kenaikan"}, onlyAPI("admin", 422)},
		"POST /admin/calendar/{hid}/delete": {nil, onlyAPI("admin", 200)},
		"GET /admin/settings":               {nil, onlyAPI("admin", 200)},
		"POST /admin/settings":              {map[string]any{"time_zone": "UTC"}, onlyAPI("admin", 422)},
		"GET /admin/units":                  {nil, onlyAPI("admin", 200)},
		"POST /admin/units":                 {map[string]any{"code": "Bukan Kode", "name": "X"}, onlyAPI("admin", 422)},
		"GET /admin/units/{uid}":            {nil, onlyAPI("admin", 200)},
		"POST /admin/units/{uid}":           {map[string]any{"name": ""}, onlyAPI("admin", 422)},
		"GET /admin/groups":                 {nil, onlyAPI("admin", 200)},
		"POST /admin/groups":                {map[string]any{"name": "X", "kind": "rahasia"}, onlyAPI("admin", 422)},
		"GET /admin/groups/{gid}":           {nil, onlyAPI("admin", 200)},
		"POST /admin/groups/{gid}":          {map[string]any{"name": "X", "kind": "rahasia"}, onlyAPI("admin", 422)},
		"POST /admin/groups/{gid}/delete":   {nil, onlyAPI("admin", 200)},
		"GET /admin/chains":                 {nil, onlyAPI("admin", 200)},
		"POST /admin/chains":                {map[string]any{"name": "X", "stages": []any{}}, onlyAPI("admin", 422)},
		"GET /admin/chains/{chid}":          {nil, onlyAPI("admin", 200)},
		"POST /admin/chains/{chid}":         {map[string]any{"name": "X", "stages": []any{}}, onlyAPI("admin", 422)},
		"GET /acting":                       {nil, want{"anonymous": 401, "admin": 200, "leader": 200, "*": 403}},
		"POST /acting":                      {map[string]any{"kind": "pj"}, want{"anonymous": 401, "admin": 422, "leader": 422, "*": 403}},
		"POST /acting/{aid}/revoke":         {nil, want{"anonymous": 401, "admin": 200, "leader": 404, "*": 403}},
	}
	return pages, api
}

// scopedStatus is the answer of a route of roles to p: signed out, 401 or
// the sign-in redirect; another role, 403; another region's record (not
// a list), 404; else ok.
func scopedStatus(api bool, roles []string, list bool, ok int) func(p principal) int {
	return func(p principal) int {
		switch {
		case p.anon() && api:
			return 401
		case p.anon():
			return 303
		case !slices.Contains(roles, p.role):
			return 403
		case !p.own && !list:
			return 404
		}
		return ok
	}
}

// adminScopeCases are the administration routes of the region × unit
// matrix: only the region's administrator (and, for acting officials, its
// leaders) manage it; another region's administrator gets 404 for its objects.
func adminScopeCases(w adminWorld) []scopeCase {
	status := scopedStatus
	admin := []string{"admin"}
	actingRoles := []string{"admin", "leader"}
	var cs []scopeCase
	for _, api := range []bool{false, true} {
		pre := ""
		if api {
			pre = "/api/v1"
		}
		ok := 303
		if api {
			ok = 200
		}
		path := func(p string) string { return pre + w.replace(p, api) }
		add := func(method, pattern string, form url.Values, body any, want func(principal) int) {
			cs = append(cs, scopeCase{method: method, pattern: pre + pattern, path: path(pattern), form: form, body: body, want: want})
		}
		if !api {
			add("GET", "/admin", nil, nil, status(false, admin, true, 200))
			add("GET", "/admin/chains/new", nil, nil, status(false, admin, true, 200))
		} else {
			add("GET", "/admin/audit", nil, nil, status(true, admin, true, 200))
		}
		add("GET", "/admin/calendar", nil, nil, status(api, admin, true, 200))
		add("GET", "/admin/acting-rules", nil, nil, status(api, admin, true, 200))
		add("POST", "/admin/acting-rules", url.Values{"plh_max_days": {"400"}}, map[string]any{"plh_max_days": 400}, status(api, admin, true, 422))
		add("POST", "/admin/calendar", url.Values{"on": {"31-12-2026"}}, map[string]any{"on": "31-12-2026"}, status(api, admin, true, 422))
		add("POST", "/admin/calendar/{hid}/delete", url.Values{}, nil, status(api, admin, false, ok))
		add("GET", "/admin/settings", nil, nil, status(api, admin, true, 200))
		add("POST", "/admin/settings", url.Values{"time_zone": {"UTC"}}, map[string]any{"time_zone": "UTC"}, status(api, admin, true, 422))
		add("GET", "/admin/units", nil, nil, status(api, admin, true, 200))
		add("POST", "/admin/units", url.Values{"code": {"Bukan Kode"}}, map[string]any{"code": "Bukan Kode"}, status(api, admin, true, 422))
		add("GET", "/admin/units/{uid}", nil, nil, status(api, admin, false, 200))
		add("POST", "/admin/units/{uid}", url.Values{"name": {""}}, map[string]any{"name": ""}, status(api, admin, false, 422))
		add("GET", "/admin/groups", nil, nil, status(api, admin, true, 200))
		add("POST", "/admin/groups", url.Values{"name": {"X"}, "kind": {"rahasia"}}, map[string]any{"name": "X", "kind": "rahasia"}, status(api, admin, true, 422))
		add("GET", "/admin/groups/{gid}", nil, nil, status(api, admin, false, 200))
		add("POST", "/admin/groups/{gid}", url.Values{"name": {"X"}, "kind": {"rahasia"}}, map[string]any{"name": "X", "kind": "rahasia"}, status(api, admin, false, 422))
		add("POST", "/admin/groups/{gid}/delete", url.Values{}, nil, status(api, admin, false, ok))
		add("GET", "/admin/chains", nil, nil, status(api, admin, true, 200))
		add("POST", "/admin/chains", url.Values{"name": {"X"}}, map[string]any{"name": "X", "stages": []any{}}, status(api, admin, true, 422))
		add("GET", "/admin/chains/{chid}", nil, nil, status(api, admin, false, 200))
		add("POST", "/admin/chains/{chid}", url.Values{"name": {"X"}}, map[string]any{"name": "X", "stages": []any{}}, status(api, admin, false, 422))
		add("GET", "/acting", nil, nil, status(api, actingRoles, true, 200))
		add("POST", "/acting", url.Values{"kind": {"pj"}}, map[string]any{"kind": "pj"}, status(api, actingRoles, true, 422))
		revoke := status(api, actingRoles, false, ok)
		add("POST", "/acting/{aid}/revoke", url.Values{}, nil, func(p principal) int {
			if p.role == "leader" && !p.anon() {
				return 404 // the Sekda's appointment: not the Kabid's, in either city
			}
			return revoke(p)
		})
	}
	// The page forms carry their fields; the API cases their bodies.
	for i := range cs {
		if strings.HasPrefix(cs[i].pattern, "/api/v1") {
			cs[i].form = nil
		} else {
			cs[i].body = nil
		}
	}
	return cs
}

// adminTextCases are the hostile text cases of the administration's API
// bodies: each text kept verbatim where it is free text (names, a mandate
// letter's number), refused naming the field where it is a code or a date.
func (a *app) adminTextCases(js func(t *testing.T, role, path string, body any, header map[string]string) (*http.Response, string)) map[string][]textCase {
	kabid := a.st.UserID(a.t, "kabid.sawahlunto@policyflow.test")
	sekda := a.st.UserID(a.t, "sekda.sawahlunto@policyflow.test")
	kepala := a.st.UserID(a.t, "kepala.sawahlunto@policyflow.test")
	post := func(path string, body func(i int, s string) map[string]any) func(t *testing.T, i int, s string) (*http.Response, string) {
		return func(t *testing.T, i int, s string) (*http.Response, string) {
			return js(t, "admin", "/api/v1"+path, body(i, s), nil)
		}
	}
	settings := func(i int, s string) map[string]any {
		return map[string]any{"time_zone": s, "jp_min_pns": 20, "jp_min_pppk": 20, "ikm_threshold_default": 76.61}
	}
	unit := func(field string) func(i int, s string) map[string]any {
		return func(i int, s string) map[string]any {
			in := map[string]any{"code": fmt.Sprintf("serangan-%s-%d", strings.ReplaceAll(field, "_", "-"), i), "name": "Unit uji"}
			in[field] = s
			return in
		}
	}
	group := func(field string) func(i int, s string) map[string]any {
		return func(i int, s string) map[string]any {
			in := map[string]any{"name": fmt.Sprintf("Kelompok serangan %d", i), "kind": "praktisi", "member_ids": []int64{kabid}}
			in[field] = s
			return in
		}
	}
	chain := func(i int, s string) map[string]any {
		return map[string]any{"name": s, "stages": []map[string]any{{"name": "Tahap", "quorum": "any", "sla_days": 1, "escalation_days": 2, "approver_ids": []int64{kabid}}}}
	}
	acting := func(field string) func(i int, s string) map[string]any {
		return func(i int, s string) map[string]any {
			in := map[string]any{"principal_id": sekda, "acting_id": kepala, "kind": "plh", "letter_number": fmt.Sprintf("SP/%d", i),
				"letter_date": "2026-01-05", "starts_on": "2026-01-05", "ends_on": "2026-01-09"}
			in[field] = s
			return in
		}
	}
	unitRows := map[string]delta{"units": {1, 0}, "audit_log": {1, 0}}
	groupRows := map[string]delta{"stakeholder_groups": {1, 0}, "stakeholder_group_members": {1, 0}, "audit_log": {1, 0}}
	// Chains and appointments are proposed (202): a change waits for a
	// second person; the principal and the acting official are told.
	chainRows := map[string]delta{"pending_changes": {1, 0}, "audit_log": {1, 0}, "notifications": {1, 0}} // the Kabid, its approver
	rulesRows := map[string]delta{"pending_changes": {1, 0}, "audit_log": {1, 0}}
	actingRows := map[string]delta{"pending_changes": {1, 0}, "audit_log": {1, 0}, "notifications": {2, 0}}
	proposedText := func(path string) func(t *testing.T, s, body string) {
		return a.storedByID("text", `SELECT payload #>> '{`+path+`}' FROM pending_changes WHERE id = $1`)
	}
	// A regional day off on a weekday of 2030, one per case (one change a day).
	holiday := func(field string) func(i int, s string) map[string]any {
		return func(i int, s string) map[string]any {
			in := map[string]any{"on": time.Date(2030, 1, 7, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 7*i).Format(time.DateOnly), "name": "Hari jadi kota"}
			in[field] = s
			return in
		}
	}
	// The region's rules for acting officials: a row already there, so
	// each kept text updates it (+1 −1) and is audited.
	a.st.DB.SQL().MustExec(`INSERT INTO acting_rules (region_id, rules, updated_by) SELECT region_id, '{}'::jsonb, id
		FROM users WHERE email = 'admin.sawahlunto@policyflow.test' ON CONFLICT (region_id) DO NOTHING`)
	rules := func(field string) func(i int, s string) map[string]any {
		return func(i int, s string) map[string]any {
			st := map[string]any{"principal": "Kepala Dinas", "acting": "Sekretaris Dinas", "kinds": []string{"plt"}, "basis": "Perwali 1/2026"}
			st[field] = s
			return map[string]any{"stand_ins": []any{st}, "plt_max_months": 3, "plh_max_days": 30, "bars": []any{}}
		}
	}
	rulesCase := func(field string) textCase {
		// A NUL is refused as JSON is read, naming the leaf; Validate names the whole path.
		return textCase{name: "POST /admin/acting-rules stand_ins[0]." + field, field: field, status: 202, send: post("/admin/acting-rules", rules(field)),
			stored: proposedText("stand_ins,0," + field), changes: rulesRows}
	}
	cases := map[string][]textCase{
		"ActingRules": {rulesCase("principal"), rulesCase("acting"), rulesCase("basis")},
		"RegionSettings": {{name: "POST /admin/settings time_zone", field: "time_zone", status: 422, send: post("/admin/settings", settings)},
			{name: "POST /admin/settings consultation_min_mode", field: "consultation_min_mode", status: 422, send: post("/admin/settings", func(i int, s string) map[string]any {
				return map[string]any{"time_zone": "WIB", "consultation_min_mode": s}
			})}},
		"RegionHolidayInput": {
			{name: "POST /admin/calendar on", field: "on", status: 422, send: post("/admin/calendar", holiday("on"))},
			{name: "POST /admin/calendar name", field: "name", status: 201, send: post("/admin/calendar", holiday("name")),
				stored: a.storedByID("text", `SELECT name FROM region_holidays WHERE id = $1`), changes: map[string]delta{"region_holidays": {1, 0}, "audit_log": {1, 0}}},
		},
		"UnitInput": {
			{name: "POST /admin/units code", field: "code", status: 422, send: post("/admin/units", unit("code"))},
			{name: "POST /admin/units name", field: "name", status: 201, send: post("/admin/units", unit("name")),
				stored: a.storedByID("text", `SELECT name FROM units WHERE id = $1`), changes: unitRows},
			{name: "POST /admin/units short_name", field: "short_name", status: 201, send: post("/admin/units", unit("short_name")),
				stored: a.storedByID("text", `SELECT short_name FROM units WHERE id = $1`), changes: unitRows},
		},
		"GroupInput": {
			{name: "POST /admin/groups name", field: "name", status: 201, send: post("/admin/groups", group("name")),
				stored: a.storedByID("text", `SELECT name FROM stakeholder_groups WHERE id = $1`), changes: groupRows},
			{name: "POST /admin/groups kind", field: "kind", status: 422, send: post("/admin/groups", group("kind"))},
		},
		"ChainInput": {{name: "POST /admin/chains name", field: "name", status: 202, send: post("/admin/chains", chain),
			stored: proposedText("name"), changes: chainRows}},
		"ActingInput": {
			{name: "POST /acting kind", field: "kind", status: 422, send: post("/acting", acting("kind"))},
			{name: "POST /acting letter_number", field: "letter_number", status: 202, send: post("/acting", acting("letter_number")),
				stored: proposedText("letter_number"), changes: actingRows},
			{name: "POST /acting letter_date", field: "letter_date", status: 422, send: post("/acting", acting("letter_date"))},
			{name: "POST /acting starts_on", field: "starts_on", status: 422, send: post("/acting", acting("starts_on"))},
			{name: "POST /acting ends_on", field: "ends_on", status: 422, send: post("/acting", acting("ends_on"))},
		},
	}
	// A decline's reason is kept verbatim: each case declines a change of
	// its own, proposed on the command line.
	toDecline := make([]int64, 64)
	for i := range toDecline {
		toDecline[i] = a.pendingChange(a.t, 0)
	}
	cases["PoliciesDeclineInput"] = []textCase{{name: "POST /changes/{cid}/decline reason", field: "reason", status: 200,
		send: func(t *testing.T, i int, s string) (*http.Response, string) {
			return js(t, "admin", fmt.Sprintf("/api/v1/changes/%d/decline", toDecline[i]), map[string]any{"reason": s}, nil)
		},
		stored: a.storedByID("text", `SELECT reason FROM pending_changes WHERE id = $1`), changes: map[string]delta{"pending_changes": {1, 1}, "audit_log": {1, 0}}}}
	return cases
}
