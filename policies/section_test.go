package policies

import (
	"reflect"
	"testing"
)

// Sections gives the anchors the pages give: lower-case, dashes, unique
// within the text, and the heading's text as its title.
func TestSections(t *testing.T) {
	got := Sections("# Judul\n\nTeks.\n\n## Latar Belakang\n\n## Tujuan dan `Sasaran`\n\n## Latar Belakang\n\n### Ayat (1) — Umum\n")
	want := []Section{
		{1, "judul", "Judul"},
		{2, "latar-belakang", "Latar Belakang"},
		{2, "tujuan-dan-sasaran", "Tujuan dan Sasaran"},
		{2, "latar-belakang-1", "Latar Belakang"},
		{3, "ayat-1--umum", "Ayat (1) — Umum"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Sections = %+v\nwant %+v", got, want)
	}
}
