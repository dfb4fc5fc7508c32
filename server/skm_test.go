package server_test

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.temporal.io/api/enums/v1"

	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/workflows"
)

// skmFixture records, straight in the database, a unit's SKM of round 1
// of a policy (a draft cannot get one through its workflow), for the
// route matrices; it returns the unit's ID.
func (a *app) skmFixture(t *testing.T, policyID int64, unitCode string, responses [9][4]int, population int) int64 {
	t.Helper()
	return a.skmFixtureRound(t, policyID, unitCode, 1, responses, population)
}

// skmFixtureRound is skmFixture for round n.
func (a *app) skmFixtureRound(t *testing.T, policyID int64, unitCode string, n int, responses [9][4]int, population int) int64 {
	t.Helper()
	data, _ := json.Marshal(responses)
	var pop any
	if population > 0 {
		pop = population
	}
	var unit int64
	if err := a.st.DB.SQL().Get(&unit, `WITH r AS (
			INSERT INTO evaluation_rounds (policy_id, unit_id, number, due_at, status)
			SELECT p.id, u.id, $6, now(), 'submitted' FROM policies p JOIN units u ON u.region_id = p.region_id AND u.code = $2
			WHERE p.id = $1
			ON CONFLICT (policy_id, unit_id, number) DO UPDATE SET status = 'submitted' RETURNING id, unit_id)
		INSERT INTO evaluation_results (round_id, instrument, data, score, submitted_by, idempotency_key, population)
		SELECT r.id, 'skm', $3, 75, (SELECT id FROM users WHERE email = $4), 'fixture-' || r.id, $5 FROM r RETURNING (SELECT unit_id FROM r)`,
		policyID, unitCode, data, roleEmails["drafter"], pop, n); err != nil {
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
		{"GET", table, nil, onDraft(signedIn)},
		{"GET", table + ".csv", nil, onDraft(signedIn)},
		{"GET", fmt.Sprintf("/policies/%d/evaluations/1/units/999999/skm", draft), nil, want{"anonymous": 303, "*": 404}},
		{"GET", "/ikm", nil, want{"*": 200}},
		{"GET", "/ikm?region=sawahlunto&year=2026", nil, want{"*": 200}},
		{"GET", "/ikm?region=atlantis", nil, want{"*": 422}},
		// Follow-ups: the unit's own officer (Disdukcapil's) gets the refusal of an empty action.
		{"POST", fmt.Sprintf("/policies/%d/evaluations/1/units/%d/followups", draft, unit), url.Values{"element": {"u1"}, "owner": {"Kabid"}, "due_on": {"2099-01-01"}}, only("unit_officer", 422)},
		{"POST", fmt.Sprintf("/policies/%d/evaluations/1/units/%d/followups/999999/status", draft, unit), url.Values{"status": {"done"}}, only("unit_officer", 404)},
	}
	api = map[string]apiCase{
		"GET /policies/{id}/evaluations/{round}/units/{unit}/skm": {nil, onDraft(want{"anonymous": 401, "*": 200})},
		"GET /ikm": {nil, want{"*": 200}},
		"GET /policies/{id}/evaluations/{round}/units/{unit}/followups":               {nil, onDraft(want{"anonymous": 401, "*": 200})},
		"POST /policies/{id}/evaluations/{round}/units/{unit}/followups":              {map[string]any{"element": "u1", "owner": "Kabid", "due_on": "2099-01-01"}, onlyAPI("unit_officer", 422)},
		"POST /policies/{id}/evaluations/{round}/units/{unit}/followups/{fid}/status": {map[string]any{"status": "done"}, onlyAPI("unit_officer", 404)},
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
		// Follow-ups are kept by the unit's own officers: Dinas Pariwisata has none here, so every
		// signed-in principal, of either city, is refused.
		{method: "POST", pattern: "/policies/{id}/evaluations/{round}/units/{unit}/followups", path: p[:len(p)-len("/skm")] + "/followups",
			form: url.Values{"element": {"u1"}, "action": {"Uji"}, "owner": {"Kabid"}, "due_on": {"2099-01-01"}}, want: signedOut403()},
		{method: "POST", pattern: "/policies/{id}/evaluations/{round}/units/{unit}/followups/{fid}/status", path: p[:len(p)-len("/skm")] + "/followups/999999/status",
			form: url.Values{"status": {"done"}}, want: signedOut403()},
		{method: "GET", pattern: "/api/v1/policies/{id}/evaluations/{round}/units/{unit}/followups", path: api[:len(api)-len("/skm")] + "/followups", want: internal(true, pub, "", 200)},
		{method: "POST", pattern: "/api/v1/policies/{id}/evaluations/{round}/units/{unit}/followups", path: api[:len(api)-len("/skm")] + "/followups",
			body: map[string]any{"element": "u1", "action": "Uji", "owner": "Kabid", "due_on": "2099-01-01"}, want: signedOut403API()},
		{method: "POST", pattern: "/api/v1/policies/{id}/evaluations/{round}/units/{unit}/followups/{fid}/status", path: api[:len(api)-len("/skm")] + "/followups/999999/status",
			body: map[string]any{"status": "done"}, want: signedOut403API()},
	}
}

// signedOut403: the sign-in page for the signed out, 403 for everyone else.
func signedOut403() func(principal) int {
	return func(p principal) int {
		if p.anon() {
			return 303
		}
		return 403
	}
}

// signedOut403API: 401 for the signed out, 403 for everyone else.
func signedOut403API() func(principal) int {
	return func(p principal) int {
		if p.anon() {
			return 401
		}
		return 403
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
	id, base, officer := a.firstRoundForOfficer("uji-skm-tabel")
	c := http.DefaultClient
	answers := skmAnswers()
	// A profile counting more people than responded is refused, naming its category.
	res, out := a.api(c, a.tokens["unit_officer"], "POST", base+"/evaluations/1/skm", map[string]any{"responses": answers, "population": 100,
		"profile": map[string]any{"gender": []int{50, 31}}}, "")
	if e := decodeErr(t, out); res.StatusCode != 422 || e.Error.Field != "profile.gender" {
		t.Errorf("81 of 80 in the profile: %d %s, want 422 naming profile.gender", res.StatusCode, out)
	}
	profile := map[string]any{"gender": []int{38, 42}, "age": []int{3, 40, 30, 7}, "education": []int{0, 2, 3, 45, 30}}
	res, out = a.api(c, a.tokens["unit_officer"], "POST", base+"/evaluations/1/skm", map[string]any{"responses": answers, "population": 100, "profile": profile}, "skm-tabel")
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
	// The profile: never a cell below 5 people (3 under 25 hidden, and 7 so 3
	// cannot be worked out; education's 2 and 3 hidden).
	for _, s := range []string{`id="profile-gender"`, "<td>38</td><td>42</td>", "<td>&lt; 5 (disembunyikan)</td><td>40</td><td>30</td><td>&lt; 5 (disembunyikan)</td>"} {
		if !strings.Contains(page, s) {
			t.Errorf("table page's profile lacks %q", s)
		}
	}
	if _, js := a.api(c, a.tokens["leader"], "GET", fmt.Sprintf("/api/v1%s", path), nil, ""); !strings.Contains(js, `{"code":"under25","count":0,"suppressed":true}`) || strings.Contains(js, `"count":3,`) || strings.Contains(js, `"count":2,`) {
		t.Errorf("API table's profile shows a cell below 5: %s", js)
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

// The unit's officer records a follow-up of a weak element (and only of a
// weak one, once), its reminders start, and its status is kept; another
// unit's officer cannot; the page shows it; the history names it.
func TestSKMFollowUp(t *testing.T) {
	a := newApp(t)
	id, base, officer := a.firstRoundForOfficer("uji-skm-tindak-lanjut")
	if res, out := a.api(http.DefaultClient, a.tokens["unit_officer"], "POST", base+"/evaluations/1/skm", map[string]any{"responses": skmAnswers(), "population": 100}, "skm-tl"); res.StatusCode != 200 {
		t.Fatalf("SKM: %d %s", res.StatusCode, out)
	}
	page := fmt.Sprintf("/policies/%d/evaluations/1/units/%d", id, *officer.UnitID)
	post := func(who, path string, f url.Values) (int, string) {
		f.Set("csrf", a.csrf(a.people[who], "/login"))
		res, body := a.form(a.people[who], path, f)
		return res.StatusCode, body
	}
	due := time.Now().AddDate(0, 1, 0).Format("2006-01-02")
	form := func(el string) url.Values {
		return url.Values{"element": {el}, "action": {"Sederhanakan alur <b>pengaduan</b>"}, "owner": {"Kepala Bidang Pelayanan"}, "due_on": {due}}
	}
	if st, body := post("unit_officer", page+"/followups", form("u1")); st != 422 || !strings.Contains(body, "tidak di bawah ambang") {
		t.Errorf("follow-up of U1 (100.00): %d, want 422 naming it not below the threshold", st)
	}
	if st, _ := post("leader", page+"/followups", form("u2")); st != 403 {
		t.Errorf("follow-up by a leader: %d, want 403", st)
	}
	if st, body := post("unit_officer", page+"/followups", form("u2")); st != 303 {
		t.Fatalf("follow-up of U2: %d %.300s", st, body)
	}
	if st, _ := post("unit_officer", page+"/followups", form("u2")); st != 409 {
		t.Errorf("a second follow-up of U2: %d, want 409", st)
	}
	fs, err := a.st.DB.FollowUps(t.Context(), id, 1, *officer.UnitID)
	if err != nil || len(fs) != 1 || fs[0].Element != "u2" || fs[0].Status != policies.FollowUpPlanned {
		t.Fatalf("follow-ups = %+v, %v; want U2 planned", fs, err)
	}
	// Its reminders run on Temporal until it is done.
	wid := workflows.FollowUpWorkflowID(fs[0].ID)
	if d, err := a.st.Lifecycle.Temporal.DescribeWorkflowExecution(t.Context(), wid, ""); err != nil ||
		d.WorkflowExecutionInfo.Status != enums.WORKFLOW_EXECUTION_STATUS_RUNNING {
		t.Fatalf("reminders of the follow-up: %v %v, want running", d, err)
	}
	api := "/api/v1" + page + "/followups"
	if res, out := a.api(http.DefaultClient, a.tokens["leader"], "GET", api, nil, ""); res.StatusCode != 200 || !strings.Contains(out, `"element":"u2"`) {
		t.Errorf("follow-ups API: %d %s", res.StatusCode, out)
	}
	if res, out := a.api(http.DefaultClient, a.tokens["unit_officer"], "POST", api, map[string]any{"element": "u2", "action": "x", "owner": "y", "due_on": due}, ""); res.StatusCode != 409 {
		t.Errorf("a second follow-up of U2 by the API: %d %s, want 409", res.StatusCode, out)
	}
	_, body := a.get(a.people["leader"], page+"/skm")
	for _, s := range []string{`id="fu-u2"`, "Sederhanakan alur &lt;b&gt;pengaduan&lt;/b&gt;", "Kepala Bidang Pelayanan", "Direncanakan"} {
		if !strings.Contains(body, s) {
			t.Errorf("table page lacks %q", s)
		}
	}
	if strings.Contains(body, `id="fu-u1"`) {
		t.Error("the page asks a follow-up of U1, which is not below the threshold")
	}
	status := fmt.Sprintf("%s/followups/%d/status", page, fs[0].ID)
	if st, _ := post("unit_officer", status, url.Values{"status": {"selesai"}}); st != 422 {
		t.Errorf("status selesai: %d, want 422", st)
	}
	if st, body := post("unit_officer", status, url.Values{"status": {"done"}}); st != 303 {
		t.Fatalf("status done: %d %.300s", st, body)
	}
	if f, _ := a.st.DB.FollowUpByID(t.Context(), fs[0].ID); f.Status != policies.FollowUpDone || f.DoneAt == nil {
		t.Errorf("after done: %+v", f)
	}
	var audits int
	a.st.DB.SQL().Get(&audits, `SELECT count(*) FROM audit_log WHERE policy_id = $1 AND action IN ('skm_followup', 'skm_followup_status')`, id)
	if audits != 2 {
		t.Errorf("audited follow-up actions = %d, want 2", audits)
	}
}
