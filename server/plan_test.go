package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// BKPSDM writes the year's plan: an AKPK file with a bad line imports
// nothing, a good one every need; a unit officer proposes a need for their
// unit only; an item is realised by a program of its unit (another unit's
// is refused naming program_id) and the report counts the program's
// completers against the item's targets, per unit and per policy; a unit
// officer reads their unit's part, a stakeholder nothing.
func TestPlanWalk(t *testing.T) {
	a := newApp(t)
	db := a.st.DB.SQL()
	officer, mine, other := a.officerUnits()
	var otherID int64
	db.Get(&otherID, `SELECT id FROM units WHERE region_id = $1 AND code = $2`, *officer.RegionID, other)
	drafter, unitTok := a.tokens["drafter"], a.tokens["unit_officer"]
	needs := func() (n int) {
		db.Get(&n, `SELECT count(*) FROM plan_needs WHERE region_id = $1`, *officer.RegionID)
		return n
	}

	file := "Unit Kerja;Kompetensi;Jenis Kompetensi;Jalur;Jumlah ASN;JP\n" +
		mine + ";Pelayanan prima;sosial kultural;klasikal;12;20\n" +
		other + ";Statistik sektoral;teknis;nonklasikal;4;8\n"
	if res, out := a.csvPost(drafter, "/api/v1/plan/needs/import?year=2026", file+"unit-lain;Etika;teknis;klasikal;2;4\n"); res.StatusCode != 422 ||
		!strings.Contains(out, `"line":4`) || !strings.Contains(out, `"field":"unit"`) || needs() != 0 {
		t.Fatalf("an AKPK file with a bad line: %d %s (%d saved)", res.StatusCode, out, needs())
	}
	if res, out := a.csvPost(drafter, "/api/v1/plan/needs/import?year=2026", file); res.StatusCode != 201 || needs() != 2 {
		t.Fatalf("AKPK import: %d %s", res.StatusCode, out)
	}
	need := map[string]any{"year": 2026, "unit": other, "competency": "Etika", "competency_kind": "manajerial", "path": "klasikal", "participants": 3, "jp": 4}
	if res, out := a.api(http.DefaultClient, unitTok, "POST", "/api/v1/plan/needs", need, ""); res.StatusCode != 403 {
		t.Errorf("a unit officer's need for another unit: %d %s", res.StatusCode, out)
	}
	need["unit"] = mine
	if res, out := a.api(http.DefaultClient, unitTok, "POST", "/api/v1/plan/needs", need, ""); res.StatusCode != 201 || needs() != 3 {
		t.Errorf("a unit officer's need for their unit: %d %s", res.StatusCode, out)
	}

	policy := a.policyID("sawahlunto-peningkatan-kompetensi-asn")
	res, out := a.api(http.DefaultClient, drafter, "POST", "/api/v1/plan/items", map[string]any{"year": 2026, "unit": mine, "policy_id": policy,
		"competency": "Pelayanan prima", "kind": "pelatihan", "target_participants": 4, "target_jp": 10, "budget": 12000000}, "")
	var item struct {
		ID int64 `json:"id"`
	}
	if json.Unmarshal([]byte(out), &item); res.StatusCode != 201 || item.ID == 0 {
		t.Fatalf("plan item: %d %s", res.StatusCode, out)
	}
	var prog, elsewhere int64
	db.Get(&prog, `INSERT INTO programs (policy_id, unit_id, kind, title, starts_on, ends_on, jp) VALUES ($1, $2, 'pelatihan', 'Pelatihan pelayanan prima', '2026-03-02', '2026-03-03', 10) RETURNING id`, policy, *officer.UnitID)
	db.Get(&elsewhere, `INSERT INTO programs (policy_id, unit_id, kind, title, starts_on, ends_on, jp) VALUES ($1, $2, 'seminar', 'Seminar unit lain', '2026-03-02', '2026-03-02', 4) RETURNING id`, policy, otherID)
	if res, out := a.api(http.DefaultClient, drafter, "POST", "/api/v1/plan/links", map[string]any{"item_id": item.ID, "program_id": elsewhere}, ""); res.StatusCode != 422 || !strings.Contains(out, `"field":"program_id"`) {
		t.Errorf("another unit's program: %d %s", res.StatusCode, out)
	}
	if res, out := a.api(http.DefaultClient, drafter, "POST", "/api/v1/plan/links", map[string]any{"item_id": item.ID, "program_id": prog}, ""); res.StatusCode != 200 || !strings.Contains(out, "Pelatihan pelayanan prima") {
		t.Fatalf("link: %d %s", res.StatusCode, out)
	}
	db.MustExec(`UPDATE programs SET budget = 15000000, realisation = 9000000 WHERE id = $1`, prog)
	for i, done := range []bool{true, true, false} {
		db.MustExec(`INSERT INTO participants (program_id, nip, name, unit_id, attended, completed) VALUES ($1, $2, 'Peserta', $3, true, $4)`,
			prog, fmt.Sprintf("19850312201001100%d", i+1), *officer.UnitID, done)
	}

	type line struct {
		Key                string `json:"key"`
		TargetParticipants int    `json:"target_participants"`
		Participants       int    `json:"participants"`
		TargetJP           int    `json:"target_jp"`
		JP                 int    `json:"jp"`
		Budget             int64  `json:"budget"`
		Realised           int64  `json:"realised"`
	}
	var plan struct {
		Needs  []struct{ Unit string } `json:"needs"`
		Report struct {
			Units    []line `json:"units"`
			Policies []line `json:"policies"`
		} `json:"report"`
	}
	res, out = a.api(http.DefaultClient, drafter, "GET", "/api/v1/plan?year=2026", nil, "")
	if err := json.Unmarshal([]byte(out), &plan); err != nil || res.StatusCode != 200 {
		t.Fatalf("plan: %d %s", res.StatusCode, out)
	}
	want := line{Key: mine, TargetParticipants: 4, Participants: 2, TargetJP: 40, JP: 20, Budget: 12000000, Realised: 9000000}
	if len(plan.Report.Units) != 1 || plan.Report.Units[0] != want {
		t.Errorf("per unit: %+v, want [%+v]", plan.Report.Units, want)
	}
	want.Key = fmt.Sprint(policy)
	if len(plan.Report.Policies) != 1 || plan.Report.Policies[0] != want {
		t.Errorf("per policy: %+v, want [%+v]", plan.Report.Policies, want)
	}
	if len(plan.Needs) != 3 {
		t.Errorf("the drafter reads %d needs, want 3", len(plan.Needs))
	}

	res, out = a.api(http.DefaultClient, unitTok, "GET", "/api/v1/plan?year=2026", nil, "")
	if json.Unmarshal([]byte(out), &plan); res.StatusCode != 200 || len(plan.Needs) != 2 || strings.Contains(out, "Statistik sektoral") {
		t.Errorf("the unit officer's plan: %d %s", res.StatusCode, out)
	}
	if res, _ := a.api(http.DefaultClient, a.tokens["stakeholder"], "GET", "/api/v1/plan", nil, ""); res.StatusCode != 403 {
		t.Errorf("a stakeholder reads the plan: %d, want 403", res.StatusCode)
	}
	if res, body := a.get(a.people["drafter"], "/plan?year=2026"); res.StatusCode != 200 || !strings.Contains(body, "Pelatihan pelayanan prima") || !strings.Contains(body, "Statistik sektoral") {
		t.Errorf("the plan page: %d", res.StatusCode)
	}
}
