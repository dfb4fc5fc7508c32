package server_test

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// skmFixture records, straight in the database, a unit's SKM of round 1
// of a policy (a draft cannot get one through its workflow), for the
// route matrices; it returns the unit's ID.
func (a *app) skmFixture(t *testing.T, policyID int64, unitCode string, responses [9][4]int, population int) int64 {
	t.Helper()
	data, _ := json.Marshal(responses)
	var pop any
	if population > 0 {
		pop = population
	}
	var unit int64
	if err := a.st.DB.SQL().Get(&unit, `WITH r AS (
			INSERT INTO evaluation_rounds (policy_id, unit_id, number, due_at, status)
			SELECT p.id, u.id, 1, now(), 'submitted' FROM policies p JOIN units u ON u.region_id = p.region_id AND u.code = $2
			WHERE p.id = $1
			ON CONFLICT (policy_id, unit_id, number) DO UPDATE SET status = 'submitted' RETURNING id, unit_id)
		INSERT INTO evaluation_results (round_id, instrument, data, score, submitted_by, idempotency_key, population)
		SELECT r.id, 'skm', $3, 75, (SELECT id FROM users WHERE email = $4), 'fixture-' || r.id, $5 FROM r RETURNING (SELECT unit_id FROM r)`,
		policyID, unitCode, data, roleEmails["drafter"], pop); err != nil {
		t.Fatal(err)
	}
	return unit
}

// skmSamples are the "policy/round/unit" of every recorded SKM, and one
// of another region's policy (recorded here), for the words test.
func (a *app) skmSamples(t *testing.T, other int64) []string {
	t.Helper()
	a.skmFixture(t, other, "disdik", threes(3), 0)
	var out []string
	if err := a.st.DB.SQL().Select(&out, `SELECT r.policy_id || '/' || r.number || '/' || r.unit_id FROM evaluation_results e
		JOIN evaluation_rounds r ON r.id = e.round_id WHERE e.instrument = 'skm' ORDER BY r.policy_id, r.number, r.unit_id`); err != nil {
		t.Fatal(err)
	}
	return out
}

// skmRoleCases are the SKM routes in the route × role matrix
// (TestRouteRoleMatrix): the calculation table of the draft's recorded
// SKM for whoever may read its evaluation report (everyone signed in of
// the region); the public IKM list for everyone. The unit's ID fills
// {unit} in the API's paths.
func skmRoleCases(t *testing.T, a *app, draft int64) (pages []pageCase, api map[string]apiCase, unit int64) {
	unit = a.skmFixture(t, draft, "disdukcapil", threes(3), 0)
	table := fmt.Sprintf("/policies/%d/evaluations/1/units/%d/skm", draft, unit)
	signedIn := want{"anonymous": 303, "*": 200}
	pages = []pageCase{
		{"GET", table, nil, signedIn},
		{"GET", table + ".csv", nil, signedIn},
		{"GET", fmt.Sprintf("/policies/%d/evaluations/1/units/999999/skm", draft), nil, want{"anonymous": 303, "*": 404}},
		{"GET", "/ikm", nil, want{"*": 200}},
		{"GET", "/ikm?region=sawahlunto&year=2026", nil, want{"*": 200}},
		{"GET", "/ikm?region=atlantis", nil, want{"*": 422}},
	}
	api = map[string]apiCase{
		"GET /policies/{id}/evaluations/{round}/units/{unit}/skm": {nil, want{"anonymous": 401, "*": 200}},
		"GET /ikm": {nil, want{"*": 200}},
	}
	return pages, api, unit
}

// skmScopeCases are the SKM routes in the route × region/unit matrix
// (TestRegionUnitMatrix): the published policy's recorded SKM is read by
// everyone of its region (another city: 403); the public list by all.
func skmScopeCases(pub, unit int64, internal func(api bool, id int64, role string, ok int) func(principal) int) []scopeCase {
	p, api := fmt.Sprintf("/policies/%d/evaluations/1/units/%d/skm", pub, unit), fmt.Sprintf("/api/v1/policies/%d/evaluations/1/units/%d/skm", pub, unit)
	return []scopeCase{
		{method: "GET", pattern: "/policies/{id}/evaluations/{round}/units/{unit}/skm", path: p, want: internal(false, pub, "", 200)},
		{method: "GET", pattern: "/policies/{id}/evaluations/{round}/units/{unit}/skm.csv", path: p + ".csv", want: internal(false, pub, "", 200)},
		{method: "GET", pattern: "/api/v1/policies/{id}/evaluations/{round}/units/{unit}/skm", path: api, want: internal(true, pub, "", 200)},
		{method: "GET", pattern: "/ikm", path: "/ikm?region=pangkalpinang", want: all(200)},
		{method: "GET", pattern: "/api/v1/ikm", path: "/api/v1/ikm?region=sawahlunto", want: all(200)},
	}
}

// skmAnswers is a survey of 80 respondents whose elements differ: element
// e gets 80−8e answers of 4, the rest 3, except U2 (30 answers of 1, 20 of
// 3, 30 of 4: NRR 2.625, 65.63, below the threshold). IKM 86.46, band B.
func skmAnswers() [9][4]int {
	var r [9][4]int
	for e := range r {
		r[e] = [4]int{0, 0, 8 * e, 80 - 8*e}
	}
	r[1] = [4]int{30, 0, 20, 30}
	return r
}

// A unit's SKM, recorded through the API with its service population,
// shows its calculation table on a page and in a CSV from which the test
// recomputes every NRR, the weighted total and the IKM; the sample is
// judged against the Krejcie–Morgan size; the result, of a policy in
// implementation, is on the public IKM list, a draft's is not; a small
// sample is shown with its warning.
func TestSKMCalculationTable(t *testing.T) {
	a := newApp(t)
	id := a.approvedPolicy("uji-skm-tabel")
	base := fmt.Sprintf("/api/v1/policies/%d", id)
	c := http.DefaultClient
	officer, _ := a.st.DB.UserByEmail(t.Context(), roleEmails["unit_officer"])
	if res, out := a.api(c, a.tokens["drafter"], "POST", base+"/actions/start_implementation", map[string]any{"unit_ids": []int64{*officer.UnitID}}, "mulai"); res.StatusCode != 200 {
		t.Fatalf("start implementation: %d %s", res.StatusCode, out)
	}
	waitFor(t, func() bool {
		rows, _ := a.st.DB.EvaluationRows(t.Context(), id)
		return len(rows) == 1
	})
	answers := skmAnswers()
	res, out := a.api(c, a.tokens["unit_officer"], "POST", base+"/evaluations/1/skm", map[string]any{"responses": answers, "population": 100}, "skm-tabel")
	if res.StatusCode != 200 || !strings.Contains(out, `"outcome":"recorded"`) {
		t.Fatalf("SKM: %d %s, want recorded", res.StatusCode, out)
	}
	path := fmt.Sprintf("/policies/%d/evaluations/1/units/%d/skm", id, *officer.UnitID)

	// The CSV, recomputed from the answers sent.
	res, body := a.get(a.people["leader"], path+".csv")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/csv; charset=utf-8" {
		t.Fatalf("CSV: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	lines, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || len(lines) != 1+9+3 {
		t.Fatalf("CSV has %d lines (%v), want header, 9 elements, TOTAL, IKM, SAMPEL:\n%s", len(lines), err, body)
	}
	total := 0.0
	for e := 0; e < 9; e++ {
		l := lines[1+e]
		n, sum := 0, 0
		for k, c := range answers[e] {
			n += c
			sum += (k + 1) * c
		}
		nrr := float64(sum) / float64(n)
		total += nrr / 9
		want := []string{fmt.Sprintf("U%d", e+1), strconv.Itoa(n), strconv.Itoa(sum), strconv.FormatFloat(nrr, 'f', 4, 64), "1/9", strconv.FormatFloat(nrr/9, 'f', 4, 64)}
		got := []string{l[0], l[6], l[7], l[8], l[9], l[10]}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("CSV element line %v: got %v, want %v", l, got, want)
		}
		if weak := nrr*25 < 76.61; (l[12] == "ya") != weak {
			t.Errorf("U%d below the threshold: %s, want %v (score %.2f)", e+1, l[12], weak, nrr*25)
		}
	}
	ikm := math.Round(total*25*100) / 100
	if got := lines[10][10]; got != strconv.FormatFloat(total, 'f', 4, 64) {
		t.Errorf("TOTAL weighted NRR = %s, want %.4f", got, total)
	}
	if got := lines[11][11]; got != strconv.FormatFloat(ikm, 'f', 2, 64) {
		t.Errorf("IKM = %s, want %.2f", got, ikm)
	}
	if s := lines[12]; s[6] != "80" || s[7] != "80" || s[8] != "100" || s[12] != "cukup: ya" {
		t.Errorf("SAMPEL line = %v, want 80 respondents, 80 required of 100, sufficient", s)
	}

	// The page says the same, in the reader's words.
	_, page := a.get(a.people["leader"], path)
	ikmText := strings.Replace(strconv.FormatFloat(ikm, 'f', 2, 64), ".", ",", 1)
	for _, s := range []string{`<td id="ikm"><strong>` + ikmText + `</strong></td>`, `id="el-u2" class="weak"`, "U2 Sistem, mekanisme dan prosedur",
		"tabel Krejcie dan Morgan: 80", "sampel mencukupi", `<td id="total-weighted">` + strings.Replace(strconv.FormatFloat(total, 'f', 4, 64), ".", ",", 1)} {
		if !strings.Contains(page, s) {
			t.Errorf("table page lacks %q", s)
		}
	}
	// The report links each recorded SKM to its table.
	if _, rep := a.get(a.people["leader"], fmt.Sprintf("/policies/%d/evaluations", id)); !strings.Contains(rep, `href="`+path+`"`) {
		t.Error("the evaluation report does not link the SKM's calculation table")
	}

	// The public list: this policy (implementing) is there, a draft's result is not.
	draft := a.policyID("sawahlunto-peningkatan-kompetensi-asn")
	small := a.skmFixture(t, draft, "dinkes", threes(3), 0)
	res, out = a.api(c, "", "GET", "/api/v1/ikm?region=sawahlunto", nil, "")
	var list struct {
		Results []struct {
			PolicyID    int64   `json:"policy_id"`
			IKM         float64 `json:"ikm"`
			Respondents int     `json:"respondents"`
		} `json:"results"`
	}
	if err := json.Unmarshal([]byte(out), &list); res.StatusCode != 200 || err != nil {
		t.Fatalf("public IKM: %d %v %s", res.StatusCode, err, out)
	}
	found := false
	for _, r := range list.Results {
		if r.PolicyID == draft {
			t.Errorf("a draft's IKM is public: %+v", r)
		}
		if r.PolicyID == id && r.IKM == ikm && r.Respondents == 80 {
			found = true
		}
	}
	if !found {
		t.Errorf("public IKM lacks policy %d's %.2f from 80 respondents: %s", id, ikm, out)
	}
	_, pub := a.get(a.people["anonymous"], "/ikm?region=sawahlunto")
	if !strings.Contains(pub, "Kebijakan uji-skm-tabel") || !strings.Contains(pub, ikmText) {
		t.Errorf("public IKM page lacks the policy and its IKM %s", ikmText)
	}
	if _, other := a.get(a.people["anonymous"], "/ikm?region=pangkalpinang"); strings.Contains(other, "Kebijakan uji-skm-tabel") {
		t.Error("Pangkalpinang's public IKM lists a Sawahlunto policy")
	}

	// Three respondents and no population: the region's minimum (30) applies, with a warning.
	_, warn := a.get(a.people["drafter"], fmt.Sprintf("/policies/%d/evaluations/1/units/%d/skm", draft, small))
	for _, s := range []string{"Sampel minimum yang ditetapkan wilayah: 30", "Peringatan: responden kurang dari sampel minimum", `class="notice warning"`} {
		if !strings.Contains(warn, s) {
			t.Errorf("small sample page lacks %q", s)
		}
	}
}
