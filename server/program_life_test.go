package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// A program lives: edited, rescheduled and given a budget by those who run
// it, refused naming the field on bad input, refused to another region
// (404) and another unit (403); once cancelled, every change is a 409.
func TestProgramEditRescheduleCancel(t *testing.T) {
	a := newApp(t)
	id := a.approvedPolicy("uji-program-hidup")
	base := fmt.Sprintf("/api/v1/policies/%d", id)
	c := http.DefaultClient
	officer, _ := a.st.DB.UserByEmail(t.Context(), roleEmails["unit_officer"])
	if res, out := a.api(c, a.tokens["drafter"], "POST", base+"/actions/start_implementation",
		map[string]any{"unit_ids": []int64{*officer.UnitID}}, ""); res.StatusCode != 200 {
		t.Fatalf("start implementation: %d %s", res.StatusCode, out)
	}
	start := time.Now().Add(10 * 24 * time.Hour)
	plan := func(unit int64, title, key string) int64 {
		t.Helper()
		res, out := a.api(c, a.tokens["drafter"], "POST", base+"/actions/plan_program", map[string]any{"program": map[string]any{
			"unit_id": unit, "kind": "pelatihan", "title": title, "starts_at": start, "ends_at": start.Add(48 * time.Hour), "jp": 16}}, key)
		if res.StatusCode != 200 {
			t.Fatalf("plan %s: %d %s", title, res.StatusCode, out)
		}
		var p struct{ ID int64 }
		json.Unmarshal([]byte(out), &p)
		return p.ID
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
