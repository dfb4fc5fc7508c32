package server_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// The changes of power in the matrices: a change the region's
// administrator proposed is theirs to withdraw, never to confirm (403); a
// leader it does not concern, and another region, get 404. A decline's
// reason over 1000 characters is refused (422) before anything changes.

// pendingChange adds a pending change of Kota Sawahlunto's harmonisation
// setting proposed by proposer (0: the command line) and returns its id.
func (a *app) pendingChange(t *testing.T, proposer int64) int64 {
	t.Helper()
	var id int64
	if err := a.st.DB.SQL().Get(&id, `INSERT INTO pending_changes (region_id, kind, subject, payload, before, stamp, proposed_by)
		SELECT id, 'harmonisation.set', 'harmonisation_setting:kepwali', '{"form":"kepwali","required":true}', '{"form":"kepwali","required":false}', 'matriks', nullif($1::bigint, 0)
		FROM regions WHERE slug = 'sawahlunto' RETURNING id`, proposer); err != nil {
		t.Fatal(err)
	}
	return id
}

// longReason is a decline's reason past its limit.
var longReason = strings.Repeat("x", 1001)

// changesRoleCases are the changes' routes of the route × role matrix.
func changesRoleCases(w adminWorld) (pages []pageCase, api map[string]apiCase) {
	deciders := func(admin, leader int) want {
		return want{"anonymous": 303, "admin": admin, "leader": leader, "*": 403}
	}
	c := fmt.Sprintf("/changes/%d", w.change)
	pages = []pageCase{
		{"GET", "/changes", nil, deciders(200, 200)},
		{"POST", c + "/confirm", url.Values{}, deciders(403, 404)},
		{"POST", c + "/decline", url.Values{"reason": {longReason}}, deciders(422, 404)},
	}
	apiWant := func(admin, leader int) want {
		return want{"anonymous": 401, "admin": admin, "leader": leader, "*": 403}
	}
	api = map[string]apiCase{
		"GET /changes":                {nil, apiWant(200, 200)},
		"GET /changes/{cid}":          {nil, apiWant(200, 404)},
		"POST /changes/{cid}/confirm": {nil, apiWant(403, 404)},
		"POST /changes/{cid}/decline": {map[string]any{"reason": longReason}, apiWant(422, 404)},
	}
	return pages, api
}

// changesScopeCases are the changes' routes of the region × unit matrix:
// another region's administrator lists their own and gets 404 for this one.
func changesScopeCases(w adminWorld) []scopeCase {
	status := func(api bool, ok int, list bool) func(p principal) int {
		base := scopedStatus(api, []string{"admin", "leader"}, list, ok)
		return func(p principal) int {
			if !list && !p.anon() && p.role == "leader" {
				return 404 // a change that does not concern them
			}
			return base(p)
		}
	}
	var cs []scopeCase
	for _, api := range []bool{false, true} {
		pre := ""
		if api {
			pre = "/api/v1"
		}
		path := pre + w.replace("/changes/{cid}", api)
		cs = append(cs,
			scopeCase{method: "GET", pattern: pre + "/changes", path: pre + "/changes", want: status(api, 200, true)},
			scopeCase{method: "POST", pattern: pre + "/changes/{cid}/confirm", path: path + "/confirm", want: status(api, 403, false)},
		)
		decline := scopeCase{method: "POST", pattern: pre + "/changes/{cid}/decline", path: path + "/decline", want: status(api, 422, false)}
		if api {
			decline.body = map[string]any{"reason": longReason}
			cs = append(cs, scopeCase{method: "GET", pattern: pre + "/changes/{cid}", path: path, want: status(api, 200, false)})
		} else {
			decline.form = url.Values{"reason": {longReason}}
		}
		cs = append(cs, decline)
	}
	return cs
}
