package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// implementedForOfficer starts the implementation of policy id by the
// unit officer's unit and returns the policy's API path and that officer.
func (a *app) implementedForOfficer(id int64) (string, policies.User) {
	a.t.Helper()
	base := fmt.Sprintf("/api/v1/policies/%d", id)
	officer := a.user("unit_officer")
	if res, out := a.api(http.DefaultClient, a.tokens["drafter"], "POST", base+"/actions/start_implementation",
		map[string]any{"unit_ids": []int64{*officer.UnitID}}, ""); res.StatusCode != 200 {
		a.t.Fatalf("start implementation: %d %s", res.StatusCode, out)
	}
	return base, officer
}

// planProgram plans program (the plan_program action's "program") on the
// policy at base, as role with Idempotency-Key key, and returns its id; a
// refusal fails the test.
func (a *app) planProgram(role, base string, program map[string]any, key string) int64 {
	a.t.Helper()
	res, out := a.api(http.DefaultClient, a.tokens[role], "POST", base+"/actions/plan_program", map[string]any{"program": program}, key)
	var p struct{ ID int64 }
	if json.Unmarshal([]byte(out), &p); res.StatusCode != 200 || p.ID == 0 {
		a.t.Fatalf("plan %v: %d %s", program["title"], res.StatusCode, out)
	}
	return p.ID
}

// A program lives: edited, rescheduled and given a budget by those who run
// it, refused naming the field on bad input, refused to another region
// (404) and another unit (403); once cancelled, every change is a 409.
func TestProgramEditRescheduleCancel(t *testing.T) {
	a := newApp(t)
	id := a.approvedPolicy("uji-program-hidup")
	base, officer := a.implementedForOfficer(id)
	c := http.DefaultClient
	start := time.Now().Add(10 * 24 * time.Hour)
	plan := func(unit int64, title, key string) int64 {
		t.Helper()
		return a.planProgram("drafter", base, map[string]any{
			"unit_id": unit, "kind": "pelatihan", "title": title, "starts_at": start, "ends_at": start.Add(48 * time.Hour), "jp": 16}, key)
	}
	prog := plan(*officer.UnitID, "Pelatihan pelayanan publik", "hidup-1")
	var otherUnit int64
	a.st.DB.SQL().Get(&otherUnit, `SELECT id FROM units WHERE region_id = (SELECT region_id FROM units WHERE id = $1) AND id <> $1 ORDER BY id LIMIT 1`, *officer.UnitID)
	others := plan(otherUnit, "Pelatihan unit lain", "hidup-2")
	path := fmt.Sprintf("%s/programs/%d", base, prog)
	call := func(token, action string, body any) (int, string) {
		t.Helper()
		res, out := a.api(c, token, "POST", path+"/"+action, body, "")
		return res.StatusCode, out
	}
	field := func(out string) string {
		var e struct{ Error struct{ Field string } }
		json.Unmarshal([]byte(out), &e)
		return e.Error.Field
	}

	if st, out := call(a.tokens["unit_officer"], "edit", map[string]any{"kind": "workshop", "title": "Pelatihan pelayanan publik II", "jp": 12}); st != 200 || !strings.Contains(out, `"jp":12`) {
		t.Errorf("edit: %d %s", st, out)
	}
	if st, out := call(a.tokens["unit_officer"], "edit", map[string]any{"kind": "workshop", "title": "", "jp": 12}); st != 422 || field(out) != "title" {
		t.Errorf("edit without a title: %d %s, want 422 naming title", st, out)
	}
	later := start.Add(7 * 24 * time.Hour)
	move := map[string]any{"starts_at": later, "ends_at": later.Add(24 * time.Hour), "reason": ""}
	if st, out := call(a.tokens["drafter"], "reschedule", move); st != 422 || field(out) != "reason" {
		t.Errorf("reschedule without a reason: %d %s, want 422 naming reason", st, out)
	}
	move["reason"] = "Narasumber berhalangan"
	if st, out := call(a.tokens["drafter"], "reschedule", move); st != 200 || !strings.Contains(out, later.Format("2006-01-02")) {
		t.Errorf("reschedule: %d %s", st, out)
	}
	// Budget: a realisation over the budget is saved with a warning; a negative figure is refused.
	if st, out := call(a.tokens["unit_officer"], "budget", map[string]any{"budget": 10000000, "realisation": 12500000}); st != 200 || !strings.Contains(out, `"warning":"`) {
		t.Errorf("over budget: %d %s, want 200 with a warning", st, out)
	}
	if st, out := call(a.tokens["unit_officer"], "budget", map[string]any{"budget": 10000000, "realisation": -1}); st != 422 || field(out) != "realisation" {
		t.Errorf("negative realisation: %d %s, want 422 naming realisation", st, out)
	}
	// Another region's drafter: 404 (or 403 on a policy they may see); another unit's program: 403.
	if res, out := a.api(c, a.token("penyusun.pangkalpinang@policyflow.test"), "POST", path+"/cancel", map[string]any{"reason": "x"}, ""); res.StatusCode != 404 && res.StatusCode != 403 {
		t.Errorf("another region's drafter cancels: %d %s, want 404/403", res.StatusCode, out)
	}
	if res, out := a.api(c, a.tokens["unit_officer"], "POST", fmt.Sprintf("%s/programs/%d/cancel", base, others), map[string]any{"reason": "x"}, ""); res.StatusCode != 403 {
		t.Errorf("another unit's program cancelled by an officer: %d %s, want 403", res.StatusCode, out)
	}
	// The page shows the status, the budget and the warning; the form cancels.
	page := fmt.Sprintf("/policies/%d/programs/%d", id, prog)
	drafter := a.people["drafter"]
	if _, body := a.get(drafter, page); !strings.Contains(body, `id="over-budget"`) || !strings.Contains(body, "Direncanakan") || !strings.Contains(body, "10.000.000") {
		t.Errorf("program page lacks the status, the budget or the warning")
	}
	res, body := a.form(drafter, page+"/cancel", url.Values{"csrf": {a.csrf(drafter, page)}, "reason": {"Anggaran dialihkan"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("cancel form: %d %s", res.StatusCode, body)
	}
	if _, body := a.get(drafter, page); !strings.Contains(body, "Dibatalkan") || !strings.Contains(body, "Anggaran dialihkan") || strings.Contains(body, `id="cancel-form"`) {
		t.Errorf("cancelled program page: want its status and reason, no change forms")
	}
	// Cancelled: every change of its life is an illegal transition.
	if st, out := call(a.tokens["drafter"], "edit", map[string]any{"kind": "workshop", "title": "Lagi", "jp": 12}); st != 409 {
		t.Errorf("edit a cancelled program: %d %s, want 409", st, out)
	}
	if st, out := call(a.tokens["drafter"], "reschedule", move); st != 409 {
		t.Errorf("reschedule a cancelled program: %d %s, want 409", st, out)
	}
	// The unit's officer is told of the reschedule and of the cancellation.
	waitFor(t, func() bool {
		var n int
		a.st.DB.SQL().Get(&n, `SELECT count(DISTINCT kind) FROM notifications WHERE user_id = $1 AND policy_id = $2 AND kind IN ('program_rescheduled', 'program_cancelled')`, officer.ID, id)
		return n == 2
	})
	var audited int
	a.st.DB.SQL().Get(&audited, `SELECT count(*) FROM audit_log WHERE subject = $1 AND action IN ('program.edit_program', 'program.reschedule_program', 'program.budget', 'program.cancel_program')`, fmt.Sprintf("program:%d", prog))
	if audited != 4 {
		t.Errorf("audited changes = %d, want 4 (edit, reschedule, budget, cancel)", audited)
	}
}

// Sessions with attendance: an attendance CSV with a bad line is refused
// naming it and saves nothing; the good one gives JP from the sessions
// attended. A re-import that changes a completion is refused (409) unless
// confirmed; a participant is removed with a reason.
func TestProgramSessionsAttendanceAndReimport(t *testing.T) {
	a := newApp(t)
	id := a.approvedPolicy("uji-program-sesi")
	base, officer := a.implementedForOfficer(id)
	c := http.DefaultClient
	start := time.Now().Add(24 * time.Hour).Truncate(24 * time.Hour)
	program := a.planProgram("unit_officer", base, map[string]any{
		"unit_id": *officer.UnitID, "kind": "pelatihan", "title": "Pelatihan arsip", "starts_at": start, "ends_at": start.Add(48 * time.Hour), "jp": 12}, "sesi-1")
	path := fmt.Sprintf("%s/programs/%d", base, program)
	tok := a.tokens["unit_officer"]
	const rina, budi = "198503122010011002", "199001012015032001"
	if res, out := a.csvPost(tok, path+"/participants", "nip,nama,unit,hadir,lulus\n"+rina+",Rina,disdukcapil,ya,ya\n"+budi+",Budi,disdukcapil,ya,tidak\n"); res.StatusCode != 200 {
		t.Fatalf("participants: %d %s", res.StatusCode, out)
	}
	for i, jp := range []int{4, 4, 4} {
		res, out := a.api(c, tok, "POST", path+"/sessions", map[string]any{"held_on": start.Add(time.Duration(i) * 24 * time.Hour).UTC(), "jp": jp}, "")
		if res.StatusCode != 201 {
			t.Fatalf("session %d: %d %s", i+1, res.StatusCode, out)
		}
	}
	if res, out := a.api(c, tok, "POST", path+"/sessions", map[string]any{"held_on": start.UTC(), "jp": 1}, ""); res.StatusCode != 422 || !strings.Contains(out, `"field":"jp"`) {
		t.Errorf("a session past the program's JP: %d %s, want 422 naming jp", res.StatusCode, out)
	}
	// A reschedule that would leave its sessions outside its dates, or an edit below their JP: refused naming the field.
	later := start.Add(10 * 24 * time.Hour)
	if res, out := a.api(c, tok, "POST", path+"/reschedule", map[string]any{"starts_at": later, "ends_at": later.Add(24 * time.Hour), "reason": "Gedung dipakai"}, ""); res.StatusCode != 422 || !strings.Contains(out, `"field":"starts_at"`) {
		t.Errorf("a reschedule leaving sessions behind: %d %s, want 422 naming starts_at", res.StatusCode, out)
	}
	if res, out := a.api(c, tok, "POST", path+"/edit", map[string]any{"kind": "pelatihan", "title": "Pelatihan arsip", "jp": 10}, ""); res.StatusCode != 422 || !strings.Contains(out, `"field":"jp"`) {
		t.Errorf("an edit below the sessions' JP: %d %s, want 422 naming jp", res.StatusCode, out)
	}
	present := func(nip string) int {
		var n int
		a.st.DB.SQL().Get(&n, `SELECT count(*) FROM session_attendance sa JOIN participants pa ON pa.id = sa.participant_id
			WHERE pa.program_id = $1 AND pa.nip = $2 AND sa.present`, program, nip)
		return n
	}
	bad := "nip;sesi;hadir\n" + rina + ";1;ya\n" + rina + ";9;ya\n" + "199912312020121001;2;ya\n" + budi + ";2;mungkin\n"
	res, out := a.csvPost(tok, path+"/attendance", bad)
	if res.StatusCode != 422 || !strings.Contains(out, `"line":3`) || !strings.Contains(out, `"line":4`) || !strings.Contains(out, `"line":5`) || strings.Contains(out, `"line":2`) {
		t.Errorf("bad attendance CSV: %d %s, want 422 naming lines 3, 4 and 5", res.StatusCode, out)
	}
	if present(rina) != 0 {
		t.Errorf("a refused attendance file saved %d marks", present(rina))
	}
	good := "nip;sesi;hadir\n" + rina + ";1;ya\n" + rina + ";2;ya\n" + rina + ";3;tidak\n" + budi + ";3;ya\n"
	if res, out := a.csvPost(tok, path+"/attendance", good); res.StatusCode != 200 || !strings.Contains(out, `"changed":4`) {
		t.Fatalf("attendance CSV: %d %s", res.StatusCode, out)
	}
	// JP from the sessions attended: Rina 8, Budi 4 (not "completed", but present).
	es, err := a.st.DB.JPEntries(t.Context(), *officer.RegionID, start.Add(48*time.Hour).Year())
	if err != nil {
		t.Fatal(err)
	}
	jp := map[string]int{}
	for _, e := range es {
		if e.Completed {
			jp[e.NIP] += e.JP
		}
	}
	if jp[rina] != 8 || jp[budi] != 4 {
		t.Errorf("JP = %v, want Rina 8 and Budi 4 from the sessions attended", jp)
	}
	// A re-import that changes Rina's completion: refused naming the line, nothing saved.
	again := "nip,nama,unit,hadir,lulus\n" + budi + ",Budi,disdukcapil,ya,tidak\n" + rina + ",Rina,disdukcapil,ya,tidak\n"
	res, out = a.csvPost(tok, path+"/participants", again)
	if res.StatusCode != 409 || !strings.Contains(out, `"line":3`) || !strings.Contains(out, `"field":"lulus"`) {
		t.Errorf("re-import changing a completion: %d %s, want 409 naming line 3", res.StatusCode, out)
	}
	completed := func() bool {
		var b bool
		a.st.DB.SQL().Get(&b, `SELECT completed FROM participants WHERE program_id = $1 AND nip = $2`, program, rina)
		return b
	}
	if !completed() {
		t.Error("a refused re-import changed a completion")
	}
	if res, out := a.csvPost(tok, path+"/participants?confirm_completion=1", again); res.StatusCode != 200 || completed() {
		t.Errorf("confirmed re-import: %d %s, want Rina's completion changed", res.StatusCode, out)
	}
	// Removing Budi: a reason is required; then he counts for nothing.
	var budiID int64
	a.st.DB.SQL().Get(&budiID, `SELECT id FROM participants WHERE program_id = $1 AND nip = $2`, program, budi)
	if res, out := a.api(c, tok, "POST", fmt.Sprintf("%s/participants/%d/remove", path, budiID), map[string]any{"reason": ""}, ""); res.StatusCode != 422 || !strings.Contains(out, `"field":"reason"`) {
		t.Errorf("removal without a reason: %d %s", res.StatusCode, out)
	}
	if res, out := a.api(c, tok, "POST", fmt.Sprintf("%s/participants/%d/remove", path, budiID), map[string]any{"reason": "Mutasi"}, ""); res.StatusCode != 200 {
		t.Errorf("removal: %d %s", res.StatusCode, out)
	}
	if res, out := a.csvPost(tok, path+"/attendance", "nip;sesi;hadir\n"+budi+";1;ya\n"); res.StatusCode != 422 {
		t.Errorf("attendance of a removed participant: %d %s, want 422", res.StatusCode, out)
	}
	// Every change of a participation is in the audit history.
	var n int
	a.st.DB.SQL().Get(&n, `SELECT count(*) FROM audit_log WHERE policy_id = $1 AND action LIKE 'participant.%'`, id)
	if n != 2+4+1+1 { // two added, four attendance marks, Rina's completion, Budi removed
		t.Errorf("participation audit rows = %d, want 8", n)
	}
	// The page shows the sessions, the attendance lists and the removal.
	page := fmt.Sprintf("/policies/%d/programs/%d", id, program)
	if _, body := a.get(a.people["unit_officer"], page); !strings.Contains(body, `id="sessions"`) || !strings.Contains(body, `id="attendance-3"`) || !strings.Contains(body, "Mutasi") {
		t.Errorf("program page lacks its sessions, attendance forms or the removal")
	}
}
