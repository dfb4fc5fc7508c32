package server_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/lib/pq"
)

// unknownHash is a SHA-256 of no version.
var unknownHash = strings.Repeat("ab", 32)

// documentsRoleCases are the PDF, naskah DOCX and verification routes in
// the route × role matrix (TestRouteRoleMatrix), on the draft: its
// versions are the region's to read; a hash anyone may verify (a draft's
// says only that it is registered); an unknown hash is 404, a malformed
// one 400. The hash returned is the draft's version 1, for {hash}.
func documentsRoleCases(t *testing.T, a *app, draft int64) (pages []struct {
	method, path string
	form         url.Values
	want         want
}, api map[string]struct {
	body any
	want want
}, hash string) {
	t.Helper()
	v1, err := a.st.DB.VersionByNumber(t.Context(), draft, 1)
	if err != nil {
		t.Fatal(err)
	}
	p := fmt.Sprintf("/policies/%d", draft)
	pages = []struct {
		method, path string
		form         url.Values
		want         want
	}{
		{"GET", p + "/versions/1/pdf", nil, onDraft(want{"anonymous": 404, "*": 200})},
		{"GET", p + "/versions/9/pdf", nil, want{"*": 404}},
		{"GET", p + "/versions/1/naskah.docx", nil, onDraft(want{"anonymous": 404, "*": 200})},
		{"GET", "/verifikasi/" + v1.SHA256, nil, want{"*": 200}},
		{"GET", "/verifikasi/" + unknownHash, nil, want{"*": 404}},
		{"GET", "/verifikasi/bukan-hash", nil, want{"*": 400}},
		{"GET", "/verifikasi", nil, want{"*": 200}},
		{"GET", "/verifikasi?sha256=" + v1.SHA256, nil, want{"*": 303}},
		// A form with no file: 422 naming the field, for everyone alike.
		{"POST", "/verifikasi/pdf", url.Values{}, want{"*": 422}},
	}
	api = map[string]struct {
		body any
		want want
	}{
		"GET /verify/{hash}": {nil, want{"*": 200}},
	}
	return pages, api, v1.SHA256
}

// documentsScopeCases are the same routes in the route × region/unit
// matrix (TestRegionUnitMatrix): a version downloads for whoever may read
// it (another city's draft is 404); verification answers everyone alike.
func documentsScopeCases(draft, pub int64, readable func(int64) func(principal) int) []scopeCase {
	all := func(status int) func(principal) int { return func(principal) int { return status } }
	var cs []scopeCase
	for _, id := range []int64{draft, pub} {
		p := fmt.Sprintf("/policies/%d", id)
		cs = append(cs,
			scopeCase{method: "GET", pattern: "/policies/{id}/versions/{n}/pdf", path: p + "/versions/1/pdf", want: readable(id)},
			scopeCase{method: "GET", pattern: "/policies/{id}/versions/{n}/naskah.docx", path: p + "/versions/1/naskah.docx", want: readable(id)},
		)
	}
	return append(cs,
		scopeCase{method: "GET", pattern: "/verifikasi", path: "/verifikasi", want: all(200)},
		scopeCase{method: "GET", pattern: "/verifikasi/{hash}", path: "/verifikasi/" + unknownHash, want: all(404)},
		scopeCase{method: "POST", pattern: "/verifikasi/pdf", path: "/verifikasi/pdf", form: url.Values{}, want: all(422)},
		scopeCase{method: "GET", pattern: "/api/v1/verify/{hash}", path: "/api/v1/verify/" + unknownHash, want: all(404)},
	)
}

// documentsHash is the SHA-256 of a policy's version 1: the {hash} of the
// hostile-input walk (TestHostileInput).
func (a *app) documentsHash(t *testing.T, id int64) string {
	t.Helper()
	v, err := a.st.DB.VersionByNumber(t.Context(), id, 1)
	if err != nil {
		t.Fatal(err)
	}
	return v.SHA256
}

// documentsHashes are the {hash} samples of TestEveryWordInTheReadersLanguage:
// every version of the sample policies (approved, returned, enacted…) and
// of another region's draft, and a hash of no version.
func (a *app) documentsHashes(t *testing.T, ps map[string]int64, other int64) []string {
	t.Helper()
	ids := []int64{other}
	for _, id := range ps {
		ids = append(ids, id)
	}
	var hashes []string
	if err := a.st.DB.SQL().Select(&hashes, `SELECT DISTINCT sha256 FROM policy_versions WHERE policy_id = ANY($1) ORDER BY sha256`, pq.Array(ids)); err != nil {
		t.Fatal(err)
	}
	return append(hashes, unknownHash)
}
