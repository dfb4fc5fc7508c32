package policies_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/policyflow/policyflow/policies"
)

// target is the Perwali an amendment amends: perwali (legal_test.go),
// Pasal 1 to 4.
func point(op policies.AmendmentOp, pasal string, ayat int, after, text string) policies.AmendmentInput {
	return policies.AmendmentInput{Op: op, Pasal: pasal, Ayat: ayat, After: after, Text: text}
}

// addPoint checks in, valid and fitting the text after points, and adds it
// with the text it expects.
func addPoint(t *testing.T, points []policies.AmendmentInstruction, in policies.AmendmentInput) []policies.AmendmentInstruction {
	t.Helper()
	if err := in.Validate(); err != nil {
		t.Fatalf("%+v: %v", in, err)
	}
	expect, err := policies.CheckAmendment(perwali, points, in)
	if err != nil {
		t.Fatalf("%+v: %v", in, err)
	}
	return append(points, policies.AmendmentInstruction{Position: len(points) + 1, Op: in.Op, Pasal: in.Pasal, Ayat: in.Ayat, AyatLetter: in.AyatLetter, After: in.After, Text: in.Text, Expect: expect})
}

// Each point is checked against the amended text after the draft's
// earlier points: a missing target, a repealed one, a taken or misplaced
// inserted number and a text that breaks the structure are refused naming
// the field; the points that fit give the amending act in the form of
// Lampiran II.
func TestAmendmentPoints(t *testing.T) {
	var points []policies.AmendmentInstruction
	add := func(in policies.AmendmentInput) { t.Helper(); points = addPoint(t, points, in) }
	add(point(policies.AmendReplace, "2", 1, "", "Setiap Pegawai ASN berhak dan wajib mendapat pengembangan kompetensi."))
	add(point(policies.AmendInsert, "2A", 0, "2", "(1) Pegawai ASN melaporkan pengembangan kompetensinya.\n\n(2) Laporan sebagaimana dimaksud pada ayat (1) disampaikan setiap semester."))
	add(point(policies.AmendRepeal, "3", 0, "", ""))
	if points[0].Expect != "(1) Setiap Pegawai ASN berhak mendapat pengembangan kompetensi." {
		t.Errorf("the replaced ayat expects %q", points[0].Expect)
	}
	for _, c := range []struct {
		name  string
		in    policies.AmendmentInput
		field string
	}{
		{"unknown operation", point("ganti", "2", 0, "", "x"), "op"},
		{"no pasal", point(policies.AmendReplace, "", 0, "", "x"), "pasal"},
		{"pasal in lower case", point(policies.AmendReplace, "2a", 0, "", "x"), "pasal"},
		{"missing pasal", point(policies.AmendReplace, "9", 0, "", "Teks."), "pasal"},
		{"missing ayat", point(policies.AmendReplace, "2", 5, "", "Teks."), "ayat"},
		{"repealed earlier in the draft", point(policies.AmendReplace, "3", 0, "", "Teks."), "pasal"},
		{"number taken", point(policies.AmendInsert, "2A", 0, "2", "Teks."), "pasal"},
		{"number not after its neighbour", point(policies.AmendInsert, "3A", 0, "2A", "Teks."), "pasal"},
		{"after a missing pasal", point(policies.AmendInsert, "9A", 0, "9", "Teks."), "after"},
		{"insertion without after", point(policies.AmendInsert, "2B", 0, "", "Teks."), "after"},
		{"insertion of an ayat without its letter", point(policies.AmendInsert, "2B", 1, "2A", "Teks."), "ayat_letter"},
		{"a heading in the text", point(policies.AmendReplace, "4", 0, "", "Teks.\n\n### Pasal 9\n\nLain."), "text"},
		{"replace without text", point(policies.AmendReplace, "4", 0, "", " "), "text"},
		{"repeal with text", point(policies.AmendRepeal, "4", 0, "", "Teks."), "text"},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := c.in
			err := in.Validate()
			if err == nil {
				_, err = policies.CheckAmendment(perwali, points, in)
			}
			var pe *policies.Error
			if !errors.As(err, &pe) || pe.Kind != policies.KindInvalid || pe.Field != c.field {
				t.Errorf("%v, want invalid %s", err, c.field)
			}
		})
	}
	// 2B after 2A fits.
	if _, err := policies.CheckAmendment(perwali, points, point(policies.AmendInsert, "2B", 0, "2A", "Teks.")); err != nil {
		t.Errorf("Pasal 2B after 2A: %v", err)
	}

	got := policies.AmendingText(policies.AmendedAct{RegionName: "Kota Sawahlunto", Label: "Peraturan Wali Kota Sawahlunto Nomor 3 Tahun 2026",
		Title: "Uji", Gazette: "Berita Daerah Kota Sawahlunto Tahun 2026 Nomor 12"}, perwali, points)
	for _, want := range []string{
		"# PERATURAN WALI KOTA SAWAHLUNTO TENTANG PERUBAHAN ATAS PERATURAN WALI KOTA SAWAHLUNTO NOMOR 3 TAHUN 2026 TENTANG UJI\n",
		"## Pasal I\n\nBeberapa ketentuan dalam Peraturan Wali Kota Sawahlunto Nomor 3 Tahun 2026 tentang Uji (Berita Daerah Kota Sawahlunto Tahun 2026 Nomor 12) diubah sebagai berikut:\n\n" +
			"1. Ketentuan ayat (1) Pasal 2 diubah sehingga berbunyi sebagai berikut:\n\n" +
			"> **Pasal 2**\n>\n> (1) Setiap Pegawai ASN berhak dan wajib mendapat pengembangan kompetensi.\n>\n> (2) Pengembangan kompetensi sebagaimana dimaksud pada ayat (1) meliputi:\n",
		"2. Di antara Pasal 2 dan Pasal 3 disisipkan 1 (satu) pasal, yakni Pasal 2A sehingga berbunyi sebagai berikut:\n\n" +
			"> **Pasal 2A**\n>\n> (1) Pegawai ASN melaporkan pengembangan kompetensinya.\n>\n> (2) Laporan sebagaimana dimaksud pada ayat (1) disampaikan setiap semester.\n\n",
		"3. Pasal 3 dihapus.\n\n## Pasal II\n\nPeraturan Wali Kota ini mulai berlaku pada tanggal diundangkan.\n\n" +
			"Agar setiap orang mengetahuinya, memerintahkan pengundangan Peraturan Wali Kota ini dengan penempatannya dalam Berita Daerah Kota Sawahlunto.\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the amending act lacks\n%s\n--- it reads:\n%s", want, got)
		}
	}
	// The amending act has no Pasal of its own numbered in Arabic: the
	// structure check reads it as Pasal I and II, and finds nothing.
	if f := policies.CheckStructure(got); f != nil {
		t.Errorf("structure findings on the amending act: %+v", f)
	}
}

// "Di antara ayat (1) dan ayat (2) Pasal 2 disisipkan 1 (satu) ayat,
// yakni ayat (1a)": checked against its neighbours (the ayat before it
// exists, the letter is free and sorts before the next ayat), applied, and
// worded in the form of Lampiran II; a later point may change the new ayat.
func TestAyatInsertionPoint(t *testing.T) {
	ins := func(pasal string, ayat int, letter, after, text string) policies.AmendmentInput {
		return policies.AmendmentInput{Op: policies.AmendInsert, Pasal: pasal, Ayat: ayat, AyatLetter: letter, After: after, Text: text}
	}
	var points []policies.AmendmentInstruction
	add := func(in policies.AmendmentInput) { t.Helper(); points = addPoint(t, points, in) }
	add(ins("2", 1, "a", "", "Pengembangan kompetensi direncanakan setiap tahun."))
	add(policies.AmendmentInput{Op: policies.AmendReplace, Pasal: "2", Ayat: 1, AyatLetter: "a", Text: "Pengembangan kompetensi direncanakan setiap tahun anggaran."})
	add(ins("2", 2, "a", "", "Kompetensi dinilai setiap tahun."))
	if points[1].Expect != "(1a) Pengembangan kompetensi direncanakan setiap tahun." || points[1].Label() != "Pasal 2 ayat (1a)" {
		t.Errorf("the changed ayat (1a): %q, %s", points[1].Expect, points[1].Label())
	}
	for _, c := range []struct {
		name  string
		in    policies.AmendmentInput
		field string
	}{
		{"the ayat before it missing", ins("2", 1, "c", "", "Teks."), "ayat"},
		{"its number taken", ins("2", 1, "a", "", "Teks."), "ayat_letter"},
		{"a Pasal without ayat", ins("1", 1, "a", "", "Teks."), "ayat"},
		{"a missing Pasal", ins("9", 1, "a", "", "Teks."), "pasal"},
		{"a capital letter", ins("2", 1, "A", "", "Teks."), "ayat_letter"},
		{"a letter without an ayat", policies.AmendmentInput{Op: policies.AmendReplace, Pasal: "2", AyatLetter: "a", Text: "Teks."}, "ayat_letter"},
		{"after with an ayat", ins("2", 1, "b", "1", "Teks."), "after"},
		{"a second ayat in its text", ins("2", 1, "b", "", "Teks.\n(3) Lain."), "text"},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := c.in
			err := in.Validate()
			if err == nil {
				_, err = policies.CheckAmendment(perwali, points, in)
			}
			var pe *policies.Error
			if !errors.As(err, &pe) || pe.Kind != policies.KindInvalid || pe.Field != c.field {
				t.Errorf("%v, want invalid %s", err, c.field)
			}
		})
	}
	// The amended text reads (1a) as an ayat of its own, in its place:
	// no gap, no repeat.
	amendedText := strings.Replace(perwali, "(2) Pengembangan kompetensi sebagaimana", "(1a) Direncanakan.\n\n(1b) Ditetapkan.\n\n(2) Pengembangan kompetensi sebagaimana", 1)
	if f := policies.CheckStructure(amendedText); f != nil {
		t.Errorf("structure findings on a text with ayat (1a) and (1b): %+v", f)
	}
	if d := policies.ParseLegal(amendedText); len(d.Pasals[1].Ayat) != 4 || d.Pasals[1].Ayat[1].Label() != "1a" {
		t.Errorf("the ayat of Pasal 2: %+v", d.Pasals[1].Ayat)
	}
	got := policies.AmendingText(policies.AmendedAct{RegionName: "Kota Sawahlunto", Label: "Peraturan Wali Kota Sawahlunto Nomor 3 Tahun 2026", Title: "Uji"}, perwali, points)
	for _, want := range []string{
		"1. Di antara ayat (1) dan ayat (2) Pasal 2 disisipkan 1 (satu) ayat, yakni ayat (1a) sehingga Pasal 2 berbunyi sebagai berikut:\n\n" +
			"> **Pasal 2**\n>\n> (1) Setiap Pegawai ASN berhak mendapat pengembangan kompetensi.\n>\n> (1a) Pengembangan kompetensi direncanakan setiap tahun.\n>\n> (2) Pengembangan",
		"2. Ketentuan ayat (1a) Pasal 2 diubah sehingga berbunyi sebagai berikut:",
		"3. Sesudah ayat (2) Pasal 2 ditambahkan 1 (satu) ayat, yakni ayat (2a) sehingga Pasal 2 berbunyi sebagai berikut:",
		"> (2a) Kompetensi dinilai setiap tahun.",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the amending act lacks\n%s\n--- it reads:\n%s", want, got)
		}
	}
}

// The draft's text, made from its points and edited since: a point whose
// new text the drafter changed in the text, one added to the points but
// not to the text, and a point the text has beyond the points are found;
// the text as made matches; a text never made from the points says so.
func TestCheckAmendingText(t *testing.T) {
	act := policies.AmendedAct{RegionName: "Kota Sawahlunto", Label: "Peraturan Wali Kota Sawahlunto Nomor 3 Tahun 2026", Title: "Uji"}
	points := []policies.AmendmentInstruction{
		{Position: 1, Op: policies.AmendReplace, Pasal: "2", Ayat: 1, Text: "Setiap Pegawai ASN berhak dan wajib mendapat pengembangan kompetensi."},
		{Position: 2, Op: policies.AmendRepeal, Pasal: "3"},
	}
	made := policies.AmendingText(act, perwali, points)
	if d := policies.CheckAmendingText(made, made); !d.Matches() {
		t.Errorf("the text as made: %+v", d)
	}
	edited := strings.Replace(made, "berhak dan wajib mendapat", "wajib mendapat", 1)
	if d := policies.CheckAmendingText(edited, made); d.Matches() || fmt.Sprint(d.Differ) != "[1]" || d.Extra != 0 {
		t.Errorf("point 1 edited in the text: %+v", d)
	}
	more := append(points, policies.AmendmentInstruction{Position: 3, Op: policies.AmendRepeal, Pasal: "4"})
	if d := policies.CheckAmendingText(made, policies.AmendingText(act, perwali, more)); fmt.Sprint(d.Differ) != "[3]" {
		t.Errorf("a point not in the text: %+v", d)
	}
	if d := policies.CheckAmendingText(policies.AmendingText(act, perwali, more), made); fmt.Sprint(d.Differ) != "[]" || d.Extra != 1 {
		t.Errorf("a point only in the text: %+v", d)
	}
	if d := policies.CheckAmendingText("# Perubahan\n\nRancangan.\n", made); d.Made || d.Matches() {
		t.Errorf("a text never made from the points: %+v", d)
	}
}
