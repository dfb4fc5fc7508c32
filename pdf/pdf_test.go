package pdf_test

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/internal/pdftest"
	"github.com/policyflow/policyflow/naskah"
	"github.com/policyflow/policyflow/pdf"
	"github.com/policyflow/policyflow/policies"
)

// Perwali is a regulation in the convention: two BAB, five Pasal, ayat
// and huruf, Menimbang and Mengingat.
const Perwali = `# PERATURAN WALI KOTA SAWAHLUNTO TENTANG PENGEMBANGAN KOMPETENSI APARATUR SIPIL NEGARA

DENGAN RAHMAT TUHAN YANG MAHA ESA

WALI KOTA SAWAHLUNTO,

Menimbang:

a. bahwa pengembangan kompetensi merupakan hak setiap Pegawai Aparatur Sipil Negara untuk meningkatkan kinerja dan pelayanan publik di Kota Sawahlunto;

b. bahwa pelaksanaan pengembangan kompetensi perlu diatur agar terencana, terukur dan merata di seluruh perangkat daerah;

c. bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a dan huruf b, perlu menetapkan Peraturan Wali Kota tentang Pengembangan Kompetensi Aparatur Sipil Negara;

Mengingat:

1. Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara (Lembaran Negara Republik Indonesia Tahun 2023 Nomor 141);

2. Peraturan Pemerintah Nomor 11 Tahun 2017 tentang Manajemen Pegawai Negeri Sipil;

MEMUTUSKAN:

Menetapkan: PERATURAN WALI KOTA TENTANG PENGEMBANGAN KOMPETENSI APARATUR SIPIL NEGARA.

## BAB I KETENTUAN UMUM

### Pasal 1

Dalam Peraturan Wali Kota ini yang dimaksud dengan:

1. Daerah adalah Kota Sawahlunto.

2. Pegawai Aparatur Sipil Negara yang selanjutnya disebut Pegawai ASN adalah pegawai negeri sipil dan pegawai pemerintah dengan perjanjian kerja.

## BAB II PENGEMBANGAN KOMPETENSI

### Pasal 2

(1) Setiap Pegawai ASN berhak memperoleh pengembangan kompetensi paling sedikit 20 (dua puluh) jam pelajaran dalam 1 (satu) tahun.

(2) Pengembangan kompetensi sebagaimana dimaksud pada ayat (1) meliputi:

a. kompetensi teknis;

b. kompetensi manajerial; dan

c. kompetensi sosial kultural.

### Pasal 3

Perangkat daerah menyusun rencana pengembangan kompetensi setiap tahun.

### Pasal 4

(1) Badan Kepegawaian dan Pengembangan Sumber Daya Manusia mengoordinasikan pelaksanaan pengembangan kompetensi.

(2) Hasil pengembangan kompetensi dievaluasi setiap 6 (enam) bulan.

### Pasal 5

Peraturan Wali Kota ini mulai berlaku pada tanggal diundangkan.

Agar setiap orang mengetahuinya, memerintahkan pengundangan Peraturan Wali Kota ini dengan penempatannya dalam Berita Daerah Kota Sawahlunto.
`

// enacted is the Perwali enacted (number 12, signed by a Plt.) and
// promulgated (Berita Daerah number 17), as package naskah builds it.
func enacted(paper string) naskah.Document {
	sum := policies.ContentHash(Perwali)
	promulgated := time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)
	office, name, gazetteYear, gazetteNumber := "Sekretaris Daerah Kota Sawahlunto", "Ambun Kadri", 2026, 17
	return naskah.New(naskah.Source{
		Policy:  policies.Policy{Title: "Pengembangan Kompetensi Aparatur Sipil Negara"},
		Version: policies.Version{Markdown: Perwali, SHA256: sum, CreatedAt: time.Date(2026, 12, 3, 9, 30, 0, 0, time.UTC)},
		Region:  policies.Region{Name: "Kota Sawahlunto", PaperSize: policies.PaperSize(paper)},
		Enactment: &policies.Enactment{Form: policies.FormPerwali, Number: 12, Year: 2026,
			Place: "Sawahlunto", EnactedOn: time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC),
			Capacity: policies.SignPlt, PrincipalTitle: "Wali Kota Sawahlunto", SignerName: "Ahmad Rifai",
			PromulgatedOn: &promulgated, PromulgatorTitle: &office, PromulgatorName: &name,
			GazetteYear: &gazetteYear, GazetteNumber: &gazetteNumber},
		VerifyURL: "https://policyflow.example.go.id/verifikasi/" + sum,
	})
}

// draft is the same Perwali as a draft: no number, no signature yet.
func draft(paper string) naskah.Document {
	d := enacted(paper)
	return naskah.New(naskah.Source{
		Policy:    policies.Policy{Title: d.PolicyTitle},
		Version:   policies.Version{Markdown: Perwali, SHA256: d.SHA256, CreatedAt: d.Date},
		Region:    policies.Region{Name: "Kota Sawahlunto", PaperSize: policies.PaperSize(paper)},
		VerifyURL: d.VerifyURL,
	})
}

func render(t *testing.T, d naskah.Document) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := pdf.Render(&buf, d); err != nil {
		t.Fatalf("Render: %v", err)
	}
	return buf.Bytes()
}

func TestEnactedPerwaliText(t *testing.T) {
	d := enacted("F4")
	file := pdftest.File(t, render(t, d))
	ps := pdftest.Pages(t, file)
	if len(ps) < 2 {
		t.Fatalf("want at least 2 pages on F4, got %d", len(ps))
	}
	all := pdftest.Flat(strings.Join(ps, "\n"))
	for _, want := range []string{
		"PERATURAN WALI KOTA SAWAHLUNTO", "NOMOR 12 TAHUN 2026", "TENTANG",
		"PENGEMBANGAN KOMPETENSI APARATUR SIPIL NEGARA",
		"DENGAN RAHMAT TUHAN YANG MAHA ESA", "WALI KOTA SAWAHLUNTO,",
		"Menimbang : a. bahwa pengembangan kompetensi", "Mengingat : 1. Undang-Undang Nomor 20 Tahun 2023",
		"MEMUTUSKAN:", "Menetapkan : PERATURAN WALI KOTA TENTANG",
		"BAB I", "KETENTUAN UMUM", "BAB II", "PENGEMBANGAN KOMPETENSI",
		"(1) Setiap Pegawai ASN berhak", "a. kompetensi teknis;",
		"Ditetapkan di Sawahlunto", "pada tanggal 3 Desember 2026", "Plt. WALI KOTA SAWAHLUNTO,", "AHMAD RIFAI",
		"Diundangkan di Sawahlunto", "pada tanggal 4 Desember 2026", "SEKRETARIS DAERAH KOTA SAWAHLUNTO,", "AMBUN KADRI",
		"BERITA DAERAH KOTA SAWAHLUNTO TAHUN 2026 NOMOR 17",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	for n := 1; n <= 5; n++ {
		if !regexp.MustCompile(`(?m)^\s+Pasal ` + strconv.Itoa(n) + `\s*$`).MatchString(strings.Join(ps, "\n")) {
			t.Errorf("Pasal %d is not a centered line of its own", n)
		}
	}
	// The order of the parts is the regulation's.
	order := []string{"DENGAN RAHMAT", "Menimbang", "Mengingat", "MEMUTUSKAN", "BAB I", "Pasal 1", "BAB II", "Pasal 5", "Ditetapkan di", "Diundangkan di", "BERITA DAERAH"}
	last := -1
	for _, o := range order {
		i := strings.Index(all, o)
		if i <= last {
			t.Errorf("%q out of order", o)
		}
		last = i
	}
	for i, p := range ps {
		fp := pdftest.Flat(p)
		if want := fmt.Sprintf("Halaman %d dari %d", i+1, len(ps)); !strings.Contains(fp, want) {
			t.Errorf("page %d lacks %q", i+1, want)
		}
		if !strings.Contains(fp, "SHA-256: "+d.SHA256) {
			t.Errorf("page %d lacks the full SHA-256", i+1)
		}
		if strings.Contains(p, "RANCANGAN") {
			t.Errorf("page %d of an enacted regulation says RANCANGAN", i+1)
		}
	}
}

func TestDraftSaysRancanganOnEveryPage(t *testing.T) {
	d := draft("A4")
	ps := pdftest.Pages(t, pdftest.File(t, render(t, d)))
	if len(ps) < 2 {
		t.Fatalf("want at least 2 pages, got %d", len(ps))
	}
	for i, p := range ps {
		if !strings.Contains(p, "RANCANGAN") {
			t.Errorf("draft page %d lacks RANCANGAN", i+1)
		}
		if !strings.Contains(pdftest.Flat(p), fmt.Sprintf("Halaman %d dari %d", i+1, len(ps))) {
			t.Errorf("draft page %d lacks its number", i+1)
		}
	}
	all := pdftest.Flat(strings.Join(ps, "\n"))
	// The body is still there to read under the mark.
	for _, want := range []string{"NOMOR …………", "MEMUTUSKAN:", "Pasal 5", "WALI KOTA SAWAHLUNTO,", "Ditetapkan di Sawahlunto"} {
		if !strings.Contains(all, want) {
			t.Errorf("draft text lacks %q", want)
		}
	}
}

func TestPaperSize(t *testing.T) {
	for paper, want := range map[string]string{"F4": "609.45 x 935.43 pts", "A4": "595.28 x 841.89 pts"} {
		info := pdftest.Tool(t, "pdfinfo", pdftest.File(t, render(t, enacted(paper))))
		if !strings.Contains(info, want) {
			t.Errorf("%s: pdfinfo says\n%s\nwant page size %s", paper, info, want)
		}
	}
	if err := pdf.Render(&bytes.Buffer{}, naskah.Document{Paper: "Letter"}); err == nil {
		t.Error("Letter paper accepted")
	}
}

func TestQRCodeOnEveryPageOpensVerification(t *testing.T) {
	d := enacted("F4")
	file := pdftest.File(t, render(t, d))
	imgs := pdftest.PageImages(t, file)
	n := len(pdftest.Pages(t, file))
	if len(imgs) != n {
		t.Fatalf("pdftoppm made %d images of %d pages", len(imgs), n)
	}
	for _, p := range imgs {
		text, err := pdftest.QRCode(t, p)
		if err != nil {
			t.Fatalf("%s: no QR code read: %v", filepath.Base(p), err)
		}
		if text != d.VerifyURL {
			t.Errorf("%s: QR code says %q, want %q", filepath.Base(p), text, d.VerifyURL)
		}
	}
}

func TestDeterministic(t *testing.T) {
	for _, d := range []naskah.Document{enacted("F4"), {Title: "Kebijakan", Heading: naskah.Heading{Title: "KEBIJAKAN"}, Body: "# Kebijakan\n\n## Tujuan\n\nTeks.", SHA256: policies.ContentHash("x"), VerifyURL: "http://x/verifikasi/1", Draft: true}} {
		a, b := render(t, d), render(t, d)
		if !bytes.Equal(a, b) {
			t.Errorf("%q: two renders differ", d.Title)
		}
	}
}

func TestNarrativeAndFast(t *testing.T) {
	var md strings.Builder
	md.WriteString("# Kebijakan Pengembangan Kompetensi ASN\n\n")
	for i := 0; md.Len() < 30<<10; i++ {
		fmt.Fprintf(&md, "## Bagian %d\n\nPengembangan kompetensi **ASN** dilaksanakan melalui [pelatihan](https://example.org) klasikal dan nonklasikal, dengan evaluasi berkala oleh BKPSDM serta laporan kepada Wali Kota.\n\n- butir pertama\n- butir kedua\n\n| Unit | JP |\n|---|---|\n| Dinkes | 20 |\n\n", i)
	}
	d := naskah.Document{Title: "Kebijakan Pengembangan Kompetensi ASN", Heading: naskah.Heading{Title: "KEBIJAKAN PENGEMBANGAN KOMPETENSI ASN"}, Body: md.String(), SHA256: policies.ContentHash(md.String()), VerifyURL: "http://127.0.0.1:8080/verifikasi/" + policies.ContentHash(md.String())}
	start := time.Now()
	b := render(t, d)
	if el := time.Since(start); el > 900*time.Millisecond {
		t.Errorf("a 30 KB policy took %v", el)
	}
	all := pdftest.Flat(strings.Join(pdftest.Pages(t, pdftest.File(t, b)), "\n"))
	for _, want := range []string{"KEBIJAKAN PENGEMBANGAN KOMPETENSI ASN", "Bagian 0", "• butir pertama", "Dinkes | 20", "pelatihan klasikal"} {
		if !strings.Contains(all, want) {
			t.Errorf("narrative text lacks %q", want)
		}
	}
	if strings.Contains(all, "**") || strings.Contains(all, "](") {
		t.Error("Markdown marks left in the text")
	}
}

// The official PDF is set in the Bookman-metric face (UU 12/2011,
// Lampiran II, C.284: Bookman Old Style 12 on F4), embedded so that no
// reader substitutes another font: pdffonts lists only the bonum faces
// (fpdf names them utf8bonum, utf8bonumB, utf8bonumI), every one embedded;
// the embedded font programs name themselves Policyflow Bonum (TeX Gyre
// Bonum converted, see pdf/fonts/README.md); the page is F4.
func TestBookmanFaceEmbedded(t *testing.T) {
	b := render(t, enacted("F4"))
	file := pdftest.File(t, b)
	out := pdftest.Tool(t, "pdffonts", file)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	faces := map[string]bool{}
	for _, l := range lines[min(2, len(lines)):] {
		f := strings.Fields(l)
		if len(f) < 7 {
			t.Fatalf("pdffonts line %q", l)
		}
		name, emb := f[0], f[len(f)-5]
		if !strings.HasPrefix(name, "utf8bonum") {
			t.Errorf("font %s is not the Bookman-metric face", name)
		}
		if emb != "yes" {
			t.Errorf("font %s: emb %s, want yes", name, emb)
		}
		faces[name] = true
	}
	for _, want := range []string{"utf8bonum", "utf8bonumB"} {
		if !faces[want] {
			t.Errorf("pdffonts lacks %s:\n%s", want, out)
		}
	}
	programs := embeddedStreams(t, b)
	for _, want := range []string{"PolicyflowBonum-Regular", "PolicyflowBonum-Bold"} {
		if !strings.Contains(programs, want) {
			t.Errorf("no embedded font program names itself %s", want)
		}
	}
	if info := pdftest.Tool(t, "pdfinfo", file); !strings.Contains(info, "609.45 x 935.43 pts") {
		t.Errorf("pdfinfo says\n%s\nwant F4 (215 × 330 mm = 609.45 x 935.43 pts)", info)
	}
}

// embeddedStreams is every Flate stream of a PDF, inflated and joined.
func embeddedStreams(t *testing.T, b []byte) string {
	t.Helper()
	var all strings.Builder
	for rest := b; ; {
		i := bytes.Index(rest, []byte("stream\n"))
		if i < 0 {
			break
		}
		rest = rest[i+len("stream\n"):]
		j := bytes.Index(rest, []byte("endstream"))
		if j < 0 {
			break
		}
		if r, err := zlib.NewReader(bytes.NewReader(rest[:j])); err == nil {
			raw, _ := io.ReadAll(r)
			all.Write(raw)
		}
		rest = rest[j+len("endstream"):]
	}
	return all.String()
}
