package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// An ayat inserted by an amendment, "(1a)": the drafter adds it by the API
// (ayat 1, ayat_letter "a") and a second one by the page's form ("1b"),
// each checked against its neighbours (one whose ayat before it is
// missing is 422 naming ayat); the amending act words the first in the
// form of Lampiran II; once the act is in force, the consolidated text
// holds both between ayat (1) and ayat (2), and Pasal by Pasal each is an
// article of its own, changed by the act.
func TestAyatInsertion(t *testing.T) {
	a := newApp(t)
	a.withLegal()
	wib := time.FixedZone("WIB", 7*3600)
	today := time.Now().In(wib)
	day := func(d int) string { return today.AddDate(0, 0, d).Format(time.DateOnly) }
	c := http.DefaultClient
	tok := a.tokens["drafter"]
	target := a.inForcePerwali(t, "perwali-ayat-sisipan", amendedPerwali)
	draft := a.amendingDraft(t, "perubahan-ayat-sisipan", target)
	api := fmt.Sprintf("/api/v1/policies/%d/amendment", draft)
	ayat1a := "Rencana sebagaimana dimaksud pada ayat (1) memuat kebutuhan setiap jabatan."
	if res, out := a.api(c, tok, "POST", api+"/points", map[string]any{"count": 0, "op": "sisipkan", "pasal": "2", "ayat": 1, "ayat_letter": "a", "text": ayat1a}, ""); res.StatusCode != 201 ||
		!strings.Contains(out, `"ayat_letter":"a"`) {
		t.Fatalf("(1a) by the API: %d %s", res.StatusCode, out)
	}
	res, out := a.api(c, tok, "POST", api+"/points", map[string]any{"count": 1, "op": "sisipkan", "pasal": "2", "ayat": 1, "ayat_letter": "c", "text": "Teks."}, "")
	wantRefusal(t, "(1c) without (1b)", res, out, []int{422}, "ayat")
	drafter := a.people["drafter"]
	page := fmt.Sprintf("/policies/%d/amendment", draft)
	res, body := a.form(drafter, page+"/points", url.Values{"csrf": {a.csrf(drafter, page)}, "count": {"1"}, "op": {"sisipkan"}, "pasal": {"2"}, "ayat": {"1b"},
		"text": {"Rencana ditetapkan oleh kepala Perangkat Daerah."}})
	if res.StatusCode != 303 {
		t.Fatalf("(1b) by the page: %d %.300s", res.StatusCode, body)
	}
	_, out = a.api(c, tok, "GET", api, nil, "")
	var doc struct{ Markdown string }
	json.Unmarshal([]byte(out), &doc)
	for _, want := range []string{
		"1. Di antara ayat (1) dan ayat (2) Pasal 2 disisipkan 1 (satu) ayat, yakni ayat (1a) sehingga Pasal 2 berbunyi sebagai berikut:",
		"2. Di antara ayat (1a) dan ayat (2) Pasal 2 disisipkan 1 (satu) ayat, yakni ayat (1b) sehingga Pasal 2 berbunyi sebagai berikut:",
		"> (1a) " + ayat1a + "\n>\n> (1b) Rencana ditetapkan",
	} {
		if !strings.Contains(doc.Markdown, want) {
			t.Errorf("the amending act lacks %q:\n%s", want, doc.Markdown)
		}
	}

	a.enactOn(t, draft, day(0), day(0), "")
	_, out = a.api(c, "", "GET", fmt.Sprintf("/api/v1/policies/%d/consolidated", target), nil, "")
	var cons struct{ Markdown string }
	json.Unmarshal([]byte(out), &cons)
	if !strings.Contains(cons.Markdown, "setiap tahun.\n\n(1a) "+ayat1a+"\n\n(1b) Rencana ditetapkan oleh kepala Perangkat Daerah.\n\n(2) Rencana") {
		t.Errorf("the consolidated text:\n%s", cons.Markdown)
	}
	_, out = a.api(c, "", "GET", fmt.Sprintf("/api/v1/policies/%d/consolidated/articles", target), nil, "")
	label := fmt.Sprintf("Peraturan Wali Kota Sawahlunto Nomor %d Tahun %d", 20000+draft, today.Year())
	for _, want := range []string{
		`"eid":"art_2__para_1a","label":"Pasal 2 ayat (1a)","pasal":"2","ayat":1,"ayat_letter":"a","text":"(1a) ` + ayat1a + `"`,
		`"eid":"art_2__para_1b"`, `"changed_by":"` + label + `"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the articles lack %s:\n%s", want, out)
		}
	}
	// The consolidated page anchors the new ayat, as every other.
	if _, body := a.get(c, fmt.Sprintf("/policies/%d/konsolidasi", target)); !strings.Contains(body, `<p id="pasal-2-ayat-1a">(1a) `) {
		t.Errorf("the consolidated page has no anchor for ayat (1a)")
	}
}
