package server_test

import (
	"fmt"
	"net/url"

	"github.com/policyflow/policyflow/policies"
)

// The second factor's routes in the shared matrices. Without a pending
// sign-in (the cookie the password sets) the code's and the set-up's pages
// send everyone to sign in, and a code posted there is 401; one's own
// set-up from the settings is anyone's signed in (those whose role needs a
// second factor hold one: sent back to the settings, 409 to begin again);
// the reset is the region's administrator's, 409 for a person who has none.

// secondFactorRoleCases are the route × role matrix's cases (matrix_test.go).
func secondFactorRoleCases(person int64) (pages []pageCase, api map[string]apiCase) {
	enrolled := want{"anonymous": 303, "admin": 303, "leader": 303, "legal": 303, "*": 200}
	pages = []pageCase{
		{"GET", "/login/verify", nil, want{"*": 303}},
		{"POST", "/login/verify", url.Values{"code": {"123456"}}, want{"*": 401}},
		{"GET", "/login/enrol", nil, want{"*": 303}},
		{"POST", "/login/enrol", url.Values{"code": {"123456"}}, want{"*": 401}},
		{"GET", "/settings/second-factor", nil, enrolled},
		// Nothing begun: nothing to confirm.
		{"POST", "/settings/second-factor", url.Values{"code": {"123456"}}, want{"anonymous": 303, "*": 409}},
		{"POST", "/settings/second-factor/start", url.Values{}, want{"anonymous": 303, "admin": 409, "leader": 409, "legal": 409, "*": 303}},
		{"POST", fmt.Sprintf("/admin/people/%d/second-factor/reset", person), url.Values{}, only("admin", 409)},
	}
	api = map[string]apiCase{
		"POST /admin/people/{person}/second-factor/reset": {nil, onlyAPI("admin", 409)},
	}
	return pages, api
}

// secondFactorScopeCases are the region × unit matrix's cases (scope_test.go).
func secondFactorScopeCases(person int64) []scopeCase {
	p, api := fmt.Sprintf("/admin/people/%d/second-factor/reset", person), fmt.Sprintf("/api/v1/admin/people/%d/second-factor/reset", person)
	// own: a signed-in person's own set-up, by whether their role needs
	// a second factor (held already).
	own := func(required, other int) func(principal) int {
		return func(pr principal) int {
			switch {
			case pr.anon():
				return 303
			case policies.SecondFactorRequired(policies.Role(pr.role)):
				return required
			}
			return other
		}
	}
	code := url.Values{"code": {"123456"}}
	return []scopeCase{
		{method: "GET", pattern: "/login/verify", path: "/login/verify", want: all(303)},
		{method: "POST", pattern: "/login/verify", path: "/login/verify", form: code, want: all(401)},
		{method: "GET", pattern: "/login/enrol", path: "/login/enrol", want: all(303)},
		{method: "POST", pattern: "/login/enrol", path: "/login/enrol", form: code, want: all(401)},
		{method: "GET", pattern: "/settings/second-factor", path: "/settings/second-factor", want: own(303, 200)},
		{method: "POST", pattern: "/settings/second-factor", path: "/settings/second-factor", form: code, want: own(409, 409)},
		{method: "POST", pattern: "/settings/second-factor/start", path: "/settings/second-factor/start", want: own(409, 303)},
		{method: "POST", pattern: "/admin/people/{person}/second-factor/reset", path: p, want: ownAdmin(false, 409)},
		{method: "POST", pattern: "/api/v1/admin/people/{person}/second-factor/reset", path: api, want: ownAdmin(true, 409)},
	}
}
