package server_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// Harmonisation before paraf and enactment (UU 13/2022 Pasal 58 and 97D;
// Permenkum 40/2025): in a region that requires it for a Perwali (the
// default, set again by the administrator), an approved Perwali is
// refused paraf and enactment (409 naming harmonisation) until the
// Kanwil's answer is "selesai"; an answer before the request, a second
// request and a second answer are 409, missing fields 422 naming them;
// "perlu perbaikan" leaves the version unharmonised and reopens the draft
// through the workflow (a revision); the page says a corrected version
// must be drafted, which goes through the approval chain and is
// harmonised anew; then "harmonised" on the API
// and page, paraf, and the enactment. Another region's legal unit is 404.
func TestHarmonisationBeforeParafAndEnactment(t *testing.T) {
	a := newApp(t)
	a.withLegal()
	c := http.DefaultClient
	admin, legal := a.tokens["admin"], a.tokens["legal"]
	// The region requires harmonisation of a Perwali (newApp turned it off).
	if res, out := a.api(c, admin, "POST", "/api/v1/admin/harmonisation", map[string]any{"form": "perda"}, ""); res.StatusCode != 422 || !strings.Contains(out, "form") {
		t.Errorf("a setting of an unknown form: %d %s, want 422 naming form", res.StatusCode, out)
	}
	adm2 := a.secondAdmin(t, "sawahlunto")
	a.confirmed(t, admin, "POST", "/api/v1/admin/harmonisation", map[string]any{"form": "perwali", "required": true}, adm2)
	if _, body := a.get(a.people["admin"], "/admin/harmonisation"); !strings.Contains(body, `id="setting-perwali" data-required="true"`) {
		t.Errorf("the admin page does not say a Perwali is harmonised:\n%s", gist(body))
	}
	if n := a.text(t, `SELECT count(*)::text FROM audit_log WHERE action = 'harmonisation_setting.saved'`); n != "1" {
		t.Errorf("audited settings: %s, want 1", n)
	}
	// One hierarchy step: the Kepala Bagian Hukum.
	hukum := a.st.UserID(t, legalEmail)
	step := policies.ParafStep{ID: a.confirmed(t, admin, "POST", "/api/v1/admin/paraf", map[string]any{"form": "perwali", "kind": "hierarchy", "position": 1,
		"user_id": hukum, "office": "Kepala Bagian Hukum"}, adm2).resultID(t)}
	id := a.parafPerwali(t)
	base, page := fmt.Sprintf("/api/v1/policies/%d", id), fmt.Sprintf("/policies/%d", id)
	day := time.Now().In(policies.ZoneWIB.Location()).Format(time.DateOnly)
	wali := a.st.UserID(t, "walikota.sawahlunto@policyflow.test")
	enact := func() (*http.Response, string) {
		return a.api(c, legal, "POST", base+"/enactments", map[string]any{"form": "perwali", "enacted_on": day, "principal_id": wali, "signer_id": wali}, "")
	}
	paraf := func() (*http.Response, string) {
		v, _ := a.st.DB.CurrentVersion(t.Context(), id)
		return a.api(c, legal, "POST", base+"/paraf", map[string]any{"step_id": step.ID, "version_sha256": v.SHA256}, "")
	}
	request := func(letter string) (*http.Response, string) {
		return a.api(c, legal, "POST", base+"/harmonisation/request", map[string]any{"requested_on": day, "request_letter": letter}, "")
	}
	answer := func(in map[string]any) (*http.Response, string) {
		return a.api(c, legal, "POST", base+"/harmonisation/answer", in, "")
	}
	upload := func(name string) int64 {
		res, out := a.api(c, a.tokens["drafter"], "POST", base+"/attachments", map[string]any{"name": name, "kind": "surat",
			"content_base64": base64.StdEncoding.EncodeToString([]byte("%PDF-1.4\n% " + name + "\n%%EOF\n"))}, "")
		var at policies.Attachment
		if res.StatusCode != 201 || json.Unmarshal([]byte(out), &at) != nil || at.ID == 0 {
			t.Fatalf("upload %s: %d %s", name, res.StatusCode, out)
		}
		return at.ID
	}
	verifyStatus := map[string]string{"approved": "disetujui", "harmonised": "diharmonisasi", "initialled": "diparaf"}
	stage := func(step, want, words string) {
		t.Helper()
		a.legalStageIs(t, id, step, want, words)
		// The list and its API, and the verification page of the text,
		// say the same state.
		if _, list := a.get(a.people["anonymous"], "/policies?region=sawahlunto"); !strings.Contains(list, `legal-state legal-`+want+`"`) {
			t.Errorf("%s: the policy list does not say %s:\n%s", step, want, gist(list))
		}
		_, out := a.api(c, "", "GET", "/api/v1/policies?region=sawahlunto", nil, "")
		var l struct {
			Policies []struct {
				ID    int64               `json:"id"`
				Stage policies.LegalStage `json:"legal_stage"`
			} `json:"policies"`
		}
		json.Unmarshal([]byte(out), &l)
		for _, p := range l.Policies {
			if p.ID == id && string(p.Stage) != want {
				t.Errorf("%s: the list API says %s, want %s", step, p.Stage, want)
			}
		}
		sha := a.text(t, `SELECT v.sha256 FROM policies p JOIN policy_versions v ON v.id = p.in_force_version_id WHERE p.id = $1`, id)
		if _, vp := a.get(a.people["anonymous"], "/verifikasi/"+sha); !strings.Contains(vp, `data-status="`+verifyStatus[want]+`"`) {
			t.Errorf("%s: the verification page does not say %s:\n%s", step, verifyStatus[want], gist(vp))
		}
	}

	// Approved, not harmonised: paraf and enactment refused naming it.
	for what, do := range map[string]func() (*http.Response, string){"enactment": enact, "paraf": paraf} {
		if res, out := do(); res.StatusCode != 409 || !strings.Contains(out, "harmonisasi") {
			t.Errorf("%s before harmonisation: %d %s, want 409 naming harmonisation", what, res.StatusCode, out)
		}
	}
	// The paraf page says paraf waits for harmonisation and offers none;
	// the dashboard does not list it as waiting for the Kepala Bagian Hukum.
	if _, body := a.get(a.people["legal"], page+"/paraf"); !strings.Contains(body, `id="paraf-awaits-harmonisation"`) || strings.Contains(body, "give-paraf-") {
		t.Errorf("the paraf page before harmonisation:\n%s", gist(body))
	}
	if _, body := a.get(a.people["legal"], "/dashboard"); strings.Contains(body, page+"/paraf") {
		t.Errorf("the dashboard lists a paraf that waits for harmonisation:\n%s", gist(body))
	}
	// Out of order and bad fields.
	ba := upload("Berita Acara Harmonisasi.pdf")
	good := map[string]any{"answer_letter": "W.3-HH.01.02-123", "answered_on": day, "berita_acara_id": ba, "result": "perlu_perbaikan", "notes": "Konsiderans menimbang diperbaiki."}
	if res, out := answer(good); res.StatusCode != 409 || !strings.Contains(out, "belum dimohonkan") {
		t.Errorf("an answer before the request: %d %s, want 409", res.StatusCode, out)
	}
	res, out := request("  ")
	wantRefusal(t, "a request without a letter", res, out, []int{422}, "request_letter")
	if res, out := request("100.3/45/Hukum"); res.StatusCode != 201 {
		t.Fatalf("request: %d %s", res.StatusCode, out)
	}
	if res, out := request("100.3/46/Hukum"); res.StatusCode != 409 {
		t.Errorf("a second request of one version: %d %s, want 409", res.StatusCode, out)
	}
	stage("requested", "approved", "Disetujui, belum ditetapkan")
	noNotes := map[string]any{"answer_letter": "X", "answered_on": day, "berita_acara_id": ba, "result": "perlu_perbaikan"}
	res, out = answer(noNotes)
	wantRefusal(t, "perlu perbaikan without notes", res, out, []int{422}, "notes")
	res, out = answer(map[string]any{"answer_letter": "X", "answered_on": day, "berita_acara_id": 999999, "result": "selesai"})
	wantRefusal(t, "a Berita Acara not of the policy", res, out, []int{422}, "berita_acara_id")
	res, out = answer(map[string]any{"answer_letter": "X", "answered_on": day, "berita_acara_id": ba, "result": "lulus"})
	wantRefusal(t, "an unknown result", res, out, []int{422}, "result")
	if n := a.text(t, `SELECT count(*)::text FROM harmonisations WHERE policy_id = $1 AND result IS NOT NULL`, id); n != "0" {
		t.Errorf("answers stored after refusals: %s, want 0", n)
	}

	// "Perlu perbaikan": recorded; the policy's workflow, told, reopens
	// the draft as a revision (no status written by the web layer); the
	// drafter is told why; the page asks for a corrected version.
	if res, out := answer(good); res.StatusCode != 200 {
		t.Fatalf("answer perlu perbaikan: %d %s", res.StatusCode, out)
	}
	if _, out := a.api(c, "", "GET", base, nil, ""); !strings.Contains(out, `"status":"revision"`) {
		t.Errorf("after perlu perbaikan the policy is not in revision: %.300s", out)
	}
	if n := a.text(t, `SELECT count(*)::text FROM notifications WHERE policy_id = $1 AND kind = 'revision_opened' AND body LIKE '%Konsiderans menimbang diperbaiki.%'`, id); n != "1" {
		t.Errorf("the drafter was told of the revision %s times, want once with the Kanwil's notes", n)
	}
	if res, out := answer(good); res.StatusCode != 409 {
		t.Errorf("a second answer: %d %s, want 409", res.StatusCode, out)
	}
	stage("perlu perbaikan", "approved", "revisi dibuka")
	if _, body := a.get(a.people["legal"], page+"/harmonisation"); !strings.Contains(body, `id="harmo-correction"`) || !strings.Contains(body, "Konsiderans menimbang diperbaiki.") ||
		!strings.Contains(body, fmt.Sprintf("/attachments/%d", ba)) {
		t.Errorf("the harmonisation page does not show the correction, its notes and Berita Acara:\n%s", gist(body))
	}
	if res, out := enact(); res.StatusCode != 409 {
		t.Errorf("enactment after perlu perbaikan: %d %s, want 409", res.StatusCode, out)
	}
	if res, out := a.api(c, a.tokens["drafter"], "POST", base+"/actions/open_revision", map[string]any{"reason": "Perbaikan"}, ""); res.StatusCode != 409 {
		t.Errorf("a second revision opened by hand: %d %s, want 409 (it is open)", res.StatusCode, out)
	}

	// The correction: the revision's new version, approved again.
	v, _ := a.st.DB.CurrentVersion(t.Context(), id)
	if res, out := a.api(c, a.tokens["drafter"], "POST", base+"/versions", map[string]any{"base_version": v.Number,
		"markdown": strings.Replace(v.Markdown, "Pasal 1", "Pasal 1\n\nPerbaikan.", 1), "change_summary": "Perbaikan hasil harmonisasi"}, ""); res.StatusCode != 201 {
		t.Fatalf("corrected version: %d %s", res.StatusCode, out)
	}
	a.approve(t, id)
	if res, out := enact(); res.StatusCode != 409 || !strings.Contains(out, "belum dimohonkan") {
		t.Errorf("enactment of the corrected version before its harmonisation: %d %s, want 409", res.StatusCode, out)
	}

	// Another region's legal unit: 404 on a draft it cannot read, 403 on
	// an approved policy it reads.
	other := a.token("hukum.pangkalpinang@policyflow.test")
	var draft int64
	if err := a.st.DB.SQL().Get(&draft, `SELECT p.id FROM policies p JOIN regions r ON r.id = p.region_id
		WHERE r.name LIKE '%Sawahlunto%' AND p.status = 'draft' ORDER BY p.id LIMIT 1`); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]int{base: 403, fmt.Sprintf("/api/v1/policies/%d", draft): 404} {
		if res, out := a.api(c, other, "POST", path+"/harmonisation/request", map[string]any{"requested_on": day, "request_letter": "X"}, ""); res.StatusCode != want {
			t.Errorf("another region's request on %s: %d %s, want %d", path, res.StatusCode, out, want)
		}
		if res, out := a.api(c, other, "GET", path+"/harmonisation", nil, ""); want == 404 && res.StatusCode != 404 {
			t.Errorf("another region reads a draft's harmonisation: %d %s, want 404", res.StatusCode, out)
		}
	}

	// Through the page: request and "selesai".
	lp := a.people["legal"]
	if res, _ := a.form(lp, page+"/harmonisation/request", url.Values{"csrf": {a.csrf(lp, page+"/harmonisation")}, "requested_on": {day}, "request_letter": {"100.3/52/Hukum"}}); res.StatusCode != 303 {
		t.Fatalf("request through the page: %d", res.StatusCode)
	}
	ba2 := upload("Berita Acara Harmonisasi II.pdf")
	if res, _ := a.form(lp, page+"/harmonisation/answer", url.Values{"csrf": {a.csrf(lp, page+"/harmonisation")}, "answer_letter": {"W.3-HH.01.02-130"},
		"answered_on": {day}, "berita_acara_id": {fmt.Sprint(ba2)}, "result": {"selesai"}}); res.StatusCode != 303 {
		t.Fatalf("answer through the page: %d", res.StatusCode)
	}
	stage("harmonised", "harmonised", "Disetujui dan diharmonisasi")
	_, out = a.api(c, "", "GET", base+"/harmonisation", nil, "")
	var hv struct {
		Version  int
		Required bool
		Done     bool
		History  []policies.Harmonisation
	}
	if json.Unmarshal([]byte(out), &hv) != nil || !hv.Required || !hv.Done || hv.Version != v.Number+1 || len(hv.History) != 2 {
		t.Errorf("the harmonisation API: %s", out)
	}
	if n := a.text(t, `SELECT count(*)::text FROM audit_log WHERE policy_id = $1 AND action LIKE 'harmonisation.%'`, id); n != "4" {
		t.Errorf("audited harmonisation writes: %s, want 4", n)
	}

	// Paraf on the harmonised text, then the enactment.
	if _, body := a.get(a.people["legal"], page+"/paraf"); strings.Contains(body, `id="paraf-awaits-harmonisation"`) || !strings.Contains(body, fmt.Sprintf(`id="give-paraf-%d"`, step.ID)) {
		t.Errorf("the paraf page once harmonised does not offer the paraf:\n%s", gist(body))
	}
	if res, out := paraf(); res.StatusCode != 201 {
		t.Fatalf("paraf once harmonised: %d %s", res.StatusCode, out)
	}
	stage("initialled", "initialled", "diparaf lengkap")
	if res, out := enact(); res.StatusCode != 201 {
		t.Fatalf("enactment once harmonised and initialled: %d %s", res.StatusCode, out)
	}
	if res, out := request("100.3/60/Hukum"); res.StatusCode != 409 {
		t.Errorf("a request after the enactment: %d %s, want 409", res.StatusCode, out)
	}
}
