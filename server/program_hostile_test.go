package server_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"
)

// programLifeTextCases are the hostile text cases of a program's changes
// (program_life.go, program_sessions.go): kept verbatim where a text is
// kept (a title, a reason, a topic), refused naming the field elsewhere.
// The programs belong to a unit with no officer and have no participant
// with an account, so no notice is written after an answer (the next
// case's count of rows stays its own).
func (a *app) programLifeTextCases(w world, n int, js func(t *testing.T, role, path string, body any, header map[string]string) (*http.Response, string)) map[string][]textCase {
	t := a.t
	db := a.st.DB.SQL()
	var unit int64
	if err := db.Get(&unit, `INSERT INTO units (region_id, code, name) SELECT region_id, 'uji-program-serangan', 'Unit uji tanpa petugas'
		FROM units WHERE id = $1 RETURNING id`, w.unit); err != nil {
		t.Fatalf("a unit with no officer: %v", err)
	}
	base := fmt.Sprintf("/api/v1/policies/%d", w.implement)
	start := time.Now().Add(30 * 24 * time.Hour).Truncate(24 * time.Hour)
	plan := func(title string) int64 {
		return a.planProgram("drafter", base, map[string]any{
			"unit_id": unit, "kind": "pelatihan", "title": title, "starts_at": start, "ends_at": start.Add(10 * 24 * time.Hour), "jp": 1000}, "serangan-"+title)
	}
	edited := plan("Program uji serangan")
	cancelled := make([]int64, n)
	participants := make([]int64, n)
	for i := range n {
		cancelled[i] = plan(fmt.Sprintf("Program batal %d", i))
		if err := db.Get(&participants[i], `INSERT INTO participants (program_id, nip, name, unit_id) VALUES ($1, $2, 'Peserta uji', $3) RETURNING id`,
			edited, fmt.Sprintf("1990010120150320%02d", i), unit); err != nil {
			t.Fatal(err)
		}
	}
	path := func(prog int64, rest string) string { return fmt.Sprintf("%s/programs/%d/%s", base, prog, rest) }
	edit := func(field string) func(t *testing.T, i int, s string) (*http.Response, string) {
		return func(t *testing.T, i int, s string) (*http.Response, string) {
			in := map[string]any{"kind": "pelatihan", "title": "Program uji serangan", "jp": 1000}
			in[field] = s
			return js(t, "drafter", path(edited, "edit"), in, nil)
		}
	}
	kept := func(name, field, column string, status int, send func(t *testing.T, i int, s string) (*http.Response, string), row func(i int) (string, int64), changes map[string]delta) textCase {
		return textCase{name: name + " " + field, field: field, status: status, send: send, changes: changes,
			stored: func(t *testing.T, s, _ string) {
				table, id := row(-1)
				verbatim(t, name+" "+field, a.text(t, `SELECT `+column+` FROM `+table+` WHERE id = $1`, id), s)
			}}
	}
	programRow := func(int) (string, int64) { return "programs", edited }
	changed := map[string]delta{"programs": {1, 1}, "audit_log": {1, 0}}
	last := -1
	move := map[string]any{"starts_at": start.Add(-24 * time.Hour), "ends_at": start.Add(11 * 24 * time.Hour), "reason": "Gedung dipakai"}
	return map[string][]textCase{
		"ProgramEdit": {
			kept("POST /policies/{id}/programs/{pid}/edit", "title", "title", 200, edit("title"), programRow, changed),
			kept("POST /policies/{id}/programs/{pid}/edit", "partner", "partner", 200, edit("partner"), programRow, changed),
			{name: "POST /policies/{id}/programs/{pid}/edit kind", field: "kind", status: 422, send: edit("kind")},
		},
		"ProgramReschedule": {
			kept("POST /policies/{id}/programs/{pid}/reschedule", "reason", "status_reason", 200,
				func(t *testing.T, i int, s string) (*http.Response, string) {
					in := map[string]any{}
					for k, v := range move {
						in[k] = v
					}
					in["reason"] = s
					return js(t, "drafter", path(edited, "reschedule"), in, nil)
				}, programRow, changed),
			{name: "POST /policies/{id}/programs/{pid}/reschedule starts_at", field: "starts_at", status: 400, refusedAs: "-",
				send: func(t *testing.T, i int, s string) (*http.Response, string) {
					return js(t, "drafter", path(edited, "reschedule"), map[string]any{"starts_at": s, "ends_at": move["ends_at"], "reason": "x"}, nil)
				}},
			{name: "POST /policies/{id}/programs/{pid}/reschedule ends_at", field: "ends_at", status: 400, refusedAs: "-",
				send: func(t *testing.T, i int, s string) (*http.Response, string) {
					return js(t, "drafter", path(edited, "reschedule"), map[string]any{"starts_at": move["starts_at"], "ends_at": s, "reason": "x"}, nil)
				}},
		},
		"ProgramCancel": {
			kept("POST /policies/{id}/programs/{pid}/cancel", "reason", "status_reason", 200,
				func(t *testing.T, i int, s string) (*http.Response, string) {
					last = i
					return js(t, "drafter", path(cancelled[i], "cancel"), map[string]any{"reason": s}, nil)
				}, func(int) (string, int64) { return "programs", cancelled[last] }, changed),
		},
		"ParticipantRemoval": {
			kept("POST /policies/{id}/programs/{pid}/participants/{paid}/remove", "reason", "removed_reason", 200,
				func(t *testing.T, i int, s string) (*http.Response, string) {
					last = i
					return js(t, "drafter", path(edited, fmt.Sprintf("participants/%d/remove", participants[i])), map[string]any{"reason": s}, nil)
				}, func(int) (string, int64) { return "participants", participants[last] },
				map[string]delta{"participants": {1, 1}, "audit_log": {1, 0}}),
		},
		"NewSession": {
			kept("POST /policies/{id}/programs/{pid}/sessions", "topic", "topic", 201,
				func(t *testing.T, i int, s string) (*http.Response, string) {
					return js(t, "drafter", path(edited, "sessions"), map[string]any{"held_on": start.Add(24 * time.Hour), "jp": 1, "topic": s}, nil)
				}, func(int) (string, int64) {
					var id int64
					db.Get(&id, `SELECT max(id) FROM program_sessions WHERE program_id = $1`, edited)
					return "program_sessions", id
				}, map[string]delta{"program_sessions": {1, 0}, "audit_log": {1, 0}}),
			{name: "POST /policies/{id}/programs/{pid}/sessions held_on", field: "held_on", status: 400, refusedAs: "-",
				send: func(t *testing.T, i int, s string) (*http.Response, string) {
					return js(t, "drafter", path(edited, "sessions"), map[string]any{"held_on": s, "jp": 1}, nil)
				}},
		},
	}
}
