// Package pdf lays out a policy version as the PDF a region signs and
// publishes: a Peraturan Wali Kota in the official layout (UU 12/2011,
// Lampiran II) — the heading in capitals with its number and year, "DENGAN
// RAHMAT TUHAN YANG MAHA ESA", the jabatan pembentuk, Menimbang and
// Mengingat with hanging indents, MEMUTUSKAN and Menetapkan, BAB and Pasal
// centered, ayat and huruf with hanging indents, justified paragraphs in a
// 12 pt serif (Liberation Serif, embedded: metric-compatible with Times New
// Roman), then the signature block (ditetapkan; Plt./Plh./a.n.), the
// promulgation block (diundangkan) and the Berita Daerah line. A narrative
// policy (no Pasal) is laid out as headings and paragraphs.
//
// Every page carries "Halaman N dari M", the SHA-256 of the version and a
// QR code of the public verification URL (drawn as vector squares); a draft
// says RANCANGAN on every page. The same Document always gives the same
// bytes.
package pdf

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
	qrcode "github.com/skip2/go-qrcode"
)

//go:embed fonts/LiberationSerif-Regular.ttf
var fontRegular []byte

//go:embed fonts/LiberationSerif-Bold.ttf
var fontBold []byte

//go:embed fonts/LiberationSerif-Italic.ttf
var fontItalic []byte

// Document is one version to lay out.
type Document struct {
	// Paper is "F4" (215 × 330 mm folio) or "A4"; empty means F4.
	Paper string
	// Form is the form's name and city in capitals: "PERATURAN WALI KOTA
	// SAWAHLUNTO". Empty for a narrative policy: its title alone heads it.
	Form string
	// City is the city's name ("Sawahlunto"): the default place of the
	// blocks and the Berita Daerah line.
	City string
	// Number and Year in the register; 0 on a draft ("NOMOR … TAHUN …").
	Number, Year int
	// Title is what the regulation is about ("PENGEMBANGAN KOMPETENSI …").
	Title string
	// Markdown is the version's text in the Perwali convention (or a
	// narrative document); its first "# " heading is the title and is not
	// repeated.
	Markdown string
	// Draft marks every page RANCANGAN.
	Draft bool
	// SHA256 is the hex SHA-256 of the version's text.
	SHA256 string
	// VerifyURL is the absolute URL of the public verification page.
	VerifyURL string
	// Date is written as the file's creation date (the version's); zero
	// writes a fixed date, never the clock.
	Date time.Time
	// Signature is the signature block; nil leaves it out.
	Signature *Signature
	// Promulgation is the promulgation block and the Berita Daerah line;
	// nil leaves them out.
	Promulgation *Promulgation
}

// Signature is the block under "Ditetapkan di".
type Signature struct {
	Place string    // the city's name when empty
	Date  time.Time // zero leaves the date blank (a draft)
	// Prefix is "", "Plt. ", "Plh. " or "a.n. ".
	Prefix string
	// PrincipalOffice is the office the form names: "Wali Kota Sawahlunto".
	PrincipalOffice string
	// SignerOffice is the signer's own office, shown under an a.n. line.
	SignerOffice string
	// Name is the signer's name; empty leaves a line to fill in.
	Name string
}

// Promulgation is the block under "Diundangkan di" and the Berita Daerah
// line.
type Promulgation struct {
	Place         string // the city's name when empty
	Date          time.Time
	Prefix        string // "Plt. " for an acting Sekretaris Daerah
	Office        string // "Sekretaris Daerah Kota Sawahlunto"
	Name          string
	GazetteYear   int
	GazetteNumber int
}

// Paper sizes in millimetres.
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
func Render(w io.Writer, d Document) error {
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
	var buf bytes.Buffer
	if err := doc.Output(&buf); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

func paperOf(d Document) string {
	p := strings.ToUpper(strings.TrimSpace(d.Paper))
	if p == "" {
		return "F4"
	}
	return p
}

// writer carries one pass of the layout.
type writer struct {
	f      *fpdf.Fpdf
	d      Document
	pageW  float64
	pageH  float64
	textW  float64
	qrBits [][]bool
	total  int
}

func layout(d Document, bits [][]bool, total int) (*fpdf.Fpdf, error) {
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
	f.AddUTF8FontFromBytes("serif", "", fontRegular)
	f.AddUTF8FontFromBytes("serif", "B", fontBold)
	f.AddUTF8FontFromBytes("serif", "I", fontItalic)
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
	w.promulgation()
	if err := f.Error(); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	return f, nil
}

// header marks a draft: a light diagonal RANCANGAN behind the text and the
// word at the head of the page.
func (w *writer) header() {
	if !w.d.Draft {
		return
	}
	f := w.f
	f.SetTextColor(225, 225, 225)
	f.SetFont("serif", "B", 80)
	word := "RANCANGAN"
	cx, cy := w.pageW/2, w.pageH/2
	tw := f.GetStringWidth(word)
	f.TransformBegin()
	f.TransformRotate(50, cx, cy)
	f.Text(cx-tw/2, cy+10, word)
	f.TransformEnd()
	f.SetTextColor(150, 0, 0)
	f.SetFont("serif", "B", 11)
	f.SetXY(marginLeft, 8)
	f.CellFormat(w.textW, 5, word, "", 0, "C", false, 0, "")
	f.SetTextColor(0, 0, 0)
	f.SetXY(marginLeft, marginTop)
}

// footer writes the page number, the hash, the verification URL and its
// QR code.
func (w *writer) footer() {
	f := w.f
	top := w.pageH - footerHeight + 6
	f.SetDrawColor(0, 0, 0)
	f.SetLineWidth(0.2)
	f.Line(marginLeft, top-2, w.pageW-marginRight, top-2)
	textW := w.textW - qrSize - 4
	f.SetTextColor(0, 0, 0)
	f.SetFont("serif", "", 10)
	f.SetXY(marginLeft, top)
	total := "…"
	if w.total > 0 {
		total = strconv.Itoa(w.total)
	}
	page := fmt.Sprintf("Halaman %d dari %s", f.PageNo(), total)
	if w.d.Draft {
		page += " — RANCANGAN"
	}
	f.CellFormat(textW, 5, page, "", 2, "L", false, 0, "")
	f.SetFont("serif", "", 7)
	f.SetX(marginLeft)
	f.CellFormat(textW, 4, "SHA-256: "+w.d.SHA256, "", 2, "L", false, 0, "")
	f.SetX(marginLeft)
	f.MultiCell(textW, 3.5, "Verifikasi keaslian: "+w.d.VerifyURL, "", "L", false)
	w.qr(w.pageW-marginRight-qrSize, top)
}

// qr draws the QR code as black squares, a run of dark modules in a row as
// one rectangle, so it stays crisp at any zoom.
func (w *writer) qr(x, y float64) {
	n := len(w.qrBits)
	if n == 0 {
		return
	}
	m := qrSize / float64(n)
	f := w.f
	f.SetFillColor(0, 0, 0)
	for r, row := range w.qrBits {
		for c := 0; c < len(row); {
			if !row[c] {
				c++
				continue
			}
			start := c
			for c < len(row) && row[c] {
				c++
			}
			// A hair of overlap so neighbouring rows leave no seam.
			f.Rect(x+float64(start)*m, y+float64(r)*m, float64(c-start)*m+0.01, m+0.01, "F")
		}
	}
}

// centered writes a centered line (or lines) in the given style.
func (w *writer) centered(style string, text string) {
	w.f.SetFont("serif", style, bodySize)
	w.f.SetX(marginLeft)
	w.f.MultiCell(w.textW, lineHeight, text, "", "C", false)
}

// gap adds vertical space unless at the top of a page.
func (w *writer) gap(h float64) {
	if w.f.GetY() > marginTop+0.1 {
		w.f.Ln(h)
	}
}

// heading writes the heading block: form, number, TENTANG and the title.
func (w *writer) heading() {
	d := w.d
	title := strings.ToUpper(strings.TrimSpace(d.Title))
	if strings.TrimSpace(d.Form) == "" {
		w.centered("B", title)
		w.f.Ln(lineHeight)
		return
	}
	w.centered("B", strings.ToUpper(d.Form))
	num, year := "…………", "…………"
	if d.Number > 0 {
		num = strconv.Itoa(d.Number)
	}
	if d.Year > 0 {
		year = strconv.Itoa(d.Year)
	}
	w.centered("B", "NOMOR "+num+" TAHUN "+year)
	w.f.Ln(lineHeight / 2)
	w.centered("B", "TENTANG")
	w.f.Ln(lineHeight / 2)
	w.centered("B", title)
	w.f.Ln(lineHeight)
}

// Paragraph kinds of the convention.
var (
	reAyat     = regexp.MustCompile(`^\((\d+)\)\s+(.*)$`)
	reHuruf    = regexp.MustCompile(`^([a-z])\.\s+(.*)$`)
	reNumber   = regexp.MustCompile(`^(\d+)\.\s+(.*)$`)
	reBullet   = regexp.MustCompile(`^[-*+]\s+(.*)$`)
	reBab      = regexp.MustCompile(`^BAB\s+([IVXLCDM]+)\b\s*(.*)$`)
	rePasal    = regexp.MustCompile(`^Pasal\s+\d+[A-Z]?$`)
	reLabel    = regexp.MustCompile(`^(Menimbang|Mengingat|Memperhatikan|Menetapkan)\s*:\s*(.*)$`)
	reLink     = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)
	reEmphasis = regexp.MustCompile(`\*\*|__|\*|` + "`")
	reTableSep = regexp.MustCompile(`^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$`)
)

// block is a paragraph of the Markdown: its lines, and whether it is
// verbatim (a code block) or a table.
type block struct {
	lines    []string
	verbatim bool
}

// blocks splits the Markdown into blank-line separated blocks; a fenced
// code block is one block whatever it holds.
func blocks(md string) []block {
	md = strings.ReplaceAll(md, "\r\n", "\n")
	var out []block
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			out = append(out, block{lines: cur})
			cur = nil
		}
	}
	lines := strings.Split(md, "\n")
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			flush()
			fence := t[:3]
			var code []string
			for i++; i < len(lines) && !strings.HasPrefix(strings.TrimSpace(lines[i]), fence); i++ {
				code = append(code, strings.ReplaceAll(lines[i], "\t", "    "))
			}
			out = append(out, block{lines: code, verbatim: true})
			continue
		}
		if t == "" {
			flush()
			continue
		}
		// A heading is a block of its own.
		if strings.HasPrefix(t, "#") {
			flush()
			out = append(out, block{lines: []string{t}})
			continue
		}
		cur = append(cur, t)
	}
	flush()
	return out
}

// inline strips Markdown's inline marks: links keep their text.
func inline(s string) string {
	s = strings.ReplaceAll(s, `\*`, "\x00")
	s = reLink.ReplaceAllString(s, "$1")
	s = reEmphasis.ReplaceAllString(s, "")
	s = strings.ReplaceAll(s, "\x00", "*")
	return s
}

// headingOf returns a heading block's level and text (0 when not one).
func headingOf(line string) (int, string) {
	n := 0
	for n < len(line) && line[n] == '#' {
		n++
	}
	if n == 0 || n > 6 || (n < len(line) && line[n] != ' ') {
		return 0, ""
	}
	return n, strings.TrimSpace(strings.TrimRight(strings.TrimSpace(line[n:]), "#"))
}

// body lays out the Markdown below the heading block.
func (w *writer) body() {
	f := w.f
	bs := blocks(w.d.Markdown)
	titleSkipped := false
	label := ""      // the open Menimbang/Mengingat list, "" outside one
	labelShown := "" // the label already written for it
	inAyat := false  // the Pasal's last paragraph was an ayat (or its huruf)
	for _, b := range bs {
		if b.verbatim {
			label = ""
			f.SetFont("serif", "", 10)
			for _, l := range b.lines {
				f.SetX(marginLeft + hang)
				f.MultiCell(w.textW-hang, 5, l, "", "L", false)
			}
			f.Ln(2)
			continue
		}
		first := b.lines[0]
		if lvl, text := headingOf(first); lvl > 0 {
			label, inAyat = "", false
			text = inline(text)
			switch {
			case lvl == 1 && !titleSkipped:
				titleSkipped = true
			case lvl == 2 && reBab.MatchString(text):
				m := reBab.FindStringSubmatch(text)
				w.gap(lineHeight)
				f.SetFont("serif", "B", bodySize)
				// Keep BAB with its title and the first lines after it.
				if f.GetY()+4*lineHeight > w.pageH-footerHeight {
					f.AddPage()
				}
				w.centered("B", "BAB "+m[1])
				if t := strings.TrimSpace(m[2]); t != "" {
					w.centered("B", strings.ToUpper(t))
				}
				f.Ln(lineHeight / 2)
			case lvl == 3 && rePasal.MatchString(text):
				w.gap(lineHeight / 2)
				if f.GetY()+3*lineHeight > w.pageH-footerHeight {
					f.AddPage()
				}
				w.centered("", text)
				f.Ln(1)
			case lvl == 1:
				w.gap(lineHeight)
				w.centered("B", strings.ToUpper(text))
				f.Ln(lineHeight / 2)
			default:
				w.gap(lineHeight / 2)
				if f.GetY()+3*lineHeight > w.pageH-footerHeight {
					f.AddPage()
				}
				f.SetFont("serif", "B", bodySize)
				f.SetX(marginLeft)
				f.MultiCell(w.textW, lineHeight, text, "", "L", false)
				f.Ln(1)
			}
			continue
		}
		if isTable(b.lines) {
			label = ""
			f.SetFont("serif", "", 10)
			for _, l := range b.lines {
				if reTableSep.MatchString(l) {
					continue
				}
				cells := strings.Split(strings.Trim(l, "|"), "|")
				for i := range cells {
					cells[i] = inline(strings.TrimSpace(cells[i]))
				}
				f.SetX(marginLeft)
				f.MultiCell(w.textW, 5, strings.Join(cells, "  |  "), "", "L", false)
			}
			f.Ln(2)
			continue
		}
		text := inline(strings.Join(b.lines, " "))
		quote := false
		if strings.HasPrefix(text, ">") {
			quote = true
			text = strings.TrimSpace(strings.TrimLeft(text, "> "))
		}
		f.SetFont("serif", "", bodySize)
		switch upper := strings.TrimRight(text, ":"); {
		case upper == "DENGAN RAHMAT TUHAN YANG MAHA ESA" || upper == "MEMUTUSKAN":
			label = ""
			w.gap(lineHeight / 2)
			w.centered("B", text)
			f.Ln(lineHeight / 2)
			continue
		case strings.HasPrefix(upper, "WALI KOTA ") && strings.HasSuffix(text, ",") && len(text) < 80:
			label = ""
			w.centered("B", text)
			f.Ln(lineHeight / 2)
			continue
		}
		if m := reLabel.FindStringSubmatch(text); m != nil {
			label, labelShown = m[1], ""
			if rest := strings.TrimSpace(m[2]); rest != "" {
				// "Menetapkan: PERATURAN …" holds its text on the line.
				w.labelled(label, "", rest)
				label = ""
				f.Ln(lineHeight / 2)
			}
			continue
		}
		if label != "" {
			marker, rest := "", text
			if m := reHuruf.FindStringSubmatch(text); m != nil {
				marker, rest = m[1]+".", m[2]
			} else if m := reNumber.FindStringSubmatch(text); m != nil {
				marker, rest = m[1]+".", m[2]
			}
			shown := ""
			if labelShown != label {
				shown, labelShown = label, label
			}
			w.labelled(shown, marker, rest)
			f.Ln(1)
			continue
		}
		indent := 0.0
		if quote {
			indent = hang
		}
		switch {
		case reAyat.MatchString(text):
			m := reAyat.FindStringSubmatch(text)
			w.hanging(indent, "("+m[1]+")", m[2])
			inAyat = true
		case reHuruf.MatchString(text):
			m := reHuruf.FindStringSubmatch(text)
			if inAyat {
				indent += hang + 2
			}
			w.hanging(indent, m[1]+".", m[2])
		case reNumber.MatchString(text):
			m := reNumber.FindStringSubmatch(text)
			if inAyat {
				indent += hang + 2
			}
			w.hanging(indent, m[1]+".", m[2])
		case reBullet.MatchString(text):
			for _, l := range b.lines {
				if m := reBullet.FindStringSubmatch(inline(l)); m != nil {
					w.hanging(indent, "•", m[1])
				} else {
					w.hanging(indent+hang+2, "", inline(l))
				}
			}
		default:
			inAyat = false
			f.SetX(marginLeft + indent)
			f.MultiCell(w.textW-indent, lineHeight, text, "", "J", false)
		}
		f.Ln(1.5)
	}
}

func isTable(lines []string) bool {
	if len(lines) < 2 {
		return false
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, "|") {
			return false
		}
	}
	return true
}

// hanging writes marker at indent and the text hanging beside it.
func (w *writer) hanging(indent float64, marker, text string) {
	f := w.f
	f.SetFont("serif", "", bodySize)
	x := marginLeft + indent
	width := hang + 2
	if f.GetY()+lineHeight > w.pageH-footerHeight {
		f.AddPage()
	}
	f.SetX(x)
	f.CellFormat(width, lineHeight, marker, "", 0, "L", false, 0, "")
	f.SetX(x + width)
	f.MultiCell(w.textW-indent-width, lineHeight, text, "", "J", false)
}

// labelled writes a Menimbang/Mengingat/Menetapkan row: the label (on the
// list's first row), the colon, the item's marker and its text hanging.
func (w *writer) labelled(label, marker, text string) {
	f := w.f
	f.SetFont("serif", "", bodySize)
	if f.GetY()+lineHeight > w.pageH-footerHeight {
		f.AddPage()
	}
	f.SetX(marginLeft)
	f.CellFormat(labelWidth, lineHeight, label, "", 0, "L", false, 0, "")
	colon := ""
	if label != "" {
		colon = ":"
	}
	f.CellFormat(colonWidth, lineHeight, colon, "", 0, "L", false, 0, "")
	x := marginLeft + labelWidth + colonWidth
	if marker != "" {
		f.SetX(x)
		f.CellFormat(hang, lineHeight, marker, "", 0, "L", false, 0, "")
		x += hang
	}
	f.SetX(x)
	f.MultiCell(marginLeft+w.textW-x, lineHeight, text, "", "J", false)
}

// Months in Indonesian.
var months = [...]string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"}

// DateID writes a date as Indonesian documents do: "3 Desember 2026".
func DateID(t time.Time) string {
	return fmt.Sprintf("%d %s %d", t.Day(), months[t.Month()-1], t.Year())
}

const blank = "……………………"

// signature writes the block under "Ditetapkan di" in the right half.
func (w *writer) signature() {
	s := w.d.Signature
	if s == nil {
		return
	}
	lines := []sigLine{
		{"", "Ditetapkan di " + orCity(s.Place, w.d.City)},
		{"", "pada tanggal " + dateOrBlank(s.Date)},
		{"", ""},
		{"B", s.Prefix + strings.ToUpper(s.PrincipalOffice) + ","},
	}
	if strings.TrimSpace(s.Prefix) == "a.n." && s.SignerOffice != "" {
		lines = append(lines, sigLine{"B", strings.ToUpper(s.SignerOffice) + ","})
	}
	lines = append(lines, sigLine{"", ""}, sigLine{"", ""}, sigLine{"", ""}, sigLine{"", ""})
	name := strings.ToUpper(strings.TrimSpace(s.Name))
	if name == "" {
		name = blank
	}
	lines = append(lines, sigLine{"B", name})
	w.block(lines, marginLeft+w.textW/2, lineHeight*2)
}

// promulgation writes the block under "Diundangkan di" at the left and
// the Berita Daerah line.
func (w *writer) promulgation() {
	p := w.d.Promulgation
	if p == nil {
		return
	}
	lines := []sigLine{
		{"", "Diundangkan di " + orCity(p.Place, w.d.City)},
		{"", "pada tanggal " + dateOrBlank(p.Date)},
		{"", ""},
		{"B", p.Prefix + strings.ToUpper(p.Office) + ","},
		{"", ""}, {"", ""}, {"", ""}, {"", ""},
	}
	name := strings.ToUpper(strings.TrimSpace(p.Name))
	if name == "" {
		name = blank
	}
	lines = append(lines, sigLine{"B", name})
	w.block(lines, marginLeft, lineHeight)
	if p.GazetteNumber > 0 {
		line := fmt.Sprintf("BERITA DAERAH KOTA %s TAHUN %d NOMOR %d", strings.ToUpper(w.d.City), p.GazetteYear, p.GazetteNumber)
		w.f.Ln(lineHeight)
		w.f.SetFont("serif", "B", bodySize)
		w.f.SetX(marginLeft)
		w.f.MultiCell(w.textW, lineHeight, line, "", "L", false)
	}
}

type sigLine struct{ style, text string }

// block writes lines from x, kept together on one page.
func (w *writer) block(lines []sigLine, x, before float64) {
	f := w.f
	f.Ln(before)
	if f.GetY()+float64(len(lines))*lineHeight > w.pageH-footerHeight {
		f.AddPage()
	}
	for _, l := range lines {
		f.SetFont("serif", l.style, bodySize)
		f.SetX(x)
		f.MultiCell(marginLeft+w.textW-x, lineHeight, l.text, "", "L", false)
	}
}

func orCity(place, city string) string {
	if p := strings.TrimSpace(place); p != "" {
		return p
	}
	if c := strings.TrimSpace(city); c != "" {
		return c
	}
	return blank
}

func dateOrBlank(t time.Time) string {
	if t.IsZero() {
		return blank
	}
	return DateID(t)
}

// ErrPaper is returned for a paper size other than F4 or A4.
var ErrPaper = errors.New("pdf: paper size must be F4 or A4")
