package server_test

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// Completed training reaches SIASN after its unit and then BKPSDM verify
// it: the unit officer verifies their unit's trainee (another unit's is
// 404), BKPSDM after the unit; the export's batch downloads as the same CSV
// twice, in SIASN's riwayat diklat columns; a second export has nothing
// (409) and exports no row again.
func TestSIASNWalk(t *testing.T) {
	a := newApp(t)
	db := a.st.DB.SQL()
	officer := a.user("unit_officer")
	var otherUnit, prog int64
	db.Get(&otherUnit, `SELECT id FROM units WHERE region_id = $1 AND id <> $2 ORDER BY code LIMIT 1`, *officer.RegionID, *officer.UnitID)
	policy := a.policyID("sawahlunto-peningkatan-kompetensi-asn")
	db.Get(&prog, `INSERT INTO programs (policy_id, unit_id, kind, title, partner, starts_on, ends_on, jp) VALUES ($1, $2, 'pelatihan', 'Pelatihan arsip digital', 'Universitas Andalas', '2026-04-06', '2026-04-08', 24) RETURNING id`, policy, *officer.UnitID)
	var mine, theirs int64
	db.Get(&mine, `INSERT INTO participants (program_id, nip, name, unit_id, attended, completed) VALUES ($1, '198503122010011002', 'Budi Arsip', $2, true, true) RETURNING id`, prog, *officer.UnitID)
	db.Get(&theirs, `INSERT INTO participants (program_id, nip, name, unit_id, attended, completed) VALUES ($1, '199001012015032002', 'Sari Lain', $2, true, true) RETURNING id`, prog, otherUnit)
	drafter, unitTok := a.tokens["drafter"], a.tokens["unit_officer"]
	verify := func(tok string, id int64) (*http.Response, string) {
		return a.api(http.DefaultClient, tok, "POST", "/api/v1/siasn/verify", map[string]any{"participant_id": id}, "")
	}

	if res, out := verify(drafter, mine); res.StatusCode != 409 {
		t.Errorf("BKPSDM before the unit: %d %s", res.StatusCode, out)
	}
	if res, out := verify(unitTok, theirs); res.StatusCode != 404 {
		t.Errorf("a unit officer verifies another unit's trainee: %d %s", res.StatusCode, out)
	}
	if res, out := verify(unitTok, mine); res.StatusCode != 200 || !strings.Contains(out, `"unit_verified_at"`) {
		t.Fatalf("unit verification: %d %s", res.StatusCode, out)
	}
	if res, out := a.api(http.DefaultClient, unitTok, "GET", "/api/v1/siasn?year=2026", nil, ""); res.StatusCode != 200 || strings.Contains(out, "Sari Lain") || !strings.Contains(out, "Budi Arsip") {
		t.Errorf("the unit officer's list: %d %s", res.StatusCode, out)
	}
	if res, out := verify(drafter, mine); res.StatusCode != 200 || !strings.Contains(out, `"region_verified_at"`) {
		t.Fatalf("BKPSDM verification: %d %s", res.StatusCode, out)
	}
	res, out := a.api(http.DefaultClient, drafter, "POST", "/api/v1/siasn/exports", nil, "")
	var batch struct {
		ID       int64 `json:"id"`
		RowCount int   `json:"row_count"`
	}
	if json.Unmarshal([]byte(out), &batch); res.StatusCode != 201 || batch.RowCount != 1 {
		t.Fatalf("export: %d %s", res.StatusCode, out)
	}
	if res, out := a.api(http.DefaultClient, drafter, "POST", "/api/v1/siasn/exports", nil, ""); res.StatusCode != 409 {
		t.Errorf("a second export: %d %s", res.StatusCode, out)
	}
	var batches int
	db.Get(&batches, `SELECT count(*) FROM siasn_exports`)
	if batches != 1 {
		t.Errorf("%d batches, want 1", batches)
	}
	path := fmt.Sprintf("/siasn/export.csv?id=%d", batch.ID)
	res1, csv1 := a.get(a.people["drafter"], path)
	res2, csv2 := a.get(a.people["drafter"], path)
	if res1.StatusCode != 200 || res2.StatusCode != 200 || csv1 != csv2 {
		t.Fatalf("downloads: %d, %d, same %v", res1.StatusCode, res2.StatusCode, csv1 == csv2)
	}
	recs, err := csv.NewReader(strings.NewReader(csv1)).ReadAll()
	if err != nil || len(recs) != 2 {
		t.Fatalf("CSV: %v %q", err, csv1)
	}
	want := []string{"198503122010011002", "Budi Arsip", "Diklat Teknis", "Pelatihan arsip digital", "Universitas Andalas",
		fmt.Sprintf("PF/sawahlunto/%d/%d/2026", prog, mine), "06-04-2026", "08-04-2026", "2026", "24"}
	if strings.Join(recs[1], "|") != strings.Join(want, "|") {
		t.Errorf("row:\n got %v\nwant %v", recs[1], want)
	}
	if res, _ := a.get(a.people["unit_officer"], path); res.StatusCode != 403 {
		t.Errorf("a unit officer downloads a batch: %d, want 403", res.StatusCode)
	}
	if res, _ := a.get(a.people["drafter"], fmt.Sprintf("/siasn/export.xlsx?id=%d", batch.ID)); res.StatusCode != 200 {
		t.Errorf("XLSX: %d", res.StatusCode)
	}
	if res, body := a.get(a.people["drafter"], "/siasn?year=2026"); res.StatusCode != 200 || !strings.Contains(body, "Budi Arsip") {
		t.Errorf("the SIASN page: %d", res.StatusCode)
	}
}
