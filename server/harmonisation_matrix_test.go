package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
)

// harmonisationRoleCases are the harmonisation routes of the route × role
// matrix, on the draft p: anyone of the region reads its harmonisation;
// only the legal unit records a request or an answer, and an empty one is
// refused first (422); only the administrator sets whether a form is
// harmonised (an unknown form: 422).
func harmonisationRoleCases(p string) (pages []pageCase, api map[string]apiCase) {
	legal := want{"anonymous": 303, "legal": 422, "*": 403}
	legalAPI := want{"anonymous": 401, "legal": 422, "*": 403}
	pages = []pageCase{
		{"GET", p + "/harmonisation", nil, onDraft(want{"anonymous": 404, "*": 200})},
		{"POST", p + "/harmonisation/request", url.Values{"request_letter": {""}}, legal},
		{"POST", p + "/harmonisation/answer", url.Values{"result": {""}}, legal},
		{"GET", "/admin/harmonisation", nil, only("admin", 200)},
		{"POST", "/admin/harmonisation", url.Values{"form": {"perda"}}, only("admin", 422)},
	}
	api = map[string]apiCase{
		"GET /policies/{id}/harmonisation":          {nil, onDraft(want{"anonymous": 404, "*": 200})},
		"POST /policies/{id}/harmonisation/request": {map[string]any{"request_letter": ""}, legalAPI},
		"POST /policies/{id}/harmonisation/answer":  {map[string]any{"result": ""}, legalAPI},
		"GET /admin/harmonisation":                  {nil, onlyAPI("admin", 200)},
		"POST /admin/harmonisation":                 {map[string]any{"form": "perda"}, onlyAPI("admin", 422)},
	}
	return pages, api
}

// harmonisationScopeCases are the harmonisation routes of the region ×
// unit matrix: read wherever the policy is (a published one by anyone, a
// draft by its region), written by the legal unit of the policy's region
// only; the settings are the region administrator's own.
func harmonisationScopeCases(draft, pub int64) []scopeCase {
	var cs []scopeCase
	for _, id := range []int64{draft, pub} {
		p, api := fmt.Sprintf("/policies/%d", id), fmt.Sprintf("/api/v1/policies/%d", id)
		for w, field := range map[string]string{"/harmonisation/request": "request_letter", "/harmonisation/answer": "result"} {
			cs = append(cs,
				scopeCase{method: "POST", pattern: "/policies/{id}" + w, path: p + w, form: url.Values{field: {""}}, want: ofRegion(false, id == draft, "legal", 422)},
				scopeCase{method: "POST", pattern: "/api/v1/policies/{id}" + w, path: api + w, body: map[string]any{field: ""}, want: ofRegion(true, id == draft, "legal", 422)},
			)
		}
		cs = append(cs,
			scopeCase{method: "GET", pattern: "/policies/{id}/harmonisation", path: p + "/harmonisation", want: readable(id == draft)},
			scopeCase{method: "GET", pattern: "/api/v1/policies/{id}/harmonisation", path: api + "/harmonisation", want: readable(id == draft)},
		)
	}
	admin := func(api bool, ok int) func(principal) int { return roleOnly(api, "admin", ok) }
	for _, api := range []bool{false, true} {
		pre := ""
		if api {
			pre = "/api/v1"
		}
		set := scopeCase{method: "POST", pattern: pre + "/admin/harmonisation", path: pre + "/admin/harmonisation", want: admin(api, 422)}
		if api {
			set.body = map[string]any{"form": "perda"}
		} else {
			set.form = url.Values{"form": {"perda"}}
		}
		cs = append(cs, scopeCase{method: "GET", pattern: pre + "/admin/harmonisation", path: pre + "/admin/harmonisation", want: admin(api, http.StatusOK)}, set)
	}
	return cs
}

// harmonisationTextCases are the hostile-text cases of the harmonisation's
// API bodies: a form, a date or a result that is none refused naming the
// field; a letter number or notes on the draft (nothing to harmonise)
// refused 409 after validation.
func (a *app) harmonisationTextCases(w world, js func(t *testing.T, role, path string, body any, header map[string]string) (*http.Response, string)) map[string][]textCase {
	post := func(role, path string, base map[string]any, field string) func(t *testing.T, i int, s string) (*http.Response, string) {
		return func(t *testing.T, i int, s string) (*http.Response, string) {
			in := map[string]any{}
			for k, v := range base {
				in[k] = v
			}
			in[field] = s
			return js(t, role, path, in, nil)
		}
	}
	draft := fmt.Sprintf("/api/v1/policies/%d/harmonisation", w.draft)
	req := map[string]any{"requested_on": "2026-01-05", "request_letter": "100.3/1/Hukum"}
	ans := map[string]any{"answer_letter": "W.3-1", "answered_on": "2026-01-06", "berita_acara_id": 1, "result": "selesai", "notes": ""}
	return map[string][]textCase{
		"HarmonisationSettingInput": {
			{name: "POST /admin/harmonisation form", field: "form", status: 422, send: post("admin", "/api/v1/admin/harmonisation", map[string]any{"required": true}, "form")},
		},
		"HarmonisationRequestInput": {
			{name: "POST /policies/{id}/harmonisation/request requested_on", field: "requested_on", status: 422, send: post("legal", draft+"/request", req, "requested_on")},
			{name: "POST /policies/{id}/harmonisation/request request_letter", field: "request_letter", status: 409, refusedAs: "-", send: post("legal", draft+"/request", req, "request_letter")},
		},
		"HarmonisationAnswerInput": {
			{name: "POST /policies/{id}/harmonisation/answer answer_letter", field: "answer_letter", status: 409, refusedAs: "-", send: post("legal", draft+"/answer", ans, "answer_letter")},
			{name: "POST /policies/{id}/harmonisation/answer answered_on", field: "answered_on", status: 422, send: post("legal", draft+"/answer", ans, "answered_on")},
			{name: "POST /policies/{id}/harmonisation/answer result", field: "result", status: 422, send: post("legal", draft+"/answer", ans, "result")},
			{name: "POST /policies/{id}/harmonisation/answer notes", field: "notes", status: 409, refusedAs: "-", send: post("legal", draft+"/answer", ans, "notes")},
		},
	}
}
