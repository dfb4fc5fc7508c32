package server_test

import (
	"fmt"
	"net/url"
)

// passageRoleCases are the suggestion routes in the route × role matrix
// (TestRouteRoleMatrix): the drafter's alone. p is the draft's page path,
// comment a comment on it without a suggestion (so declining it is 404).
func passageRoleCases(p string, comment int64) (pages []pageCase, api map[string]apiCase) {
	pages = []pageCase{
		{"GET", p + "/suggestions", nil, only("drafter", 200)},
		// No suggestion chosen: 422 naming comment_ids.
		{"POST", p + "/suggestions/accept", url.Values{"base_version": {"1"}}, only("drafter", 422)},
		{"POST", fmt.Sprintf("/comments/%d/suggestion/decline", comment), url.Values{"reason": {"x"}}, only("drafter", 404)},
	}
	api = map[string]apiCase{
		"GET /policies/{id}/suggestions":          {nil, onlyAPI("drafter", 200)},
		"POST /policies/{id}/suggestions/accept":  {map[string]any{"comment_ids": []int64{}, "base_version": 1}, onlyAPI("drafter", 422)},
		"POST /comments/{cid}/suggestion/decline": {map[string]any{"reason": "x"}, onlyAPI("drafter", 404)},
	}
	return pages, api
}

// passageScopeCases are the suggestion routes in the route × region/unit
// matrix (TestRegionUnitMatrix), on the draft and the published policy:
// the region's drafters only; another city's draft is 404, its published
// policy 403. The comments have no suggestion: declining is 404 to the
// region's drafters.
func passageScopeCases(draft, pub, draftComment, pubComment int64) []scopeCase {
	drafterOf := func(api bool, id int64, ok int) func(principal) int { return ofRegion(api, id == draft, "drafter", ok) }
	var cs []scopeCase
	for _, x := range []struct{ id, comment int64 }{{draft, draftComment}, {pub, pubComment}} {
		p, api := fmt.Sprintf("/policies/%d", x.id), fmt.Sprintf("/api/v1/policies/%d", x.id)
		cs = append(cs,
			scopeCase{method: "GET", pattern: "/policies/{id}/suggestions", path: p + "/suggestions", want: drafterOf(false, x.id, 200)},
			scopeCase{method: "POST", pattern: "/policies/{id}/suggestions/accept", path: p + "/suggestions/accept", form: url.Values{"base_version": {"1"}}, want: drafterOf(false, x.id, 422)},
			scopeCase{method: "POST", pattern: "/comments/{cid}/suggestion/decline", path: fmt.Sprintf("/comments/%d/suggestion/decline", x.comment), form: url.Values{"reason": {"x"}}, want: drafterOf(false, x.id, 404)},
			scopeCase{method: "GET", pattern: "/api/v1/policies/{id}/suggestions", path: api + "/suggestions", want: drafterOf(true, x.id, 200)},
			scopeCase{method: "POST", pattern: "/api/v1/policies/{id}/suggestions/accept", path: api + "/suggestions/accept", body: map[string]any{"comment_ids": []int64{}, "base_version": 1}, want: drafterOf(true, x.id, 422)},
			scopeCase{method: "POST", pattern: "/api/v1/comments/{cid}/suggestion/decline", path: fmt.Sprintf("/api/v1/comments/%d/suggestion/decline", x.comment), body: map[string]any{"reason": "x"}, want: drafterOf(true, x.id, 404)},
		)
	}
	return cs
}
