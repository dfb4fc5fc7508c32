package policies_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/policyflow/policyflow/i18n"
	"github.com/policyflow/policyflow/policies"
)

// refsBefore is a Perwali whose Pasal 5 refers to Pasal 4 ayat (2) and
// Pasal 3, and whose Pasal 4 refers to its own ayat (1).
const refsBefore = `# PERATURAN WALI KOTA UJI

### Pasal 1

Daerah adalah Kota Sawahlunto.

### Pasal 2

Pengembangan kompetensi dilaksanakan melalui pelatihan.

### Pasal 3

Pelatihan diselenggarakan oleh Badan Kepegawaian.

### Pasal 4

(1) Perangkat Daerah menyusun rencana setiap tahun.

(2) Rencana sebagaimana dimaksud pada ayat (1) disampaikan paling lambat bulan Januari.

### Pasal 5

Laporan atas rencana sebagaimana dimaksud dalam Pasal 4 ayat (2) disampaikan kepada Wali Kota.

Penyelenggara sebagaimana dimaksud dalam Pasal 3 melaporkan setiap semester.
`

// A revision renumbers: a new Pasal 2 is inserted, so the old 2–5 become
// 3–6, and the two references of the old Pasal 5 kept word for word now
// point elsewhere: Pasal 4 ayat (2) is now Pasal 5 ayat (2), Pasal 3 is
// now Pasal 4 (moved). When a revision removes Pasal 3 instead, "Pasal 3"
// holds what was Pasal 4 and what it referred to is gone. The ayat (1)
// inside the moved Pasal still points to its own ayat; a reference the
// revision writes anew is read in the new numbering; a reworded provision
// is no renumbering.
func TestCheckRenumbering(t *testing.T) {
	renumber := func(s string) string {
		for n := 5; n >= 2; n-- {
			s = strings.Replace(s, fmt.Sprintf("### Pasal %d\n", n), fmt.Sprintf("### Pasal %d\n", n+1), 1)
		}
		return strings.Replace(s, "### Pasal 3\n", "### Pasal 2\n\nKompetensi ASN meliputi kompetensi teknis dan manajerial.\n\n### Pasal 3\n", 1)
	}
	next := renumber(refsBefore)
	got := policies.CheckRenumbering(refsBefore, next)
	line := func(md, words string) int { return strings.Count(md[:strings.Index(md, words)], "\n") + 1 }
	want := []policies.StructureFinding{
		{Line: line(next, "Laporan atas"), Code: policies.FindRefMoved, Pasal: 4, Ayat: 2, Label: "Pasal 5 ayat (2)"},
		{Line: line(next, "Penyelenggara"), Code: policies.FindRefMoved, Pasal: 3, Label: "Pasal 4"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("renumbered:\n%+v\nwant\n%+v", got, want)
	}
	// Another revision removes Pasal 3: Pasal 4 and 5 become 3 and 4, so
	// "Pasal 3" now holds what was Pasal 4, and what it referred to is gone.
	removed := strings.Replace(refsBefore, "### Pasal 3\n\nPelatihan diselenggarakan oleh Badan Kepegawaian.\n\n### Pasal 4\n", "### Pasal 3\n", 1)
	removed = strings.Replace(removed, "### Pasal 5\n", "### Pasal 4\n", 1)
	got = append(got, policies.CheckRenumbering(refsBefore, removed)...)
	want = append(want,
		policies.StructureFinding{Line: line(removed, "Laporan atas"), Code: policies.FindRefMoved, Pasal: 4, Ayat: 2, Label: "Pasal 3 ayat (2)"},
		policies.StructureFinding{Line: line(removed, "Penyelenggara"), Code: policies.FindRefOther, Pasal: 3, Label: "Pasal 4"})
	if !reflect.DeepEqual(got[2:], want[2:]) {
		t.Errorf("a Pasal removed:\n%+v\nwant\n%+v", got[2:], want[2:])
	}
	// Both say so, in both languages.
	for _, f := range got {
		for _, lang := range []string{"id", "en"} {
			label := f.Label
			if lang == "en" {
				label = strings.NewReplacer("Pasal", "Article (Pasal)", "ayat", "paragraph").Replace(label)
			}
			if msg := i18n.Finding(lang, f); !strings.Contains(msg, label) {
				t.Errorf("%s %s: %q does not name %s", lang, f.Code, msg, label)
			}
		}
	}

	// The drafter corrects the references: nothing to flag.
	fixed := strings.NewReplacer("dalam Pasal 4 ayat (2)", "dalam Pasal 5 ayat (2)", "dalam Pasal 3 melaporkan", "dalam Pasal 4 melaporkan").Replace(next)
	if got := policies.CheckRenumbering(refsBefore, fixed); len(got) != 0 {
		t.Errorf("corrected references flagged: %+v", got)
	}
	// Rewording a provision, without renumbering, flags nothing.
	reworded := strings.Replace(refsBefore, "paling lambat bulan Januari", "paling lambat tanggal 31 Januari", 1)
	if got := policies.CheckRenumbering(refsBefore, reworded); len(got) != 0 {
		t.Errorf("a reworded ayat flagged: %+v", got)
	}
	// Unchanged, and narrative texts: nothing.
	if got := policies.CheckRenumbering(refsBefore, refsBefore); len(got) != 0 {
		t.Errorf("the same text: %+v", got)
	}
	if got := policies.CheckRenumbering("# Kebijakan\n\nUji Pasal 3.\n", "# Kebijakan\n\nUji Pasal 3.\n"); len(got) != 0 {
		t.Errorf("a narrative text: %+v", got)
	}
}
