package pdf

import "github.com/policyflow/policyflow/naskah"

// The paraf column (naskah.Document.Paraf): the officials who initialled
// the version, printed as a small ruled table below the signature block,
// each row with the kind of paraf, the office, the name and the time.

// parafColumn writes the column; nothing when no paraf is given.
func (w *writer) parafColumn() {
	if len(w.d.Paraf) == 0 {
		return
	}
	f := w.f
	const size, lh = 9.0, 4.5
	widths := [4]float64{w.textW * 0.22, w.textW * 0.32, w.textW * 0.24, w.textW * 0.22}
	rows := [][4]string{naskah.ParafColumnHeads}
	for _, p := range w.d.Paraf {
		rows = append(rows, p.Cells())
	}
	f.Ln(lineHeight)
	if f.GetY()+float64(len(rows)+1)*lh*2 > w.pageH-footerHeight {
		f.AddPage()
	}
	f.SetFont(face, "B", size)
	f.SetX(marginLeft)
	f.CellFormat(w.textW, lh+1, naskah.ParafHeading, "", 1, "L", false, 0, "")
	f.SetDrawColor(0, 0, 0)
	f.SetLineWidth(0.2)
	for i, row := range rows {
		style := ""
		if i == 0 {
			style = "B"
		}
		f.SetFont(face, style, size)
		// A row is as tall as its longest cell once wrapped.
		n := 1
		for c, text := range row {
			n = max(n, len(f.SplitText(text, widths[c]-2)))
		}
		h := float64(n) * lh
		if f.GetY()+h > w.pageH-footerHeight {
			f.AddPage()
		}
		x, y := marginLeft, f.GetY()
		for c, text := range row {
			f.Rect(x, y, widths[c], h, "D")
			f.SetXY(x+1, y)
			f.MultiCell(widths[c]-2, lh, text, "", "L", false)
			x += widths[c]
		}
		f.SetXY(marginLeft, y+h)
	}
}
