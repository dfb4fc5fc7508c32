package server_test

import (
	"fmt"
	"net/url"
)

// badJDIH is metadata with a status not in the list: 422 naming status for
// the legal unit, before anything is read of the enactment.
var badJDIH = map[string]string{"teu_badan": "Kota Sawahlunto", "subjek": "UJI", "bidang_hukum": "Hukum Administrasi Negara",
	"bahasa": "Indonesia", "lokasi": "Kota Sawahlunto", "status": "Hilang"}

func badJDIHForm() url.Values {
	v := url.Values{}
	for k, s := range badJDIH {
		v.Set(k, s)
	}
	return v
}

// jdihRoleCases are the JDIH routes in the route × role matrix
// (TestRouteRoleMatrix): the public list and feeds for everyone; relations
// and metadata written by the legal unit alone; read by whoever may read
// the policy (p, the draft's page path, is not public).
func jdihRoleCases(p string) (pages []pageCase, api map[string]apiCase) {
	pages = []pageCase{
		{"GET", "/produk-hukum", nil, want{"*": 200}},
		{"GET", "/produk-hukum?region=sawahlunto&year=2026&jenis=perwali", nil, want{"*": 200}},
		{"GET", "/produk-hukum.json", nil, want{"*": 200}},
		{"GET", "/produk-hukum.atom", nil, want{"*": 200}},
		{"GET", "/produk-hukum.atom?region=sawahlunto&lang=en", nil, want{"*": 200}},
		{"GET", "/produk-hukum.atom?region=atlantis", nil, want{"*": 422}},
		{"GET", "/produk-hukum.atom?region=sawahlunto&year=2026&jenis=kepwali", nil, want{"*": 200}},
		{"GET", "/produk-hukum.atom?jenis=perda", nil, want{"*": 422}},
		{"GET", p + "/jdih", nil, only("legal", 200)},
		{"POST", p + "/jdih", badJDIHForm(), only("legal", 422)},
		{"POST", p + "/relations", url.Values{"kind": {"menghapus"}, "to_policy_id": {"1"}}, only("legal", 422)},
		{"POST", p + "/relations/999999/delete", url.Values{}, only("legal", 404)},
	}
	api = map[string]apiCase{
		"GET /policies/{id}/relations":  {nil, onDraft(want{"anonymous": 404, "*": 200})},
		"POST /policies/{id}/relations": {map[string]any{"to_policy_id": 1, "kind": "menghapus"}, onlyAPI("legal", 422)},
		"GET /policies/{id}/jdih":       {nil, onDraft(want{"anonymous": 404, "*": 200})},
		"POST /policies/{id}/jdih":      {badJDIH, onlyAPI("legal", 422)},
		"GET /jdih":                     {nil, want{"*": 200}},
	}
	return pages, api
}

// jdihScopeCases are the JDIH routes in the route × region/unit matrix
// (TestRegionUnitMatrix), on the draft and the published policy: the
// region's legal unit writes (another city's draft is 404, its published
// policy 403); reading relations and metadata is reading the policy.
func jdihScopeCases(draft, pub int64) []scopeCase {
	legalOf := func(api bool, id int64, ok int) func(principal) int { return ofRegion(api, id == draft, "legal", ok) }
	cs := []scopeCase{
		{method: "GET", pattern: "/produk-hukum", path: "/produk-hukum?region=sawahlunto", want: all(200)},
		{method: "GET", pattern: "/produk-hukum.json", path: "/produk-hukum.json?region=pangkalpinang", want: all(200)},
		{method: "GET", pattern: "/produk-hukum.atom", path: "/produk-hukum.atom?region=pangkalpinang", want: all(200)},
		{method: "GET", pattern: "/api/v1/jdih", path: "/api/v1/jdih", want: all(200)},
	}
	for _, id := range []int64{draft, pub} {
		p, api := fmt.Sprintf("/policies/%d", id), fmt.Sprintf("/api/v1/policies/%d", id)
		cs = append(cs,
			scopeCase{method: "GET", pattern: "/policies/{id}/jdih", path: p + "/jdih", want: legalOf(false, id, 200)},
			scopeCase{method: "POST", pattern: "/policies/{id}/jdih", path: p + "/jdih", form: badJDIHForm(), want: legalOf(false, id, 422)},
			scopeCase{method: "POST", pattern: "/policies/{id}/relations", path: p + "/relations", form: url.Values{"kind": {"menghapus"}, "to_policy_id": {"1"}}, want: legalOf(false, id, 422)},
			scopeCase{method: "POST", pattern: "/policies/{id}/relations/{rid}/delete", path: p + "/relations/999999/delete", want: legalOf(false, id, 404)},
			scopeCase{method: "GET", pattern: "/api/v1/policies/{id}/relations", path: api + "/relations", want: readable(id == draft)},
			scopeCase{method: "POST", pattern: "/api/v1/policies/{id}/relations", path: api + "/relations", body: map[string]any{"to_policy_id": 1, "kind": "menghapus"}, want: legalOf(true, id, 422)},
			scopeCase{method: "GET", pattern: "/api/v1/policies/{id}/jdih", path: api + "/jdih", want: readable(id == draft)},
			scopeCase{method: "POST", pattern: "/api/v1/policies/{id}/jdih", path: api + "/jdih", body: badJDIH, want: legalOf(true, id, 422)},
		)
	}
	return cs
}
