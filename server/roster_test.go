package server_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/policyflow/policyflow/policies"
)

type ledgerRowOut struct {
	NIP         string `json:"nip"`
	Name        string `json:"name"`
	Kind        string `json:"kind"`
	UnitCode    string `json:"unit_code"`
	OnRoster    bool   `json:"on_roster"`
	JP          int    `json:"jp"`
	Learning    int    `json:"learning_jp"`
	Planned     int    `json:"planned"`
	Minimum     int    `json:"minimum"`
	Maximum     int    `json:"maximum"`
	Gap         int    `json:"gap"`
	Status      string `json:"status"`
	OverMaximum bool   `json:"over_maximum"`
}

// officerUnits are the unit officer, the code of their unit and of
// another unit of their region.
func (a *app) officerUnits() (officer policies.User, mine, other string) {
	db := a.st.DB.SQL()
	officer = a.user("unit_officer")
	db.Get(&mine, `SELECT code FROM units WHERE id = $1`, *officer.UnitID)
	db.Get(&other, `SELECT code FROM units WHERE region_id = $1 AND id <> $2 ORDER BY code LIMIT 1`, *officer.RegionID, *officer.UnitID)
	return officer, mine, other
}

// ledgerOf reads the API's ledger of this year as token's owner, by name.
func (a *app) ledgerOf(token string) map[string]ledgerRowOut {
	a.t.Helper()
	res, out := a.api(http.DefaultClient, token, "GET", "/api/v1/ledger", nil, "")
	if res.StatusCode != 200 {
		a.t.Fatalf("ledger: %d %s", res.StatusCode, out)
	}
	var l struct {
		Rows []ledgerRowOut `json:"rows"`
	}
	if err := json.Unmarshal([]byte(out), &l); err != nil {
		a.t.Fatal(err)
	}
	rows := map[string]ledgerRowOut{}
	for _, r := range l.Rows {
		rows[r.Name] = r
	}
	return rows
}

// BKPSDM imports the region's roster (a file with a bad line imports
// nothing; a good one is previewed, then applied by re-posting it with the
// preview's token); the ledger lists every rostered ASN, 0 JP included,
// with planned hours and a status, against the region's minimum per ASN
// kind, which the region's settings change; a unit officer reads their
// unit's lines only, another region nothing; the CSV and XLSX parse.
func TestRosterAndLedger(t *testing.T) {
	a := newApp(t)
	db := a.st.DB.SQL()
	officer, mine, other := a.officerUnits()

	file := "NIP Baru;Namapns;Jenis ASN;Nama Unor;Nama Jabatan;Golongan\n" +
		"198503122010011002;Budi Santoso;PNS;" + mine + ";Analis SDM;III/b\n" +
		"199001012015032001;Rina Wati;PNS;" + mine + ";;\n" +
		"199312282025212001;Sari Wulandari;PPPK;" + other + ";Guru;IX\n" +
		"198803032020011001;Eko Prasetyo;PNS;" + other + ";;\n"
	res, out := a.csvPost(a.tokens["drafter"], "/api/v1/roster/import", file+"12345;Pendek;PNS;"+mine+";;\n")
	if res.StatusCode != 422 || !strings.Contains(out, `"line":6`) || !strings.Contains(out, `"field":"nip"`) {
		t.Fatalf("a file with a bad line: %d %s", res.StatusCode, out)
	}
	count := func() (n int) {
		db.Get(&n, `SELECT count(*) FROM asn_roster WHERE region_id = $1`, *officer.RegionID)
		return n
	}
	if n := count(); n != 0 {
		t.Fatalf("%d people saved from a refused file", n)
	}
	res, out = a.csvPost(a.tokens["drafter"], "/api/v1/roster/import", file)
	var preview policies.RosterPreview
	json.Unmarshal([]byte(out), &preview)
	if res.StatusCode != 200 || preview.Counts[policies.RosterNew] != 4 || preview.Applied || count() != 0 {
		t.Fatalf("preview: %d %s (%d saved)", res.StatusCode, out, count())
	}
	if res, out := a.csvPost(a.tokens["drafter"], "/api/v1/roster/import?token="+preview.Token, file); res.StatusCode != 200 || !strings.Contains(out, `"applied":true`) || count() != 4 {
		t.Fatalf("apply by re-post: %d %s (%d saved)", res.StatusCode, out, count())
	}
	if res, _ := a.csvPost(a.tokens["drafter"], "/api/v1/roster/import?token="+preview.Token, file); res.StatusCode != 409 {
		t.Errorf("the same token against the changed roster: %d, want 409", res.StatusCode)
	}

	// By hand: an NI PPPK is accepted as a PPPK's, a PNS NIP given as a PPPK's is refused on nip.
	if res, out := a.api(http.DefaultClient, a.tokens["drafter"], "POST", "/api/v1/roster", map[string]string{"nip": "19931228 2025 21 1 002", "name": "Dodi PPPK", "kind": "PPPK", "unit": other}, ""); res.StatusCode != 201 || !strings.Contains(out, `"kind":"PPPK"`) {
		t.Errorf("add a PPPK: %d %s", res.StatusCode, out)
	}
	if res, out := a.api(http.DefaultClient, a.tokens["drafter"], "POST", "/api/v1/roster", map[string]string{"nip": "198503122010011099", "name": "Salah", "kind": "PPPK", "unit": other}, ""); res.StatusCode != 422 || !strings.Contains(out, `"field":"nip"`) {
		t.Errorf("a NIP as a PPPK's number: %d %s", res.StatusCode, out)
	}

	// A year of programs: Budi 12 + 12 done (met), Sari 12 (PPPK, at risk),
	// Eko 4 done and 16 ahead (on track), Rina nothing (0 JP), Tono 12 but
	// not on the roster.
	year := time.Now().In(policies.WIB).Year()
	policy := a.policyID("sawahlunto-peningkatan-kompetensi-asn")
	program := func(unit, ends string, jp int, people ...string) {
		var id int64
		if err := db.Get(&id, `INSERT INTO programs (policy_id, unit_id, kind, title, starts_on, ends_on, jp)
			SELECT $1, id, 'seminar', 'Seminar ' || $3::int, $2::date, $2::date, $3::int FROM units WHERE region_id = $4 AND code = $5 RETURNING id`,
			policy, ends, jp, *officer.RegionID, unit); err != nil {
			t.Fatal(err)
		}
		for _, p := range people {
			parts := strings.Split(p, "|") // nip, name, completed, unit
			nip, name := parts[0], parts[1]
			db.MustExec(`INSERT INTO participants (program_id, nip, name, unit_id, attended, completed)
				SELECT $1, $2, $3, id, $4, $4 FROM units WHERE region_id = $5 AND code = $6`, id, nip, name, parts[2] == "ya", *officer.RegionID, parts[3])
		}
	}
	program(mine, fmt.Sprintf("%d-01-12", year), 12, "198503122010011002|Budi Santoso|ya|"+mine, "199312282025212001|Sari Wulandari|ya|"+other, "199203032019021006|Tono|ya|"+mine)
	program(mine, fmt.Sprintf("%d-02-12", year), 12, "198503122010011002|Budi Santoso|ya|"+mine)
	program(other, fmt.Sprintf("%d-03-12", year), 4, "198803032020011001|Eko Prasetyo|ya|"+other)
	program(other, fmt.Sprintf("%d-12-31", year), 16, "198803032020011001|Eko Prasetyo|tidak|"+other)

	rows := a.ledgerOf(a.tokens["drafter"])
	for name, want := range map[string]string{"Budi Santoso": "met", "Rina Wati": "zero", "Sari Wulandari": "at_risk", "Eko Prasetyo": "on_track", "Tono": "at_risk", "Dodi PPPK": "zero"} {
		if rows[name].Status != want {
			t.Errorf("%s: %+v, want status %s", name, rows[name], want)
		}
	}
	if r := rows["Eko Prasetyo"]; r.JP != 4 || r.Planned != 16 || r.Gap != 16 {
		t.Errorf("Eko: %+v, want 4 JP, 16 planned, gap 16", r)
	}
	if r := rows["Sari Wulandari"]; r.Kind != "PPPK" || r.Minimum != 20 || r.Maximum != 24 || !r.OnRoster {
		t.Errorf("Sari: %+v, want a PPPK at the default minimum 20, maximum 24", r)
	}
	if rows["Tono"].OnRoster || !rows["Rina Wati"].OnRoster {
		t.Errorf("on roster: Tono %v, Rina %v", rows["Tono"].OnRoster, rows["Rina Wati"].OnRoster)
	}
	if _, page := a.get(a.people["drafter"], "/ledger"); !strings.Contains(page, "Rina Wati") || !strings.Contains(page, "0 JP") || !strings.Contains(page, "tidak ada di daftar ASN") {
		t.Errorf("the ledger page does not show Rina at 0 JP, or Tono off the roster")
	}

	// A unit officer: their unit's lines and people only.
	seen := a.ledgerOf(a.tokens["unit_officer"])
	if _, ok := seen["Sari Wulandari"]; ok || len(seen) != 3 || seen["Rina Wati"].Status != "zero" {
		t.Errorf("unit officer's ledger: %+v, want Budi, Rina and Tono of %s", seen, mine)
	}
	if res, out := a.api(http.DefaultClient, a.tokens["unit_officer"], "GET", "/api/v1/roster", nil, ""); res.StatusCode != 200 || strings.Contains(out, "Sari") || !strings.Contains(out, "Rina") {
		t.Errorf("unit officer's roster: %d %s", res.StatusCode, out)
	}
	if res, _ := a.api(http.DefaultClient, a.tokens["stakeholder"], "GET", "/api/v1/roster", nil, ""); res.StatusCode != 403 {
		t.Errorf("a stakeholder reads the roster: %d", res.StatusCode)
	}

	// The region's settings change the ledger: PNS minimum 4, PPPK 10 with a maximum of 11.
	settings := map[string]any{"time_zone": "WIB", "jp_min_pns": 4, "jp_min_pppk": 10, "jp_max_pppk": 11, "ikm_threshold_default": 76.61}
	if res, out := a.api(http.DefaultClient, a.tokens["admin"], "POST", "/api/v1/admin/settings", settings, ""); res.StatusCode != 200 {
		t.Fatalf("settings: %d %s", res.StatusCode, out)
	}
	rows = a.ledgerOf(a.tokens["drafter"])
	if r := rows["Eko Prasetyo"]; r.Status != "met" || r.Minimum != 4 {
		t.Errorf("Eko at minimum 4: %+v", r)
	}
	if r := rows["Sari Wulandari"]; r.Status != "met" || !r.OverMaximum || r.Minimum != 10 {
		t.Errorf("Sari at PPPK minimum 10, maximum 11: %+v", r)
	}
	if rows["Rina Wati"].Status != "zero" {
		t.Errorf("Rina: %+v", rows["Rina Wati"])
	}

	// Another region: the person is not found, the ledger refused.
	pkp, pkpPage := a.token("penyusun.pangkalpinang@policyflow.test"), a.login("penyusun.pangkalpinang@policyflow.test")
	var rina int64
	db.Get(&rina, `SELECT id FROM asn_roster WHERE nip = '199001012015032001'`)
	if res, _ := a.get(pkpPage, fmt.Sprintf("/roster/%d", rina)); res.StatusCode != 404 {
		t.Errorf("another region's drafter opens the person: %d, want 404", res.StatusCode)
	}
	if res, _ := a.api(http.DefaultClient, pkp, "POST", fmt.Sprintf("/api/v1/roster/%d", rina), map[string]string{"nip": "199001012015032001", "name": "X", "unit": mine}, ""); res.StatusCode != 404 {
		t.Errorf("another region's drafter corrects the person: %d, want 404", res.StatusCode)
	}
	if res, _ := a.api(http.DefaultClient, pkp, "GET", "/api/v1/ledger?region=sawahlunto", nil, ""); res.StatusCode != 403 {
		t.Errorf("another region's ledger: %d, want 403", res.StatusCode)
	}
	if res, out := a.api(http.DefaultClient, pkp, "GET", "/api/v1/roster", nil, ""); res.StatusCode != 200 || strings.Contains(out, "Rina") {
		t.Errorf("another region's roster: %d %s", res.StatusCode, out)
	}

	// The downloads parse: a row per person, under a header.
	res, body := a.get(a.people["drafter"], "/ledger.csv")
	recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if res.StatusCode != 200 || err != nil || len(recs) != len(rows)+1 || recs[0][0] != "nip" {
		t.Errorf("ledger.csv: %d %v, %d records for %d people", res.StatusCode, err, len(recs), len(rows))
	}
	res, body = a.get(a.people["drafter"], "/ledger.xlsx")
	book, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
	if res.StatusCode != 200 || err != nil {
		t.Fatalf("ledger.xlsx: %d %v", res.StatusCode, err)
	}
	sheet, _ := book.GetRows("JP")
	units, _ := book.GetRows("Unit")
	if len(sheet) != len(rows)+1 || len(units) < 3 || !strings.Contains(fmt.Sprint(sheet), "Rina Wati") {
		t.Errorf("ledger.xlsx: %d JP rows, %d unit rows", len(sheet), len(units))
	}

	// Corrected by hand on the page: Rina leaves, and the ledger no longer lists her.
	c := a.people["drafter"]
	f := url.Values{"csrf": {a.csrf(c, "/roster")}, "nip": {"199001012015032001"}, "name": {"Rina Wati"}, "kind": {"PNS"}, "unit": {mine}, "active_shown": {"1"}}
	if res, body := a.form(c, fmt.Sprintf("/roster/%d", rina), f); res.StatusCode != 303 {
		t.Errorf("correct Rina: %d %.300s", res.StatusCode, body)
	}
	if _, ok := a.ledgerOf(a.tokens["drafter"])["Rina Wati"]; ok {
		t.Error("an inactive person is still on the ledger")
	}
}
