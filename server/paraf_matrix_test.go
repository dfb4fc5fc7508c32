package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
)

// parafStepsToRemove adds two coordination steps of a Keputusan in Kota
// Sawahlunto, to take out by page and by API (adminWorld).
func (a *app) parafStepsToRemove(t *testing.T) (page, api int64) {
	t.Helper()
	for _, dst := range []*int64{&page, &api} {
		if err := a.st.DB.SQL().Get(dst, `INSERT INTO paraf_steps (region_id, form, kind, position, user_id, office)
			SELECT region_id, 'kepwali', 'coordination', 0, id, 'Kepala BKPSDM' FROM users WHERE email = 'kepala.sawahlunto@policyflow.test' RETURNING id`); err != nil {
			t.Fatal(err)
		}
	}
	return page, api
}

// parafRoleCases are the paraf routes of the route × role matrix, on the
// draft p: anyone of the region reads its (empty) paraf; only leaders and
// the legal unit give one, and an empty step is refused first (422); only
// the administrator says who initials.
func parafRoleCases(p string, w adminWorld) (pages []pageCase, api map[string]apiCase) {
	givers := want{"anonymous": 303, "leader": 422, "legal": 422, "*": 403}
	pages = []pageCase{
		{"GET", p + "/paraf", nil, onDraft(want{"anonymous": 404, "*": 200})},
		{"POST", p + "/paraf", url.Values{"step_id": {""}, "version_sha256": {"x"}}, givers},
		{"GET", "/admin/paraf", nil, only("admin", 200)},
		{"POST", "/admin/paraf", url.Values{"form": {"perda"}, "kind": {"coordination"}, "office": {"X"}}, only("admin", 422)},
		{"POST", fmt.Sprintf("/admin/paraf/%d/delete", w.paraf), url.Values{}, only("admin", 303)},
	}
	api = map[string]apiCase{
		"GET /policies/{id}/paraf":        {nil, onDraft(want{"anonymous": 404, "*": 200})},
		"POST /policies/{id}/paraf":       {map[string]any{"step_id": 0, "version_sha256": "x"}, want{"anonymous": 401, "leader": 422, "legal": 422, "*": 403}},
		"GET /admin/paraf":                {nil, onlyAPI("admin", 200)},
		"POST /admin/paraf":               {map[string]any{"form": "perda", "kind": "coordination", "office": "X"}, onlyAPI("admin", 422)},
		"POST /admin/paraf/{psid}/delete": {nil, onlyAPI("admin", 202)}, // proposed: a second administrator confirms
	}
	return pages, api
}

// parafScopeCases are the paraf routes of the region × unit matrix: the
// paraf is read wherever the policy is (a published one by anyone, a
// draft by its region) and given by the leaders and legal unit of the
// policy's region only; the steps are the region administrator's, and
// another region's step is 404 to them.
func parafScopeCases(draft, pub int64, w adminWorld) []scopeCase {
	givers := func(api bool, id int64) func(principal) int {
		leader, legal := ofRegion(api, id == draft, "leader", 422), ofRegion(api, id == draft, "legal", 422)
		return func(p principal) int {
			if p.role == "legal" {
				return legal(p)
			}
			return leader(p)
		}
	}
	admin := func(api, list bool, ok int) func(principal) int {
		if list {
			return roleOnly(api, "admin", ok)
		}
		return roleOwn(api, "admin", ok)
	}
	var cs []scopeCase
	for _, id := range []int64{draft, pub} {
		p, api := fmt.Sprintf("/policies/%d", id), fmt.Sprintf("/api/v1/policies/%d", id)
		cs = append(cs,
			scopeCase{method: "GET", pattern: "/policies/{id}/paraf", path: p + "/paraf", want: readable(id == draft)},
			scopeCase{method: "POST", pattern: "/policies/{id}/paraf", path: p + "/paraf", form: url.Values{"step_id": {""}}, want: givers(false, id)},
			scopeCase{method: "GET", pattern: "/api/v1/policies/{id}/paraf", path: api + "/paraf", want: readable(id == draft)},
			scopeCase{method: "POST", pattern: "/api/v1/policies/{id}/paraf", path: api + "/paraf", body: map[string]any{"step_id": 0}, want: givers(true, id)},
		)
	}
	for _, api := range []bool{false, true} {
		pre, ok := "", http.StatusSeeOther
		if api {
			pre, ok = "/api/v1", http.StatusAccepted // proposed: a second administrator confirms
		}
		c := scopeCase{method: "GET", pattern: pre + "/admin/paraf", path: pre + "/admin/paraf", want: admin(api, true, 200)}
		add := scopeCase{method: "POST", pattern: pre + "/admin/paraf", path: pre + "/admin/paraf", want: admin(api, true, 422)}
		del := scopeCase{method: "POST", pattern: pre + "/admin/paraf/{psid}/delete", path: pre + w.replace("/admin/paraf/{psid}/delete", api), want: admin(api, false, ok)}
		if api {
			add.body = map[string]any{"form": "perda"}
		} else {
			add.form, del.form = url.Values{"form": {"perda"}}, url.Values{}
		}
		cs = append(cs, c, add, del)
	}
	return cs
}

// parafTextCases are the hostile-text cases of the paraf's API bodies: a
// step's office kept verbatim, its form and kind refused naming the field;
// a paraf's hash refused naming it.
func (a *app) parafTextCases(w world, js func(t *testing.T, role, path string, body any, header map[string]string) (*http.Response, string)) map[string][]textCase {
	kepala := a.st.UserID(a.t, "kepala.sawahlunto@policyflow.test")
	step := func(field string) func(t *testing.T, i int, s string) (*http.Response, string) {
		return func(t *testing.T, i int, s string) (*http.Response, string) {
			in := map[string]any{"form": "kepwali", "kind": "coordination", "user_id": kepala, "office": "Kepala BKPSDM"}
			in[field] = s
			return js(t, "admin", "/api/v1/admin/paraf", in, nil)
		}
	}
	give := func(t *testing.T, i int, s string) (*http.Response, string) {
		return js(t, "legal", fmt.Sprintf("/api/v1/policies/%d/paraf", w.draft), map[string]any{"step_id": 1, "version_sha256": s}, nil)
	}
	return map[string][]textCase{
		"ParafStepInput": {
			{name: "POST /admin/paraf form", field: "form", status: 422, send: step("form")},
			{name: "POST /admin/paraf kind", field: "kind", status: 422, send: step("kind")},
			// Proposed (202), the Kepala BKPSDM who would initial told.
			{name: "POST /admin/paraf office", field: "office", status: 202, send: step("office"),
				stored:  a.storedByID("text", `SELECT payload->>'office' FROM pending_changes WHERE id = $1`),
				changes: map[string]delta{"pending_changes": {1, 0}, "audit_log": {1, 0}, "notifications": {1, 0}}},
		},
		"ParafInput": {{name: "POST /policies/{id}/paraf version_sha256", field: "version_sha256", status: 422, send: give}},
	}
}
