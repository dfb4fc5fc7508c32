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
