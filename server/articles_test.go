package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// articleRoleCases are the machine-readable law routes in the route ×
// role matrix, on the seeded draft: read as the draft is (the public and
// an outside stakeholder do not see it), and, never enacted, it has no
// law to export (409).
func articleRoleCases(p string) (pages []pageCase, api map[string]apiCase) {
	pages = []pageCase{{"GET", p + "/versions/1/akn", nil, onDraft(want{"anonymous": 404, "*": 409})}}
	api = map[string]apiCase{
		"GET /policies/{id}/versions/{n}/articles": {nil, onDraft(want{"anonymous": 404, "*": 409})},
		"GET /policies/{id}/consolidated/articles": {nil, onDraft(want{"anonymous": 404, "*": 409})},
	}
	return pages, api
}

// articleScopeCases are the same routes in the route × region/unit
// matrix: the published policy's enacted version (pubEnacted) and its
// consolidation today are everyone's; the draft is its region's staff's
// alone, with nothing enacted to export.
func articleScopeCases(draft, pub int64, pubEnacted int) []scopeCase {
	var cs []scopeCase
	for _, id := range []int64{draft, pub} {
		n, ok := 1, conflictIfReadable(true)
		if id == pub {
			n, ok = pubEnacted, readable(false)
		}
		p := fmt.Sprintf("/policies/%d", id)
		cs = append(cs,
			scopeCase{method: "GET", pattern: "/policies/{id}/versions/{n}/akn", path: fmt.Sprintf("%s/versions/%d/akn", p, n), want: ok},
			scopeCase{method: "GET", pattern: "/api/v1/policies/{id}/versions/{n}/articles", path: fmt.Sprintf("/api/v1%s/versions/%d/articles", p, n), want: ok},
			scopeCase{method: "GET", pattern: "/api/v1/policies/{id}/consolidated/articles", path: "/api/v1" + p + "/consolidated/articles", want: ok},
		)
	}
	return cs
}

// articleDoc is the article-level JSON as a reader takes it.
type articleDoc struct {
	Act, Work, Expression, XML string
	Consolidated, Official     bool
	Articles                   []struct {
		EID, Label, Text string
		Repealed         bool
		From             *time.Time `json:"in_force_from"`
		Until            *time.Time `json:"in_force_until"`
		ChangedBy        string     `json:"changed_by"`
		EndedBy          string     `json:"ended_by"`
	}
}

// lines are the articles as "eid label from..until changed-by / ended-by".
func (d articleDoc) lines() []string {
	var out []string
	day := func(t *time.Time) string {
		if t == nil {
			return "-"
		}
		return t.Format(time.DateOnly)
	}
	for _, a := range d.Articles {
		out = append(out, fmt.Sprintf("%s %s %s..%s %s / %s", a.EID, a.Label, day(a.From), day(a.Until), a.ChangedBy, a.EndedBy))
	}
	return out
}

// Every enacted Perwali as Akoma Ntoso (valid against the schema, FRBR
// identifiers in the documented pattern) and Pasal by Pasal with its days:
// Perwali A, amended by B from the later day B's enactment sets (its
// Pasal II: day 10, promulgated today), repealed by E from day 30. As
// enacted, A's Pasal 2 ayat (2) reads until day 10 (B ends it) and the
// rest until day 30 (E); consolidated on day 9 nothing of B applies yet,
// on day 10 B's wording does, from day 10. A Perwali enacted but not
// promulgated has no days yet; a draft has no law to export.
func TestMachineReadableLaw(t *testing.T) {
	a := newApp(t)
	a.withLegal()
	wib := time.FixedZone("WIB", 7*3600)
	today := time.Now().In(wib)
	day := func(d int) string { return today.AddDate(0, 0, d).Format(time.DateOnly) }
	c := http.DefaultClient
	target := a.inForcePerwali(t, "perwali-terbaca-mesin", amendedPerwali)
	var number, year int
	var from time.Time
	if err := a.st.DB.SQL().QueryRow(`SELECT number, year, promulgated_on FROM enactments WHERE policy_id = $1`, target).Scan(&number, &year, &from); err != nil {
		t.Fatal(err)
	}
	work := fmt.Sprintf("/akn/id-sawahlunto/act/perwali/%d/%d", year, number)
	aFrom := from.Format(time.DateOnly)

	b := a.amendingDraft(t, "perubahan-terbaca-mesin", target)
	for i, p := range []map[string]any{
		{"op": "ubah", "pasal": "2", "ayat": 2, "text": "Rencana disampaikan paling lambat tanggal 31 Januari."},
		{"op": "sisipkan", "pasal": "2A", "after": "2", "text": "Perangkat Daerah melaporkan pelaksanaan rencana setiap semester."},
	} {
		p["count"] = i
		if res, out := a.api(c, a.tokens["drafter"], "POST", fmt.Sprintf("/api/v1/policies/%d/amendment/points", b), p, ""); res.StatusCode != 201 {
			t.Fatalf("point %d: %d %s", i, res.StatusCode, out)
		}
	}
	a.enactOn(t, b, day(0), day(0), day(10))
	e := a.approvedNotInForce("pencabutan-terbaca-mesin")
	a.enactOn(t, e, day(0), day(0), day(30))
	if res, out := a.api(c, a.tokens["legal"], "POST", fmt.Sprintf("/api/v1/policies/%d/relations", e), map[string]any{"to_policy_id": target, "kind": "mencabut"}, ""); res.StatusCode != 201 {
		t.Fatalf("repeal: %d %s", res.StatusCode, out)
	}
	label := func(id int64) string {
		return fmt.Sprintf("Peraturan Wali Kota Sawahlunto Nomor %d Tahun %d", 20000+id, today.Year())
	}
	read := func(path string) articleDoc {
		t.Helper()
		res, out := a.api(c, "", "GET", path, nil, "")
		var d articleDoc
		if res.StatusCode != 200 || json.Unmarshal([]byte(out), &d) != nil {
			t.Fatalf("%s: %d %s", path, res.StatusCode, out)
		}
		return d
	}
	check := func(name string, got articleDoc, want []string) {
		t.Helper()
		if fmt.Sprint(got.lines()) != fmt.Sprint(want) {
			t.Errorf("%s:\n%s\nwant\n%s", name, strings.Join(got.lines(), "\n"), strings.Join(want, "\n"))
		}
	}
	tail := []string{
		"art_3 Pasal 3 " + aFrom + ".." + day(30) + "  / " + label(e),
		"art_4 Pasal 4 " + aFrom + ".." + day(30) + "  / " + label(e),
		"art_5 Pasal 5 " + aFrom + ".." + day(30) + "  / " + label(e),
	}

	// As enacted: the official text.
	enacted := read(fmt.Sprintf("/api/v1/policies/%d/versions/1/articles", target))
	if enacted.Work != work || enacted.Expression != work+"/ind@"+aFrom || !enacted.Official || enacted.Consolidated ||
		enacted.XML != fmt.Sprintf("%s/policies/%d/versions/1/akn", a.srv.URL, target) {
		t.Errorf("enacted: %+v", enacted)
	}
	check("as enacted", enacted, append([]string{
		"art_1 Pasal 1 " + aFrom + ".." + day(30) + "  / " + label(e),
		"art_2 Pasal 2 " + aFrom + ".." + day(10) + "  / " + label(b),
		"art_2__para_1 Pasal 2 ayat (1) " + aFrom + ".." + day(30) + "  / " + label(e),
		"art_2__para_2 Pasal 2 ayat (2) " + aFrom + ".." + day(10) + "  / " + label(b),
	}, tail...))
	// Consolidated: the day before B's Pasal II day, and on it.
	cons := func(at string) string {
		return fmt.Sprintf("/api/v1/policies/%d/consolidated/articles?per=%s", target, at)
	}
	before := read(cons(day(9)))
	if before.Official || !before.Consolidated || before.Expression != work+"/ind@"+day(9) {
		t.Errorf("consolidated on %s: %+v", day(9), before)
	}
	check("consolidated on "+day(9), before, enacted.lines())
	check("consolidated on "+day(10), read(cons(day(10))), append([]string{
		"art_1 Pasal 1 " + aFrom + ".." + day(30) + "  / " + label(e),
		"art_2 Pasal 2 " + day(10) + ".." + day(30) + " " + label(b) + " / " + label(e),
		"art_2__para_1 Pasal 2 ayat (1) " + aFrom + ".." + day(30) + "  / " + label(e),
		"art_2__para_2 Pasal 2 ayat (2) " + day(10) + ".." + day(30) + " " + label(b) + " / " + label(e),
		"art_2A Pasal 2A " + day(10) + ".." + day(30) + " " + label(b) + " / " + label(e),
	}, tail...))
	if res, out := a.api(c, "", "GET", cons(day(30)), nil, ""); res.StatusCode != 409 {
		t.Errorf("articles once repealed: %d %s, want 409", res.StatusCode, out)
	}

	// References resolve on the consolidated page: "pada ayat (1)" in
	// Pasal 2 links to that ayat in the text of the same day, which
	// carries the anchor.
	page := fmt.Sprintf("/policies/%d/konsolidasi?per=%s", target, day(9))
	if _, body := a.get(c, page); !strings.Contains(body, `<p id="pasal-2-ayat-1">(1) `) ||
		!strings.Contains(body, `<a href="`+strings.ReplaceAll(page, "&", "&amp;")+`#pasal-2-ayat-1">ayat (1)</a>`) {
		t.Errorf("the consolidated page on %s: no resolved reference to Pasal 2 ayat (1):\n%s", day(9), gist(body))
	}

	// The enacted text as Akoma Ntoso, valid against the schema.
	res, doc := a.get(c, fmt.Sprintf("/policies/%d/versions/1/akn", target))
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/akn+xml") ||
		!strings.Contains(doc, `<FRBRuri value="`+work+`"/>`) || !strings.Contains(doc, `<FRBRuri value="`+work+"/ind@"+aFrom+`"/>`) ||
		!strings.Contains(doc, `<act name="perwali" contains="originalVersion">`) || !strings.Contains(doc, `<paragraph eId="art_2__para_2">`) ||
		!strings.Contains(doc, "paling lambat bulan Januari") {
		t.Errorf("Akoma Ntoso of the enacted text: %d %s\n%s", res.StatusCode, res.Header.Get("Content-Type"), doc)
	}
	xf := filepath.Join(t.TempDir(), "perwali.xml")
	if err := os.WriteFile(xf, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("xmllint", "--noout", "--nonet", "--schema", "../akn/schema/akomantoso30.xsd", xf).CombinedOutput(); err != nil {
		t.Errorf("xmllint: %v\n%s", err, out)
	}

	// Enacted, not promulgated: its days are not known yet.
	author := a.user("drafter")
	np, _, err := a.st.DB.CreatePolicy(t.Context(), policies.NewPolicy{RegionID: *author.RegionID, OwnerUnitID: *author.UnitID, Slug: "belum-diundangkan",
		Title: "Pengembangan Kompetensi", Markdown: amendedPerwali, AuthorID: author.ID})
	if err != nil {
		t.Fatal(err)
	}
	a.enactOn(t, np.ID, day(0), "", "")
	res, out := a.api(c, a.tokens["drafter"], "GET", fmt.Sprintf("/api/v1/policies/%d/versions/1/articles", np.ID), nil, "")
	if res.StatusCode != 200 || !strings.Contains(out, `"eid":"art_2__para_2"`) || !strings.Contains(out, `"in_force_from":null`) ||
		strings.Contains(out, `"in_force_from":"`) || !strings.Contains(out, `/ind@`+day(0)+`"`) {
		t.Errorf("a Perwali not promulgated: %d %s", res.StatusCode, out)
	}
	// A draft: nothing enacted to export; to the public, no draft at all.
	draft := a.amendingDraft(t, "perubahan-rancangan", target)
	for tok, want := range map[string]int{a.tokens["drafter"]: 409, "": 404} {
		if res, out := a.api(c, tok, "GET", fmt.Sprintf("/api/v1/policies/%d/versions/1/articles", draft), nil, ""); res.StatusCode != want {
			t.Errorf("a draft's articles: %d %s, want %d", res.StatusCode, out, want)
		}
	}
}

// A past day is consolidated from the text in force on it: Perwali A's
// version 1, amended by B from day 2, is replaced by its revised version
// 2 from day 5. On day 3 the text is version 1 with B's point; on day 6
// it is version 2 (B's point, made to version 1, is not applied again);
// version 1 as enacted reads until day 5, its Pasal 1 until day 2.
func TestConsolidatedFromTheTextInForceThen(t *testing.T) {
	a := newApp(t)
	a.withLegal()
	wib := time.FixedZone("WIB", 7*3600)
	today := time.Now().In(wib)
	day := func(d int) string { return today.AddDate(0, 0, d).Format(time.DateOnly) }
	c := http.DefaultClient
	target := a.inForcePerwali(t, "perwali-berganti", amendedPerwali)
	b := a.amendingDraft(t, "perubahan-berganti", target)
	pasal1 := "Daerah adalah Kota Sawahlunto, Provinsi Sumatera Barat."
	if res, out := a.api(c, a.tokens["drafter"], "POST", fmt.Sprintf("/api/v1/policies/%d/amendment/points", b),
		map[string]any{"count": 0, "op": "ubah", "pasal": "1", "text": pasal1}, ""); res.StatusCode != 201 {
		t.Fatalf("point: %d %s", res.StatusCode, out)
	}
	a.enactOn(t, b, day(0), day(0), day(2))
	revised := strings.Replace(amendedPerwali, "dievaluasi setiap akhir tahun anggaran", "dievaluasi setiap semester", 1)
	if _, err := a.st.DB.CreateVersion(t.Context(), target, 1, revised, a.user("drafter").ID, "Revisi"); err != nil {
		t.Fatal(err)
	}
	a.enactOn(t, target, day(0), day(0), day(5)) // version 2, from day 5
	label := func(id int64) string {
		return fmt.Sprintf("Peraturan Wali Kota Sawahlunto Nomor %d Tahun %d", 20000+id, today.Year())
	}
	for _, tc := range []struct {
		at   string
		text string
	}{
		{day(0), amendedPerwali},
		{day(3), strings.Replace(amendedPerwali, "Daerah adalah Kota Sawahlunto.", pasal1, 1)},
		{day(6), revised},
	} {
		res, out := a.api(c, "", "GET", fmt.Sprintf("/api/v1/policies/%d/consolidated?per=%s", target, tc.at), nil, "")
		var got struct{ Markdown string }
		if res.StatusCode != 200 || json.Unmarshal([]byte(out), &got) != nil || got.Markdown != tc.text {
			t.Errorf("on %s: %d\n%s\nwant\n%s", tc.at, res.StatusCode, got.Markdown, tc.text)
		}
	}
	res, out := a.api(c, "", "GET", fmt.Sprintf("/api/v1/policies/%d/versions/1/articles", target), nil, "")
	var v1 articleDoc
	if res.StatusCode != 200 || json.Unmarshal([]byte(out), &v1) != nil || len(v1.Articles) < 4 {
		t.Fatalf("version 1's articles: %d %s", res.StatusCode, out)
	}
	lines := v1.lines()
	if !strings.HasSuffix(lines[0], ".."+day(2)+"  / "+label(b)) || !strings.HasSuffix(lines[len(lines)-1], ".."+day(5)+"  / "+label(target)) {
		t.Errorf("version 1 as enacted:\n%s", strings.Join(lines, "\n"))
	}
}
