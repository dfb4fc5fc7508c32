package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// parafPerwali is a seeded draft of Kota Sawahlunto rewritten from the
// Perwali template (so it is drafted as a Peraturan), then approved by its
// chain: the policy's ID.
func (a *app) parafPerwali(t *testing.T) int64 {
	t.Helper()
	c := http.DefaultClient
	id := a.policyID("sawahlunto-pengelolaan-kompetensi-asn")
	res, out := a.api(c, a.tokens["drafter"], "GET", "/api/v1/templates/perwali", nil, "")
	var tpl struct{ Markdown string }
	if res.StatusCode != 200 || json.Unmarshal([]byte(out), &tpl) != nil {
		t.Fatalf("template: %d %s", res.StatusCode, out)
	}
	v, err := a.st.DB.CurrentVersion(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if res, out := a.api(c, a.tokens["drafter"], "POST", fmt.Sprintf("/api/v1/policies/%d/versions", id),
		map[string]any{"base_version": v.Number, "markdown": tpl.Markdown, "change_summary": "Rancangan Perwali"}, ""); res.StatusCode != 201 {
		t.Fatalf("perwali version: %d %s", res.StatusCode, out)
	}
	a.approve(t, id)
	return id
}

// parafSteps sets up the region's paraf of a Peraturan through the admin
// API: coordination by the Kepala BKPSDM and the Kepala OPD, hierarchy by
// the Kepala Bagian Hukum and then the Sekretaris Daerah. It returns the
// step IDs by email.
func (a *app) parafSteps(t *testing.T) map[string]int64 {
	t.Helper()
	steps := []struct {
		who, kind, office string
		position          int
	}{
		{"kepala", "coordination", "Kepala BKPSDM", 0},
		{"kepala.opd", "coordination", "Kepala Perangkat Daerah", 0},
		{"hukum", "hierarchy", "Kepala Bagian Hukum", 1},
		{"sekda", "hierarchy", "Sekretaris Daerah", 2},
	}
	ids := map[string]int64{}
	adm2 := a.secondAdmin(t, "sawahlunto")
	for _, s := range steps {
		c := a.confirmed(t, a.tokens["admin"], "POST", "/api/v1/admin/paraf", map[string]any{"form": "perwali", "kind": s.kind,
			"position": s.position, "user_id": a.st.UserID(t, s.who+".sawahlunto@policyflow.test"), "office": s.office}, adm2)
		ids[s.who] = c.resultID(t)
	}
	return ids
}

// Paraf before signature (Permendagri 54/2009 Lampiran C, as the region's
// own tata naskah keeps it): the administrator says who initials a
// Peraturan; on the approved text coordination paraf come in any order
// and hierarchy paraf only in sequence; the enactment is refused (409,
// naming what is missing) until all are given; the page and the API say
// "initialled" once they are, the PDF prints the paraf column, and a new
// approved version starts with none.
func TestParafBeforeEnactment(t *testing.T) {
	a := newApp(t)
	a.withLegal()
	c := http.DefaultClient
	steps := a.parafSteps(t)
	id := a.parafPerwali(t)
	base := fmt.Sprintf("/api/v1/policies/%d", id)
	page := fmt.Sprintf("/policies/%d", id)
	day := time.Now().In(policies.ZoneWIB.Location()).Format(time.DateOnly)
	wali := a.st.UserID(t, "walikota.sawahlunto@policyflow.test")
	v, err := a.st.DB.CurrentVersion(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	tokenOf := func(who string) string {
		if who == "hukum" {
			return a.tokens["legal"]
		}
		return a.token(who + ".sawahlunto@policyflow.test")
	}
	give := func(who, step string, sha string) (*http.Response, string) {
		t.Helper()
		return a.api(c, tokenOf(who), "POST", base+"/paraf", map[string]any{"step_id": steps[step], "version_sha256": sha}, "")
	}
	enact := func() (*http.Response, string) {
		return a.api(c, a.tokens["legal"], "POST", base+"/enactments", map[string]any{"form": "perwali", "enacted_on": day,
			"principal_id": wali, "signer_id": wali}, "")
	}
	state := func(step, stage, words string) { t.Helper(); a.legalStageIs(t, id, step, stage, words) }

	// The admin page lists the steps; a bad one is refused naming the field.
	if _, body := a.get(a.people["admin"], "/admin/paraf"); !strings.Contains(body, "Kepala Bagian Hukum") || !strings.Contains(body, "Paraf hierarki") {
		t.Errorf("the admin page does not list the steps:\n%s", gist(body))
	}
	res, out := a.api(c, a.tokens["admin"], "POST", "/api/v1/admin/paraf", map[string]any{"form": "perwali", "kind": "hierarchy",
		"position": 1, "user_id": a.st.UserID(t, "kabid.sawahlunto@policyflow.test"), "office": "Asisten"}, "")
	if res.StatusCode != 409 || !strings.Contains(out, "urutan 1") {
		t.Errorf("a second hierarchy step at position 1: %d %s, want 409", res.StatusCode, out)
	}
	res, out = a.api(c, a.tokens["admin"], "POST", "/api/v1/admin/paraf", map[string]any{"form": "perwali", "kind": "coordination",
		"user_id": a.st.UserID(t, "penyusun.sawahlunto@policyflow.test"), "office": "Analis"}, "")
	wantRefusal(t, "a drafter as the one who initials", res, out, []int{422}, "user_id")
	if n := a.text(t, `SELECT count(*)::text FROM audit_log WHERE action = 'paraf_step.created'`); n != "4" {
		t.Errorf("audited step creations: %s, want 4", n)
	}

	// Approved, no paraf: the enactment is refused naming every missing paraf.
	state("approved", "approved", "Disetujui, belum ditetapkan")
	res, out = enact()
	if res.StatusCode != 409 || !strings.Contains(out, "paraf koordinasi Kepala BKPSDM") || !strings.Contains(out, "paraf hierarki Sekretaris Daerah") {
		t.Errorf("enactment before any paraf: %d %s, want 409 naming the missing paraf", res.StatusCode, out)
	}

	// Out of order: the Sekda before the Kepala Bagian Hukum is refused.
	res, out = give("sekda", "sekda", v.SHA256)
	if res.StatusCode != 409 || !strings.Contains(out, "Kepala Bagian Hukum") {
		t.Errorf("hierarchy out of order: %d %s, want 409 naming the Kepala Bagian Hukum", res.StatusCode, out)
	}
	// Another's step is 403; a text other than the approved one is 409.
	if res, out := give("kepala", "sekda", v.SHA256); res.StatusCode != 403 {
		t.Errorf("the Kepala BKPSDM on the Sekda's step: %d %s, want 403", res.StatusCode, out)
	}
	if res, out := give("kepala", "kepala", strings.Repeat("a", 64)); res.StatusCode != 409 || !strings.Contains(out, "bukan versi yang disetujui") {
		t.Errorf("a paraf of another text: %d %s, want 409", res.StatusCode, out)
	}

	// Coordination in any order: the Kepala OPD first, through the page.
	opd := a.login("kepala.opd.sawahlunto@policyflow.test")
	_, body := a.get(opd, page+"/paraf")
	if !strings.Contains(body, fmt.Sprintf(`id="give-paraf-%d"`, steps["kepala.opd"])) || strings.Contains(body, fmt.Sprintf(`id="give-paraf-%d"`, steps["sekda"])) {
		t.Errorf("the Kepala OPD's paraf page does not offer their own step alone:\n%s", gist(body))
	}
	res, _ = a.form(opd, page+"/paraf", url.Values{"csrf": {a.csrf(opd, page+"/paraf")}, "step_id": {fmt.Sprint(steps["kepala.opd"])}, "version_sha256": {v.SHA256}})
	if res.StatusCode != 303 {
		t.Fatalf("the Kepala OPD's paraf through the page: %d", res.StatusCode)
	}
	if res, out := give("kepala", "kepala", v.SHA256); res.StatusCode != 201 {
		t.Fatalf("the Kepala BKPSDM's paraf: %d %s", res.StatusCode, out)
	}
	if res, out := give("kepala", "kepala", v.SHA256); res.StatusCode != 409 {
		t.Errorf("a second paraf of one step: %d %s, want 409", res.StatusCode, out)
	}
	res, out = enact()
	if res.StatusCode != 409 || strings.Contains(out, "paraf koordinasi") || !strings.Contains(out, "paraf hierarki Kepala Bagian Hukum") {
		t.Errorf("enactment with the hierarchy missing: %d %s, want 409 naming the hierarchy alone", res.StatusCode, out)
	}
	// The dashboard lists a paraf whose turn has come: the Sekda's only after the Kepala Bagian Hukum's.
	sekdaPage := a.login("sekda.sawahlunto@policyflow.test")
	if _, body := a.get(sekdaPage, "/dashboard"); strings.Contains(body, `id="awaiting-paraf"`) {
		t.Errorf("the Sekda's dashboard lists a paraf before its turn:\n%s", gist(body))
	}
	if _, body := a.get(a.people["legal"], "/dashboard"); !strings.Contains(body, `id="awaiting-paraf"`) || !strings.Contains(body, page+"/paraf") {
		t.Errorf("the Kepala Bagian Hukum's dashboard does not list the paraf awaited:\n%s", gist(body))
	}
	// The hierarchy in order.
	for _, who := range []string{"hukum", "sekda"} {
		if who == "sekda" {
			if _, body := a.get(sekdaPage, "/dashboard"); !strings.Contains(body, page+"/paraf") {
				t.Errorf("the Sekda's dashboard does not list their turn:\n%s", gist(body))
			}
		}
		if res, out := give(who, who, v.SHA256); res.StatusCode != 201 {
			t.Fatalf("%s's paraf: %d %s", who, res.StatusCode, out)
		}
	}
	_, out = a.api(c, "", "GET", base+"/paraf", nil, "")
	var pv struct {
		Version  int
		Complete bool
		Steps    []struct{ Paraf *policies.Paraf }
	}
	if json.Unmarshal([]byte(out), &pv) != nil || !pv.Complete || pv.Version != v.Number || len(pv.Steps) != 4 {
		t.Fatalf("the paraf API once complete: %s", out)
	}
	for _, s := range pv.Steps {
		if s.Paraf == nil || s.Paraf.SHA256 != v.SHA256 {
			t.Errorf("a paraf without the version's hash: %+v", s.Paraf)
		}
	}
	state("initialled", "initialled", "diparaf lengkap, belum ditetapkan")
	if n := a.text(t, `SELECT count(*)::text FROM audit_log WHERE policy_id = $1 AND action = 'paraf.given'`, id); n != "4" {
		t.Errorf("audited parafs: %s, want 4", n)
	}

	// The PDF prints the paraf column.
	_, pdf := a.getBytes(a.people["legal"], fmt.Sprintf("%s/versions/%d/pdf", page, v.Number))
	text := strings.Join(pdfPages(t, pdf), "\n")
	for _, w := range []string{"PARAF", "Paraf koordinasi", "Paraf hierarki 2", "Sekretaris Daerah", "WIB"} {
		if !strings.Contains(text, w) {
			t.Errorf("the PDF's paraf column lacks %q:\n%s", w, text)
		}
	}

	// A new approved version starts with no paraf.
	if res, out := a.api(c, a.tokens["drafter"], "POST", base+"/actions/open_revision", map[string]any{"reason": "Perbaikan sesudah paraf"}, ""); res.StatusCode != 200 {
		t.Fatalf("open revision: %d %s", res.StatusCode, out)
	}
	if res, out := give("kepala", "kepala", v.SHA256); res.StatusCode != 409 {
		t.Errorf("a paraf during a revision: %d %s, want 409", res.StatusCode, out)
	}
	if res, out := a.api(c, a.tokens["drafter"], "POST", base+"/versions", map[string]any{"base_version": v.Number,
		"markdown": strings.Replace(v.Markdown, "Pasal 1", "Pasal 1\n\nPerubahan.", 1), "change_summary": "Revisi"}, ""); res.StatusCode != 201 {
		t.Fatalf("revision: %d %s", res.StatusCode, out)
	}
	a.approve(t, id)
	_, out = a.api(c, "", "GET", base+"/paraf", nil, "")
	pv.Steps = nil
	if json.Unmarshal([]byte(out), &pv) != nil || pv.Complete || pv.Version != v.Number+1 {
		t.Fatalf("the revision's paraf: %s, want version %d with none", out, v.Number+1)
	}
	for _, s := range pv.Steps {
		if s.Paraf != nil {
			t.Errorf("the revision carries an earlier paraf: %+v", s.Paraf)
		}
	}
	state("revision approved", "approved", "Disetujui, belum ditetapkan")
	res, out = enact()
	if res.StatusCode != 409 || !strings.Contains(out, "paraf koordinasi Kepala BKPSDM") {
		t.Errorf("enactment of the revision before paraf: %d %s, want 409", res.StatusCode, out)
	}
	for _, who := range []string{"kepala", "kepala.opd", "hukum", "sekda"} {
		v2, _ := a.st.DB.CurrentVersion(t.Context(), id)
		if res, out := give(who, who, v2.SHA256); res.StatusCode != 201 {
			t.Fatalf("%s's paraf of the revision: %d %s", who, res.StatusCode, out)
		}
	}
	if res, out := enact(); res.StatusCode != 201 {
		t.Fatalf("enactment once every paraf is given: %d %s", res.StatusCode, out)
	}
	state("enacted", "enacted", "Ditetapkan, belum diundangkan")
	if res, out := give("kepala", "kepala", v.SHA256); res.StatusCode != 409 {
		t.Errorf("a paraf after the enactment: %d %s, want 409", res.StatusCode, out)
	}
}
