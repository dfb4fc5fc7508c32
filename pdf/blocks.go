package pdf

import "github.com/policyflow/policyflow/naskah"

// The naskah's worded blocks laid out: the title block at the head, the
// signature block in the right half after the body, the promulgation block
// at the left and the Berita Daerah line.

// heading writes the title block: form, number, TENTANG and the title; the
// title alone for a narrative policy.
func (w *writer) heading() {
	h := w.d.Heading
	if h.Form == "" {
		w.centered("B", h.Title)
		w.f.Ln(lineHeight)
		return
	}
	w.centered("B", h.Form)
	w.centered("B", h.Number)
	w.f.Ln(lineHeight / 2)
	w.centered("B", naskah.About)
	w.f.Ln(lineHeight / 2)
	w.centered("B", h.Title)
	w.f.Ln(lineHeight)
}

// signature writes the block under "Ditetapkan di" in the right half.
func (w *writer) signature() {
	if s := w.d.Signature; s != nil {
		w.block(signLines(s), marginLeft+w.textW/2, lineHeight*2)
	}
}

// promulgation writes the block under "Diundangkan di" at the left and
// the Berita Daerah line.
func (w *writer) promulgation() {
	p := w.d.Promulgation
	if p == nil {
		return
	}
	w.block(signLines(p), marginLeft, lineHeight)
	if line := w.d.Gazette; line != "" {
		w.f.Ln(lineHeight)
		w.f.SetFont(face, "B", bodySize)
		w.f.SetX(marginLeft)
		w.f.MultiCell(w.textW, lineHeight, line, "", "L", false)
	}
}

type sigLine struct{ style, text string }

// signLines is a block as it prints: place and date, a line, the offices
// in bold, room for the signature and the name in bold capitals.
func signLines(b *naskah.Block) []sigLine {
	lines := []sigLine{{"", b.Place}, {"", b.Date}, {"", ""}}
	for _, o := range b.Offices {
		lines = append(lines, sigLine{"B", o})
	}
	lines = append(lines, sigLine{"", ""}, sigLine{"", ""}, sigLine{"", ""}, sigLine{"", ""})
	return append(lines, sigLine{"B", b.PrintedName()})
}

// block writes lines from x, kept together on one page.
func (w *writer) block(lines []sigLine, x, before float64) {
	f := w.f
	f.Ln(before)
	if f.GetY()+float64(len(lines))*lineHeight > w.pageH-footerHeight {
		f.AddPage()
	}
	for _, l := range lines {
		f.SetFont(face, l.style, bodySize)
		f.SetX(x)
		f.MultiCell(marginLeft+w.textW-x, lineHeight, l.text, "", "L", false)
	}
}
