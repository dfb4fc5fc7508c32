package server_test

import (
	"fmt"
	"net/url"
)

// programScopeCases are the region × unit cases of a program's life
// (program_life.go), its sessions and attendance (program_sessions.go) and
// its certificates (certificates.go), on the published policy's planned
// program of Disdukcapil. Those who run it — the region's drafters and the
// program unit's officers — get past the scope check to the route's own
// answer; every other principal is refused before it: a signed-out page
// goes to sign-in (303) and the API says 401, other roles and the officers
// of another unit 403, and another city 403 (the policy is published, so
// its programs are seen as another region's, not hidden: errOtherRegion).
//
// The program is shared with every later case, so the allowed requests are
// ones refused after the scope check and change nothing: a change without
// its required field (422 naming it: no reason to cancel, reschedule or
// remove; no title or JP to edit; no date to add a session; a bad budget
// figure), an attendance CSV naming no participant (422), a session the
// program does not have (404), and a certificate of a program not yet
// done (409). Nothing of them is cancelled, rescheduled, removed or issued.
//
// The session list carries no personal data (counts only): any signed-in
// member of the region reads it. A certificate is for the region's drafters
// and the officers of the trainee's or the organising unit (trainee here is
// Disdukcapil's, so Dinas Kesehatan's officer gets 403), and for the
// trainee themselves (no principal here has the trainee's NIP).
func programScopeCases(pub, program, trainee int64, internal func(api bool, id int64, role string, ok int) func(principal) int,
	record func(api bool, ok int) func(principal) int) []scopeCase {
	prog := fmt.Sprintf("/policies/%d/programs/%d", pub, program)
	aprog := "/api/v1" + prog
	remove := fmt.Sprintf("/participants/%d/remove", trainee)
	noReason := url.Values{"reason": {" "}}
	attendanceCSV := []byte("nip;sesi;hadir\n123;1;ya\n") // no such participant nor session: 422 naming the line
	return []scopeCase{
		// Pages.
		{method: "POST", pattern: "/policies/{id}/programs/{pid}/edit", path: prog + "/edit", form: url.Values{"title": {"Seminar uji"}, "kind": {"seminar"}, "jp": {""}}, want: record(false, 422)},
		{method: "POST", pattern: "/policies/{id}/programs/{pid}/reschedule", path: prog + "/reschedule", form: url.Values{"starts_at": {""}, "ends_at": {""}, "reason": {"uji"}}, want: record(false, 422)},
		{method: "POST", pattern: "/policies/{id}/programs/{pid}/cancel", path: prog + "/cancel", form: noReason, want: record(false, 422)},
		{method: "POST", pattern: "/policies/{id}/programs/{pid}/budget", path: prog + "/budget", form: url.Values{"budget": {"satu juta"}}, want: record(false, 422)},
		{method: "POST", pattern: "/policies/{id}/programs/{pid}/participants/{paid}/remove", path: prog + remove, form: noReason, want: record(false, 422)},
		{method: "POST", pattern: "/policies/{id}/programs/{pid}/sessions", path: prog + "/sessions", form: url.Values{"held_on": {""}, "jp": {"2"}}, want: record(false, 422)},
		{method: "POST", pattern: "/policies/{id}/programs/{pid}/sessions/{sid}/attendance", path: prog + "/sessions/999999999/attendance", form: url.Values{}, want: record(false, 404)},
		{method: "POST", pattern: "/policies/{id}/programs/{pid}/attendance/import", path: prog + "/attendance/import", multipart: true, want: record(false, 422)}, // no file
		{method: "GET", pattern: "/policies/{id}/programs/{pid}/participants/{paid}/certificate.pdf", path: prog + fmt.Sprintf("/participants/%d/certificate.pdf", trainee), want: record(false, 409)},

		// API.
		{method: "POST", pattern: "/api/v1/policies/{id}/programs/{pid}/edit", path: aprog + "/edit", body: map[string]any{"kind": "seminar", "jp": 8}, want: record(true, 422)},
		{method: "POST", pattern: "/api/v1/policies/{id}/programs/{pid}/reschedule", path: aprog + "/reschedule", body: map[string]any{"reason": "uji"}, want: record(true, 422)},
		{method: "POST", pattern: "/api/v1/policies/{id}/programs/{pid}/cancel", path: aprog + "/cancel", body: map[string]any{"reason": ""}, want: record(true, 422)},
		{method: "POST", pattern: "/api/v1/policies/{id}/programs/{pid}/budget", path: aprog + "/budget", body: map[string]any{"budget": -1}, want: record(true, 422)},
		{method: "POST", pattern: "/api/v1/policies/{id}/programs/{pid}/participants/{paid}/remove", path: aprog + remove, body: map[string]any{"reason": ""}, want: record(true, 422)},
		{method: "GET", pattern: "/api/v1/policies/{id}/programs/{pid}/sessions", path: aprog + "/sessions", want: internal(true, pub, "", 200)},
		{method: "POST", pattern: "/api/v1/policies/{id}/programs/{pid}/sessions", path: aprog + "/sessions", body: map[string]any{"jp": 2}, want: record(true, 422)},
		{method: "POST", pattern: "/api/v1/policies/{id}/programs/{pid}/attendance", path: aprog + "/attendance", body: attendanceCSV, want: record(true, 422)},
	}
}
