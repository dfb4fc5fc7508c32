package server_test

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/policyflow/policyflow/policies"
)

// legalTextCases is the structure check's text field in the hostile-input
// walk (TestHostileInput): any text is checked, nothing is stored.
func legalTextCases(js func(t *testing.T, role, path string, body any, header map[string]string) (*http.Response, string)) map[string][]textCase {
	return map[string][]textCase{
		"StructureCheckInput": {{name: "POST /structure-check markdown", field: "markdown", status: 200,
			send: func(t *testing.T, i int, s string) (*http.Response, string) {
				return js(t, "drafter", "/api/v1/structure-check", map[string]string{"markdown": "### Pasal 1\n\n(1) " + s + "\n\n" + s}, nil)
			}},
			{name: "POST /structure-check previous", field: "previous", status: 200,
				send: func(t *testing.T, i int, s string) (*http.Response, string) {
					return js(t, "drafter", "/api/v1/structure-check", map[string]string{"previous": "### Pasal 1\n\n(1) " + s + "\n\nPasal 1 ayat (1) " + s, "markdown": "### Pasal 2\n\nPasal 1 ayat (1) dilaksanakan."}, nil)
				}}},
	}
}

// ayat22 is the text of Pasal 2 ayat (2) of the template as the page shows it.
const ayat22 = "(2) Pengembangan kompetensi sebagaimana dimaksud pada ayat (1) meliputi: a. kompetensi teknis; b. kompetensi manajerial; dan c. kompetensi sosial kultural."

// A policy drafted from the Peraturan Wali Kota template: the form and the
// API give the region's template; the editor's structure check lists the
// findings with their lines and keeps the text; a save with a finding is
// saved and shows it; the API checks a bad and a good text; comments
// anchored to Pasal 2 ayat (2) by number, from the page and the API, quote
// that ayat (422 for a Pasal the text lacks); a suggestion so anchored is
// accepted into a new version.
func TestLegalDrafting(t *testing.T) {
	a := newApp(t)
	drafter := a.people["drafter"]
	var region string
	if err := a.st.DB.SQL().Get(&region, `SELECT name FROM regions WHERE slug = 'sawahlunto'`); err != nil {
		t.Fatal(err)
	}
	tpl := policies.PerwaliTemplate(region, "")

	t.Run("template on the new-policy form and in the API", func(t *testing.T) {
		res, body := a.get(drafter, "/policies/new?template=perwali")
		if res.StatusCode != 200 || !strings.Contains(body, ">"+html.EscapeString(tpl)+"</textarea>") ||
			!strings.Contains(body, `id="form-perwali" aria-current="page"`) {
			t.Errorf("template form: %d, editor not pre-filled with the template", res.StatusCode)
		}
		if !strings.Contains(tpl, "Berita Daerah Kota Sawahlunto") {
			t.Errorf("template of %s lacks its Berita Daerah", region)
		}
		res, body = a.get(drafter, "/policies/new?lang=en")
		if res.StatusCode != 200 || !strings.Contains(body, "># </textarea>") || !strings.Contains(body, "Document form") ||
			!strings.Contains(body, `href="/policies/new?template=perwali"`) {
			t.Errorf("narrative form: %d, not empty or no template link in English", res.StatusCode)
		}
		a.get(drafter, "/policies/new?lang=id") // back to Indonesian for the pages below
		res, _ = a.get(drafter, "/policies/new?template=perda")
		if res.StatusCode != 422 {
			t.Errorf("unknown template: %d, want 422", res.StatusCode)
		}
		res, body = a.api(http.DefaultClient, a.tokens["drafter"], "GET", "/api/v1/templates/perwali", nil, "")
		var out struct{ Markdown string }
		json.Unmarshal([]byte(body), &out)
		if res.StatusCode != 200 || out.Markdown != tpl {
			t.Errorf("API template: %d %.200s", res.StatusCode, body)
		}
	})

	// The policy, made from the template.
	res, body := a.api(http.DefaultClient, a.tokens["drafter"], "POST", "/api/v1/policies",
		map[string]string{"region": "sawahlunto", "slug": "perwali-uji", "markdown": tpl, "change_summary": "Draf dari templat"}, "")
	if res.StatusCode != 201 {
		t.Fatalf("policy from the template: %d %s", res.StatusCode, body)
	}
	var pol struct{ ID int64 }
	json.Unmarshal([]byte(body), &pol)
	page := fmt.Sprintf("/policies/%d", pol.ID)
	// broken numbers the last Pasal 6: Pasal 4 and 5 are missing.
	broken := strings.Replace(tpl, "### Pasal 4", "### Pasal 6", 1)
	brokenLine := strings.Count(broken[:strings.Index(broken, "### Pasal 6")], "\n") + 1
	brokenMsg := fmt.Sprintf("Baris %d: Pasal 6 menyusul Pasal 3; Pasal 4 tidak ada", brokenLine)

	t.Run("structure check in the editor", func(t *testing.T) {
		csrf := a.csrf(drafter, page+"/edit")
		res, body := a.form(drafter, page+"/structure", url.Values{"csrf": {csrf}, "base_version": {"1"}, "markdown": {broken}, "change_summary": {"Periksa"}})
		if res.StatusCode != 200 || !strings.Contains(body, brokenMsg) || !strings.Contains(body, ">"+html.EscapeString(broken)+"</textarea>") ||
			!strings.Contains(body, `value="Periksa"`) || !strings.Contains(body, `name="base_version" value="1"`) {
			t.Errorf("check of a broken text: %d; want %q listed and the text kept", res.StatusCode, brokenMsg)
		}
		res, body = a.form(drafter, page+"/structure", url.Values{"csrf": {csrf}, "base_version": {"1"}, "markdown": {tpl}})
		if res.StatusCode != 200 || strings.Contains(body, `class="finding"`) || !strings.Contains(body, `id="no-findings"`) {
			t.Errorf("check of the fixed text: %d, findings listed", res.StatusCode)
		}
		if n := a.latestVersion(t, pol.ID); n != 1 {
			t.Errorf("a check saved a version: %d", n)
		}
	})

	t.Run("save with a finding: saved, findings shown", func(t *testing.T) {
		res, _ := a.form(drafter, page+"/versions", url.Values{"csrf": {a.csrf(drafter, page+"/edit")}, "base_version": {"1"}, "markdown": {broken}, "change_summary": {"Pasal baru"}})
		loc := res.Header.Get("Location")
		if res.StatusCode != 303 || loc != page+"/edit?saved=2#findings" {
			t.Fatalf("save: %d to %q", res.StatusCode, loc)
		}
		var md string
		a.st.DB.SQL().Get(&md, `SELECT markdown FROM policy_versions WHERE policy_id = $1 AND number = 2`, pol.ID)
		if md != broken {
			t.Errorf("version 2 not saved as sent")
		}
		res, body := a.get(drafter, strings.TrimSuffix(loc, "#findings"))
		if res.StatusCode != 200 || !strings.Contains(body, "Versi 2 disimpan") || !strings.Contains(body, brokenMsg) {
			t.Errorf("landing page: %d; want the save and %q", res.StatusCode, brokenMsg)
		}
	})

	t.Run("API structure check and version answer", func(t *testing.T) {
		res, body := a.api(http.DefaultClient, a.tokens["drafter"], "POST", "/api/v1/structure-check?lang=en", map[string]string{"markdown": broken}, "")
		var out struct {
			Findings []struct {
				Line          int
				Code, Message string
			}
		}
		json.Unmarshal([]byte(body), &out)
		want := fmt.Sprintf("Line %d: Article (Pasal) 6 follows Article 3; Article 4 is missing", brokenLine)
		if res.StatusCode != 200 || len(out.Findings) != 1 || out.Findings[0].Line != brokenLine || out.Findings[0].Code != "pasal_gap" || out.Findings[0].Message != want {
			t.Errorf("API check of the broken text: %d %s", res.StatusCode, body)
		}
		res, body = a.api(http.DefaultClient, a.tokens["drafter"], "POST", "/api/v1/structure-check", map[string]string{"markdown": tpl}, "")
		if res.StatusCode != 200 || strings.TrimSpace(body) != `{"findings":[]}` {
			t.Errorf("API check of the template: %d %s", res.StatusCode, body)
		}
		// The version answer: findings of a broken text, none of a good one.
		n := a.latestVersion(t, pol.ID)
		res, body = a.api(http.DefaultClient, a.tokens["drafter"], "POST", fmt.Sprintf("/api/v1/policies/%d/versions", pol.ID),
			map[string]any{"base_version": n, "markdown": broken + "\nLihat Pasal 9.\n", "change_summary": "Rujukan"}, "")
		var v struct {
			Number   int
			Findings []struct {
				Line int
				Code string
			} `json:"structure_findings"`
		}
		json.Unmarshal([]byte(body), &v)
		if res.StatusCode != 201 || v.Number != n+1 || len(v.Findings) != 2 || v.Findings[1].Code != "ref_missing_pasal" {
			t.Errorf("version with findings: %d %s", res.StatusCode, body)
		}
		res, body = a.api(http.DefaultClient, a.tokens["drafter"], "POST", fmt.Sprintf("/api/v1/policies/%d/versions", pol.ID),
			map[string]any{"base_version": n + 1, "markdown": tpl, "change_summary": "Diperbaiki"}, "")
		if res.StatusCode != 201 || strings.Contains(body, "structure_findings") {
			t.Errorf("version without findings: %d %s", res.StatusCode, body)
		}
	})

	stakeholder := a.people["unit_officer"] // staff of the region, who read its drafts
	t.Run("comment on Pasal 2 ayat (2) from the page", func(t *testing.T) {
		res, _ := a.form(stakeholder, page+"/comments", url.Values{"csrf": {a.csrf(stakeholder, page)}, "section": {""},
			"pasal": {"2"}, "ayat": {"2"}, "body": {"Tambahkan kompetensi digital."}})
		if res.StatusCode != 303 {
			t.Fatalf("comment: %d", res.StatusCode)
		}
		var c struct {
			ID          int64
			Quote       string
			Section     string `db:"section_anchor"`
			Pasal, Ayat int
		}
		if err := a.st.DB.SQL().Get(&c, `SELECT id, quote, section_anchor, pasal, ayat FROM comments WHERE policy_id = $1 ORDER BY id DESC LIMIT 1`, pol.ID); err != nil {
			t.Fatal(err)
		}
		if c.Quote != ayat22 || c.Section != "pasal-2" || c.Pasal != 2 || c.Ayat != 2 {
			t.Errorf("stored comment %+v; want the quote %q", c, ayat22)
		}
		_, body := a.get(stakeholder, page)
		if !strings.Contains(body, fmt.Sprintf(`id="provision-%d">Pasal 2 ayat (2)</p>`, c.ID)) {
			t.Errorf("the policy page does not show the comment as on Pasal 2 ayat (2)")
		}
		res, _ = a.form(stakeholder, page+"/comments", url.Values{"csrf": {a.csrf(stakeholder, page)}, "pasal": {"9"}, "body": {"x"}})
		if res.StatusCode != 422 {
			t.Errorf("comment on Pasal 9 from the page: %d, want 422", res.StatusCode)
		}
	})

	t.Run("suggestion on Pasal 2 ayat (2) from the API, accepted", func(t *testing.T) {
		path := fmt.Sprintf("/api/v1/policies/%d/comments", pol.ID)
		res, body := a.api(http.DefaultClient, a.tokens["unit_officer"], "POST", path, map[string]any{"pasal": 9, "body": "x"}, "")
		wantFieldError(t, res, body, 422, "pasal")
		res, body = a.api(http.DefaultClient, a.tokens["unit_officer"], "POST", path, map[string]any{"pasal": 2, "ayat": 7, "body": "x"}, "")
		wantFieldError(t, res, body, 422, "ayat")
		wanted := "(2) Pengembangan kompetensi sebagaimana dimaksud pada ayat (1) meliputi kompetensi teknis, manajerial, sosial kultural, dan digital."
		res, body = a.api(http.DefaultClient, a.tokens["unit_officer"], "POST", path, map[string]any{"pasal": 2, "ayat": 2,
			"body": "Sederhanakan dan tambahkan digital.", "suggestion": wanted}, "")
		var c struct {
			ID          int64
			Quote       string
			Pasal, Ayat int
		}
		json.Unmarshal([]byte(body), &c)
		if res.StatusCode != 201 || c.Quote != ayat22 || c.Pasal != 2 || c.Ayat != 2 {
			t.Fatalf("suggestion: %d %s", res.StatusCode, body)
		}
		n := a.latestVersion(t, pol.ID)
		res, body = a.api(http.DefaultClient, a.tokens["drafter"], "POST", fmt.Sprintf("/api/v1/policies/%d/suggestions/accept", pol.ID),
			map[string]any{"comment_ids": []int64{c.ID}, "base_version": n}, "")
		var out struct {
			Version struct {
				Number   int
				Markdown string
			}
		}
		json.Unmarshal([]byte(body), &out)
		if res.StatusCode != 201 || out.Version.Number != n+1 {
			t.Fatalf("accept: %d %s", res.StatusCode, body)
		}
		md := out.Version.Markdown
		if !strings.Contains(md, "\n"+wanted+"\n") || strings.Contains(md, "a. kompetensi teknis;") || !strings.Contains(md, "(1) Setiap Pegawai ASN") {
			t.Errorf("accepted version does not replace just the ayat:\n%s", md)
		}
		if f := policies.CheckStructure(md); f != nil {
			t.Errorf("accepted version's structure: %+v", f)
		}
	})
}
