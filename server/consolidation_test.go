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
)

// enactOn approves a policy in SQL and records its enactment as a Perwali
// on day enacted, promulgated on promulgated ("": not yet) and taking
// effect on effective ("": on its promulgation).
func (a *app) enactOn(t *testing.T, policy int64, enacted, promulgated, effective string) {
	t.Helper()
	db := a.st.DB.SQL()
	db.MustExec(`UPDATE policies SET status = 'approved', in_force_version_id = current_version_id WHERE id = $1`, policy)
	db.MustExec(`INSERT INTO enactments (policy_id, region_id, version_id, version_number, sha256, form, number, year, title, place,
		enacted_on, effective_on, principal_id, principal_title, signer_id, signer_name, capacity, recorded_by,
		promulgated_on, gazette_number, gazette_year, promulgator_id, promulgator_name, promulgator_title, promulgator_prefix)
		SELECT p.id, p.region_id, v.id, v.number, v.sha256, 'perwali', 20000 + p.id, extract(year FROM $2::date), p.title, 'Sawahlunto',
			$2::date, nullif($4, '')::date, u.id, 'Wali Kota Sawahlunto', u.id, u.name, 'own', u.id,
			nullif($3, '')::date, CASE WHEN $3 <> '' THEN 20000 + p.id END, CASE WHEN $3 <> '' THEN extract(year FROM $3::date) END,
			CASE WHEN $3 <> '' THEN u.id END, CASE WHEN $3 <> '' THEN u.name END, CASE WHEN $3 <> '' THEN 'Sekretaris Daerah' END, CASE WHEN $3 <> '' THEN '' END
		FROM policies p JOIN policy_versions v ON v.id = p.in_force_version_id JOIN users u ON u.email = 'walikota.sawahlunto@policyflow.test'
		WHERE p.id = $1`, policy, enacted, promulgated, effective)
}

// The walk: Perwali A is amended by B (ayat (2) of Pasal 2
// replaced, Pasal 2A inserted), then by C, which changes the Pasal 2A that
// B inserted, and by D (Pasal 4 repealed) enacted but never promulgated;
// F changes Pasal 2A as B wrote it, so once C is in force F no longer
// fits; E repeals A. The consolidated text is checked exactly at five
// dates: before B, once B is in force, today (C pending with its day, D
// pending as not promulgated), once C is in force (F reported, not
// applied) and once E has repealed A (no text in force). The page says
// what a reader must know: the banner "bukan teks resmi" with the date,
// which act changed which provision and from when, what is pending.
func TestConsolidatedText(t *testing.T) {
	a := newApp(t)
	a.withLegal()
	wib := time.FixedZone("WIB", 7*3600)
	today := time.Now().In(wib)
	day := func(d int) string { return today.AddDate(0, 0, d).Format(time.DateOnly) }
	target := a.inForcePerwali(t, "perwali-a", amendedPerwali)
	// A's own enactment (devtest.PutInForce) took effect yesterday; the
	// test's dates before that are dates before A was in force.
	c := http.DefaultClient
	tok := a.tokens["drafter"]
	points := func(draft int64, ps ...map[string]any) {
		t.Helper()
		for i, p := range ps {
			p["count"] = i
			if res, out := a.api(c, tok, "POST", fmt.Sprintf("/api/v1/policies/%d/amendment/points", draft), p, ""); res.StatusCode != 201 {
				t.Fatalf("point %v of %d: %d %s", p, draft, res.StatusCode, out)
			}
		}
	}
	ayat2 := "Rencana sebagaimana dimaksud pada ayat (1) disampaikan paling lambat tanggal 31 Januari."
	p2aB := "Perangkat Daerah melaporkan pelaksanaan rencana setiap semester."
	p2aC := "(1) Perangkat Daerah melaporkan pelaksanaan rencana setiap triwulan.\n\n(2) Laporan sebagaimana dimaksud pada ayat (1) disampaikan secara elektronik."
	b := a.amendingDraft(t, "perubahan-b", target)
	points(b, map[string]any{"op": "ubah", "pasal": "2", "ayat": 2, "text": ayat2}, map[string]any{"op": "sisipkan", "pasal": "2A", "after": "2", "text": p2aB})
	a.enactOn(t, b, day(-1), day(-1), "")
	// An enacted act's points are the law it made: never changed after.
	if res, out := a.api(c, tok, "POST", fmt.Sprintf("/api/v1/policies/%d/amendment/points", b), map[string]any{"count": 2, "op": "hapus", "pasal": "3"}, ""); res.StatusCode != 409 {
		t.Errorf("a point added to an enacted amendment: %d %s, want 409", res.StatusCode, out)
	}
	cc := a.amendingDraft(t, "perubahan-c", target)
	points(cc, map[string]any{"op": "ubah", "pasal": "2A", "text": p2aC})
	f := a.amendingDraft(t, "perubahan-f", target)
	points(f, map[string]any{"op": "ubah", "pasal": "2A", "text": "Perangkat Daerah melaporkan pelaksanaan rencana setiap tahun."})
	d := a.amendingDraft(t, "perubahan-d", target)
	points(d, map[string]any{"op": "hapus", "pasal": "4"})
	a.enactOn(t, cc, day(0), day(0), day(20))
	a.enactOn(t, f, day(0), day(0), day(25))
	a.enactOn(t, d, day(0), "", "")
	e := a.approvedNotInForce("pencabutan-a")
	a.enactOn(t, e, day(0), day(0), day(40))
	if res, out := a.api(c, a.tokens["legal"], "POST", fmt.Sprintf("/api/v1/policies/%d/relations", e), map[string]any{"to_policy_id": target, "kind": "mencabut"}, ""); res.StatusCode != 201 {
		t.Fatalf("repeal: %d %s", res.StatusCode, out)
	}
	label := func(id int64) string {
		return fmt.Sprintf("Peraturan Wali Kota Sawahlunto Nomor %d Tahun %d", 20000+id, today.Year())
	}

	afterB := strings.Replace(amendedPerwali, "disampaikan paling lambat bulan Januari.\n\n### Pasal 3", "disampaikan paling lambat tanggal 31 Januari.\n\n### Pasal 2A\n\n"+p2aB+"\n\n### Pasal 3", 1)
	afterC := strings.Replace(afterB, "### Pasal 2A\n\n"+p2aB, "### Pasal 2A\n\n"+p2aC, 1)
	type answer struct {
		InForce    bool `json:"in_force"`
		Markdown   string
		Official   bool
		Changed    []struct{ Label, Op, Act, From string }
		Pending    []struct{ Act, From string }
		NotApplied []string `json:"not_applied"`
	}
	for _, tc := range []struct {
		at      string
		inForce bool
		text    string
		changed []string // "label op act"
		pending []string
		misfits int
	}{
		{at: day(-5)},
		{at: day(-1), inForce: true, text: afterB, changed: []string{"Pasal 2 ayat (2) ubah " + label(b), "Pasal 2A sisipkan " + label(b)},
			pending: []string{label(cc) + " " + day(20), label(f) + " " + day(25), label(d) + " "}},
		{at: day(19), inForce: true, text: afterB, changed: []string{"Pasal 2 ayat (2) ubah " + label(b), "Pasal 2A sisipkan " + label(b)},
			pending: []string{label(cc) + " " + day(20), label(f) + " " + day(25), label(d) + " "}},
		{at: day(30), inForce: true, text: afterC, changed: []string{"Pasal 2 ayat (2) ubah " + label(b), "Pasal 2A ubah " + label(cc)},
			pending: []string{label(d) + " "}, misfits: 1},
		{at: day(40)},
	} {
		t.Run(tc.at, func(t *testing.T) {
			res, out := a.api(c, "", "GET", fmt.Sprintf("/api/v1/policies/%d/consolidated?per=%s", target, tc.at), nil, "")
			var got answer
			if res.StatusCode != 200 || json.Unmarshal([]byte(out), &got) != nil {
				t.Fatalf("%d %s", res.StatusCode, out)
			}
			if got.InForce != tc.inForce || got.Markdown != tc.text || got.Official {
				t.Fatalf("in force %v, official %v, text:\n%s\nwant in force %v:\n%s", got.InForce, got.Official, got.Markdown, tc.inForce, tc.text)
			}
			var changed, pending []string
			for _, ch := range got.Changed {
				changed = append(changed, ch.Label+" "+ch.Op+" "+ch.Act)
			}
			for _, p := range got.Pending {
				from := ""
				if p.From != "" {
					from = p.From[:10]
				}
				pending = append(pending, p.Act+" "+from)
			}
			if fmt.Sprint(changed) != fmt.Sprint(tc.changed) || fmt.Sprint(pending) != fmt.Sprint(tc.pending) || len(got.NotApplied) != tc.misfits {
				t.Errorf("changed %q, pending %q, not applied %q;\nwant %q, %q and %d not applied", changed, pending, got.NotApplied, tc.changed, tc.pending, tc.misfits)
			}
		})
	}

	// The page, as a resident reads it.
	page := fmt.Sprintf("/policies/%d/konsolidasi", target)
	_, body := a.get(c, page+"?per="+day(30))
	for _, want := range []string{"Teks terkonsolidasi per", "bukan teks resmi", "disampaikan secara elektronik",
		"Diubah dengan", label(cc), "belum diundangkan", "Butir perubahan yang tidak dapat diterapkan"} {
		if !strings.Contains(body, want) {
			t.Errorf("the page at %s lacks %q", day(30), want)
		}
	}
	if _, body := a.get(c, page+"?per="+day(19)); !strings.Contains(body, "Disisipkan") || !strings.Contains(body, "berlaku sejak") || strings.Contains(body, "disampaikan secara elektronik") {
		t.Errorf("the page at %s: Pasal 2A not shown as B inserted it, or C not pending", day(19))
	}
	if _, body := a.get(c, page+"?per="+day(40)+"&lang=en"); !strings.Contains(body, "no longer in force: repealed from") || strings.Contains(body, "consolidated-text") {
		t.Errorf("the page after the repeal still shows a text in force")
	}
	// The same text as Akoma Ntoso, valid against the schema.
	res, xmlDoc := a.get(c, fmt.Sprintf("/policies/%d/konsolidasi?per=%s&format=akn", target, day(30)))
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/akn+xml") ||
		!strings.Contains(xmlDoc, `<article eId="art_2A"><num>Pasal 2A</num>`) || !strings.Contains(xmlDoc, "/ind@"+day(30)+`"/>`) {
		t.Errorf("Akoma Ntoso at %s: %d %s\n%s", day(30), res.StatusCode, res.Header.Get("Content-Type"), xmlDoc)
	}
	xf := filepath.Join(t.TempDir(), "konsolidasi.xml")
	os.WriteFile(xf, []byte(xmlDoc), 0o600)
	if out, err := exec.Command("xmllint", "--noout", "--nonet", "--schema", "../akn/schema/akomantoso30.xsd", xf).CombinedOutput(); err != nil {
		t.Errorf("xmllint: %v\n%s", err, out)
	}
	if res, _ := a.get(c, fmt.Sprintf("/policies/%d/konsolidasi?per=%s&format=akn", target, day(40))); res.StatusCode != 409 {
		t.Errorf("Akoma Ntoso once repealed: %d, want 409", res.StatusCode)
	}
	if res, _ := a.get(c, page+"?per=2026-13-45"); res.StatusCode != 422 {
		t.Errorf("a date that is no date: %d, want 422", res.StatusCode)
	}
	if _, body := a.get(c, fmt.Sprintf("/policies/%d", target)); !strings.Contains(body, `href="`+page+`"`) {
		t.Errorf("the amended Perwali's page has no link to its consolidated text")
	}
}
