package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/naskah"
	"github.com/policyflow/policyflow/policies"
)

// Enactment routes in the route × role matrix (matrix_test.go), on the
// draft: anyone of the region reads its (empty) record; only the legal
// unit writes, and a draft has nothing to enact (409), or the input is
// refused first (422).
func enactmentRoleCases(p string) (pages []pageCase, api map[string]apiCase) {
	pages = []pageCase{
		{"GET", p + "/enactment", nil, onDraft(want{"anonymous": 404, "*": 200})},
		{"POST", p + "/enactment", url.Values{"form": {"perda"}, "enacted_on": {"2026-01-05"}, "principal_id": {"1"}, "signer_id": {"1"}}, only("legal", 422)},
		{"POST", p + "/enactment", url.Values{"form": {"perwali"}, "enacted_on": {"2026-01-05"}, "principal_id": {"1"}, "signer_id": {"1"}}, only("legal", 409)},
		{"POST", p + "/promulgation", url.Values{"promulgated_on": {"2026-01-05"}, "promulgator_id": {"1"}}, only("legal", 409)},
		{"POST", p + "/enactment/sign", url.Values{}, only("legal", 409)},
	}
	api = map[string]apiCase{
		"GET /policies/{id}/enactments": {nil, onDraft(want{"anonymous": 404, "*": 200})},
		"POST /policies/{id}/enactments": {map[string]any{"form": "perwali", "enacted_on": "2026-01-05", "principal_id": 1, "signer_id": 1},
			onlyAPI("legal", 409)},
		"POST /policies/{id}/promulgation": {map[string]any{"promulgated_on": "2026-01-05", "promulgator_id": 1},
			onlyAPI("legal", 409)},
		"POST /policies/{id}/enactment/sign": {nil, onlyAPI("legal", 409)},
	}
	return pages, api
}

// Enactment routes in the region × unit matrix (scope_test.go): the record
// is read wherever the policy is (a published one by anyone, a draft by
// its region); it is written by the legal unit of the policy's region only.
func enactmentScopeCases(draft, pub int64) []scopeCase {
	legalOf := func(api bool, id int64, ok int) func(principal) int { return ofRegion(api, id == draft, "legal", ok) }
	var cs []scopeCase
	for _, id := range []int64{draft, pub} {
		p, api := fmt.Sprintf("/policies/%d", id), fmt.Sprintf("/api/v1/policies/%d", id)
		cs = append(cs,
			scopeCase{method: "GET", pattern: "/policies/{id}/enactment", path: p + "/enactment", want: readable(id == draft)},
			scopeCase{method: "POST", pattern: "/policies/{id}/enactment", path: p + "/enactment",
				form: url.Values{"form": {"perda"}, "enacted_on": {"2026-01-05"}, "principal_id": {"1"}, "signer_id": {"1"}}, want: legalOf(false, id, 422)},
			scopeCase{method: "POST", pattern: "/policies/{id}/promulgation", path: p + "/promulgation",
				form: url.Values{"promulgated_on": {"kemarin"}, "promulgator_id": {"1"}}, want: legalOf(false, id, 422)},
			scopeCase{method: "POST", pattern: "/policies/{id}/enactment/sign", path: p + "/enactment/sign", form: url.Values{}, want: legalOf(false, id, 409)},
			scopeCase{method: "POST", pattern: "/api/v1/policies/{id}/enactment/sign", path: api + "/enactment/sign", want: legalOf(true, id, 409)},
			scopeCase{method: "GET", pattern: "/api/v1/policies/{id}/enactments", path: api + "/enactments", want: readable(id == draft)},
			scopeCase{method: "POST", pattern: "/api/v1/policies/{id}/enactments", path: api + "/enactments",
				body: map[string]any{"form": "perda", "enacted_on": "2026-01-05", "principal_id": 1, "signer_id": 1}, want: legalOf(true, id, 422)},
			scopeCase{method: "POST", pattern: "/api/v1/policies/{id}/promulgation", path: api + "/promulgation",
				body: map[string]any{"promulgated_on": "kemarin", "promulgator_id": 1}, want: legalOf(true, id, 422)},
		)
	}
	return cs
}

// enactmentTextCases are the hostile-text cases of the enactment's text
// fields and of the region's paper size (hostile_test.go).
func (a *app) enactmentTextCases(w world, js func(t *testing.T, role, path string, body any, header map[string]string) (*http.Response, string)) map[string][]textCase {
	enact := func(field string) func(t *testing.T, i int, s string) (*http.Response, string) {
		return func(t *testing.T, i int, s string) (*http.Response, string) {
			in := map[string]any{"form": "perwali", "place": "Sawahlunto", "enacted_on": "2026-01-05", "principal_id": 1, "signer_id": 1}
			in[field] = s
			return js(t, "legal", fmt.Sprintf("/api/v1/policies/%d/enactments", w.draft), in, nil)
		}
	}
	return map[string][]textCase{
		"EnactmentInput": {
			{name: "POST /policies/{id}/enactments form", field: "form", status: 422, send: enact("form")},
			{name: "POST /policies/{id}/enactments enacted_on", field: "enacted_on", status: 422, send: enact("enacted_on")},
			{name: "POST /policies/{id}/enactments effective_on", field: "effective_on", status: 422, send: enact("effective_on")},
			// A place is any text up to 100 characters; the draft has nothing to enact.
			{name: "POST /policies/{id}/enactments place", field: "place", status: 409, refusedAs: "-", send: enact("place")},
		},
		"PromulgationInput": {
			{name: "POST /policies/{id}/promulgation promulgated_on", field: "promulgated_on", status: 422,
				send: func(t *testing.T, i int, s string) (*http.Response, string) {
					return js(t, "legal", fmt.Sprintf("/api/v1/policies/%d/promulgation", w.draft), map[string]any{"promulgated_on": s, "promulgator_id": 1}, nil)
				}},
		},
		"RegionSettings": {
			{name: "POST /admin/settings paper_size", field: "paper_size", status: 422,
				send: func(t *testing.T, i int, s string) (*http.Response, string) {
					return js(t, "admin", "/api/v1/admin/settings", map[string]any{"time_zone": "WIB", "jp_min_pns": 20, "jp_min_pppk": 20,
						"ikm_threshold_default": 76.61, "paper_size": s}, nil)
				}},
		},
	}
}

// The legal unit enacts an approved policy signed by the Wali Kota, and
// promulgates it; the record shows at once on its page, the policy's page
// and the API, to everyone for a published policy, in both languages.
func TestEnactmentPagesAndAPI(t *testing.T) {
	a := newApp(t)
	id := a.policyID("sawahlunto-pengelolaan-kompetensi-asn")
	p := fmt.Sprintf("/policies/%d", id)
	api := fmt.Sprintf("/api/v1/policies/%d", id)
	legal, anon := a.people["legal"], a.people["anonymous"]
	c := http.DefaultClient

	// Before approval: nothing to enact.
	res, out := a.form(legal, p+"/enactment", url.Values{"csrf": {a.csrf(legal, "/login")}, "form": {"perwali"}, "enacted_on": {"2026-01-05"},
		"principal_id": {"1"}, "signer_id": {"1"}})
	if res.StatusCode != 409 {
		t.Fatalf("enacting a draft: %d, want 409: %.300s", res.StatusCode, out)
	}
	a.approve(t, id)

	// The legal unit's dashboard lists it; its policy page links the form.
	if _, out := a.get(legal, "/dashboard"); !strings.Contains(out, `id="awaiting-enactment"`) || !strings.Contains(out, p+"/enactment") {
		t.Fatalf("dashboard of the legal unit lacks the approved policy:\n%.2000s", out)
	}
	if _, out := a.get(legal, p); !strings.Contains(out, `id="record-enactment"`) {
		t.Fatal("policy page lacks the legal unit's link to record the enactment")
	}
	if _, out := a.get(a.people["drafter"], p); strings.Contains(out, `id="record-enactment"`) {
		t.Fatal("the drafter is offered to record an enactment")
	}
	res, out = a.get(legal, p+"/enactment")
	if res.StatusCode != 200 || !strings.Contains(out, `id="enact-form"`) || !strings.Contains(out, `id="not-enacted"`) || strings.Contains(out, `id="promulgate-form"`) {
		t.Fatalf("enactment page before enactment: %d\n%.3000s", res.StatusCode, out)
	}
	if _, out := a.get(anon, p+"/enactment"); strings.Contains(out, `id="enact-form"`) {
		t.Fatal("the enactment form is shown to the public")
	}

	// The Wali Kota signs in their own right (a Plt. or Plh. may not enact a
	// Peraturan, nor the Sekda be Plt. Wali Kota: TestActingWithinMandate).
	wali := a.st.UserID(t, "walikota.sawahlunto@policyflow.test")
	sekda := a.st.UserID(t, "sekda.sawahlunto@policyflow.test")
	today := time.Now().In(policies.ZoneWIB.Location())
	// A signer with no appointment is refused naming the field, and takes no number.
	res, out = a.api(c, a.tokens["legal"], "POST", api+"/enactments", map[string]any{"form": "perwali", "enacted_on": today.Format(time.DateOnly),
		"principal_id": wali, "signer_id": a.st.UserID(t, "kabid.sawahlunto@policyflow.test")}, "")
	if res.StatusCode != 422 || !strings.Contains(out, `"field":"signer_id"`) {
		t.Fatalf("a signer with no appointment: %d %s", res.StatusCode, out)
	}
	// Another region's legal unit may read this published policy, not enact it.
	other := a.token("hukum.pangkalpinang@policyflow.test")
	if res, out := a.api(c, other, "POST", api+"/enactments", map[string]any{"form": "perwali", "enacted_on": today.Format(time.DateOnly),
		"principal_id": wali, "signer_id": wali}, ""); res.StatusCode != 403 {
		t.Fatalf("another region's legal unit enacts: %d %s", res.StatusCode, out)
	}

	res, out = a.form(legal, p+"/enactment", url.Values{"csrf": {a.csrf(legal, "/login")}, "form": {"perwali"}, "place": {""},
		"enacted_on": {today.Format(time.DateOnly)}, "principal_id": {fmt.Sprint(wali)}, "signer_id": {fmt.Sprint(wali)}})
	if res.StatusCode != 303 {
		t.Fatalf("enact: %d %.500s", res.StatusCode, out)
	}
	label := fmt.Sprintf("Peraturan Wali Kota Sawahlunto Nomor 1 Tahun %d", today.Year())
	// At once, to anyone: the record, the block as it prints.
	res, out = a.get(anon, p+"/enactment")
	for _, want := range []string{label, "Ditetapkan di Sawahlunto", "pada tanggal " + naskah.Date(today), "WALI KOTA SAWAHLUNTO,", "Belum diundangkan"} {
		if res.StatusCode != 200 || !strings.Contains(out, want) {
			t.Errorf("public enactment page lacks %q (%d)", want, res.StatusCode)
		}
	}
	if _, out := a.get(anon, p); !strings.Contains(out, `id="enacted-line"`) || !strings.Contains(out, label) || !strings.Contains(out, "Ditetapkan sebagai") {
		t.Error("policy page lacks the enactment line")
	}
	// Enacted, not promulgated: not in force, and the line says so.
	if _, out := a.get(anon, p); !strings.Contains(out, "belum diundangkan, belum berlaku") {
		t.Error("policy page of an enacted, not promulgated policy does not say it is not in force")
	}
	if _, out := a.get(anon, p+"?lang=en"); !strings.Contains(out, "Enacted as") || !strings.Contains(out, "not yet promulgated, not in force") {
		t.Error("English policy page lacks the enactment line in English")
	}
	if _, out := a.get(legal, "/dashboard"); strings.Contains(out, p+"/enactment") {
		t.Error("the enacted policy is still awaiting enactment on the dashboard")
	}
	// Twice: 409.
	if res, out := a.api(c, a.tokens["legal"], "POST", api+"/enactments", map[string]any{"form": "perwali", "enacted_on": today.Format(time.DateOnly),
		"principal_id": wali, "signer_id": wali}, ""); res.StatusCode != 409 {
		t.Fatalf("second enactment of the version: %d %s", res.StatusCode, out)
	}

	// Promulgation: only the legal unit; a date before the enactment is refused naming it.
	if res, _ := a.api(c, a.tokens["leader"], "POST", api+"/promulgation", map[string]any{"promulgated_on": today.Format(time.DateOnly), "promulgator_id": sekda}, ""); res.StatusCode != 403 {
		t.Fatalf("a leader promulgates: %d, want 403", res.StatusCode)
	}
	res, out = a.api(c, a.tokens["legal"], "POST", api+"/promulgation", map[string]any{"promulgated_on": today.AddDate(0, 0, -1).Format(time.DateOnly), "promulgator_id": sekda}, "")
	if res.StatusCode != 422 || !strings.Contains(out, `"field":"promulgated_on"`) {
		t.Fatalf("promulgation before the enactment: %d %s", res.StatusCode, out)
	}
	res, out = a.api(c, a.tokens["legal"], "POST", api+"/promulgation", map[string]any{"promulgated_on": today.Format(time.DateOnly), "promulgator_id": sekda}, "")
	if res.StatusCode != 200 {
		t.Fatalf("promulgate: %d %s", res.StatusCode, out)
	}
	gazette := fmt.Sprintf("BERITA DAERAH KOTA SAWAHLUNTO TAHUN %d NOMOR 1", today.Year())
	res, out = a.api(c, "", "GET", api+"/enactments", nil, "")
	var list struct {
		Enactments []struct {
			Label, Gazette string
			Capacity       string
			Number         int
			Signature      []string `json:"signature_block"`
		}
	}
	if err := json.Unmarshal([]byte(out), &list); err != nil || res.StatusCode != 200 || len(list.Enactments) != 1 {
		t.Fatalf("public API: %d %s", res.StatusCode, out)
	}
	if e := list.Enactments[0]; e.Label != label || e.Gazette != gazette || e.Capacity != "own" || e.Signature[0] != "WALI KOTA SAWAHLUNTO," {
		t.Fatalf("public API enactment: %+v", e)
	}
	if _, out := a.get(anon, p+"/enactment"); !strings.Contains(out, gazette) || !strings.Contains(out, "Diundangkan di Sawahlunto") {
		t.Error("the enactment page lacks the promulgation")
	}
	if _, out := a.get(anon, p); !strings.Contains(out, fmt.Sprintf("Berita Daerah Kota Sawahlunto Tahun %d Nomor 1", today.Year())) {
		t.Error("policy page lacks the gazette")
	}
	if res, _ := a.api(c, a.tokens["legal"], "POST", api+"/promulgation", map[string]any{"promulgated_on": today.Format(time.DateOnly), "promulgator_id": sekda}, ""); res.StatusCode != 409 {
		t.Fatalf("second promulgation: %d, want 409", res.StatusCode)
	}
}

// The region's paper size is set on the settings page and by the API,
// F4 or A4 only.
func TestRegionPaperSize(t *testing.T) {
	a := newApp(t)
	c := http.DefaultClient
	admin := a.tokens["admin"]
	body := map[string]any{"time_zone": "WIB", "jp_min_pns": 20, "jp_min_pppk": 20, "ikm_threshold_default": 76.61, "paper_size": "A5"}
	res, out := a.api(c, admin, "POST", "/api/v1/admin/settings", body, "")
	if res.StatusCode != 422 || !strings.Contains(out, `"field":"paper_size"`) {
		t.Fatalf("paper A5: %d %s", res.StatusCode, out)
	}
	body["paper_size"] = "A4"
	if res, out := a.api(c, admin, "POST", "/api/v1/admin/settings", body, ""); res.StatusCode != 200 || !strings.Contains(out, `"paper_size":"A4"`) {
		t.Fatalf("paper A4: %d %s", res.StatusCode, out)
	}
	// Without the field the size is kept.
	delete(body, "paper_size")
	if res, out := a.api(c, admin, "POST", "/api/v1/admin/settings", body, ""); res.StatusCode != 200 || !strings.Contains(out, `"paper_size":"A4"`) {
		t.Fatalf("settings without paper: %d %s", res.StatusCode, out)
	}
	page := a.people["admin"]
	res, out = a.form(page, "/admin/settings", url.Values{"csrf": {a.csrf(page, "/login")}, "time_zone": {"WIB"}, "jp_min_pns": {"20"}, "jp_min_pppk": {"20"},
		"ikm_threshold_default": {"76.61"}, "paper_size": {"F4"}})
	if res.StatusCode != 303 {
		t.Fatalf("settings form: %d %.300s", res.StatusCode, out)
	}
	if _, out := a.get(page, "/admin/settings"); !strings.Contains(out, `<option value="F4" selected>`) {
		t.Errorf("settings page does not show F4 selected:\n%.2000s", out)
	}
}

func mustUser(t *testing.T, a *app, email string) policies.User {
	t.Helper()
	u, err := a.st.DB.UserByEmail(t.Context(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// The region's administrator assigns the legal role, a role of power: a
// second administrator confirms the invitation, which is sent then; the
// people page names it "Bagian Hukum" ("Legal unit" in English).
func TestAdminAssignsLegalRole(t *testing.T) {
	a := newApp(t)
	c := a.confirmed(t, a.tokens["admin"], "POST", "/api/v1/admin/people",
		map[string]any{"email": "hukum2.sawahlunto@policyflow.test", "name": "Analis Hukum", "role": "legal", "title": "Analis Hukum"}, a.secondAdmin(t, "sawahlunto"))
	if u := mustUser(t, a, "hukum2.sawahlunto@policyflow.test"); u.Role != "legal" || u.ID != c.resultID(t) {
		t.Fatalf("the confirmed invitation: %+v, change %+v", u, c)
	}
	if n := a.text(t, `SELECT count(*)::text FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.email = 'hukum2.sawahlunto@policyflow.test' AND n.kind = 'invitation'`); n != "1" {
		t.Errorf("invitations sent on confirmation: %s, want 1", n)
	}
	if _, out := a.get(a.people["admin"], "/admin/people"); !strings.Contains(out, "Analis Hukum") || !strings.Contains(out, "Bagian Hukum") {
		t.Error("people page does not name the legal role")
	}
	if _, out := a.get(a.people["admin"], "/admin/people?lang=en"); !strings.Contains(out, "Legal unit") {
		t.Error("English people page does not name the legal role")
	}
}
