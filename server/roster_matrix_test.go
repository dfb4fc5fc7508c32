package server_test

import (
	"fmt"
	"net/url"
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
