package consolidate

import (
	"strings"
	"testing"
	"time"
)

// perwali is Peraturan Wali Kota Nomor 3 Tahun 2026 as enacted.
const perwali = `# PERATURAN WALI KOTA SAWAHLUNTO NOMOR 3 TAHUN 2026

## TENTANG PENGEMBANGAN KOMPETENSI APARATUR SIPIL NEGARA

## BAB I KETENTUAN UMUM

### Pasal 1

Dalam Peraturan Wali Kota ini yang dimaksud dengan:

1. Daerah adalah Kota Sawahlunto.
2. Aparatur Sipil Negara yang selanjutnya disingkat ASN adalah profesi bagi pegawai negeri sipil dan pegawai pemerintah dengan perjanjian kerja.

## BAB II PENGEMBANGAN KOMPETENSI

### Pasal 2

Setiap ASN berhak mendapatkan pengembangan kompetensi paling sedikit 20 (dua puluh) jam pelajaran dalam 1 (satu) tahun.

### Pasal 3

Pengembangan kompetensi dilaksanakan melalui pendidikan dan pelatihan.

### Pasal 4

(1) Perangkat Daerah menyusun rencana pengembangan kompetensi setiap tahun.

(2) Rencana sebagaimana dimaksud pada ayat (1) disampaikan kepada Badan Kepegawaian dan Pengembangan Sumber Daya Manusia paling lambat bulan Januari.

### Pasal 5

Pelaksanaan pengembangan kompetensi dievaluasi setiap akhir tahun anggaran.

## BAB III PENDANAAN

### Pasal 6

Pendanaan pengembangan kompetensi dibebankan pada Anggaran Pendapatan dan Belanja Daerah.

## BAB IV KETENTUAN PENUTUP

### Pasal 7

Peraturan Wali Kota Nomor 12 Tahun 2019 tentang Pelatihan ASN dinyatakan masih berlaku sepanjang tidak bertentangan dengan Peraturan Wali Kota ini.

### Pasal 8

Peraturan Wali Kota ini mulai berlaku pada tanggal diundangkan.
`

func date(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func pasal(s string) Number {
	n, err := ParseNumber(s)
	if err != nil {
		panic(err)
	}
	return n
}

var (
	actB = Act{Title: "Peraturan Wali Kota Nomor 5 Tahun 2026", InForce: date("2026-07-01")}
	actC = Act{Title: "Peraturan Wali Kota Nomor 9 Tahun 2026", InForce: date("2026-10-01")}
	actD = Act{Title: "Peraturan Wali Kota Nomor 2 Tahun 2027", InForce: date("2027-01-01")}

	ayat2Old = "Rencana sebagaimana dimaksud pada ayat (1) disampaikan kepada Badan Kepegawaian dan Pengembangan Sumber Daya Manusia paling lambat bulan Januari."
	ayat2New = "Rencana sebagaimana dimaksud pada ayat (1) disampaikan kepada Badan Kepegawaian dan Pengembangan Sumber Daya Manusia paling lambat tanggal 31 Januari."
	pasal4AB = "Perangkat Daerah melaporkan pelaksanaan rencana sebagaimana dimaksud dalam Pasal 4 ayat (1) setiap semester."
	pasal4AC = "(1) Perangkat Daerah melaporkan pelaksanaan rencana sebagaimana dimaksud dalam Pasal 4 ayat (1) setiap triwulan.\n\n(2) Laporan sebagaimana dimaksud pada ayat (1) disampaikan secara elektronik."

	// The amendments: B changes ayat (2) of Pasal 4 and inserts Pasal 4A;
	// C changes the Pasal 4A that B inserted; D repeals Pasal 7.
	amendments = []Instruction{
		{Act: actB, Op: Replace, Pasal: pasal("4"), Ayat: 2, Text: ayat2New, Expect: ayat2Old},
		{Act: actB, Op: Insert, Pasal: pasal("4A"), After: pasal("4"), Text: pasal4AB},
		{Act: actC, Op: Replace, Pasal: pasal("4A"), Text: pasal4AC, Expect: pasal4AB},
		{Act: actD, Op: Repeal, Pasal: pasal("7")},
	}
)

// replace replaces old, which must be in s once, by new.
func replace(t *testing.T, s, old, new string) string {
	t.Helper()
	if strings.Count(s, old) != 1 {
		t.Fatalf("%q is not once in the text", old)
	}
	return strings.Replace(s, old, new, 1)
}

func TestConsolidateAtDates(t *testing.T) {
	afterB := replace(t, perwali, "(2) "+ayat2Old+"\n\n### Pasal 5", "(2) "+ayat2New+"\n\n### Pasal 4A\n\n"+pasal4AB+"\n\n### Pasal 5")
	afterC := replace(t, afterB, "### Pasal 4A\n\n"+pasal4AB, "### Pasal 4A\n\n"+pasal4AC)
	afterD := replace(t, afterC, "### Pasal 7\n\nPeraturan Wali Kota Nomor 12 Tahun 2019 tentang Pelatihan ASN dinyatakan masih berlaku sepanjang tidak bertentangan dengan Peraturan Wali Kota ini.\n", "### Pasal 7\n\nDihapus.\n")
	for _, tc := range []struct {
		at      string
		want    string
		pending int
		changed map[string]*Act // provision label: the act that last changed it
		repeal  string
	}{
		{at: "2026-06-30", want: perwali, pending: 4},
		{at: "2026-07-01", want: afterB, pending: 2, changed: map[string]*Act{"Pasal 4 ayat (2)": &actB, "Pasal 4A": &actB}},
		{at: "2026-09-30", want: afterB, pending: 2, changed: map[string]*Act{"Pasal 4 ayat (2)": &actB, "Pasal 4A": &actB}},
		{at: "2026-10-01", want: afterC, pending: 1, changed: map[string]*Act{"Pasal 4 ayat (2)": &actB, "Pasal 4A": &actC}},
		{at: "2027-03-15", want: afterD, changed: map[string]*Act{"Pasal 4 ayat (2)": &actB, "Pasal 4A": &actC, "Pasal 7": &actD}, repeal: "Pasal 7"},
	} {
		t.Run(tc.at, func(t *testing.T) {
			r := Consolidate(perwali, amendments, date(tc.at))
			if r.Text != tc.want {
				t.Fatalf("text at %s:\n%s\nwant:\n%s", tc.at, r.Text, tc.want)
			}
			if len(r.Misfits) != 0 || len(r.Pending) != tc.pending {
				t.Fatalf("misfits %v, %d pending; want none and %d", r.Misfits, len(r.Pending), tc.pending)
			}
			seen := map[string]bool{}
			for _, p := range r.Provisions {
				seen[p.Label()] = true
				want := tc.changed[p.Label()]
				switch {
				case want == nil && p.Changed != nil:
					t.Errorf("%s changed by %s, want as enacted", p.Label(), p.Changed.Act.Title)
				case want != nil && (p.Changed == nil || p.Changed.Act != *want):
					t.Errorf("%s changed by %+v, want %s", p.Label(), p.Changed, want.Title)
				}
				if p.Repealed != (p.Label() == tc.repeal) {
					t.Errorf("%s repealed: %v", p.Label(), p.Repealed)
				}
			}
			for label := range tc.changed {
				if !seen[label] {
					t.Errorf("no provision %s in the result", label)
				}
			}
			// Applied again to the consolidated text, the instructions
			// leave it as it is (an insertion that a later amendment
			// changed is then reported as taken, and not applied).
			if again := Consolidate(r.Text, amendments, date(tc.at)); again.Text != r.Text {
				t.Errorf("applied twice, the text changed:\n%s", again.Text)
			}
		})
	}
}

func TestConsolidateReportsMisfits(t *testing.T) {
	at := date("2027-06-01")
	later := Act{Title: "Peraturan Wali Kota Nomor 7 Tahun 2027", InForce: date("2027-05-01")}
	for _, tc := range []struct {
		name string
		in   Instruction
		want Reason
	}{
		{"target repealed earlier", Instruction{Act: later, Op: Replace, Pasal: pasal("7"), Text: "Ketentuan baru."}, TargetRepealed},
		{"target changed earlier", Instruction{Act: later, Op: Replace, Pasal: pasal("4A"), Text: "Ketentuan baru.", Expect: pasal4AB}, TargetChanged},
		{"ayat changed earlier", Instruction{Act: later, Op: Replace, Pasal: pasal("4"), Ayat: 2, Text: "Ketentuan baru.", Expect: ayat2Old}, TargetChanged},
		{"no such pasal", Instruction{Act: later, Op: Repeal, Pasal: pasal("12")}, TargetMissing},
		{"no such ayat", Instruction{Act: later, Op: Replace, Pasal: pasal("5"), Ayat: 3, Text: "Ketentuan baru."}, TargetMissing},
		{"number taken", Instruction{Act: later, Op: Insert, Pasal: pasal("4A"), After: pasal("4"), Text: "Ketentuan baru."}, NumberTaken},
		{"after 4A comes 4B", Instruction{Act: later, Op: Insert, Pasal: pasal("4C"), After: pasal("4"), Text: "Ketentuan baru."}, NumberMisfit},
		{"5A after Pasal 4", Instruction{Act: later, Op: Insert, Pasal: pasal("5A"), After: pasal("4"), Text: "Ketentuan baru."}, NumberMisfit},
		{"new text with a heading", Instruction{Act: later, Op: Replace, Pasal: pasal("5"), Text: "Ketentuan baru.\n\n### Pasal 9\n\nLain."}, BadText},
		{"insert of an ayat", Instruction{Act: later, Op: Insert, Pasal: pasal("5A"), Ayat: 1, After: pasal("5"), Text: "Ketentuan baru."}, BadOp},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ins := append(append([]Instruction(nil), amendments...), tc.in)
			r := Consolidate(perwali, ins, at)
			if len(r.Misfits) != 1 || r.Misfits[0].Reason != tc.want || r.Misfits[0].Index != len(amendments) {
				t.Fatalf("misfits %v, want one %s for instruction %d", r.Misfits, tc.want, len(amendments)+1)
			}
			if full := Consolidate(perwali, amendments, at); r.Text != full.Text {
				t.Errorf("a misfit changed the text:\n%s", r.Text)
			}
		})
	}
	// An insertion between 4A and 5, after Pasal 4A, fits.
	in := Instruction{Act: later, Op: Insert, Pasal: pasal("4B"), After: pasal("4A"), Text: "Ketentuan baru."}
	r := Consolidate(perwali, append(append([]Instruction(nil), amendments...), in), at)
	if len(r.Misfits) != 0 || !strings.Contains(r.Text, pasal4AC+"\n\n### Pasal 4B\n\nKetentuan baru.\n\n### Pasal 5\n") {
		t.Errorf("Pasal 4B after 4A: misfits %v, text:\n%s", r.Misfits, r.Text)
	}
}
