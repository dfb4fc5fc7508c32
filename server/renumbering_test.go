package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// renumberedFrom is a Perwali whose Pasal 4 refers to Pasal 3 ayat (2).
const renumberedFrom = `# PERATURAN WALI KOTA SAWAHLUNTO TENTANG PELAPORAN

### Pasal 1

Daerah adalah Kota Sawahlunto.

### Pasal 2

Pengembangan kompetensi dilaksanakan melalui pelatihan.

### Pasal 3

(1) Perangkat Daerah menyusun rencana setiap tahun.

(2) Rencana disampaikan paling lambat bulan Januari.

### Pasal 4

Laporan atas rencana sebagaimana dimaksud dalam Pasal 3 ayat (2) disampaikan kepada Wali Kota.
`

// A drafter saves a renumbered draft (a new Pasal 2 inserted, the old 2–4
// now 3–5): the save answers, with its findings, that the kept reference
// to Pasal 3 ayat (2) now points elsewhere, the provision it meant being
// Pasal 4 ayat (2); "Periksa struktur" by the API says the same against
// the text before the edit, and nothing once the reference is corrected.
func TestRenumberedDraftFlagsReferences(t *testing.T) {
	a := newApp(t)
	c := http.DefaultClient
	tok := a.tokens["drafter"]
	res, out := a.api(c, tok, "POST", "/api/v1/policies", map[string]any{"region": "sawahlunto", "slug": "pelaporan-renumbered",
		"markdown": renumberedFrom, "change_summary": "Rancangan"}, "")
	if res.StatusCode != 201 {
		t.Fatalf("draft: %d %s", res.StatusCode, out)
	}
	id := idOf(t, out)
	renumbered := strings.Replace(renumberedFrom, "### Pasal 4\n", "### Pasal 5\n", 1)
	renumbered = strings.Replace(renumbered, "### Pasal 3\n", "### Pasal 4\n", 1)
	renumbered = strings.Replace(renumbered, "### Pasal 2\n", "### Pasal 2\n\nKompetensi meliputi kompetensi teknis dan manajerial.\n\n### Pasal 3\n", 1)
	type findings struct {
		Findings []struct{ Code, Message string } `json:"structure_findings"`
	}
	res, out = a.api(c, tok, "POST", fmt.Sprintf("/api/v1/policies/%d/versions", id), map[string]any{"base_version": 1, "markdown": renumbered, "change_summary": "Pasal 2 baru"}, "")
	var saved findings
	// Pasal 3 has no ayat now (ref_missing_ayat), and what the reference
	// meant is Pasal 4 ayat (2) (ref_moved).
	if res.StatusCode != 201 || json.Unmarshal([]byte(out), &saved) != nil || len(saved.Findings) != 2 || saved.Findings[1].Code != "ref_moved" ||
		!strings.Contains(saved.Findings[1].Message, "kini menjadi Pasal 4 ayat (2)") {
		t.Errorf("the renumbered draft saved: %d %s", res.StatusCode, out)
	}
	for _, tc := range []struct {
		markdown string
		codes    []string
	}{
		{renumbered, []string{"ref_missing_ayat", "ref_moved"}},
		{strings.Replace(renumbered, "dalam Pasal 3 ayat (2)", "dalam Pasal 4 ayat (2)", 1), []string{}},
	} {
		res, out := a.api(c, tok, "POST", "/api/v1/structure-check?lang=en", map[string]any{"previous": renumberedFrom, "markdown": tc.markdown}, "")
		var got struct {
			Findings []struct{ Code, Message string }
		}
		json.Unmarshal([]byte(out), &got)
		codes := []string{}
		for _, f := range got.Findings {
			codes = append(codes, f.Code)
		}
		if res.StatusCode != 200 || fmt.Sprint(codes) != fmt.Sprint(tc.codes) || (len(tc.codes) > 0 && !strings.Contains(out, "now Article (Pasal) 4 paragraph (2)")) {
			t.Errorf("structure check: %d %s, want %v", res.StatusCode, out, tc.codes)
		}
	}
}
