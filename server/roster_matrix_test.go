package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
)

// rosterRoleCases are the roster's and the ledger's downloads' routes in
// the route × role matrix: personal data, so the region's drafters read and
// write the roster, a unit officer reads their unit's, nobody else
// anything; a bad form or body is refused (422) before anything is saved.
// rid is a person on the drafter's region's roster.
func (a *app) rosterRoleCases() (pages []pageCase, api map[string]apiCase, rid int64) {
	a.t.Helper()
	if err := a.st.DB.SQL().Get(&rid, `INSERT INTO asn_roster (region_id, nip, name, kind, unit_id)
		SELECT region_id, '198503122010011002', 'Budi Matriks', 'PNS', unit_id FROM users WHERE email = $1 RETURNING id`, roleEmails["unit_officer"]); err != nil {
		a.t.Fatal(err)
	}
	readers := want{"anonymous": 303, "drafter": 200, "unit_officer": 200, "*": 403}
	badPerson := url.Values{"nip": {"123"}, "name": {"Budi"}, "unit": {"bkpsdm"}}
	person := fmt.Sprintf("/roster/%d", rid)
	pages = []pageCase{
		{"GET", "/roster", nil, readers},
		{"POST", "/roster", badPerson, only("drafter", 422)},
		{"GET", person, nil, only("drafter", 200)},
		{"POST", person, badPerson, only("drafter", 422)},
		{"POST", "/roster/import", url.Values{}, only("drafter", 422)}, // no file
		{"POST", "/roster/import/apply", url.Values{"token": {"bukan-token"}}, only("drafter", 422)},
		{"GET", "/ledger.xlsx", nil, readers},
	}
	readersAPI := want{"anonymous": 401, "drafter": 200, "unit_officer": 200, "*": 403}
	api = map[string]apiCase{
		"GET /roster":               {nil, readersAPI},
		"POST /roster":              {map[string]string{"nip": "123", "name": "Budi", "unit": "bkpsdm"}, onlyAPI("drafter", 422)},
		"POST /roster/{rid}":        {map[string]string{"nip": "123", "name": "Budi", "unit": "bkpsdm"}, onlyAPI("drafter", 422)},
		"POST /roster/import":       {nil, onlyAPI("drafter", 415)}, // not text/csv
		"POST /roster/import/apply": {map[string]string{"token": "bukan-token"}, onlyAPI("drafter", 422)},
	}
	return pages, api, rid
}

// rosterScopeCases are the roster's routes in the region × unit matrix:
// each drafter and unit officer reads their own region's roster (a unit
// officer their unit's people), a drafter writes it; Sawahlunto's person
// rid is 404 to Pangkalpinang's drafter. Bad input is refused (422, 415)
// before anything is saved.
func rosterScopeCases(rid int64) []scopeCase {
	officers := []string{"drafter", "unit_officer"}
	bad := url.Values{"nip": {"123"}, "name": {"Budi"}, "unit": {"bkpsdm"}}
	badJSON := map[string]string{"nip": "123", "name": "Budi", "unit": "bkpsdm"}
	return []scopeCase{
		{method: "GET", pattern: "/roster", path: "/roster", want: gate(false, officers, false, false, 200)},
		{method: "POST", pattern: "/roster", path: "/roster", form: bad, want: roleOnly(false, "drafter", 422)},
		{method: "GET", pattern: "/roster/{rid}", path: fmt.Sprintf("/roster/%d", rid), want: drafterOwn(false, 200)},
		{method: "POST", pattern: "/roster/{rid}", path: fmt.Sprintf("/roster/%d", rid), form: bad, want: drafterOwn(false, 422)},
		{method: "POST", pattern: "/roster/import", path: "/roster/import", multipart: true, want: roleOnly(false, "drafter", 422)},
		{method: "POST", pattern: "/roster/import/apply", path: "/roster/import/apply", form: url.Values{"token": {"bukan"}}, want: roleOnly(false, "drafter", 422)},
		{method: "GET", pattern: "/ledger.xlsx", path: "/ledger.xlsx?year=2026", want: gate(false, officers, false, false, 200)},
		{method: "GET", pattern: "/api/v1/roster", path: "/api/v1/roster", want: gate(true, officers, false, false, 200)},
		{method: "POST", pattern: "/api/v1/roster", path: "/api/v1/roster", body: badJSON, want: roleOnly(true, "drafter", 422)},
		{method: "POST", pattern: "/api/v1/roster/{rid}", path: fmt.Sprintf("/api/v1/roster/%d", rid), body: badJSON, want: drafterOwn(true, 422)},
		{method: "POST", pattern: "/api/v1/roster/import", path: "/api/v1/roster/import", want: roleOnly(true, "drafter", 415)},
		{method: "POST", pattern: "/api/v1/roster/import/apply", path: "/api/v1/roster/import/apply", body: map[string]string{"token": "bukan"}, want: roleOnly(true, "drafter", 422)},
	}
}

// rosterTextCases are the hostile-text cases of the roster's API bodies: a
// name, jabatan or golongan is kept verbatim; a hostile number, kind,
// unit, email or preview token is refused naming its field.
func (a *app) rosterTextCases(js func(t *testing.T, role, path string, body any, header map[string]string) (*http.Response, string)) map[string][]textCase {
	// Each kept field adds people of its own birth day, numbered by the request.
	day := map[string]int{"name": 12, "jabatan": 13, "golongan": 14}
	person := func(field string) func(t *testing.T, i int, s string) (*http.Response, string) {
		return func(t *testing.T, i int, s string) (*http.Response, string) {
			in := map[string]any{"nip": fmt.Sprintf("198503%02d2010011%03d", day[field], i+1), "name": "Budi Serangan", "kind": "PNS", "unit": "disdukcapil"}
			if field == "nip" || field == "kind" || field == "unit" || field == "email" {
				in["nip"] = "198503152010011001"
			}
			in[field] = s
			return js(t, "drafter", "/api/v1/roster", in, nil)
		}
	}
	column := map[string]string{"name": "name", "jabatan": "jabatan", "golongan": "golongan"}
	stored := func(field string) func(t *testing.T, s, body string) {
		return a.storedByID(field, `SELECT `+column[field]+` FROM asn_roster WHERE id = $1`)
	}
	added := map[string]delta{"asn_roster": {1, 0}, "audit_log": {1, 0}}
	cases := map[string][]textCase{"RosterInput": {
		{name: "POST /roster nip", field: "nip", status: 422, send: person("nip")},
		{name: "POST /roster kind", field: "kind", status: 422, send: person("kind")},
		{name: "POST /roster unit", field: "unit", status: 422, send: person("unit")},
		{name: "POST /roster email", field: "email", status: 422, send: person("email")},
	}, "RosterApplyInput": {
		{name: "POST /roster/import/apply token", field: "token", status: 422, send: func(t *testing.T, i int, s string) (*http.Response, string) {
			return js(t, "drafter", "/api/v1/roster/import/apply", map[string]string{"token": s}, nil)
		}},
	}}
	for _, f := range []string{"name", "jabatan", "golongan"} {
		cases["RosterInput"] = append(cases["RosterInput"], textCase{name: "POST /roster " + f, field: f, status: 201, send: person(f), stored: stored(f), changes: added})
	}
	return cases
}
