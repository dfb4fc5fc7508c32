package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"testing"
)

// planRoleCases are the yearly plan's routes in the route × role matrix:
// the region's drafters write the plan, a unit officer reads their unit's
// part and proposes needs, nobody else reads any; a bad form or body is
// refused (422, 415) before anything is saved.
func planRoleCases() (pages []pageCase, api map[string]apiCase) {
	readers := want{"anonymous": 303, "drafter": 200, "unit_officer": 200, "*": 403}
	badNeed := url.Values{"year": {"2026"}, "unit": {"disdukcapil"}, "competency": {""}, "competency_kind": {"teknis"}, "path": {"klasikal"}, "participants": {"1"}, "jp": {"2"}}
	pages = []pageCase{
		{"GET", "/plan?year=2026", nil, readers},
		{"POST", "/plan/needs", badNeed, want{"anonymous": 303, "drafter": 422, "unit_officer": 422, "*": 403}},
		{"POST", "/plan/needs/import", url.Values{}, only("drafter", 422)}, // no file
		{"POST", "/plan/items", url.Values{"year": {"2026"}, "unit": {"disdukcapil"}}, only("drafter", 422)},
		{"POST", "/plan/links", url.Values{"item_id": {"0"}}, only("drafter", 422)},
		{"POST", "/plan/items/999999", url.Values{"year": {"2026"}}, only("drafter", 404)}, // no such item
		{"POST", "/plan/items/999999/delete", url.Values{}, only("drafter", 404)},
		{"POST", "/plan/items/999999/unlink", url.Values{"program_id": {"1"}}, only("drafter", 404)},
	}
	readersAPI := want{"anonymous": 401, "drafter": 200, "unit_officer": 200, "*": 403}
	api = map[string]apiCase{
		"GET /plan":               {nil, readersAPI},
		"POST /plan/needs":        {map[string]any{"year": 2026, "unit": "disdukcapil"}, want{"anonymous": 401, "drafter": 422, "unit_officer": 422, "*": 403}},
		"POST /plan/needs/import": {nil, onlyAPI("drafter", 415)}, // not text/csv
		"POST /plan/items":        {map[string]any{"year": 2026, "unit": "disdukcapil"}, onlyAPI("drafter", 422)},
		"POST /plan/links":        {map[string]any{"item_id": 0}, onlyAPI("drafter", 422)},
		// {iid} is an item that does not exist.
		"POST /plan/items/{iid}":        {map[string]any{"year": 2026}, onlyAPI("drafter", 404)},
		"POST /plan/items/{iid}/delete": {nil, onlyAPI("drafter", 404)},
		"POST /plan/items/{iid}/unlink": {map[string]any{"program_id": 1}, onlyAPI("drafter", 404)},
	}
	return pages, api
}

// planScopeCases are the plan's routes in the region × unit matrix: each
// region's drafters and unit officers read their own region's plan; a
// drafter writes it; Sawahlunto's item (which the world's program
// realises) is 404 to Pangkalpinang's drafter. Every write here is refused
// (a program that does not exist, bad input, an item still realised), so
// nothing changes.
func planScopeCases(item int64) []scopeCase {
	officers := []string{"drafter", "unit_officer"}
	badNeed := url.Values{"year": {"2026"}, "unit": {"disdukcapil"}, "competency": {""}}
	badNeedJSON := map[string]any{"year": 2026, "unit": "disdukcapil"}
	link := map[string]any{"item_id": item, "program_id": 999999999}
	itemPath := fmt.Sprintf("/plan/items/%d", item)
	return []scopeCase{
		{method: "GET", pattern: "/plan", path: "/plan?year=2026", want: gate(false, officers, false, false, 200)},
		{method: "POST", pattern: "/plan/needs", path: "/plan/needs", form: badNeed, want: gate(false, officers, false, false, 422)},
		{method: "POST", pattern: "/plan/needs/import", path: "/plan/needs/import", multipart: true, want: roleOnly(false, "drafter", 422)},
		{method: "POST", pattern: "/plan/items", path: "/plan/items", form: url.Values{"year": {"2026"}}, want: roleOnly(false, "drafter", 422)},
		{method: "POST", pattern: "/plan/links", path: "/plan/links", form: url.Values{"item_id": {fmt.Sprint(item)}, "program_id": {"999999999"}}, want: drafterOwn(false, 422)},
		{method: "POST", pattern: "/plan/items/{iid}", path: itemPath, form: url.Values{"year": {"2026"}, "unit": {"disdukcapil"}}, want: drafterOwn(false, 422)},
		{method: "POST", pattern: "/plan/items/{iid}/delete", path: itemPath + "/delete", form: url.Values{}, want: drafterOwn(false, 409)},
		{method: "POST", pattern: "/plan/items/{iid}/unlink", path: itemPath + "/unlink", form: url.Values{"program_id": {"0"}}, want: drafterOwn(false, 422)},
		{method: "GET", pattern: "/api/v1/plan", path: "/api/v1/plan?year=2026", want: gate(true, officers, false, false, 200)},
		{method: "POST", pattern: "/api/v1/plan/needs", path: "/api/v1/plan/needs", body: badNeedJSON, want: gate(true, officers, false, false, 422)},
		{method: "POST", pattern: "/api/v1/plan/needs/import", path: "/api/v1/plan/needs/import", want: roleOnly(true, "drafter", 415)},
		{method: "POST", pattern: "/api/v1/plan/items", path: "/api/v1/plan/items", body: map[string]any{"year": 2026}, want: roleOnly(true, "drafter", 422)},
		{method: "POST", pattern: "/api/v1/plan/links", path: "/api/v1/plan/links", body: link, want: drafterOwn(true, 422)},
		{method: "POST", pattern: "/api/v1/plan/items/{iid}", path: "/api/v1" + itemPath, body: map[string]any{"year": 2026}, want: drafterOwn(true, 422)},
		{method: "POST", pattern: "/api/v1/plan/items/{iid}/delete", path: "/api/v1" + itemPath + "/delete", want: drafterOwn(true, 409)},
		{method: "POST", pattern: "/api/v1/plan/items/{iid}/unlink", path: "/api/v1" + itemPath + "/unlink", body: map[string]any{"program_id": 0}, want: drafterOwn(true, 422)},
	}
}

// planTextCases are the hostile-text cases of the plan's API bodies: a
// competency and a note are kept verbatim; a hostile unit, kind or path is
// refused naming its field.
func (a *app) planTextCases(js func(t *testing.T, role, path string, body any, header map[string]string) (*http.Response, string)) map[string][]textCase {
	db := a.st.DB.SQL()
	need := func(field string) func(t *testing.T, i int, s string) (*http.Response, string) {
		return func(t *testing.T, i int, s string) (*http.Response, string) {
			in := map[string]any{"year": 2026, "unit": "disdukcapil", "competency": "Pelayanan", "competency_kind": "teknis", "path": "klasikal", "participants": 2, "jp": 8}
			in[field] = s
			return js(t, "drafter", "/api/v1/plan/needs", in, nil)
		}
	}
	item := func(field string) func(t *testing.T, i int, s string) (*http.Response, string) {
		return func(t *testing.T, i int, s string) (*http.Response, string) {
			in := map[string]any{"year": 2026, "unit": "disdukcapil", "competency": "Pelayanan", "kind": "pelatihan", "target_participants": 2, "target_jp": 8}
			in[field] = s
			return js(t, "drafter", "/api/v1/plan/items", in, nil)
		}
	}
	stored := func(table, column string) func(t *testing.T, s, body string) {
		return func(t *testing.T, s, body string) {
			var out struct{ ID int64 }
			if err := json.Unmarshal([]byte(body), &out); err != nil || out.ID == 0 {
				t.Fatalf("no id in %.200s", body)
			}
			var got string
			if err := db.Get(&got, `SELECT `+column+` FROM `+table+` WHERE id = $1`, out.ID); err != nil {
				t.Fatal(err)
			}
			if got != s {
				t.Errorf("stored %q, want %q verbatim", got, s)
			}
		}
	}
	return map[string][]textCase{
		"PlanNeedInput": {
			{name: "POST /plan/needs unit", field: "unit", status: 422, send: need("unit")},
			{name: "POST /plan/needs competency_kind", field: "competency_kind", status: 422, send: need("competency_kind")},
			{name: "POST /plan/needs path", field: "path", status: 422, send: need("path")},
			{name: "POST /plan/needs competency", field: "competency", status: 201, send: need("competency"), stored: stored("plan_needs", "competency"),
				changes: map[string]delta{"plan_needs": {1, 0}, "audit_log": {1, 0}}},
			{name: "POST /plan/needs note", field: "note", status: 201, send: need("note"), stored: stored("plan_needs", "note"),
				changes: map[string]delta{"plan_needs": {1, 0}, "audit_log": {1, 0}}},
		},
		"PlanItemInput": {
			{name: "POST /plan/items unit", field: "unit", status: 422, send: item("unit")},
			{name: "POST /plan/items kind", field: "kind", status: 422, send: item("kind")},
			{name: "POST /plan/items competency", field: "competency", status: 201, send: item("competency"), stored: stored("plan_items", "competency"),
				changes: map[string]delta{"plan_items": {1, 0}, "audit_log": {1, 0}}},
		},
	}
}

// siasnRoleCases are the SIASN export's routes in the route × role matrix:
// personal data, so the region's drafters and unit officers only; the
// export and its downloads BKPSDM's alone. Bad input is refused (422), and
// with nothing verified an export is a conflict (409).
func siasnRoleCases() (pages []pageCase, api map[string]apiCase) {
	readers := want{"anonymous": 303, "drafter": 200, "unit_officer": 200, "*": 403}
	pages = []pageCase{
		{"GET", "/siasn?year=2026", nil, readers},
		{"POST", "/siasn/verify", url.Values{"participant_id": {"0"}}, want{"anonymous": 303, "drafter": 422, "unit_officer": 422, "*": 403}},
		{"POST", "/siasn/exports", url.Values{}, only("drafter", 409)},
		{"GET", "/siasn/export.csv", nil, only("drafter", 422)}, // no id
		{"GET", "/siasn/export.xlsx?id=999999", nil, only("drafter", 404)},
	}
	api = map[string]apiCase{
		"GET /siasn":                {nil, want{"anonymous": 401, "drafter": 200, "unit_officer": 200, "*": 403}},
		"POST /siasn/verify":        {map[string]any{"participant_id": 0}, want{"anonymous": 401, "drafter": 422, "unit_officer": 422, "*": 403}},
		"POST /siasn/exports":       {nil, onlyAPI("drafter", 409)},
		"GET /siasn/exports/{sxid}": {nil, onlyAPI("drafter", 404)}, // no such batch
	}
	return pages, api
}

// siasnScopeCases are the SIASN routes in the region × unit matrix: the
// participant part, who did not complete, is 404 to another region and to
// an officer of another unit, a conflict (409) to those who may verify it;
// Sawahlunto's batch is 404 to Pangkalpinang's drafter.
func siasnScopeCases(part, batch int64) []scopeCase {
	officers := []string{"drafter", "unit_officer"}
	verify := func(api bool) func(principal) int {
		return func(p principal) int {
			switch {
			case p.anon():
				return anonStatus(api)
			case p.role != "drafter" && p.role != "unit_officer":
				return 403
			case !p.own, p.role == "unit_officer" && p.otherUnit:
				return 404
			}
			return 409
		}
	}
	id := fmt.Sprint(batch)
	return []scopeCase{
		{method: "GET", pattern: "/siasn", path: "/siasn?year=2026", want: gate(false, officers, false, false, 200)},
		{method: "POST", pattern: "/siasn/verify", path: "/siasn/verify", form: url.Values{"participant_id": {fmt.Sprint(part)}}, want: verify(false)},
		{method: "POST", pattern: "/siasn/exports", path: "/siasn/exports", form: url.Values{}, want: roleOnly(false, "drafter", 409)},
		{method: "GET", pattern: "/siasn/export.csv", path: "/siasn/export.csv?id=" + id, want: drafterOwn(false, 200)},
		{method: "GET", pattern: "/siasn/export.xlsx", path: "/siasn/export.xlsx?id=" + id, want: drafterOwn(false, 200)},
		{method: "GET", pattern: "/api/v1/siasn", path: "/api/v1/siasn?year=2026", want: gate(true, officers, false, false, 200)},
		{method: "POST", pattern: "/api/v1/siasn/verify", path: "/api/v1/siasn/verify", body: map[string]any{"participant_id": part}, want: verify(true)},
		{method: "POST", pattern: "/api/v1/siasn/exports", path: "/api/v1/siasn/exports", want: roleOnly(true, "drafter", 409)},
		{method: "GET", pattern: "/api/v1/siasn/exports/{sxid}", path: "/api/v1/siasn/exports/" + id, want: drafterOwn(true, 200)},
	}
}
