package server_test

import "fmt"

// findRoleCases are the pages that find consultations in the route × role
// matrix (TestRouteRoleMatrix): public, the same for every role; an unknown
// city is refused naming the field.
func findRoleCases() []pageCase {
	return []pageCase{
		{"GET", "/konsultasi", nil, want{"*": 200}},
		{"GET", "/konsultasi?region=pangkalpinang", nil, want{"*": 200}},
		{"GET", "/konsultasi?region=atlantis", nil, want{"*": 422}},
		{"GET", "/konsultasi.ics", nil, want{"*": 200}},
		{"GET", "/konsultasi.ics?region=sawahlunto", nil, want{"*": 200}},
	}
}

// findScopeCases are the same in the route × region/unit matrix
// (TestRegionUnitMatrix): every city's page for everyone of every city
// (what they list is TestOpenConsultationsFound's).
func findScopeCases() []scopeCase {
	return []scopeCase{
		{method: "GET", pattern: "/konsultasi", path: "/konsultasi?region=sawahlunto", want: all(200)},
		{method: "GET", pattern: "/konsultasi", path: "/konsultasi?region=pangkalpinang", want: all(200)},
		{method: "GET", pattern: "/konsultasi.ics", path: "/konsultasi.ics?region=pangkalpinang", want: all(200)},
		{method: "GET", pattern: "/konsultasi.ics", path: "/konsultasi.ics", want: all(200)},
	}
}

// feedRoleCases are the Atom feeds in the route × role matrix: a city's
// for everyone; a draft's (p) for no one, its region's staff included
// (the feed is the public's).
func feedRoleCases(p string) []pageCase {
	return []pageCase{
		{"GET", "/policies.atom", nil, want{"*": 200}},
		{"GET", "/policies.atom?region=sawahlunto", nil, want{"*": 200}},
		{"GET", "/policies.atom?region=atlantis", nil, want{"*": 422}},
		{"GET", p + "/feed.atom", nil, want{"*": 404}},
	}
}

// feedScopeCases are the feeds in the route × region/unit matrix: the
// draft's feed is no one's, the published policy's everyone's.
func feedScopeCases(draft, pub int64) []scopeCase {
	return []scopeCase{
		{method: "GET", pattern: "/policies.atom", path: "/policies.atom?region=pangkalpinang", want: all(200)},
		{method: "GET", pattern: "/policies/{id}/feed.atom", path: fmt.Sprintf("/policies/%d/feed.atom", draft), want: all(404)},
		{method: "GET", pattern: "/policies/{id}/feed.atom", path: fmt.Sprintf("/policies/%d/feed.atom", pub), want: all(200)},
	}
}
