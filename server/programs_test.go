package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/internal/devtest"
)

func (a *app) csvPost(token, path, body string) (*http.Response, string) {
	a.t.Helper()
	req, _ := http.NewRequest("POST", a.srv.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "text/csv")
	req.Header.Set("Authorization", "Bearer "+token)
	return devtest.Do(a.t, http.DefaultClient, req)
}

// A unit officer plans a program under an implemented policy, records
// attendance by CSV (a file with bad lines saves nothing and names every
// line), and the JP ledger shows who is below the 20 JP minimum.
func TestProgramsParticipantsAndLedger(t *testing.T) {
	a := newApp(t)
	id := a.approvedPolicy("uji-program")
	base, officer := a.implementedForOfficer(id)
	c := http.DefaultClient
	year := time.Now().Year()
	start := time.Date(year, 12, 1, 8, 0, 0, 0, time.UTC)
	if time.Now().After(start) {
		start = time.Now().Add(time.Hour)
	}
	program := a.planProgram("unit_officer", base, map[string]any{"unit_id": *officer.UnitID, "kind": "workshop", "title": "Workshop tata kelola",
		"partner": "Universitas Andalas", "starts_at": start, "ends_at": start.Add(48 * time.Hour), "jp": 16, "target_participants": 30}, "rencana-1")
	path := fmt.Sprintf("%s/programs/%d/participants", base, program)

	bad := "nip;nama;unit;hadir;lulus\n" +
		"198503122010011002;Budi Santoso;disdukcapil;ya;ya\n" +
		"12345;Sari;disdukcapil;ya;tidak\n" + // NIP too short
		"198503122010011002;Budi Lagi;disdukcapil;ya;ya\n" + // duplicate
		"199001012015032001;Rina;dinas-rahasia;ya;ya\n" // unknown unit
	res, out := a.csvPost(a.tokens["unit_officer"], path, bad)
	if res.StatusCode != 422 {
		t.Fatalf("bad CSV: %d %s", res.StatusCode, out)
	}
	var refused struct {
		Lines []struct {
			Line int `json:"line"`
		} `json:"lines"`
	}
	json.Unmarshal([]byte(out), &refused)
	var lines []int
	for _, l := range refused.Lines {
		lines = append(lines, l.Line)
	}
	if fmt.Sprint(lines) != "[3 4 5]" {
		t.Errorf("bad lines reported = %v, want [3 4 5]: %s", lines, out)
	}
	var n int
	a.st.DB.SQL().Get(&n, `SELECT count(*) FROM participants WHERE program_id = $1`, program)
	if n != 0 {
		t.Errorf("participants after a refused file = %d, want 0 (nothing half-imported)", n)
	}
	good := "nip,nama,unit,hadir,lulus\n198503122010011002,Budi Santoso,disdukcapil,ya,ya\n199001012015032001,Rina Wati,disdukcapil,ya,tidak\n"
	if res, out := a.csvPost(a.tokens["unit_officer"], path, good); res.StatusCode != 200 || !strings.Contains(out, `"saved":2`) {
		t.Fatalf("good CSV: %d %s", res.StatusCode, out)
	}
	// Another unit's officer may not record this program.
	other := a.token("opd.pangkalpinang@policyflow.test")
	if res, _ := a.csvPost(other, path, good); res.StatusCode != 403 && res.StatusCode != 404 {
		t.Errorf("another unit's officer: %d, want 403", res.StatusCode)
	}
	// The ledger: Budi completed 16 JP (below 20), Rina completed nothing.
	res, out = a.api(c, a.tokens["drafter"], "GET", fmt.Sprintf("/api/v1/ledger?region=sawahlunto&year=%d", start.Add(48*time.Hour).Year()), nil, "")
	if res.StatusCode != 200 || !strings.Contains(out, `"nip":"198503122010011002"`) || !strings.Contains(out, `"jp":16`) || !strings.Contains(out, `"below_minimum":true`) {
		t.Errorf("ledger: %d %s", res.StatusCode, out)
	}
	// The policy's report: the program with 2 enrolled, 2 attended, 1
	// completed of a target of 30 (3%), 16 JP earned.
	res, out = a.api(c, a.tokens["leader"], "GET", base+"/evaluations", nil, "")
	var report struct {
		Programs []struct {
			Title                         string
			Enrolled, Attended, Completed int
			JPEarned                      int `json:"jp_earned"`
		}
		Totals struct {
			Programs, Completed int
			JPEarned            int `json:"jp_earned"`
		} `json:"program_totals"`
	}
	json.Unmarshal([]byte(out), &report)
	if res.StatusCode != 200 || len(report.Programs) != 1 || report.Programs[0].Enrolled != 2 || report.Programs[0].Attended != 2 ||
		report.Programs[0].Completed != 1 || report.Programs[0].JPEarned != 16 || report.Totals.Programs != 1 || report.Totals.JPEarned != 16 {
		t.Errorf("evaluation report's programs: %d %+v; want 1 program, 2 enrolled, 2 attended, 1 completed, 16 JP", res.StatusCode, report)
	}
	if _, page := a.get(a.people["leader"], fmt.Sprintf("/policies/%d/evaluations", id)); !strings.Contains(page, "Program dan penyelesaian JP") ||
		!strings.Contains(page, `<td class="completed">1 (3%)</td>`) || !strings.Contains(page, `<td id="jp-earned-total">16</td>`) {
		t.Errorf("evaluations page lacks the program completion table (1 of 30 completed, 16 JP)")
	}
	// The trained-staff survey: levels 4.5, 4, 3, 4 → mean 3.875 → (3.875−1)/4×100 = 71.875 → 71.88.
	waitFor(t, func() bool { rows, _ := a.st.DB.EvaluationRows(t.Context(), id); return len(rows) == 1 })
	res, out = a.api(c, a.tokens["unit_officer"], "POST", base+"/evaluations/1/kirkpatrick", map[string]any{"levels": [4][]int{{4, 5}, {4}, {3}, {4}}}, "")
	if res.StatusCode != 200 || !strings.Contains(out, `"index":71.88`) {
		t.Errorf("Kirkpatrick: %d %s, want index 71.88", res.StatusCode, out)
	}
	resp, csv := a.get(a.people["drafter"], fmt.Sprintf("/ledger.csv?region=sawahlunto&year=%d", start.Add(48*time.Hour).Year()))
	if resp.StatusCode != 200 || !strings.Contains(csv, "198503122010011002") {
		t.Errorf("ledger CSV: %d %s", resp.StatusCode, csv)
	}
}
