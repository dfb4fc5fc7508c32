package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// BKPSDM corrects its plan: an item is edited (a unit its program is not
// run by is refused naming unit, 409), an item a program realises cannot
// be deleted (409 naming the program) until the program is unlinked; then
// it is deleted. Each change is audited; the page's forms do the same.
func TestPlanItemEditUnlinkDelete(t *testing.T) {
	a := newApp(t)
	db := a.st.DB.SQL()
	officer, mine, other := a.officerUnits()
	drafter := a.tokens["drafter"]
	c := http.DefaultClient
	policy := a.policyID("sawahlunto-peningkatan-kompetensi-asn")
	body := map[string]any{"year": 2026, "unit": mine, "policy_id": policy, "competency": "Pelayanan prima", "kind": "pelatihan",
		"target_participants": 4, "target_jp": 10, "budget": 12000000}
	res, out := a.api(c, drafter, "POST", "/api/v1/plan/items", body, "")
	var item struct {
		ID       int64
		TargetJP int `json:"target_jp"`
		Programs []struct {
			ProgramID int64 `json:"program_id"`
		}
	}
	if json.Unmarshal([]byte(out), &item); res.StatusCode != 201 {
		t.Fatalf("plan item: %d %s", res.StatusCode, out)
	}
	var prog int64
	db.Get(&prog, `INSERT INTO programs (policy_id, unit_id, kind, title, starts_on, ends_on, jp) VALUES ($1, $2, 'pelatihan', 'Pelatihan pelayanan prima', '2026-03-02', '2026-03-03', 10) RETURNING id`, policy, *officer.UnitID)
	if res, out := a.api(c, drafter, "POST", "/api/v1/plan/links", map[string]any{"item_id": item.ID, "program_id": prog}, ""); res.StatusCode != 200 {
		t.Fatalf("link: %d %s", res.StatusCode, out)
	}
	path := fmt.Sprintf("/api/v1/plan/items/%d", item.ID)
	audited := func(action string) (n int) {
		db.Get(&n, `SELECT count(*) FROM audit_log WHERE action = $1 AND subject = $2`, action, fmt.Sprintf("plan_item:%d", item.ID))
		return n
	}

	// Edit: another unit than its program's is refused; the targets change.
	body["unit"] = other
	if res, out := a.api(c, drafter, "POST", path, body, ""); res.StatusCode != 409 || !strings.Contains(out, `"field":"unit"`) || !strings.Contains(out, "Pelatihan pelayanan prima") {
		t.Errorf("moving the item to another unit than its program's: %d %s, want 409 naming unit and the program", res.StatusCode, out)
	}
	body["unit"], body["target_jp"] = mine, 0
	if res, out := a.api(c, drafter, "POST", path, body, ""); res.StatusCode != 422 || !strings.Contains(out, `"field":"target_jp"`) {
		t.Errorf("target JP 0: %d %s, want 422 naming target_jp", res.StatusCode, out)
	}
	body["target_jp"] = 16
	res, out = a.api(c, drafter, "POST", path, body, "")
	if json.Unmarshal([]byte(out), &item); res.StatusCode != 200 || item.TargetJP != 16 || len(item.Programs) != 1 {
		t.Fatalf("edit: %d %s, want target JP 16 and its program kept", res.StatusCode, out)
	}
	if audited("plan.item_updated") != 1 {
		t.Errorf("the edit is not audited once")
	}

	// Delete: refused while its program realises it, on the page too.
	if res, out := a.api(c, drafter, "POST", path+"/delete", nil, ""); res.StatusCode != 409 || !strings.Contains(out, "Pelatihan pelayanan prima") {
		t.Errorf("deleting a realised item: %d %s, want 409 naming its program", res.StatusCode, out)
	}
	page := a.people["drafter"]
	pagePath := fmt.Sprintf("/plan/items/%d", item.ID)
	if res, html := a.form(page, pagePath+"/delete", url.Values{"csrf": {a.csrf(page, "/login")}}); res.StatusCode != 409 || !strings.Contains(html, `id="plan-error"`) || !strings.Contains(html, "lepaskan programnya dahulu") {
		t.Errorf("the page's delete of a realised item: %d, want 409 and the reason on the page", res.StatusCode)
	}
	// The page shows the item's edit form and an unlink button per program.
	if _, html := a.get(page, "/plan?year=2026"); !strings.Contains(html, fmt.Sprintf(`id="item-edit-%d"`, item.ID)) ||
		!strings.Contains(html, fmt.Sprintf(`id="unlink-%d-%d"`, item.ID, prog)) || strings.Contains(html, fmt.Sprintf(`id="item-delete-%d"`, item.ID)) {
		t.Errorf("the plan page lacks the item's edit form or unlink button, or offers to delete it")
	}

	// Unlink (on the page), then unlinking again is not found.
	if res, _ := a.form(page, pagePath+"/unlink", url.Values{"csrf": {a.csrf(page, "/login")}, "program_id": {fmt.Sprint(prog)}}); res.StatusCode != 303 {
		t.Fatalf("unlink on the page: %d, want 303", res.StatusCode)
	}
	if res, out := a.api(c, drafter, "POST", path+"/unlink", map[string]any{"program_id": prog}, ""); res.StatusCode != 404 {
		t.Errorf("unlinking again: %d %s, want 404", res.StatusCode, out)
	}
	if audited("plan.program_unlinked") != 1 {
		t.Errorf("the unlink is not audited once")
	}

	// A unit officer may not delete; the drafter may now.
	if res, _ := a.api(c, a.tokens["unit_officer"], "POST", path+"/delete", nil, ""); res.StatusCode != 403 {
		t.Errorf("a unit officer deletes an item: %d, want 403", res.StatusCode)
	}
	if res, out := a.api(c, drafter, "POST", path+"/delete", nil, ""); res.StatusCode != 200 {
		t.Fatalf("delete: %d %s", res.StatusCode, out)
	}
	var left int
	db.Get(&left, `SELECT count(*) FROM plan_items WHERE id = $1`, item.ID)
	if left != 0 || audited("plan.item_deleted") != 1 {
		t.Errorf("after the delete: %d items left, %d audit rows; want 0 and 1", left, audited("plan.item_deleted"))
	}
	if res, _ := a.api(c, drafter, "POST", path, body, ""); res.StatusCode != 404 {
		t.Errorf("editing a deleted item: %d, want 404", res.StatusCode)
	}
}
