package pdf

import (
	"fmt"
	"strconv"

	"github.com/policyflow/policyflow/naskah"
)

// What every page carries: the draft mark, the page number, the hash, the
// verification URL and its QR code.

// header marks a draft: a light diagonal RANCANGAN behind the text and the
// word at the head of the page.
func (w *writer) header() {
	if !w.d.Draft {
		return
	}
	f := w.f
	f.SetTextColor(225, 225, 225)
	f.SetFont(face, "B", 80)
	word := naskah.DraftMark
	cx, cy := w.pageW/2, w.pageH/2
	tw := f.GetStringWidth(word)
	f.TransformBegin()
	f.TransformRotate(50, cx, cy)
	f.Text(cx-tw/2, cy+10, word)
	f.TransformEnd()
	f.SetTextColor(150, 0, 0)
	f.SetFont(face, "B", 11)
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
	f.SetFont(face, "", 10)
	f.SetXY(marginLeft, top)
	total := "…"
	if w.total > 0 {
		total = strconv.Itoa(w.total)
	}
	page := fmt.Sprintf("Halaman %d dari %s", f.PageNo(), total)
	if w.d.Draft {
		page += " — " + naskah.DraftMark
	}
	f.CellFormat(textW, 5, page, "", 2, "L", false, 0, "")
	f.SetFont(face, "", 7)
	f.SetX(marginLeft)
	f.CellFormat(textW, 4, w.d.HashLine(), "", 2, "L", false, 0, "")
	f.SetX(marginLeft)
	f.MultiCell(textW, 3.5, w.d.VerifyLine(), "", "L", false)
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
