package policies_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/policyflow/policyflow/i18n"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/policies/samples"
)

// perwali is a small Peraturan Wali Kota, structurally clean; the cases
// below break one thing of it at a time.
const perwali = `# PERATURAN WALI KOTA SAWAHLUNTO TENTANG UJI

DENGAN RAHMAT TUHAN YANG MAHA ESA

WALI KOTA SAWAHLUNTO,

Menimbang:

a. bahwa uji pertama;

b. bahwa uji kedua;

Mengingat:

1. Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara;

2. Peraturan Pemerintah Nomor 11 Tahun 2017 tentang Manajemen Pegawai Negeri Sipil;

MEMUTUSKAN:

Menetapkan: PERATURAN WALI KOTA TENTANG UJI.

## BAB I KETENTUAN UMUM

### Pasal 1

Dalam Peraturan Wali Kota ini yang dimaksud dengan:

1. Daerah adalah Kota Sawahlunto.

## BAB II PELAKSANAAN

### Pasal 2

(1) Setiap Pegawai ASN berhak mendapat pengembangan kompetensi.

(2) Pengembangan kompetensi sebagaimana dimaksud pada ayat (1) meliputi:

a. kompetensi teknis;

b. kompetensi manajerial.

### Pasal 3

Pelaksanaan Pasal 2 ayat (2) mengikuti Pasal 96 Undang-Undang Nomor 13 Tahun 2022 dan Pasal 1 Peraturan Wali Kota ini.

## BAB III KETENTUAN PENUTUP

### Pasal 4

Peraturan Wali Kota ini mulai berlaku pada tanggal diundangkan.
`

// lineOf is the 1-based line of the first line of s in text.
func lineOf(t *testing.T, text, s string) int {
	t.Helper()
	i := strings.Index(text, s)
	if i < 0 {
		t.Fatalf("%q not in the text", s)
	}
	return strings.Count(text[:i], "\n") + 1
}

func TestCheckStructure(t *testing.T) {
	cases := []struct {
		name     string
		old, new string // perwali with old replaced by new
		at       string // the finding's line holds this (in the changed text)
		want     policies.StructureFinding
		// then is a second finding the change causes (a reference to the
		// ayat renumbered), on the line holding thenAt.
		then   *policies.StructureFinding
		thenAt string
	}{
		{"pasal gap", "### Pasal 4", "### Pasal 6", "### Pasal 6",
			policies.StructureFinding{Code: policies.FindPasalGap, Pasal: 6, Prev: 3, Want: 4}, nil, ""},
		{"pasal repeat", "### Pasal 4", "### Pasal 3", "### Pasal 3\n\nPeraturan",
			policies.StructureFinding{Code: policies.FindPasalRepeat, Pasal: 3}, nil, ""},
		{"pasal out of order", "### Pasal 3", "### Pasal 5", "### Pasal 5",
			policies.StructureFinding{Code: policies.FindPasalGap, Pasal: 5, Prev: 2, Want: 3},
			&policies.StructureFinding{Code: policies.FindPasalOrder, Pasal: 4, Prev: 5}, "### Pasal 4"},
		{"ayat out of order", "(2) Pengembangan", "(0) Pengembangan", "(0) Pengembangan",
			policies.StructureFinding{Code: policies.FindAyatOrder, Pasal: 2, Ayat: 0, Prev: 1},
			&policies.StructureFinding{Code: policies.FindRefMissingAyat, Pasal: 2, Ayat: 2}, "Pelaksanaan Pasal 2 ayat (2)"},
		{"ayat gap", "(2) Pengembangan", "(3) Pengembangan", "(3) Pengembangan",
			policies.StructureFinding{Code: policies.FindAyatGap, Pasal: 2, Ayat: 3, Prev: 1, Want: 2},
			&policies.StructureFinding{Code: policies.FindRefMissingAyat, Pasal: 2, Ayat: 2}, "Pelaksanaan Pasal 2 ayat (2)"},
		{"ayat not from 1", "Peraturan Wali Kota ini mulai", "(2) Peraturan Wali Kota ini mulai", "(2) Peraturan",
			policies.StructureFinding{Code: policies.FindAyatGap, Pasal: 4, Ayat: 2, Prev: 0, Want: 1}, nil, ""},
		{"ayat repeat", "(2) Pengembangan kompetensi sebagaimana", "(1) Pengembangan kompetensi sebagaimana", "(1) Pengembangan",
			policies.StructureFinding{Code: policies.FindAyatRepeat, Pasal: 2, Ayat: 1},
			&policies.StructureFinding{Code: policies.FindRefMissingAyat, Pasal: 2, Ayat: 2}, "Pelaksanaan Pasal 2 ayat (2)"},
		{"bab out of order", "## BAB III KETENTUAN", "## BAB IV KETENTUAN", "## BAB IV",
			policies.StructureFinding{Code: policies.FindBabOrder, Numeral: "IV", Prev: 2, Want: 3}, nil, ""},
		{"bab not roman", "## BAB II PELAKSANAAN", "## BAB 2 PELAKSANAAN", "## BAB 2",
			policies.StructureFinding{Code: policies.FindBabNotRoman, Numeral: "2"}, nil, ""},
		{"bab repeat", "## BAB III KETENTUAN PENUTUP", "## BAB II KETENTUAN PENUTUP", "## BAB II KETENTUAN PENUTUP",
			policies.StructureFinding{Code: policies.FindBabRepeat, Numeral: "II"}, nil, ""},
		{"menimbang without ;", "b. bahwa uji kedua;", "b. bahwa uji kedua.", "b. bahwa uji kedua.",
			policies.StructureFinding{Code: policies.FindMenimbangEnd, Label: "b"}, nil, ""},
		{"mengingat citing nothing", "2. Peraturan Pemerintah Nomor 11 Tahun 2017 tentang", "2. Ketentuan umum tentang", "2. Ketentuan umum",
			policies.StructureFinding{Code: policies.FindMengingatNoCite, Label: "2"}, nil, ""},
		{"reference to a missing pasal", "Pelaksanaan Pasal 2 ayat (2)", "Pelaksanaan Pasal 7", "Pelaksanaan Pasal 7",
			policies.StructureFinding{Code: policies.FindRefMissingPasal, Pasal: 7}, nil, ""},
		{"reference to a missing ayat", "Pelaksanaan Pasal 2 ayat (2)", "Pelaksanaan Pasal 2 ayat (5)", "Pelaksanaan Pasal 2 ayat (5)",
			policies.StructureFinding{Code: policies.FindRefMissingAyat, Pasal: 2, Ayat: 5}, nil, ""},
		{"ayat of the same pasal missing", "sebagaimana dimaksud pada ayat (1) meliputi", "sebagaimana dimaksud pada ayat (4) meliputi", "(2) Pengembangan",
			policies.StructureFinding{Code: policies.FindRefMissingAyat, Pasal: 2, Ayat: 4}, nil, ""},
	}
	seen := map[string]bool{}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			text := strings.Replace(perwali, c.old, c.new, 1)
			if text == perwali {
				t.Fatalf("%q not in the text", c.old)
			}
			want := c.want
			want.Line = lineOf(t, text, c.at)
			wants := []policies.StructureFinding{want}
			if c.then != nil {
				then := *c.then
				then.Line = lineOf(t, text, c.thenAt)
				wants = append(wants, then)
			}
			if got := policies.CheckStructure(text); !reflect.DeepEqual(got, wants) {
				t.Errorf("findings %+v, want %+v", got, wants)
			}
			seen[want.Code] = true
			if c.then != nil {
				seen[c.then.Code] = true
			}
		})
	}
	for _, code := range policies.FindingCodes {
		if !seen[code] {
			t.Errorf("code %s has no case", code)
		}
	}
}

func TestCheckStructureClean(t *testing.T) {
	if f := policies.CheckStructure(perwali); f != nil {
		t.Errorf("clean text: %+v", f)
	}
	tpl := policies.PerwaliTemplate("Kota Sawahlunto", "")
	if f := policies.CheckStructure(tpl); f != nil {
		t.Errorf("the template: %+v", f)
	}
	d := policies.ParseLegal(tpl)
	if len(d.Babs) < 2 || len(d.Pasals) < 3 || len(d.Menimbang) != 3 || len(d.Mengingat) != 2 || !strings.HasPrefix(d.Title, "PERATURAN WALI KOTA SAWAHLUNTO TENTANG") {
		t.Errorf("the template's structure: %+v", d)
	}
	if !strings.Contains(tpl, "Berita Daerah Kota Sawahlunto.") || d.TitleLine != 1 {
		t.Errorf("the template has no Berita Daerah sentence with the city, or no title first:\n%s", tpl)
	}
	if got := policies.PerwaliTemplate("Kota Pangkalpinang", "Manajemen Talenta"); !strings.HasPrefix(got, "# PERATURAN WALI KOTA PANGKALPINANG TENTANG MANAJEMEN TALENTA\n") {
		t.Errorf("titled template starts %.80q", got)
	}
	// The seeded narrative samples: no Pasal, nothing said.
	for _, r := range samples.Regions() {
		for _, p := range r.Policies {
			md, err := samples.Markdown(p.File)
			if err != nil {
				t.Fatal(err)
			}
			if f := policies.CheckStructure(md); f != nil {
				t.Errorf("sample %s: %+v", p.File, f)
			}
		}
	}
	// A narrative text with wrong-looking things is still narrative.
	if f := policies.CheckStructure("# Kebijakan\n\n## BAB X\n\nLihat Pasal 9.\n\nMenimbang:\n\na. tanpa titik koma\n"); f != nil {
		t.Errorf("narrative: %+v", f)
	}
	// A heading inside a code block is text.
	if f := policies.CheckStructure(perwali + "\n```\n### Pasal 9\n```\n"); f != nil {
		t.Errorf("code block: %+v", f)
	}
}

func TestLocateProvision(t *testing.T) {
	p, err := policies.LocateProvision(perwali, 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := "(2) Pengembangan kompetensi sebagaimana dimaksud pada ayat (1) meliputi:\n\na. kompetensi teknis;\n\nb. kompetensi manajerial."
	if got := perwali[p.Start:p.End]; got != want || p.Anchor != "pasal-2" || p.Label() != "Pasal 2 ayat (2)" {
		t.Errorf("Pasal 2 ayat (2): %q at %q (%s)", got, p.Anchor, p.Label())
	}
	p, err = policies.LocateProvision(perwali, 2, 1)
	if err != nil || perwali[p.Start:p.End] != "(1) Setiap Pegawai ASN berhak mendapat pengembangan kompetensi." {
		t.Errorf("Pasal 2 ayat (1): %q, %v", perwali[p.Start:p.End], err)
	}
	p, err = policies.LocateProvision(perwali, 4, 0)
	if err != nil || perwali[p.Start:p.End] != "Peraturan Wali Kota ini mulai berlaku pada tanggal diundangkan." || p.Anchor != "pasal-4" {
		t.Errorf("Pasal 4: %q at %q, %v", perwali[p.Start:p.End], p.Anchor, err)
	}
	// The quote of a located ayat is found in its section as the page shows it.
	p, _ = policies.LocateProvision(perwali, 2, 2)
	if _, err := policies.CheckQuote(perwali, p.Anchor, perwali[p.Start:p.End]); err != nil {
		t.Errorf("ayat as a quote: %v", err)
	}
	for _, c := range []struct {
		pasal, ayat int
		field       string
	}{{9, 0, "pasal"}, {0, 0, "pasal"}, {-1, 1, "pasal"}, {2, 3, "ayat"}, {1, 1, "ayat"}, {2, -1, "ayat"}} {
		_, err := policies.LocateProvision(perwali, c.pasal, c.ayat)
		var pe *policies.Error
		if !errors.As(err, &pe) || pe.Kind != policies.KindInvalid || pe.Field != c.field {
			t.Errorf("Pasal %d ayat %d: %v, want invalid %s", c.pasal, c.ayat, err, c.field)
		}
	}
	if _, err := policies.LocateProvision("# Narasi\n\n## Pendahuluan\n\nTeks.\n", 1, 0); err == nil {
		t.Error("a narrative text has a Pasal 1")
	}
}

// amended is perwali with a Pasal 4A inserted between Pasal 2 and 3 as an
// amendment inserts one (UU 12/2011 Lampiran II): Pasal 2A, with its own
// ayat, and a reference to it.
var amended = strings.Replace(perwali, "### Pasal 3\n", `### Pasal 2A

(1) Pegawai ASN melaporkan pengembangan kompetensinya setiap semester.

(2) Laporan sebagaimana dimaksud pada ayat (1) disampaikan secara elektronik.

### Pasal 2B

Ketentuan sebagaimana dimaksud dalam Pasal 2A ayat (2) berlaku bagi Pegawai ASN.

### Pasal 3
`, 1)

func TestParseLegalInsertedPasal(t *testing.T) {
	if f := policies.CheckStructure(amended); f != nil {
		t.Fatalf("Pasal 2A and 2B between Pasal 2 and 3: %+v", f)
	}
	d := policies.ParseLegal(amended)
	var got []string
	for _, p := range d.Pasals {
		var ayat []int
		for _, a := range p.Ayat {
			ayat = append(ayat, a.Number)
		}
		got = append(got, fmt.Sprintf("%s%v", p.Label(), ayat))
	}
	// Each Pasal keeps its own ayat: the ayat of 2A are not Pasal 2's.
	if want := []string{"1[]", "2[1 2]", "2A[1 2]", "2B[]", "3[]", "4[]"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Pasal and their ayat: %v, want %v", got, want)
	}
	for _, a := range d.Pasals[2].Ayat {
		if s := amended[a.Start:a.End]; !strings.HasPrefix(s, fmt.Sprintf("(%d) ", a.Number)) || strings.Contains(s, "###") {
			t.Errorf("ayat (%d) of Pasal 2A: %q", a.Number, s)
		}
	}
	var refs []string
	for _, r := range d.Refs {
		refs = append(refs, fmt.Sprintf("%s(%d) in %s", policies.PasalNumber(r.Pasal, r.Letter), r.Ayat, policies.PasalNumber(r.InPasal, r.InLetter)))
	}
	if want := []string{"0(1) in 2", "0(1) in 2A", "2A(2) in 2B", "2(2) in 3", "1(0) in 3"}; !reflect.DeepEqual(refs, want) {
		t.Errorf("references %v, want %v", refs, want)
	}
	// Pasal 2 is still Pasal 2 (not 2A) to LocateProvision.
	if p, err := policies.LocateProvision(amended, 2, 2); err != nil || !strings.HasPrefix(amended[p.Start:p.End], "(2) Pengembangan kompetensi") {
		t.Errorf("Pasal 2 ayat (2) in the amended text: %v", err)
	}
	for _, c := range []struct {
		name, old, new, at string
		want               policies.StructureFinding
	}{
		{"inserted pasal after another number", "### Pasal 2A", "### Pasal 1A", "### Pasal 1A",
			policies.StructureFinding{Code: policies.FindPasalOrder, Pasal: 1, Letter: "A", Prev: 2}},
		{"a plain number again after an inserted one", "### Pasal 2B", "### Pasal 2", "### Pasal 2\n\nKetentuan",
			policies.StructureFinding{Code: policies.FindPasalRepeat, Pasal: 2}},
		{"inserted pasal whose base is missing", "### Pasal 2A", "### Pasal 3A", "### Pasal 3A",
			policies.StructureFinding{Code: policies.FindPasalGap, Pasal: 3, Letter: "A", Prev: 2, Want: 3}},
		{"reference to a missing inserted ayat", "Pasal 2A ayat (2) berlaku", "Pasal 2A ayat (3) berlaku", "Ketentuan sebagaimana",
			policies.StructureFinding{Code: policies.FindRefMissingAyat, Pasal: 2, Letter: "A", Ayat: 3}},
		{"ayat gap in an inserted pasal", "(2) Laporan", "(3) Laporan", "(3) Laporan",
			policies.StructureFinding{Code: policies.FindAyatGap, Pasal: 2, Letter: "A", Ayat: 3, Prev: 1, Want: 2}},
	} {
		t.Run(c.name, func(t *testing.T) {
			text := strings.Replace(amended, c.old, c.new, 1)
			want := c.want
			want.Line = lineOf(t, text, c.at)
			got := policies.CheckStructure(text)
			if len(got) == 0 || !reflect.DeepEqual(got[0], want) {
				t.Errorf("findings %+v, want first %+v", got, want)
			}
		})
	}
	// What the editor says of a misplaced inserted Pasal names it with its letter.
	f := policies.CheckStructure(strings.Replace(amended, "### Pasal 2A", "### Pasal 3A", 1))[0]
	if got, want := i18n.Finding("id", f), fmt.Sprintf("Baris %d: Pasal 3A menyusul Pasal 2; Pasal 3 tidak ada", f.Line); got != want {
		t.Errorf("finding says %q, want %q", got, want)
	}
	if got := i18n.Finding("en", f); !strings.Contains(got, "Article (Pasal) 3A follows Article 2") {
		t.Errorf("finding in English: %q", got)
	}
}
