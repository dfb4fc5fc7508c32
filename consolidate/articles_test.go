package consolidate

import (
	"fmt"
	"reflect"
	"testing"
)

// articleLine is an article as the tests read it: "label from-until
// changed-by ended-by" (acts by their number, "-" for none).
func articleLine(a Article) string {
	act := func(x *Act) string {
		if x == nil {
			return "-"
		}
		return x.Title[len("Peraturan Wali Kota Nomor "):]
	}
	until := "-"
	if a.Until != nil {
		until = day(*a.Until)
	}
	rep := ""
	if a.Repealed {
		rep = " dihapus"
	}
	return fmt.Sprintf("%s %s..%s %s %s%s", a.Label(), day(a.From), until, act(a.ChangedBy), act(a.EndedBy), rep)
}

// Every Pasal and ayat with its period: the enacted text until the first
// act changes each; at a date, each provision from the act that gave it
// its wording to the act that will change it (an act with a later day
// ends it ahead of time).
func TestArticles(t *testing.T) {
	ins := []Instruction{
		{Act: actB, Op: Replace, Pasal: pasal("4"), Ayat: 2, Text: "Rencana disampaikan paling lambat tanggal 31 Januari."},
		{Act: actB, Op: Insert, Pasal: pasal("4A"), After: pasal("4"), Text: "Perangkat Daerah melaporkan pelaksanaan rencana setiap semester."},
		{Act: actC, Op: Replace, Pasal: pasal("4A"), Text: "(1) Laporan setiap triwulan.\n\n(2) Laporan disampaikan secara elektronik."},
		{Act: actD, Op: Repeal, Pasal: pasal("7")},
	}
	from := date("2026-03-01")
	lines := func(as []Article) []string {
		var out []string
		for _, a := range as {
			out = append(out, articleLine(a))
		}
		return out
	}
	enacted := []string{
		"Pasal 1 2026-03-01..- - -", "Pasal 2 2026-03-01..- - -", "Pasal 3 2026-03-01..- - -",
		"Pasal 4 2026-03-01..2026-07-01 - 5 Tahun 2026", "Pasal 4 ayat (1) 2026-03-01..- - -", "Pasal 4 ayat (2) 2026-03-01..2026-07-01 - 5 Tahun 2026",
		"Pasal 5 2026-03-01..- - -", "Pasal 6 2026-03-01..- - -", "Pasal 7 2026-03-01..2027-01-01 - 2 Tahun 2027", "Pasal 8 2026-03-01..- - -",
	}
	if got := lines(EnactedArticles(perwali, ins, from)); !reflect.DeepEqual(got, enacted) {
		t.Errorf("as enacted:\n%q\nwant\n%q", got, enacted)
	}
	for _, tc := range []struct {
		at   string
		want []string
	}{
		{"2026-05-01", enacted},
		{"2026-08-01", []string{
			"Pasal 1 2026-03-01..- - -", "Pasal 2 2026-03-01..- - -", "Pasal 3 2026-03-01..- - -",
			"Pasal 4 2026-07-01..- 5 Tahun 2026 -", "Pasal 4 ayat (1) 2026-03-01..- - -", "Pasal 4 ayat (2) 2026-07-01..- 5 Tahun 2026 -",
			"Pasal 4A 2026-07-01..2026-10-01 5 Tahun 2026 9 Tahun 2026",
			"Pasal 5 2026-03-01..- - -", "Pasal 6 2026-03-01..- - -", "Pasal 7 2026-03-01..2027-01-01 - 2 Tahun 2027", "Pasal 8 2026-03-01..- - -",
		}},
		{"2027-02-01", []string{
			"Pasal 1 2026-03-01..- - -", "Pasal 2 2026-03-01..- - -", "Pasal 3 2026-03-01..- - -",
			"Pasal 4 2026-07-01..- 5 Tahun 2026 -", "Pasal 4 ayat (1) 2026-03-01..- - -", "Pasal 4 ayat (2) 2026-07-01..- 5 Tahun 2026 -",
			"Pasal 4A 2026-10-01..- 9 Tahun 2026 -", "Pasal 4A ayat (1) 2026-10-01..- 9 Tahun 2026 -", "Pasal 4A ayat (2) 2026-10-01..- 9 Tahun 2026 -",
			"Pasal 5 2026-03-01..- - -", "Pasal 6 2026-03-01..- - -", "Pasal 7 2027-01-01..- 2 Tahun 2027 - dihapus", "Pasal 8 2026-03-01..- - -",
		}},
	} {
		if got := lines(ArticlesAt(perwali, ins, from, date(tc.at))); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("at %s:\n%q\nwant\n%q", tc.at, got, tc.want)
		}
	}
	// The wording is the text's: the consolidation's, provision by provision.
	at := date("2027-02-01")
	text := Consolidate(perwali, ins, at).Text
	for _, a := range ArticlesAt(perwali, ins, from, at) {
		if body, ok := Body(text, a.Pasal, a.Ayat); !ok || body != a.Text {
			t.Errorf("%s: %q, the text holds %q", a.Label(), a.Text, body)
		}
	}
	// An act in force before the text's own day counts from that day.
	early := []Instruction{{Act: Act{Title: "Peraturan Wali Kota Nomor 1 Tahun 2026", InForce: date("2026-01-01")}, Op: Repeal, Pasal: pasal("8")}}
	as := EnactedArticles(perwali, early, from)
	if got := articleLine(as[len(as)-1]); got != "Pasal 8 2026-03-01..2026-03-01 - 1 Tahun 2026" {
		t.Errorf("an earlier act: %s", got)
	}
}

// "Di antara ayat (1) dan ayat (2) Pasal 4 disisipkan 1 (satu) ayat,
// yakni ayat (1a)": the new ayat stands right after ayat (1), no ayat is
// renumbered, a later act may change it and insert (1b) after it; applied
// twice, the text stays; a letter taken, one that does not follow its
// neighbour, or a missing ayat before it is reported, not applied.
func TestInsertAyat(t *testing.T) {
	ayat1a := "Rencana sebagaimana dimaksud pada ayat (1) memuat kebutuhan setiap jabatan."
	ins := []Instruction{
		{Act: actB, Op: Insert, Pasal: pasal("4"), Ayat: 1, AyatLetter: "a", Text: ayat1a},
		{Act: actC, Op: Replace, Pasal: pasal("4"), Ayat: 1, AyatLetter: "a", Text: "(1a) Rencana memuat kebutuhan setiap jabatan.", Expect: ayat1a},
		{Act: actC, Op: Insert, Pasal: pasal("4"), Ayat: 1, AyatLetter: "b", Text: "Rencana ditetapkan oleh kepala Perangkat Daerah."},
	}
	r := Consolidate(perwali, ins, date("2026-12-31"))
	want := replace(t, perwali, "setiap tahun.\n\n(2) ", "setiap tahun.\n\n(1a) Rencana memuat kebutuhan setiap jabatan.\n\n(1b) Rencana ditetapkan oleh kepala Perangkat Daerah.\n\n(2) ")
	if len(r.Misfits) != 0 || r.Text != want {
		t.Fatalf("misfits %v, text:\n%s", r.Misfits, r.Text)
	}
	var changed []string
	for _, p := range r.Provisions {
		if p.Changed != nil {
			changed = append(changed, p.Label()+" "+p.Changed.Op.String())
		}
	}
	if fmt.Sprint(changed) != "[Pasal 4 ayat (1a) replace Pasal 4 ayat (1b) insert]" {
		t.Errorf("changed: %v", changed)
	}
	if again := Consolidate(r.Text, ins, date("2026-12-31")); again.Text != r.Text {
		t.Errorf("applied twice: %v\n%s", again.Misfits, again.Text)
	}
	if body, ok := AyatBody(r.Text, pasal("4"), 1, "a"); !ok || body != "(1a) Rencana memuat kebutuhan setiap jabatan." {
		t.Errorf("ayat (1a): %q %v", body, ok)
	}
	var arts []string
	for _, a := range ArticlesAt(perwali, ins, date("2026-03-01"), date("2026-08-01")) {
		if a.Pasal == pasal("4") {
			arts = append(arts, articleLine(a))
		}
	}
	if fmt.Sprint(arts) != fmt.Sprint([]string{"Pasal 4 2026-07-01..2026-10-01 5 Tahun 2026 9 Tahun 2026", "Pasal 4 ayat (1) 2026-03-01..- - -",
		"Pasal 4 ayat (1a) 2026-07-01..2026-10-01 5 Tahun 2026 9 Tahun 2026", "Pasal 4 ayat (2) 2026-03-01..- - -"}) {
		t.Errorf("articles of Pasal 4 on 2026-08-01:\n%q", arts)
	}
	for _, tc := range []struct {
		in     Instruction
		reason Reason
	}{
		{Instruction{Act: actB, Op: Insert, Pasal: pasal("4"), Ayat: 1, AyatLetter: "b", Text: "Teks."}, TargetMissing},  // no (1a) before it
		{Instruction{Act: actB, Op: Insert, Pasal: pasal("4"), Ayat: 2, AyatLetter: "a", Text: "Teks."}, ""},             // after the last ayat
		{Instruction{Act: actB, Op: Insert, Pasal: pasal("4"), Ayat: 3, AyatLetter: "a", Text: "Teks."}, TargetMissing},  // no ayat (3)
		{Instruction{Act: actB, Op: Insert, Pasal: pasal("4"), Ayat: 1, Text: "Teks."}, BadOp},                           // an inserted ayat bears a letter
		{Instruction{Act: actB, Op: Insert, Pasal: pasal("4"), Ayat: 1, AyatLetter: "A", Text: "Teks."}, BadOp},          // a small letter
		{Instruction{Act: actB, Op: Insert, Pasal: pasal("2"), Ayat: 1, AyatLetter: "a", Text: "Teks."}, TargetMissing},  // Pasal 2 has no ayat
		{Instruction{Act: actB, Op: Insert, Pasal: pasal("9"), Ayat: 1, AyatLetter: "a", Text: "Teks."}, TargetMissing},  // no Pasal 9
		{Instruction{Act: actB, Op: Insert, Pasal: pasal("4"), Ayat: 1, AyatLetter: "a", Text: "(2) Teks."}, ""},         // its own number is written for it
		{Instruction{Act: actB, Op: Replace, Pasal: pasal("4"), Ayat: 1, AyatLetter: "a", Text: "Teks."}, TargetMissing}, // no (1a) yet
	} {
		r := Consolidate(perwali, []Instruction{tc.in}, date("2026-12-31"))
		got := Reason("")
		if len(r.Misfits) > 0 {
			got = r.Misfits[0].Reason
		}
		if got != tc.reason {
			t.Errorf("%s %s: %q, want %q (%v)", tc.in.Op, tc.in.Label(), got, tc.reason, r.Misfits)
		}
	}
	// A number taken, and one that no longer sorts before the next ayat.
	taken := replace(t, perwali, "setiap tahun.\n\n(2) ", "setiap tahun.\n\n(1a) Lain.\n\n(2) ")
	if r := Consolidate(taken, ins[:1], date("2026-12-31")); len(r.Misfits) != 1 || r.Misfits[0].Reason != NumberTaken {
		t.Errorf("(1a) taken: %v", r.Misfits)
	}
	odd := replace(t, perwali, "setiap tahun.\n\n(2) ", "setiap tahun.\n\n(1) Lagi.\n\n(2) ")
	if r := Consolidate(odd, ins[:1], date("2026-12-31")); len(r.Misfits) != 1 || r.Misfits[0].Reason != NumberMisfit {
		t.Errorf("before a second (1): %v", r.Misfits)
	}
}
