package policies

import (
	"reflect"
	"testing"
)

// Sections gives the anchors the pages give: lower-case, dashes, unique
// within the text, the heading's text as its title, and the bytes of its line.
func TestSections(t *testing.T) {
	got := Sections("# Judul\n\nTeks.\n\n## Latar Belakang\n\n## Tujuan dan `Sasaran`\n\n## Latar Belakang\n\n### Ayat (1) — Umum\n")
	want := []Section{
		{1, "judul", "Judul", 0, 8},
		{2, "latar-belakang", "Latar Belakang", 16, 34},
		{2, "tujuan-dan-sasaran", "Tujuan dan Sasaran", 35, 59},
		{2, "latar-belakang-1", "Latar Belakang", 60, 78},
		{3, "ayat-1--umum", "Ayat (1) — Umum", 79, 101},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Sections = %+v\nwant %+v", got, want)
	}
}
