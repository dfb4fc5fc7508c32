package server_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"
)

// followUpTextCases are the hostile-input cases of the follow-up fields
// (TestHostileInput), as the draft's unit officer: an action and an owner
// are kept verbatim, each on a round of its own (one follow-up per element
// and round), recorded beforehand; an element, a due date or a status that
// is none is refused naming it.
func (a *app) followUpTextCases(w world, js func(t *testing.T, role, path string, body any, header map[string]string) (*http.Response, string)) map[string][]textCase {
	t := a.t
	unit := w.path["unit"]
	values := len(hostile) + 2
	// Rounds 2.. for the action's values, then the owner's.
	for n := 2; n < 2+2*values; n++ {
		a.skmFixtureRound(t, w.draft, "disdukcapil", n, threes(3), 0)
	}
	due := time.Now().AddDate(0, 1, 0).Format("2006-01-02")
	good := map[string]any{"element": "u1", "action": "Sederhanakan alur", "owner": "Kepala Bidang Pelayanan", "due_on": due}
	post := func(round int, field, s string) (map[string]any, string) {
		in := map[string]any{}
		for k, v := range good {
			in[k] = v
		}
		in[field] = s
		return in, fmt.Sprintf("/api/v1/policies/%d/evaluations/%d/units/%s/followups", w.draft, round, unit)
	}
	kept := func(field string, first int) textCase {
		return textCase{name: "POST /policies/{id}/evaluations/{round}/units/{unit}/followups " + field, field: field, status: 201,
			send: func(t *testing.T, i int, s string) (*http.Response, string) {
				in, path := post(first+i, field, s)
				return js(t, "unit_officer", path, in, nil)
			},
			stored:  a.storedAs(field, `SELECT `+field+` FROM skm_followups ORDER BY id DESC LIMIT 1`),
			changes: map[string]delta{"skm_followups": {1, 0}, "audit_log": {1, 0}}}
	}
	refused := func(field string) textCase {
		return textCase{name: "POST /policies/{id}/evaluations/{round}/units/{unit}/followups " + field, field: field, status: 422,
			send: func(t *testing.T, i int, s string) (*http.Response, string) {
				in, path := post(1, field, s)
				return js(t, "unit_officer", path, in, nil)
			}}
	}
	return map[string][]textCase{
		"FollowUpInput": {kept("action", 2), kept("owner", 2+values), refused("element"), refused("due_on")},
		"FollowUpStatusInput": {
			{name: "POST /policies/{id}/evaluations/{round}/units/{unit}/followups/{fid}/status status", field: "status", status: 422,
				send: func(t *testing.T, i int, s string) (*http.Response, string) {
					return js(t, "unit_officer", fmt.Sprintf("/api/v1/policies/%d/evaluations/1/units/%s/followups/999999/status", w.draft, unit),
						map[string]any{"status": s}, nil)
				}},
		},
	}
}
