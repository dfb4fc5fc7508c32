package server_test

import (
	"fmt"
	"net/http"
	"testing"
)

// jdihPaths signs the legal unit in (the JDIH routes are theirs) and gives
// the relation path parameter a value.
func (a *app) jdihPaths(t *testing.T, path map[string]string) {
	t.Helper()
	a.withLegal()
	path["rid"] = "1"
}

// jdihTextCases are the hostile-input cases of the JDIH fields
// (TestHostileInput), on the policy being implemented (in force, so enacted): a
// relation kind that is none is refused naming kind; the free metadata
// fields are kept verbatim; a status or language not in its list is
// refused naming it.
func (a *app) jdihTextCases(w world, js func(t *testing.T, role, path string, body any, header map[string]string) (*http.Response, string)) map[string][]textCase {
	t := a.t
	a.withLegal()
	base := fmt.Sprintf("/api/v1/policies/%d", w.implement)
	good := map[string]any{"teu_badan": "Kota Sawahlunto", "subjek": "UJI", "bidang_hukum": "Hukum Administrasi Negara",
		"bahasa": "Indonesia", "lokasi": "Kota Sawahlunto", "sumber": "", "status": "Berlaku", "abstrak": ""}
	// Saved once: each case after updates the row.
	if res, out := a.api(http.DefaultClient, a.tokens["legal"], "POST", base+"/jdih", good, ""); res.StatusCode != 200 {
		t.Fatalf("metadata: %d %s", res.StatusCode, out)
	}
	meta := func(field string) func(t *testing.T, i int, s string) (*http.Response, string) {
		return func(t *testing.T, i int, s string) (*http.Response, string) {
			in := map[string]any{}
			for k, v := range good {
				in[k] = v
			}
			in[field] = s
			return js(t, "legal", base+"/jdih", in, nil)
		}
	}
	kept := func(field string) textCase {
		return textCase{name: "POST /policies/{id}/jdih " + field, field: field, status: 200, send: meta(field),
			stored:  a.storedAs(field, `SELECT `+field+` FROM jdih_metadata WHERE policy_id = $1`, w.implement),
			changes: map[string]delta{"jdih_metadata": {1, 1}, "audit_log": {1, 0}}} // each save is audited
	}
	return map[string][]textCase{
		"RelationInput": {
			{name: "POST /policies/{id}/relations kind", field: "kind", status: 422,
				send: func(t *testing.T, i int, s string) (*http.Response, string) {
					return js(t, "legal", base+"/relations", map[string]any{"to_policy_id": w.draft, "kind": s}, nil)
				}},
		},
		"JDIHInput": {
			kept("teu_badan"), kept("subjek"), kept("bidang_hukum"), kept("lokasi"), kept("sumber"), kept("abstrak"),
			{name: "POST /policies/{id}/jdih bahasa", field: "bahasa", status: 422, send: meta("bahasa")},
			{name: "POST /policies/{id}/jdih status", field: "status", status: 422, send: meta("status")},
		},
	}
}
