package server_test

import (
	"fmt"
	"net/url"
)

// legalRoleCases are the legal-drafting routes (legal.go) in the route ×
// role matrix (TestRouteRoleMatrix): the template and the structure check
// are the drafter's. p is the draft's page path.
func legalRoleCases(p string) (pages []pageCase, api map[string]apiCase) {
	onlyDrafter := only("drafter", 200)
	pages = []pageCase{
		{"GET", "/policies/new?template=perwali", nil, onlyDrafter},
		{"POST", p + "/structure", url.Values{"markdown": {"# Uji\n\n### Pasal 2\n"}, "base_version": {"1"}}, onlyDrafter},
	}
	api = map[string]apiCase{
		"GET /templates/perwali": {nil, onlyAPI("drafter", 200)},
		"POST /structure-check":  {map[string]string{"markdown": "# Uji\n\n### Pasal 2\n"}, onlyAPI("drafter", 200)},
	}
	return pages, api
}

// legalScopeCases are the legal-drafting routes in the route × region/unit
// matrix (TestRegionUnitMatrix): the template is the drafter's own
// region's; the structure check of the editor is the policy's region's
// drafters' (another city's draft is 404, its published policy 403).
func legalScopeCases(draft, pub int64) []scopeCase {
	anyDrafter := func(api bool) func(principal) int { return roleOnly(api, "drafter", 200) }
	cs := []scopeCase{
		{method: "GET", pattern: "/policies/new", path: "/policies/new?template=perwali", want: anyDrafter(false)},
		{method: "GET", pattern: "/api/v1/templates/perwali", path: "/api/v1/templates/perwali", want: anyDrafter(true)},
		{method: "POST", pattern: "/api/v1/structure-check", path: "/api/v1/structure-check", body: map[string]string{"markdown": "### Pasal 2\n"}, want: anyDrafter(true)},
	}
	for _, id := range []int64{draft, pub} {
		cs = append(cs, scopeCase{method: "POST", pattern: "/policies/{id}/structure", path: fmt.Sprintf("/policies/%d/structure", id),
			form: url.Values{"markdown": {"### Pasal 2\n"}, "base_version": {"1"}}, want: ofRegion(false, id == draft, "drafter", 200)})
	}
	return cs
}
