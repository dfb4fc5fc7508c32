package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/policies"
)

// amendmentRoleCases are the amendment-point routes in the route × role
// matrix (TestRouteRoleMatrix): the drafter's alone. p is the seeded
// draft's path: it amends nothing, so an empty point is refused naming op
// and removing a point it lacks is 404.
func amendmentRoleCases(p string) (pages []pageCase, api map[string]apiCase) {
	pages = []pageCase{
		{"GET", p + "/amendment", nil, only("drafter", 200)},
		{"POST", p + "/amendment/points", url.Values{}, only("drafter", 422)},
		{"POST", p + "/amendment/points/999999/delete", url.Values{}, only("drafter", 404)},
		// The consolidated text (consolidation_test.go): as the policy is read.
		{"GET", p + "/konsolidasi", nil, onDraft(want{"anonymous": 404, "*": 200})},
		{"GET", p + "/konsolidasi?per=2026-02-30", nil, onDraft(want{"anonymous": 404, "*": 422})},
		{"GET", p + "/konsolidasi?format=akn", nil, onDraft(want{"anonymous": 404, "*": 409})}, // not in force: no text to export
	}
	api = map[string]apiCase{
		"GET /policies/{id}/amendment":                      {nil, onlyAPI("drafter", 200)},
		"POST /policies/{id}/amendment/points":              {map[string]any{}, onlyAPI("drafter", 422)},
		"POST /policies/{id}/amendment/points/{pid}/delete": {nil, onlyAPI("drafter", 404)},
		"GET /policies/{id}/consolidated":                   {nil, onDraft(want{"anonymous": 404, "*": 200})},
	}
	return pages, api
}

// amendmentScopeCases are the amendment-point routes in the route ×
// region/unit matrix (TestRegionUnitMatrix): the region's drafters only;
// another city's draft is 404, its published policy 403. A point of the
// published policy cannot be removed: its points may no longer change (409).
// The consolidated text is read as its policy is: a draft by its region's
// staff alone.
func amendmentScopeCases(draft, pub int64) []scopeCase {
	var cs []scopeCase
	for _, id := range []int64{draft, pub} {
		del := 404
		if id == pub {
			del = 409
		}
		for _, api := range []bool{false, true} {
			path, prefix := fmt.Sprintf("/policies/%d", id), ""
			var form url.Values = url.Values{}
			var body any
			if api {
				path, prefix, form, body = "/api/v1"+path, "/api/v1", nil, map[string]any{}
			}
			of := func(ok int) func(principal) int { return ofRegion(api, id == draft, "drafter", ok) }
			cs = append(cs,
				scopeCase{method: "GET", pattern: prefix + "/policies/{id}/amendment", path: path + "/amendment", want: of(200)},
				scopeCase{method: "POST", pattern: prefix + "/policies/{id}/amendment/points", path: path + "/amendment/points", form: form, body: body, want: of(422)},
				scopeCase{method: "POST", pattern: prefix + "/policies/{id}/amendment/points/{pid}/delete", path: path + "/amendment/points/999999/delete", form: form, body: body, want: of(del)},
			)
			if api {
				cs = append(cs, scopeCase{method: "GET", pattern: "/api/v1/policies/{id}/consolidated", path: path + "/consolidated", want: readable(id == draft)})
			} else {
				cs = append(cs, scopeCase{method: "GET", pattern: "/policies/{id}/konsolidasi", path: path + "/konsolidasi", want: readable(id == draft)},
					// Before 2000 no text was in force: none to export.
					scopeCase{method: "GET", pattern: "/policies/{id}/konsolidasi", path: path + "/konsolidasi?per=2000-01-01&format=akn", want: conflictIfReadable(id == draft)})
			}
		}
	}
	return cs
}

// amendmentTextCases are the hostile-input cases of a point
// (TestHostileInput), on the seeded draft: an operation or a number that
// is no such thing is refused naming it; a text goes no further than the
// draft, which amends nothing (409).
func (a *app) amendmentTextCases(w world, js func(t *testing.T, role, path string, body any, header map[string]string) (*http.Response, string)) map[string][]textCase {
	send := func(field string, in map[string]any) func(t *testing.T, i int, s string) (*http.Response, string) {
		return func(t *testing.T, i int, s string) (*http.Response, string) {
			body := map[string]any{"count": 0}
			for k, v := range in {
				body[k] = v
			}
			body[field] = s
			return js(t, "drafter", fmt.Sprintf("/api/v1/policies/%d/amendment/points", w.draft), body, nil)
		}
	}
	return map[string][]textCase{"PointInput": {
		{name: "POST /policies/{id}/amendment/points op", field: "op", status: 422, send: send("op", map[string]any{"pasal": "1", "text": "Teks."})},
		{name: "POST /policies/{id}/amendment/points pasal", field: "pasal", status: 422, send: send("pasal", map[string]any{"op": "ubah", "text": "Teks."})},
		{name: "POST /policies/{id}/amendment/points after", field: "after", status: 422, send: send("after", map[string]any{"op": "sisipkan", "pasal": "1A", "text": "Teks."})},
		{name: "POST /policies/{id}/amendment/points ayat_letter", field: "ayat_letter", status: 422, send: send("ayat_letter", map[string]any{"op": "ubah", "pasal": "1", "ayat": 1, "text": "Teks."})},
		{name: "POST /policies/{id}/amendment/points text", field: "text", status: 409, refusedAs: "-", send: send("text", map[string]any{"op": "ubah", "pasal": "1"})},
	}}
}

// amendedPerwali is the text of the Perwali the tests amend.
const amendedPerwali = `# PERATURAN WALI KOTA SAWAHLUNTO TENTANG PENGEMBANGAN KOMPETENSI

## BAB I KETENTUAN UMUM

### Pasal 1

Daerah adalah Kota Sawahlunto.

### Pasal 2

(1) Perangkat Daerah menyusun rencana pengembangan kompetensi setiap tahun.

(2) Rencana sebagaimana dimaksud pada ayat (1) disampaikan paling lambat bulan Januari.

### Pasal 3

Pelaksanaan pengembangan kompetensi dievaluasi setiap akhir tahun anggaran.

### Pasal 4

Peraturan Wali Kota Nomor 12 Tahun 2019 tentang Pelatihan ASN dinyatakan masih berlaku.

### Pasal 5

Peraturan Wali Kota ini mulai berlaku pada tanggal diundangkan.
`

// inForcePerwali is a new Perwali of Kota Sawahlunto (slug) with text md,
// approved, enacted and promulgated (devtest.PutInForce): in force.
func (a *app) inForcePerwali(t *testing.T, slug, md string) int64 {
	t.Helper()
	ctx := context.Background()
	author := a.user("drafter")
	region, _ := a.st.DB.RegionBySlug(ctx, "sawahlunto")
	p, _, err := a.st.DB.CreatePolicy(ctx, policies.NewPolicy{RegionID: region.ID, OwnerUnitID: *author.UnitID, Slug: slug, Title: "Pengembangan Kompetensi", Markdown: md, AuthorID: author.ID})
	if err != nil {
		t.Fatal(err)
	}
	a.st.DB.SQL().MustExec(`UPDATE policies SET status = 'approved', in_force_version_id = current_version_id WHERE id = $1`, p.ID)
	if err := a.st.Lifecycle.Start(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	devtest.InForceInSQL(t, a.st.DB, p.ID)
	return p.ID
}

// amendingDraft is a new draft of the drafter that the legal unit records
// as amending target.
func (a *app) amendingDraft(t *testing.T, slug string, target int64) int64 {
	t.Helper()
	a.withLegal()
	c := http.DefaultClient
	res, out := a.api(c, a.tokens["drafter"], "POST", "/api/v1/policies", map[string]any{"region": "sawahlunto", "slug": slug,
		"markdown": "# Perubahan\n\n## Pendahuluan\n\nRancangan.\n", "change_summary": "Rancangan perubahan"}, "")
	id := idOf(t, out)
	if res.StatusCode != 201 {
		t.Fatalf("draft: %d %s", res.StatusCode, out)
	}
	if res, out := a.api(c, a.tokens["legal"], "POST", fmt.Sprintf("/api/v1/policies/%d/relations", id), map[string]any{"to_policy_id": target, "kind": "mengubah"}, ""); res.StatusCode != 201 {
		t.Fatalf("relation: %d %s", res.StatusCode, out)
	}
	return id
}

// A drafter writes the points of an amendment of an in-force Perwali on
// its page and by the API: each is checked against the amended text
// (refusals name the field and save nothing), shown as the diff it makes,
// audited, and the amending act reads in the form of Lampiran II; the
// drafter saves it as the draft's new version. Once the draft is in
// approval its points no longer change (409).
func TestAmendmentPoints(t *testing.T) {
	a := newApp(t)
	target := a.inForcePerwali(t, "perwali-yang-diubah", amendedPerwali)
	draft := a.amendingDraft(t, "perubahan-perwali", target)
	c := http.DefaultClient
	tok := a.tokens["drafter"]
	base := fmt.Sprintf("/api/v1/policies/%d/amendment", draft)
	add := func(count int, in map[string]any) (*http.Response, string) {
		in["count"] = count
		return a.api(c, tok, "POST", base+"/points", in, "")
	}
	if res, out := add(0, map[string]any{"op": "ubah", "pasal": "2", "ayat": 2, "text": "Rencana sebagaimana dimaksud pada ayat (1) disampaikan paling lambat tanggal 31 Januari."}); res.StatusCode != 201 {
		t.Fatalf("ubah: %d %s", res.StatusCode, out)
	}
	// The page's form: Pasal 2A inserted after Pasal 2.
	drafter := a.people["drafter"]
	page := fmt.Sprintf("/policies/%d/amendment", draft)
	res, body := a.form(drafter, page+"/points", url.Values{"csrf": {a.csrf(drafter, page)}, "count": {"1"}, "op": {"sisipkan"}, "pasal": {"2A"}, "after": {"2"},
		"text": {"Perangkat Daerah melaporkan pelaksanaan rencana setiap semester."}})
	if res.StatusCode != 303 || !strings.Contains(res.Header.Get("Location"), "done=amend_done_added") {
		t.Fatalf("insert by the page: %d %.300s", res.StatusCode, body)
	}
	if _, body := a.get(drafter, res.Header.Get("Location")); !strings.Contains(body, "Butir perubahan ditambahkan.") {
		t.Errorf("the page after an insertion does not say so")
	}
	if res, out := add(2, map[string]any{"op": "hapus", "pasal": "4"}); res.StatusCode != 201 {
		t.Fatalf("hapus: %d %s", res.StatusCode, out)
	}
	for _, c := range []struct {
		in    map[string]any
		field string
	}{
		{map[string]any{"op": "ubah", "pasal": "9", "text": "Teks."}, "pasal"},
		{map[string]any{"op": "ubah", "pasal": "3", "ayat": 2, "text": "Teks."}, "ayat"},
		{map[string]any{"op": "sisipkan", "pasal": "3A", "after": "2A", "text": "Teks."}, "pasal"},
		{map[string]any{"op": "sisipkan", "pasal": "2A", "after": "2", "text": "Teks."}, "pasal"},
		{map[string]any{"op": "ubah", "pasal": "4", "text": "Teks."}, "pasal"}, // repealed by point 3
		{map[string]any{"op": "ubah", "pasal": "3", "text": "Teks.\n\n### Pasal 9\n\nLain."}, "text"},
	} {
		res, out := add(3, c.in)
		var e struct{ Error struct{ Field string } }
		if json.Unmarshal([]byte(out), &e); res.StatusCode != 422 || e.Error.Field != c.field {
			t.Errorf("%v: %d %s, want 422 naming %s", c.in, res.StatusCode, out, c.field)
		}
	}
	if res, out := add(1, map[string]any{"op": "ubah", "pasal": "3", "text": "Teks."}); res.StatusCode != 409 {
		t.Errorf("a point checked without the last two: %d %s, want 409", res.StatusCode, out)
	}
	if n := a.text(t, `SELECT count(*)::text FROM amendment_instructions WHERE policy_id = $1`, draft); n != "3" {
		t.Errorf("%s points saved, want 3", n)
	}
	if n := a.text(t, `SELECT count(*)::text FROM audit_log WHERE policy_id = $1 AND action = 'amendment.point_added'`, draft); n != "3" {
		t.Errorf("%s additions audited, want 3", n)
	}

	// What the drafter reads: the target, each point's diff, the act.
	_, body = a.get(drafter, page)
	for _, want := range []string{
		"Ubah: Pasal 2 ayat (2)", "Sisipkan: Pasal 2A", "Hapus: Pasal 4",
		"<ins>tanggal 31</ins>", "<del>bulan</del>",
		"1. Ketentuan ayat (2) Pasal 2 diubah sehingga berbunyi sebagai berikut:",
		"2. Di antara Pasal 2 dan Pasal 3 disisipkan 1 (satu) pasal, yakni Pasal 2A sehingga berbunyi sebagai berikut:",
		"3. Pasal 4 dihapus.", "## Pasal II",
	} {
		if !strings.Contains(body, want) && !strings.Contains(body, strings.ReplaceAll(want, "<", "&lt;")) {
			t.Errorf("the amendment page lacks %q", want)
		}
	}
	var ans struct {
		Target struct{ Label string }
		Points []struct {
			Label string
			Fits  bool
		}
		Markdown string
	}
	_, out := a.api(c, tok, "GET", base, nil, "")
	if json.Unmarshal([]byte(out), &ans); len(ans.Points) != 3 || !ans.Points[2].Fits || !strings.Contains(ans.Markdown, "disisipkan 1 (satu) pasal, yakni Pasal 2A") ||
		!strings.HasPrefix(ans.Target.Label, "Peraturan Wali Kota Sawahlunto Nomor ") {
		t.Errorf("the API: %s", out)
	}
	// Saved as the draft's text, through the versions form the page offers.
	res, _ = a.form(drafter, fmt.Sprintf("/policies/%d/versions", draft), url.Values{"csrf": {a.csrf(drafter, page)}, "base_version": {"1"},
		"change_summary": {"Naskah perubahan disusun dari butir perubahan"}, "markdown": {ans.Markdown}})
	if md := a.text(t, `SELECT v.markdown FROM policies p JOIN policy_versions v ON v.id = p.current_version_id WHERE p.id = $1`, draft); res.StatusCode != 303 || md != ans.Markdown {
		t.Errorf("the amending act as the draft's text: %d, %.200q", res.StatusCode, md)
	}
	if _, out := a.api(c, tok, "GET", base, nil, ""); !strings.Contains(out, `"text_check":{"made":true,"differ":[],"extra":0}`) {
		t.Errorf("the text as made from the points: %s", out)
	}

	// Removing point 1 renumbers the rest.
	var first int64
	a.st.DB.SQL().Get(&first, `SELECT id FROM amendment_instructions WHERE policy_id = $1 AND position = 1`, draft)
	if res, out := a.api(c, tok, "POST", fmt.Sprintf("%s/points/%d/delete", base, first), nil, ""); res.StatusCode != 200 {
		t.Fatalf("delete: %d %s", res.StatusCode, out)
	}
	if got := a.text(t, `SELECT string_agg(position || ':' || pasal, ',' ORDER BY position) FROM amendment_instructions WHERE policy_id = $1`, draft); got != "1:2A,2:4" {
		t.Errorf("after removing point 1: %s", got)
	}
	// The saved text still words the removed point: the page and the API
	// say the text no longer matches the points, naming them.
	if _, out := a.api(c, tok, "GET", base, nil, ""); !strings.Contains(out, `"text_check":{"made":true,"differ":[1,2],"extra":1}`) {
		t.Errorf("the text against the points after a removal: %s", out)
	}
	if _, body := a.get(drafter, page); !strings.Contains(body, `id="amend-drift"`) || !strings.Contains(body, "tidak ada dalam naskah: 1, 2.") {
		t.Errorf("the page does not say the text no longer matches the points")
	}

	// In approval: the points are the workflow's record now.
	a.approve(t, draft)
	if res, out := add(2, map[string]any{"op": "ubah", "pasal": "3", "text": "Teks."}); res.StatusCode != 409 {
		t.Errorf("a point of an approved draft: %d %s, want 409", res.StatusCode, out)
	}
	_, body = a.get(drafter, page)
	if !strings.Contains(body, "sudah disetujui: butirnya tidak dapat diubah lagi") || strings.Contains(body, `id="point-form"`) {
		t.Errorf("the page of an approved amendment still offers to add points")
	}
}

// conflictIfReadable is readable with 409 for 200: a read refused for
// the state of what is read.
func conflictIfReadable(isDraft bool) func(principal) int {
	return func(p principal) int {
		if s := readable(isDraft)(p); s != 200 {
			return s
		}
		return 409
	}
}
