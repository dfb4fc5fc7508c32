package policies

import (
	"strings"
	"testing"
)

// The report compares each section of the consulted text with the section
// of the same anchor in the submitted one: changed words marked, a removed
// section said so, a new one added after; a heading in a code block is text.
func TestReportSections(t *testing.T) {
	consulted := "Pembuka.\n\n## Pendahuluan\n\nSetiap ASN mengikuti pelatihan.\n\n```\n## bukan judul\n```\n\n## Sasaran\n\nSemua OPD.\n\n## Dihapus\n\nTeks lama.\n"
	submitted := "Pembuka.\n\n## Pendahuluan\n\nSetiap ASN wajib mengikuti pelatihan daring.\n\n```\n## bukan judul\n```\n\n## Sasaran\n\nSemua OPD.\n\n## Anggaran\n\nDari APBD.\n"
	secs := ReportSections(consulted, &Version{Number: 2, Markdown: submitted}, "Umum")
	var got []string
	by := map[string]ReportSection{}
	for _, s := range secs {
		got = append(got, s.Anchor)
		by[s.Anchor] = s
	}
	if want := []string{"", "pendahuluan", "sasaran", "dihapus", "anggaran"}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("sections %v, want %v", got, want)
	}
	if s := by["pendahuluan"]; s.Inserted != 2 || s.Deleted != 0 || !strings.Contains(string(s.Diff), "<ins>") || !strings.Contains(string(s.Diff), "wajib") || !strings.Contains(string(s.Diff), "bukan judul") {
		t.Errorf("pendahuluan: +%d −%d %s", s.Inserted, s.Deleted, s.Diff)
	}
	if s := by["sasaran"]; s.Diff != "" || s.Inserted+s.Deleted != 0 {
		t.Errorf("an unchanged section has a diff: %s", s.Diff)
	}
	if s := by["dihapus"]; !s.Removed || s.Deleted != 3 {
		t.Errorf("removed section: %+v", s)
	}
	if s := by["anggaran"]; !s.Added || s.Inserted != 3 || s.Title != "Anggaran" {
		t.Errorf("added section: %+v", s)
	}
	if s := by[""]; s.Title != "Umum" || s.Diff != "" {
		t.Errorf("the general part: %+v", s)
	}
	// Without a submitted version: the sections alone, no diff.
	for _, s := range ReportSections(consulted, nil, "Umum") {
		if s.Diff != "" || s.Removed || s.Added {
			t.Errorf("no version to compare, yet %+v", s)
		}
	}
}
