package pdf

import "strings"

// Laying out the body: headings, BAB and Pasal centered, Menimbang and
// Mengingat as labelled rows, ayat, huruf and lists hanging, paragraphs
// justified.

// centered writes a centered line (or lines) in the given style.
func (w *writer) centered(style string, text string) {
	w.f.SetFont(face, style, bodySize)
	w.f.SetX(marginLeft)
	w.f.MultiCell(w.textW, lineHeight, text, "", "C", false)
}

// gap adds vertical space unless at the top of a page.
func (w *writer) gap(h float64) {
	if w.f.GetY() > marginTop+0.1 {
		w.f.Ln(h)
	}
}

// body lays out the Markdown below the heading block.
func (w *writer) body() {
	f := w.f
	bs := blocks(w.d.Body)
	titleSkipped := false
	label := ""      // the open Menimbang/Mengingat list, "" outside one
	labelShown := "" // the label already written for it
	inAyat := false  // the Pasal's last paragraph was an ayat (or its huruf)
	for _, b := range bs {
		if b.verbatim {
			label = ""
			f.SetFont(face, "", 10)
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
				f.SetFont(face, "B", bodySize)
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
				f.SetFont(face, "B", bodySize)
				f.SetX(marginLeft)
				f.MultiCell(w.textW, lineHeight, text, "", "L", false)
				f.Ln(1)
			}
			continue
		}
		if isTable(b.lines) {
			label = ""
			f.SetFont(face, "", 10)
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
		f.SetFont(face, "", bodySize)
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

// hanging writes marker at indent and the text hanging beside it.
func (w *writer) hanging(indent float64, marker, text string) {
	f := w.f
	f.SetFont(face, "", bodySize)
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
	f.SetFont(face, "", bodySize)
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
