package docx_test

import (
	"archive/zip"
	"bytes"
	"crypto/rand"
	"errors"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/docx"
)

// headings lists a Markdown text's ATX headings, "## Title" each.
func headings(md string) []string {
	return regexp.MustCompile(`(?m)^#{1,6} .*$`).FindAllString(md, -1)
}

// A document made as Word makes one (testdata/makedocx.go): its heading
// styles become sections, its numbered and bulleted lists and its table
// survive.
func TestImportWordDocument(t *testing.T) {
	f, err := os.Open("testdata/kebijakan.docx")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	md, err := docx.Import(t.Context(), f, "Kebijakan.DOCX")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"# Peraturan Wali Kota tentang Pengembangan Kompetensi ASN",
		"## Pendahuluan", "## Sasaran", "## Jalur Pengembangan", "### Alokasi Jam Pelajaran", "## Penutup",
	}
	if got := headings(md); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("headings %q, want %q\n%s", got, want, md)
	}
	for _, re := range []string{
		`(?m)^1\.\s+Meningkatkan kompetensi teknis$`,
		`(?m)^2\.\s+Meningkatkan kompetensi manajerial$`,
		`(?m)^3\.\s+Meningkatkan kompetensi sosial kultural$`,
		`(?m)^-\s+Pelatihan klasikal$`,
		`(?m)^-\s+Pelatihan nonklasikal$`,
		`(?m)^\|\s*Jenis\s*\|\s*JP minimum\s*\|\s*Pelaksana\s*\|$`,
		`(?m)^\|[-:|]+\|$`,
		`(?m)^\|\s*Pelatihan teknis\s*\|\s*20\s*\|\s*BKPSDM\s*\|$`,
		`(?m)^\|\s*Seminar\s*\|\s*8\s*\|\s*Unit kerja\s*\|$`,
		`(?m)^Peraturan ini mulai berlaku pada tanggal diundangkan\.$`,
	} {
		if !regexp.MustCompile(re).MatchString(md) {
			t.Errorf("no line matching %s in\n%s", re, md)
		}
	}
	if strings.Contains(md, "\r") || strings.Contains(md, "<") || strings.Contains(md, "\n\n\n") {
		t.Errorf("not normalized Markdown:\n%q", md)
	}
}

const policy = `# Peraturan Uji Ekspor

## Pendahuluan

Teks *pendahuluan* dengan **penekanan**. ![logo](/etc/passwd) <b>mentah</b>

## Sasaran

1. Kompetensi teknis
2. Kompetensi manajerial

- Pelatihan klasikal
- Pelatihan nonklasikal

## Alokasi

| Jenis | JP |
|---|---|
| Pelatihan | 20 |
`

// Export writes Word's heading styles, numbering and a table, no image,
// and the title; imported again it gives the same sections and text.
func TestExportThenImport(t *testing.T) {
	out, err := docx.Export(t.Context(), policy, "Peraturan <Uji> Ekspor")
	if err != nil {
		t.Fatal(err)
	}
	parts := unzip(t, out)
	doc := parts["word/document.xml"]
	for _, want := range []string{`w:val="Heading1"`, `w:val="Heading2"`, `<w:numPr>`, `<w:tbl>`} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	if strings.Contains(doc, "passwd") || strings.Contains(doc, "mentah</") && strings.Contains(doc, "<b>") {
		t.Errorf("document.xml keeps the image or raw HTML")
	}
	for name := range parts {
		if strings.HasPrefix(name, "word/media/") {
			t.Errorf("export holds media %s", name)
		}
	}
	if !strings.Contains(parts["docProps/core.xml"], "<dc:title>Peraturan &lt;Uji&gt; Ekspor</dc:title>") {
		t.Errorf("core.xml has no title: %s", parts["docProps/core.xml"])
	}
	back, err := docx.Import(t.Context(), bytes.NewReader(out), "ekspor.docx")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := headings(back), headings(policy); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("headings after the round trip %q, want %q", got, want)
	}
	for _, re := range []string{`(?m)^1\.\s+Kompetensi teknis$`, `(?m)^-\s+Pelatihan klasikal$`, `(?m)^\|\s*Pelatihan\s*\|\s*20\s*\|$`,
		`Teks \*pendahuluan\* dengan \*\*penekanan\*\*\. logo mentah`} {
		if !regexp.MustCompile(re).MatchString(back) {
			t.Errorf("no match for %s after the round trip:\n%s", re, back)
		}
	}
}

// The same text, title and date give the same document.
func TestExportIsDeterministic(t *testing.T) {
	at := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	a, err := docx.ExportAt(t.Context(), policy, "Uji", at)
	if err != nil {
		t.Fatal(err)
	}
	b, err := docx.ExportAt(t.Context(), policy, "Uji", at.Add(0))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("two exports of one text differ")
	}
	if core := unzip(t, a)["docProps/core.xml"]; !strings.Contains(core, "2026-03-02T08:00:00Z") {
		t.Errorf("core.xml not dated: %s", core)
	}
}

func unzip(t *testing.T, b []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("export is not a zip: %v", err)
	}
	out := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		out[f.Name] = string(data)
	}
	return out
}

func zipOf(t *testing.T, files map[string][]byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, data := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// bomb is a small zip whose document.xml inflates past the bound.
func bomb(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.Create("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 1<<20)
	for range docx.MaxUncompressedBytes>>20 + 1 {
		w.Write(chunk)
	}
	zw.Close()
	return b.Bytes()
}

// Files that are not what they claim are refused with their reason.
func TestImportRefusals(t *testing.T) {
	random := make([]byte, 4096)
	rand.Read(random)
	big := make([]byte, docx.MaxFileBytes+1)
	b := bomb(t)
	if len(b) > 1<<20 {
		t.Fatalf("the bomb is %d bytes: not a bomb", len(b))
	}
	cases := []struct {
		name string
		data []byte
		want error
	}{
		{"acak.docx", random, docx.ErrNotZip},
		{"kosong.docx", nil, docx.ErrNotZip},
		{"tanpa-dokumen.docx", zipOf(t, map[string][]byte{"word/styles.xml": []byte("<w:styles/>")}), docx.ErrNoDocument},
		{"bom.docx", b, docx.ErrZipBomb},
		{"terenkripsi.docx", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, random...), docx.ErrEncrypted},
		{"besar.docx", big, docx.ErrTooLarge},
		{"rusak.docx", zipOf(t, map[string][]byte{"word/document.xml": []byte("<bukan xml")}), docx.ErrUnreadable},
		{"laporan.pdf", []byte("%PDF-1.7"), docx.ErrFileType},
		{"biner.txt", []byte("a\xffb"), docx.ErrNotText},
		{"nul.md", []byte("a\x00b"), docx.ErrNotText},
		{"kosong.md", []byte(" \n\n"), docx.ErrEmpty},
		{"panjang.md", bytes.Repeat([]byte("kata "), docx.MaxMarkdownBytes/5+1), docx.ErrTextTooLong},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			md, err := docx.Import(t.Context(), bytes.NewReader(c.data), c.name)
			if !errors.Is(err, c.want) {
				t.Errorf("err %v, want %v (markdown %.80q)", err, c.want, md)
			}
		})
	}
}

// Plain text is taken as Markdown, with its line ends and a BOM tidied.
func TestImportText(t *testing.T) {
	md, err := docx.Import(t.Context(), strings.NewReader("\xef\xbb\xbf# Judul\r\n\r\n\r\n\r\n## Bagian  \r\nIsi.\r\n"), "draf.txt")
	if err != nil {
		t.Fatal(err)
	}
	if want := "# Judul\n\n## Bagian\nIsi.\n"; md != want {
		t.Errorf("got %q, want %q", md, want)
	}
}

// wordFile is a .docx as Word writes one, built part by part: paragraphs
// ([style, text], style "" for Normal) with Word's built-in Title and
// heading styles defined in styles.xml, and the file's own properties
// (a dc:title, as Word fills in from the first line).
func wordFile(t *testing.T, paras [][2]string) []byte {
	t.Helper()
	const ns = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`
	var body strings.Builder
	for _, p := range paras {
		body.WriteString(`<w:p>`)
		if p[0] != "" {
			body.WriteString(`<w:pPr><w:pStyle w:val="` + p[0] + `"/></w:pPr>`)
		}
		body.WriteString(`<w:r><w:t xml:space="preserve">` + p[1] + `</w:t></w:r></w:p>`)
	}
	style := func(id, name, size string, level int) string {
		outline := ""
		if level > 0 {
			outline = `<w:outlineLvl w:val="` + string(rune('0'+level-1)) + `"/>`
		}
		return `<w:style w:type="paragraph" w:styleId="` + id + `"><w:name w:val="` + name + `"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/>` + outline + `</w:pPr><w:rPr><w:sz w:val="` + size + `"/></w:rPr></w:style>`
	}
	return zipOf(t, map[string][]byte{
		"[Content_Types].xml": []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`),
		"_rels/.rels": []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`),
		"word/_rels/document.xml.rels": []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`),
		"word/document.xml": []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document ` + ns + `><w:body>` + body.String() + `<w:sectPr><w:pgSz w:w="12240" w:h="18720"/></w:sectPr></w:body></w:document>`),
		"word/styles.xml": []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles ` + ns + `><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
			style("Title", "Title", "56", 0) + style("Heading1", "heading 1", "32", 1) + style("Heading2", "heading 2", "28", 2) + style("Heading3", "heading 3", "24", 3) + `</w:styles>`),
		"docProps/core.xml": []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Properti Judul Berkas</dc:title><dc:creator>Bagian Hukum</dc:creator></cp:coreProperties>`),
	})
}

// A Word document keeps its outline: with a Title paragraph the title is
// "# Title" and Heading 1, 2, 3 are "##", "###", "####"; without one the
// first Heading 1 is the title (today's documents, kebijakan.docx); a
// Title over sections in Heading 2 keeps them "##". The file's title
// property is never taken for a heading.
func TestImportWordTitleAndHeadings(t *testing.T) {
	cases := []struct {
		name  string
		paras [][2]string
		want  []string
	}{
		{"judul-dan-heading.docx", [][2]string{
			{"Title", "Peraturan Wali Kota tentang Jam Kerja"},
			{"", "Rancangan untuk dibahas."},
			{"Heading1", "Ketentuan Umum"},
			{"", "Dalam peraturan ini yang dimaksud dengan hari kerja adalah hari Senin sampai Jumat."},
			{"Heading2", "Jam Masuk"},
			{"", "Jam masuk pukul 07.30."},
			{"Heading3", "Pengecualian"},
			{"", "Unit pelayanan diatur tersendiri."},
			{"Heading1", "Penutup"},
			{"", "Peraturan ini mulai berlaku pada tanggal diundangkan."},
		}, []string{"# Peraturan Wali Kota tentang Jam Kerja", "## Ketentuan Umum", "### Jam Masuk", "#### Pengecualian", "## Penutup"}},
		{"tanpa-judul.docx", [][2]string{
			{"Heading1", "Peraturan Wali Kota tentang Jam Kerja"},
			{"Heading2", "Ketentuan Umum"},
			{"", "Hari kerja adalah hari Senin sampai Jumat."},
			{"Heading2", "Penutup"},
			{"", "Peraturan ini mulai berlaku pada tanggal diundangkan."},
		}, []string{"# Peraturan Wali Kota tentang Jam Kerja", "## Ketentuan Umum", "## Penutup"}},
		{"judul-heading2.docx", [][2]string{
			{"Title", "Peraturan Wali Kota tentang Jam Kerja"},
			{"Heading2", "Ketentuan Umum"},
			{"", "Hari kerja adalah hari Senin sampai Jumat."},
			{"Heading3", "Jam Masuk"},
			{"", "Jam masuk pukul 07.30."},
		}, []string{"# Peraturan Wali Kota tentang Jam Kerja", "## Ketentuan Umum", "### Jam Masuk"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			md, err := docx.Import(t.Context(), bytes.NewReader(wordFile(t, c.paras)), c.name)
			if err != nil {
				t.Fatal(err)
			}
			if got := headings(md); strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("headings %q, want %q\n%s", got, c.want, md)
			}
			if strings.Contains(md, "Properti Judul Berkas") {
				t.Errorf("the file's title property became text:\n%s", md)
			}
			for _, p := range c.paras {
				if !strings.Contains(md, p[1]) {
					t.Errorf("%q lost:\n%s", p[1], md)
				}
			}
		})
	}
}

// The official naskah is set as Lampiran II C.284 asks: every style in
// Bookman Old Style 12 pt, in black, on F4 paper (215 × 330 mm) or the
// A4 a region chose; the draft export keeps pandoc's styles.
func TestOfficialExportBookmanOnF4(t *testing.T) {
	at := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	out, err := docx.ExportOfficialAt(t.Context(), policy, "Peraturan Wali Kota Uji", "", at)
	if err != nil {
		t.Fatal(err)
	}
	parts := unzip(t, out)
	styles, doc := parts["word/styles.xml"], parts["word/document.xml"]
	if strings.Contains(styles, "asciiTheme") {
		t.Error("a style still takes the theme's font, not Bookman Old Style")
	}
	def := styles[strings.Index(styles, "<w:docDefaults>"):strings.Index(styles, "</w:docDefaults>")]
	if !strings.Contains(def, `w:ascii="Bookman Old Style"`) || !strings.Contains(def, `<w:sz w:val="24"`) {
		t.Errorf("the default run is not Bookman Old Style 12: %s", def)
	}
	heading := styles[strings.Index(styles, `w:styleId="Heading1"`):]
	heading = heading[:strings.Index(heading, "</w:style>")]
	if !strings.Contains(heading, `w:ascii="Bookman Old Style"`) || !strings.Contains(heading, `<w:sz w:val="24"`) || strings.Contains(heading, `<w:color w:val="4F81BD"`) {
		t.Errorf("Heading 1 is not Bookman Old Style 12 in black: %s", heading)
	}
	if !strings.Contains(doc, `<w:pgSz w:w="12189" w:h="18709" />`) {
		t.Errorf("the page is not F4: %s", doc[max(0, len(doc)-300):])
	}
	a4, err := docx.ExportOfficialAt(t.Context(), policy, "Uji", "A4", at)
	if err != nil {
		t.Fatal(err)
	}
	if doc := unzip(t, a4)["word/document.xml"]; !strings.Contains(doc, `<w:pgSz w:w="11906" w:h="16838" />`) {
		t.Errorf("the A4 region's page is not A4: %s", doc[max(0, len(doc)-300):])
	}
	if core := parts["docProps/core.xml"]; !strings.Contains(core, "<dc:title>Peraturan Wali Kota Uji</dc:title>") {
		t.Errorf("title lost: %s", core)
	}
	md, err := docx.Import(t.Context(), bytes.NewReader(out), "naskah.docx")
	if err != nil {
		t.Fatalf("the official .docx does not read back: %v", err)
	}
	if !strings.Contains(md, "## ") {
		t.Errorf("its sections did not read back: %.300s", md)
	}
	draft, err := docx.ExportAt(t.Context(), policy, "Uji", at)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(unzip(t, draft)["word/styles.xml"], "Bookman") {
		t.Error("the draft export took the official typeface")
	}
}
