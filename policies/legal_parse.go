package policies

import (
	"regexp"
	"strconv"
	"strings"
)

// Reading a Peraturan Wali Kota text into its structure (LegalDoc): the
// patterns of its parts, then ParseLegal.

var (
	babRe      = regexp.MustCompile(`^BAB\s+(\S+)\s*(.*)$`)
	pasalRe    = regexp.MustCompile(`^Pasal\s+(\d{1,6})([A-Z]{0,2})\s*$`) // "Pasal 4A": inserted by an amendment (Lampiran II)
	ayatRe     = regexp.MustCompile(`^\((\d{1,6})([a-z]?)\)\s`)           // "(1a)": inserted by an amendment
	hurufRe    = regexp.MustCompile(`^([a-z])\.\s`)
	angkaRe    = regexp.MustCompile(`^(\d{1,4})\.\s`)
	refRe      = regexp.MustCompile(`\bPasal\s+(\d{1,6})([A-Z]{1,2})?\b(?:\s+ayat\s+\((\d{1,6})\))?|\bayat\s+\((\d{1,6})\)`)
	regNameRe  = regexp.MustCompile(`(?i)\b(Undang-Undang|Peraturan\s+Pemerintah|Peraturan\s+Presiden|Peraturan\s+Menteri|Peraturan\s+Daerah|Peraturan\s+Wali\s*[Kk]ota|Peraturan\s+Bupati|Peraturan\s+Gubernur|Peraturan\s+Badan|Peraturan\s+Lembaga|Keputusan\s+Presiden|Keputusan\s+Menteri|Keputusan\s+Wali\s*[Kk]ota|Instruksi\s+Presiden|Kitab\s+Undang-Undang)\b(\s+ini\b)?`)
	regCiteRe  = regexp.MustCompile(`(?i)\b(Undang-Undang|Peraturan\s+\S+(\s+\S+)?|Keputusan\s+\S+(\s+\S+)?|Instruksi\s+Presiden)\b.*\b(Nomor\s+\S+\s+Tahun\s+\d{4}|Tahun\s+1945)`)
	menimbangR = regexp.MustCompile(`^Menimbang\s*:`)
	mengingatR = regexp.MustCompile(`^Mengingat\s*:`)
	memutusR   = regexp.MustCompile(`^(MEMUTUSKAN|Menetapkan)\s*:`)
)

type line struct {
	text  string
	no    int
	start int
}

func splitLines(markdown string) []line {
	var out []line
	off := 0
	for i, t := range strings.SplitAfter(markdown, "\n") {
		if t == "" {
			break
		}
		out = append(out, line{text: strings.TrimRight(t, "\r\n"), no: i + 1, start: off})
		off += len(t)
	}
	return out
}

// ParseLegal reads the structure of a Peraturan Wali Kota text. Headings
// come from Sections (so a "#" inside a code block is no heading); the
// other parts are read line by line, fenced code skipped.
func ParseLegal(markdown string) LegalDoc {
	var d LegalDoc
	lines := splitLines(markdown)
	lineAt := func(off int) int { // the line holding byte off
		lo, hi := 0, len(lines)
		for lo < hi {
			m := (lo + hi) / 2
			if lines[m].start <= off {
				lo = m + 1
			} else {
				hi = m
			}
		}
		if lo == 0 {
			return 1
		}
		return lines[lo-1].no
	}
	heading := map[int]bool{} // lines that are headings
	secs := Sections(markdown)
	for i, s := range secs {
		ln := lineAt(s.Start)
		for l := ln; l <= lineAt(max(s.Start, s.End-1)); l++ {
			heading[l] = true
		}
		title := strings.TrimSpace(s.Title)
		switch {
		case s.Level == 1 && d.TitleLine == 0:
			d.Title, d.TitleLine = title, ln
		case s.Level == 2 && babRe.MatchString(title):
			m := babRe.FindStringSubmatch(title)
			d.Babs = append(d.Babs, Bab{Numeral: m[1], Number: romanValue(m[1]), Title: m[2], Line: ln})
		case pasalRe.MatchString(title):
			m := pasalRe.FindStringSubmatch(title)
			n, _ := strconv.Atoi(m[1])
			end := len(markdown)
			for _, next := range secs[i+1:] {
				end = next.Start
				break
			}
			d.Pasals = append(d.Pasals, Pasal{Number: n, Letter: m[2], Line: ln, Bab: len(d.Babs) - 1, Anchor: s.Anchor, Start: s.Start, End: end})
		}
	}
	// The pasal each line stands in (-1: none).
	pasalOf := func(l line) int {
		for i := len(d.Pasals) - 1; i >= 0; i-- {
			p := d.Pasals[i]
			if l.start >= p.Start && l.start < p.End {
				return i
			}
		}
		return -1
	}
	const (
		partNone = iota
		partMenimbang
		partMengingat
	)
	part := partNone
	var item *LegalItem
	var items *[]LegalItem
	flush := func() {
		if item != nil {
			*items = append(*items, *item)
			item = nil
		}
	}
	fence := ""
	var ayat *Ayat
	ayatPasal := -1
	closeAyat := func(end int) {
		if ayat != nil {
			ayat.End = trimEnd(markdown, ayat.Start, end)
			d.Pasals[ayatPasal].Ayat = append(d.Pasals[ayatPasal].Ayat, *ayat)
			ayat = nil
		}
	}
	for _, l := range lines {
		t := strings.TrimSpace(l.text)
		if fence != "" {
			if strings.HasPrefix(t, fence) {
				fence = ""
			}
			continue
		}
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = t[:3]
			continue
		}
		pi := pasalOf(l)
		if ayat != nil && pi != ayatPasal {
			closeAyat(d.Pasals[ayatPasal].End)
		}
		if heading[l.no] {
			flush()
			part = partNone
			continue
		}
		switch {
		case menimbangR.MatchString(t):
			flush()
			part, items = partMenimbang, &d.Menimbang
			continue
		case mengingatR.MatchString(t):
			flush()
			part, items = partMengingat, &d.Mengingat
			continue
		case memutusR.MatchString(t):
			flush()
			part = partNone
			continue
		}
		switch part {
		case partMenimbang, partMengingat:
			re := hurufRe
			if part == partMengingat {
				re = angkaRe
			}
			switch m := re.FindStringSubmatch(t); {
			case m != nil:
				flush()
				item = &LegalItem{Label: m[1], Text: t, Line: l.no}
			case t == "":
			case item != nil:
				item.Text += " " + t
			}
		}
		if pi >= 0 {
			if m := ayatRe.FindStringSubmatch(t); m != nil {
				closeAyat(l.start)
				n, _ := strconv.Atoi(m[1])
				ayat, ayatPasal = &Ayat{Number: n, Letter: m[2], Line: l.no, Start: l.start}, pi
			}
		}
		inPasal, inLetter := 0, ""
		if pi >= 0 {
			inPasal, inLetter = d.Pasals[pi].Number, d.Pasals[pi].Letter
		}
		lead := l.start + strings.Index(l.text, t)
		for _, r := range refsIn(t) {
			r.InPasal, r.InLetter, r.Line = inPasal, inLetter, l.no
			r.Start, r.End = lead+r.Start, lead+r.End
			if r.Pasal == 0 && inPasal == 0 {
				continue // "ayat (1)" outside a Pasal cites nothing of this text
			}
			d.Refs = append(d.Refs, r)
		}
	}
	flush()
	if ayat != nil {
		closeAyat(d.Pasals[ayatPasal].End)
	}
	return d
}

// trimEnd moves end back over the white space before it, not before start.
func trimEnd(s string, start, end int) int {
	for end > start && strings.ContainsRune(" \t\r\n", rune(s[end-1])) {
		end--
	}
	return end
}

// refsIn finds the references to Pasal and ayat of this text in one line:
// a reference followed, in the same clause, by a regulation's name cites
// that regulation ("Pasal 96 Undang-Undang Nomor 13 Tahun 2022"), not this
// text ("Pasal 3 Peraturan Wali Kota ini" is this text).
func refsIn(t string) []LegalRef {
	var out []LegalRef
	for _, m := range refRe.FindAllStringSubmatchIndex(t, -1) {
		if otherAct(t[m[1]:]) {
			continue
		}
		r := LegalRef{Start: m[0], End: m[1]}
		if m[2] >= 0 {
			r.Pasal, _ = strconv.Atoi(t[m[2]:m[3]])
			if m[4] >= 0 {
				r.Letter = t[m[4]:m[5]]
			}
			if m[6] >= 0 {
				r.Ayat, _ = strconv.Atoi(t[m[6]:m[7]])
			}
		} else {
			r.Ayat, _ = strconv.Atoi(t[m[8]:m[9]])
		}
		out = append(out, r)
	}
	return out
}

// otherAct says whether what follows a reference names another regulation
// right after it, perhaps after more Pasal, ayat, huruf or angka ("Pasal 5
// dan Pasal 6 Undang-Undang …"); "Peraturan Wali Kota ini" is this text.
func otherAct(rest string) bool {
	rest = citeChainRe.ReplaceAllString(rest, "")
	m := regNameRe.FindStringSubmatchIndex(rest)
	return m != nil && m[0] == 0 && m[4] < 0
}

var citeChainRe = regexp.MustCompile(`^(?:\s*(?:,|dan\b|atau\b|serta\b|sampai\s+dengan\b|huruf\s+[a-z]\b|angka\s+\d+|Pasal\s+\d+[A-Z]{0,2}|ayat\s+\(\d+\)))*\s*`)
