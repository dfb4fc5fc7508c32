package textdiff

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

var wordsCases = []struct {
	name string
	a, b string
	want []Op
}{
	{
		name: "both empty",
		want: nil,
	},
	{
		name: "identical",
		a:    "# Kebijakan Privasi\n\nSetiap pengguna berhak atas perlindungan data pribadi.\n",
		b:    "# Kebijakan Privasi\n\nSetiap pengguna berhak atas perlindungan data pribadi.\n",
		want: []Op{{Equal, "# Kebijakan Privasi\n\nSetiap pengguna berhak atas perlindungan data pribadi.\n"}},
	},
	{
		name: "from empty",
		b:    "Pasal 1",
		want: []Op{{Insert, "Pasal 1"}},
	},
	{
		name: "to empty",
		a:    "Pasal 1",
		want: []Op{{Delete, "Pasal 1"}},
	},
	{
		name: "insert word",
		a:    "Peraturan ini berlaku sejak tanggal diundangkan.",
		b:    "Peraturan ini mulai berlaku sejak tanggal diundangkan.",
		want: []Op{
			{Equal, "Peraturan ini "},
			{Insert, "mulai "},
			{Equal, "berlaku sejak tanggal diundangkan."},
		},
	},
	{
		name: "delete word",
		a:    "Data pribadi pengguna wajib dilindungi oleh penyelenggara.",
		b:    "Data pengguna wajib dilindungi oleh penyelenggara.",
		want: []Op{
			{Equal, "Data "},
			{Delete, "pribadi "},
			{Equal, "pengguna wajib dilindungi oleh penyelenggara."},
		},
	},
	{
		name: "replace word",
		a:    "Pegawai wajib melapor kepada atasan langsung.",
		b:    "Pegawai wajib melapor kepada pimpinan langsung.",
		want: []Op{
			{Equal, "Pegawai wajib melapor kepada "},
			{Delete, "atasan"},
			{Insert, "pimpinan"},
			{Equal, " langsung."},
		},
	},
	{
		name: "replace number",
		a:    "Permohonan diajukan paling lambat 14 hari kerja.",
		b:    "Permohonan diajukan paling lambat 30 hari kerja.",
		want: []Op{
			{Equal, "Permohonan diajukan paling lambat "},
			{Delete, "14"},
			{Insert, "30"},
			{Equal, " hari kerja."},
		},
	},
	{
		name: "append words before punctuation",
		a:    "Keputusan ini berlaku sejak ditetapkan.",
		b:    "Keputusan ini berlaku sejak ditetapkan dan diumumkan.",
		want: []Op{
			{Equal, "Keputusan ini berlaku sejak ditetapkan"},
			{Insert, " dan diumumkan"},
			{Equal, "."},
		},
	},
	{
		name: "adjacent replacements merge",
		a:    "Hak akses diberikan kepada kepala bagian.",
		b:    "Hak akses diberikan kepada direktur utama.",
		want: []Op{
			{Equal, "Hak akses diberikan kepada "},
			{Delete, "kepala bagian"},
			{Insert, "direktur utama"},
			{Equal, "."},
		},
	},
	{
		name: "insert paragraph",
		a:    "# Kebijakan\n\nPasal 1\n\nPasal 3\n",
		b:    "# Kebijakan\n\nPasal 1\n\nPasal 2\n\nPasal 3\n",
		want: []Op{
			{Equal, "# Kebijakan\n\nPasal 1\n\n"},
			{Insert, "Pasal 2\n\n"},
			{Equal, "Pasal 3\n"},
		},
	},
	{
		name: "edits on two lines",
		a:    "- Karyawan tetap\n- Karyawan kontrak\n- Tamu\n",
		b:    "- Pegawai tetap\n- Karyawan kontrak\n- Tamu undangan\n",
		want: []Op{
			{Equal, "- "},
			{Delete, "Karyawan"},
			{Insert, "Pegawai"},
			{Equal, " tetap\n- Karyawan kontrak\n- Tamu"},
			{Insert, " undangan"},
			{Equal, "\n"},
		},
	},
	{
		name: "html special characters",
		a:    "a & b <script>alert(1)</script>",
		b:    "a & c <script>alert(2)</script>",
		want: []Op{
			{Equal, "a & "},
			{Delete, "b"},
			{Insert, "c"},
			{Equal, " <script>alert("},
			{Delete, "1"},
			{Insert, "2"},
			{Equal, ")</script>"},
		},
	},
}

func TestWords(t *testing.T) {
	for _, tc := range wordsCases {
		t.Run(tc.name, func(t *testing.T) {
			got := Words(tc.a, tc.b)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Words(%q, %q)\n got %q\nwant %q", tc.a, tc.b, got, tc.want)
			}
			checkOps(t, tc.a, tc.b, got)
		})
	}
}

// checkOps verifies that ops reconstruct a and b and are well formed.
func checkOps(t testing.TB, a, b string, ops []Op) {
	t.Helper()
	var ra, rb strings.Builder
	for i, op := range ops {
		if op.Text == "" {
			t.Fatalf("op %d is empty: %q", i, ops)
		}
		if i > 0 && ops[i-1].Kind == op.Kind {
			t.Fatalf("ops %d and %d have the same kind %v", i-1, i, op.Kind)
		}
		switch op.Kind {
		case Equal:
			ra.WriteString(op.Text)
			rb.WriteString(op.Text)
		case Delete:
			ra.WriteString(op.Text)
		case Insert:
			rb.WriteString(op.Text)
		default:
			t.Fatalf("op %d has kind %v", i, op.Kind)
		}
	}
	if ra.String() != a {
		t.Fatalf("Equal+Delete does not rebuild a:\n got %q\nwant %q", ra.String(), a)
	}
	if rb.String() != b {
		t.Fatalf("Equal+Insert does not rebuild b:\n got %q\nwant %q", rb.String(), b)
	}
}

var vocab = []string{
	"pasal", "ayat", "yang", "dan", "data", "pribadi", "wajib", "pengguna",
	"1", "2", "2024", "ketentuan", " ", " ", " ", "\n", "\n\n", ".", ",", "-", "#", "é", "ö",
}

func randomText(r *rand.Rand, n int) string {
	var sb strings.Builder
	for range n {
		sb.WriteString(vocab[r.IntN(len(vocab))])
	}
	return sb.String()
}

// mutate applies a few random token-level edits to s.
func mutate(r *rand.Rand, s string, edits int) string {
	for range edits {
		pos := 0
		if len(s) > 0 {
			pos = r.IntN(len(s) + 1)
		}
		switch r.IntN(3) {
		case 0: // insert
			s = s[:pos] + vocab[r.IntN(len(vocab))] + s[pos:]
		case 1: // delete a few bytes
			end := min(len(s), pos+r.IntN(8))
			s = s[:pos] + s[end:]
		case 2: // replace
			end := min(len(s), pos+r.IntN(8))
			s = s[:pos] + randomText(r, 1+r.IntN(3)) + s[end:]
		}
	}
	return s
}

func TestWordsReconstructRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 500 {
		a := randomText(r, r.IntN(60))
		var b string
		if i%2 == 0 {
			b = randomText(r, r.IntN(60))
		} else {
			b = mutate(r, a, 1+r.IntN(6))
		}
		checkOps(t, a, b, Words(a, b))
	}
}

func TestHTML(t *testing.T) {
	const evil = "<script>alert(1)</script> & \"x\"\n"
	const esc = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;x&#34;\n"
	tests := []struct {
		name string
		ops  []Op
		want string
	}{
		{"empty", nil, ""},
		{"equal", []Op{{Equal, evil}}, esc},
		{"insert", []Op{{Insert, evil}}, "<ins>" + esc + "</ins>"},
		{"delete", []Op{{Delete, evil}}, "<del>" + esc + "</del>"},
		{
			"mixed",
			[]Op{{Equal, "a & "}, {Delete, "<b>"}, {Insert, "<i>"}, {Equal, "\nakhir"}},
			"a &amp; <del>&lt;b&gt;</del><ins>&lt;i&gt;</ins>\nakhir",
		},
		{"invalid utf8", []Op{{Insert, "a\xffb"}}, "<ins>a\uFFFDb</ins>"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(HTML(tc.ops)); got != tc.want {
				t.Errorf("HTML(%q)\n got %q\nwant %q", tc.ops, got, tc.want)
			}
		})
	}
}

func TestStats(t *testing.T) {
	tests := []struct {
		name     string
		a, b     string
		ins, del int
	}{
		{"identical", "Pasal 1 ayat 2.", "Pasal 1 ayat 2.", 0, 0},
		{"insert", "Data wajib dilindungi.", "Data pribadi wajib dilindungi.", 1, 0},
		{"delete", "Data pribadi wajib dilindungi.", "Data wajib dilindungi.", 0, 1},
		{"replace", "kucing hitam", "anjing putih besar", 3, 2},
		{"punctuation only", "Pasal 1, ayat 2.", "Pasal 1; ayat 2!", 0, 0},
		{"numbers count", "Tahun 2023", "Tahun 2024 (revisi)", 2, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ins, del := Stats(Words(tc.a, tc.b))
			if ins != tc.ins || del != tc.del {
				t.Errorf("Stats(Words(%q, %q)) = %d, %d; want %d, %d", tc.a, tc.b, ins, del, tc.ins, tc.del)
			}
		})
	}
}

var docWords = strings.Fields(`peraturan ini mengatur tentang perlindungan data pribadi
pengguna layanan yang diselenggarakan oleh perusahaan setiap pegawai wajib menjaga
kerahasiaan informasi dan melaporkan pelanggaran kepada atasan langsung paling lambat
hari kerja sejak diketahui ketentuan lebih lanjut ditetapkan dengan keputusan direksi`)

// policyDoc generates a Markdown policy document of about size bytes.
func policyDoc(r *rand.Rand, size int) string {
	var sb strings.Builder
	sb.WriteString("# Kebijakan Keamanan Informasi\n\n")
	for pasal := 1; sb.Len() < size; pasal++ {
		fmt.Fprintf(&sb, "## Pasal %d\n\n", pasal)
		for ayat := 1; ayat <= 1+r.IntN(4); ayat++ {
			fmt.Fprintf(&sb, "(%d) ", ayat)
			for w := range 8 + r.IntN(30) {
				if w > 0 {
					sb.WriteByte(' ')
				}
				sb.WriteString(docWords[r.IntN(len(docWords))])
				if r.IntN(12) == 0 {
					sb.WriteByte(',')
				}
			}
			sb.WriteString(".\n")
		}
		sb.WriteByte('\n')
	}
	return sb.String()
}

// editDoc replaces, inserts or deletes a word at n scattered places.
func editDoc(r *rand.Rand, doc string, n int) string {
	words := strings.SplitAfter(doc, " ")
	for range n {
		i := r.IntN(len(words))
		switch r.IntN(3) {
		case 0:
			words[i] = "baru "
		case 1:
			words[i] = words[i] + "tambahan "
		case 2:
			words[i] = ""
		}
	}
	return strings.Join(words, "")
}

func TestWordsLargeUnrelated(t *testing.T) {
	a := policyDoc(rand.New(rand.NewPCG(1, 1)), 512<<10)
	b := policyDoc(rand.New(rand.NewPCG(2, 2)), 512<<10)
	checkOps(t, a, b, Words(a, b))

	// Unrelated texts sharing no line at all.
	c := strings.Repeat("alpha beta gamma\n", 512<<10/17)
	d := strings.Repeat("delta, epsilon; zeta!\n", 512<<10/22)
	checkOps(t, c, d, Words(c, d))
}

func TestWordsLargeManyEdits(t *testing.T) {
	// Enough edits to exceed the token edit-distance limit, so the
	// line-then-word fallback is used; it must still find small changes.
	r := rand.New(rand.NewPCG(3, 3))
	a := policyDoc(r, 512<<10)
	b := editDoc(r, a, 3000)
	ops := Words(a, b)
	checkOps(t, a, b, ops)
	ins, del := Stats(ops)
	// About 2000 words each way are expected; a whole-block fallback would
	// report tens of thousands.
	if ins > 4000 || del > 4000 {
		t.Errorf("Stats = %d inserted, %d deleted words for 3000 one-word edits; fallback too coarse", ins, del)
	}
}

func TestWordsLargeRename(t *testing.T) {
	// A term renamed throughout changes most lines; the changed lines are
	// then diffed pairwise, so only the renamed words are reported.
	a := policyDoc(rand.New(rand.NewPCG(5, 5)), 512<<10)
	b := strings.ReplaceAll(a, " data ", " informasi ")
	n := strings.Count(a, " data ")
	ops := Words(a, b)
	checkOps(t, a, b, ops)
	ins, del := Stats(ops)
	if ins > n*11/10 || del > n*11/10 {
		t.Errorf("Stats = %d inserted, %d deleted words for %d renamed words", ins, del, n)
	}
}

func BenchmarkWords30KB(b *testing.B) {
	r := rand.New(rand.NewPCG(4, 4))
	a := policyDoc(r, 30<<10)
	c := editDoc(r, a, 50)
	b.SetBytes(int64(len(a) + len(c)))
	b.ReportAllocs()
	for b.Loop() {
		Words(a, c)
	}
}

func BenchmarkWordsUnrelated512KB(b *testing.B) {
	a := policyDoc(rand.New(rand.NewPCG(1, 1)), 512<<10)
	c := policyDoc(rand.New(rand.NewPCG(2, 2)), 512<<10)
	b.SetBytes(int64(len(a) + len(c)))
	for b.Loop() {
		Words(a, c)
	}
}

func FuzzWords(f *testing.F) {
	for _, tc := range wordsCases {
		f.Add(tc.a, tc.b)
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		ops := Words(a, b)
		checkOps(t, a, b, ops)
		h := string(HTML(ops))
		for _, tag := range []string{"<ins>", "</ins>", "<del>", "</del>"} {
			h = strings.ReplaceAll(h, tag, "")
		}
		if strings.ContainsAny(h, "<>") {
			t.Fatalf("HTML leaks markup: %q", HTML(ops))
		}
	})
}
