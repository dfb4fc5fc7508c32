package server_test

import (
	"fmt"
	"net/url"
)

// legalRoleCases are the legal-drafting routes (legal.go) in the route ×
// role matrix (TestRouteRoleMatrix): the template and the structure check
// are the drafter's. p is the draft's page path.
func legalRoleCases(p string) (pages []struct {
	method, path string
	form         url.Values
	want         want
}, api map[string]struct {
	body any
	want want
}) {
	onlyDrafter := want{"anonymous": 303, "drafter": 200, "*": 403}
	pages = []struct {
		method, path string
		form         url.Values
		want         want
	}{
		{"GET", "/policies/new?template=perwali", nil, onlyDrafter},
		{"POST", p + "/structure", url.Values{"markdown": {"# Uji\n\n### Pasal 2\n"}, "base_version": {"1"}}, onlyDrafter},
	}
	api = map[string]struct {
		body any
		want want
	}{
		"GET /templates/perwali": {nil, want{"anonymous": 401, "drafter": 200, "*": 403}},
		"POST /structure-check":  {map[string]string{"markdown": "# Uji\n\n### Pasal 2\n"}, want{"anonymous": 401, "drafter": 200, "*": 403}},
	}
	return pages, api
}

// legalScopeCases are the legal-drafting routes in the route × region/unit
// matrix (TestRegionUnitMatrix): the template is the drafter's own
// region's; the structure check of the editor is the policy's region's
// drafters' (another city's draft is 404, its published policy 403).
func legalScopeCases(draft, pub int64) []scopeCase {
	anon := map[bool]int{true: 401, false: 303}
	anyDrafter := func(api bool) func(principal) int {
		return func(p principal) int {
			switch {
			case p.anon():
				return anon[api]
			case p.role != "drafter":
				return 403
			}
			return 200
		}
	}
	drafterOf := func(id int64) func(principal) int {
		return func(p principal) int {
			switch {
			case p.anon():
				return 303
			case p.role != "drafter":
				return 403
			case !p.own && id == draft:
				return 404
			case !p.own:
				return 403
			}
			return 200
		}
	}
	cs := []scopeCase{
		{method: "GET", pattern: "/policies/new", path: "/policies/new?template=perwali", want: anyDrafter(false)},
		{method: "GET", pattern: "/api/v1/templates/perwali", path: "/api/v1/templates/perwali", want: anyDrafter(true)},
		{method: "POST", pattern: "/api/v1/structure-check", path: "/api/v1/structure-check", body: map[string]string{"markdown": "### Pasal 2\n"}, want: anyDrafter(true)},
	}
	for _, id := range []int64{draft, pub} {
		cs = append(cs, scopeCase{method: "POST", pattern: "/policies/{id}/structure", path: fmt.Sprintf("/policies/%d/structure", id),
			form: url.Values{"markdown": {"### Pasal 2\n"}, "base_version": {"1"}}, want: drafterOf(id)})
	}
	return cs
}
