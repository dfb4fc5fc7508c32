// Package pdf lays out the official document of a policy version
// (naskah.Document, built and worded by package naskah) as the PDF a region
// signs and publishes: a Peraturan Wali Kota in the official layout (UU 12/2011,
// Lampiran II) — the heading in capitals with its number and year, "DENGAN
// RAHMAT TUHAN YANG MAHA ESA", the jabatan pembentuk, Menimbang and
// Mengingat with hanging indents, MEMUTUSKAN and Menetapkan, BAB and Pasal
// centered, ayat and huruf with hanging indents, justified paragraphs in
// Bookman 12 pt on F4 paper (see the fonts below), then the signature
// block (ditetapkan; Plt./Plh./a.n.), the promulgation block (diundangkan)
// and the Berita Daerah line. A narrative
// policy (no Pasal) is laid out as headings and paragraphs.
//
// Every page carries "Halaman N dari M", the SHA-256 of the version and a
// QR code of the public verification URL (drawn as vector squares); a draft
// says RANCANGAN on every page. The same document always gives the same
// bytes.
//
// pdf.go renders; blocks.go lays out the title, signature and promulgation
// blocks, body.go and markdown.go the body, page.go what every page carries.
package pdf

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
	"github.com/policyflow/policyflow/naskah"
	qrcode "github.com/skip2/go-qrcode"
)

// The typeface. UU 12/2011, Lampiran II, Bab III (Ragam Bahasa Peraturan
// Perundang-undangan), huruf C, angka 284: "Naskah Peraturan Perundang-undangan
// diketik dengan jenis huruf Bookman Old Style, dengan huruf 12, di atas
// kertas F4." Bookman Old Style is not free; TeX Gyre Bonum (GUST Font
// License, Debian's fonts-texgyre) has Bookman's widths, so a line breaks
// where it would in Bookman Old Style. fpdf embeds TrueType outlines only,
// so the fonts are Bonum converted and renamed by tools/fonts/bonum.py
// ("Policyflow Bonum"; licence and provenance in fonts/README.md). They
// are compiled in and embedded (subset) in every PDF: a server needs no
// installed font.
var (
	//go:embed fonts/PolicyflowBonum-Regular.ttf
	fontRegular []byte
	//go:embed fonts/PolicyflowBonum-Bold.ttf
	fontBold []byte
	//go:embed fonts/PolicyflowBonum-Italic.ttf
	fontItalic []byte
)

// face is the family as fpdf knows it; a PDF names its fonts "utf8bonum",
// "utf8bonumB" and "utf8bonumI" (fpdf's prefix and style letter).
const face = "bonum"

// addFonts registers the family (regular, bold, italic).
func addFonts(f *fpdf.Fpdf) {
	f.AddUTF8FontFromBytes(face, "", fontRegular)
	f.AddUTF8FontFromBytes(face, "B", fontBold)
	f.AddUTF8FontFromBytes(face, "I", fontItalic)
}

// Paper sizes in millimetres. F4 is the paper C.284 names; Lampiran II
// gives no size, and 215 × 330 mm is the F4 (folio) of Indonesian offices.
var papers = map[string]fpdf.SizeType{
	"F4": {Wd: 215, Ht: 330},
	"A4": {Wd: 210, Ht: 297},
}

// Layout in millimetres.
const (
	marginLeft   = 30.0
	marginRight  = 20.0
	marginTop    = 20.0
	footerHeight = 34.0 // the band the footer and QR code take at the foot
	lineHeight   = 6.0
	bodySize     = 12.0
	qrSize       = 24.0
	hang         = 8.0  // width of a marker column ("a.", "(1)")
	labelWidth   = 30.0 // "Menimbang" column
	colonWidth   = 4.0
)

// fixedDate stands in for a document without a date: never the clock.
var fixedDate = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// Render writes the document as a PDF.
func Render(w io.Writer, d naskah.Document) error {
	if _, ok := papers[paperOf(d)]; !ok {
		return fmt.Errorf("%w: %q", ErrPaper, d.Paper)
	}
	qr, err := qrcode.New(d.VerifyURL, qrcode.Medium)
	if err != nil {
		return fmt.Errorf("pdf: QR code: %w", err)
	}
	qr.DisableBorder = true
	bits := qr.Bitmap()
	// Two passes: the first counts the pages "Halaman N dari M" names
	// (the footer lies outside the flow, so the count does not change).
	first, err := layout(d, bits, 0)
	if err != nil {
		return err
	}
	doc, err := layout(d, bits, first.PageCount())
	if err != nil {
		return err
	}
	return writeWhole(w, doc, "pdf")
}

// writeWhole renders doc in memory first, so that w gets the whole PDF or,
// when rendering fails, nothing; the error starts with prefix.
func writeWhole(w io.Writer, doc *fpdf.Fpdf, prefix string) error {
	var buf bytes.Buffer
	if err := doc.Output(&buf); err != nil {
		return fmt.Errorf("%s: %w", prefix, err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

func paperOf(d naskah.Document) string {
	p := strings.ToUpper(strings.TrimSpace(d.Paper))
	if p == "" {
		return "F4"
	}
	return p
}

// writer carries one pass of the layout.
type writer struct {
	f      *fpdf.Fpdf
	d      naskah.Document
	pageW  float64
	pageH  float64
	textW  float64
	qrBits [][]bool
	total  int
}

func layout(d naskah.Document, bits [][]bool, total int) (*fpdf.Fpdf, error) {
	size := papers[paperOf(d)]
	f := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", Size: size})
	date := d.Date
	if date.IsZero() {
		date = fixedDate
	}
	f.SetCreationDate(date.UTC())
	f.SetModificationDate(date.UTC())
	f.SetCatalogSort(true)
	f.SetProducer("Policyflow", false)
	f.SetCreator("Policyflow", false)
	f.SetTitle(d.Title, true)
	f.SetCompression(true)
	addFonts(f)
	f.SetMargins(marginLeft, marginTop, marginRight)
	f.SetAutoPageBreak(true, footerHeight)
	f.SetCellMargin(0)
	w := &writer{f: f, d: d, pageW: size.Wd, pageH: size.Ht, textW: size.Wd - marginLeft - marginRight, qrBits: bits, total: total}
	f.SetHeaderFunc(w.header)
	f.SetFooterFunc(w.footer)
	f.AddPage()
	w.heading()
	w.body()
	w.signature()
	w.parafColumn() // paraf.go
	w.promulgation()
	if err := f.Error(); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	return f, nil
}

// ErrPaper is returned for a paper size other than F4 or A4.
var ErrPaper = errors.New("pdf: paper size must be F4 or A4")
