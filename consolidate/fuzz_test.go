package consolidate

import (
	"testing"
	"time"
)

// fuzzTexts are the new texts a fuzzed instruction picks from, the
// awkward ones among them.
var fuzzTexts = []string{
	"Ketentuan baru.",
	"(1) Ayat pertama.\n\n(2) Ayat kedua.",
	"(2) Ayat yang sama.",
	"(1a) Ayat sisipan.",
	"Dihapus.",
	"",
	"(2)",
	"  \n",
	"Teks\n### Pasal 9\nLain.",
	"```\n### Pasal 3\n",
	"Baris satu.\r\nBaris dua.",
	pasal4AB,
	ayat2Old,
}

var fuzzNumbers = []string{"1", "4", "4A", "4B", "5", "5A", "7", "8", "9", "12"}

// fuzzInstructions reads instructions from bytes, six to an instruction.
func fuzzInstructions(b []byte) []Instruction {
	acts := []Act{actB, actC, actD}
	var out []Instruction
	for len(b) >= 6 {
		out = append(out, Instruction{
			Act:        acts[int(b[0])%len(acts)],
			Op:         Op(b[1] % 4), // 0 is no operation
			Pasal:      pasal(fuzzNumbers[int(b[2])%len(fuzzNumbers)]),
			Ayat:       int(b[3]%4) - int(b[3]/252), // now and then -1
			AyatLetter: []string{"", "", "a", "b", "A"}[int(b[3]/4)%5],
			After:      pasal(fuzzNumbers[int(b[4])%len(fuzzNumbers)]),
			Text:       fuzzTexts[int(b[5])%len(fuzzTexts)],
			Expect:     fuzzTexts[int(b[5]/16)%len(fuzzTexts)],
		})
		b = b[6:]
	}
	return out
}

// FuzzConsolidate: any text and any instructions never panic, applying
// the instructions again to the consolidated text leaves it as it is, and
// the articles at a date read as the consolidated text does.
func FuzzConsolidate(f *testing.F) {
	f.Add(perwali, []byte{0, 1, 1, 2, 0, 0, 0, 2, 2, 0, 1, 9, 1, 1, 2, 0, 0, 1, 2, 3, 6, 0, 0, 0})
	f.Add(perwali, []byte{2, 3, 6, 0, 0, 0, 1, 1, 6, 0, 0, 0, 0, 2, 3, 0, 2, 0})
	f.Add("### Pasal 1\n\n(1) Satu.\n(2) Dua.", []byte{0, 1, 0, 2, 0, 1, 0, 2, 2, 0, 0, 0, 0, 3, 0, 1, 0, 0})
	f.Add("```\n### Pasal 4\n", []byte{0, 2, 2, 0, 1, 0})
	f.Add(perwali, []byte{0, 2, 1, 9, 0, 0, 1, 1, 1, 9, 0, 13, 1, 2, 1, 13, 0, 0}) // (1a), changed, then (1b)
	f.Fuzz(func(t *testing.T, text string, b []byte) {
		ins := fuzzInstructions(b)
		for _, at := range []time.Time{date("2026-08-01"), date("2027-01-01")} {
			r := Consolidate(text, ins, at)
			if again := Consolidate(r.Text, ins, at); again.Text != r.Text {
				t.Fatalf("applied twice at %s, the text changed:\n%q\nfirst:\n%q", day(at), again.Text, r.Text)
			}
			if same := Consolidate(text, ins, at); same.Text != r.Text || len(same.Misfits) != len(r.Misfits) {
				t.Fatalf("two runs differ")
			}
			for _, a := range ArticlesAt(text, ins, date("2026-01-01"), at) {
				if body, ok := AyatBody(r.Text, a.Pasal, a.Ayat, a.AyatLetter); !ok || body != a.Text {
					t.Fatalf("article %s reads %q, the text %q", a.Label(), a.Text, body)
				}
			}
			if len(r.Misfits)+len(r.Pending) > len(ins) {
				t.Fatalf("%d misfits and %d pending for %d instructions", len(r.Misfits), len(r.Pending), len(ins))
			}
		}
	})
}
