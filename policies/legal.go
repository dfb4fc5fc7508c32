package policies

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// The legal-drafting structure of a Peraturan Wali Kota (UU 12/2011,
// Lampiran II) as Policyflow writes it in Markdown: the title is the first
// "# " heading; "Menimbang:" items "a. …;", "Mengingat:" items "1. …" each
// citing a regulation; BAB headings "## BAB <Roman> <TITLE>"; Pasal
// headings "### Pasal <n>", numbered continuously across BAB; ayat
// paragraphs "(n) …"; huruf paragraphs "a. …". A text without Pasal
// headings is a narrative policy: it has no structure to check.

// PerwaliTemplate is the skeleton of a Peraturan Wali Kota for a region
// ("Kota Sawahlunto"), titled title (a placeholder when empty), with two
// BAB, a penutup and the Berita Daerah sentence: what a drafter edits.
func PerwaliTemplate(regionName, title string) string {
	city := strings.ToUpper(CityName(regionName))
	if city == "" {
		city = "…"
	}
	title = strings.TrimSpace(title)
	if title == "" {
		title = "PENGEMBANGAN KOMPETENSI APARATUR SIPIL NEGARA"
	}
	title = strings.ToUpper(title)
	var b strings.Builder
	p := func(s string) { b.WriteString(s + "\n\n") }
	p("# PERATURAN WALI KOTA " + city + " TENTANG " + title)
	p("DENGAN RAHMAT TUHAN YANG MAHA ESA")
	p("WALI KOTA " + city + ",")
	p("Menimbang:")
	p("a. bahwa pengembangan kompetensi merupakan hak setiap Pegawai Aparatur Sipil Negara untuk mewujudkan aparatur yang profesional;")
	p("b. bahwa pengembangan kompetensi perlu direncanakan, dilaksanakan, dan dievaluasi secara terukur di setiap perangkat daerah;")
	p("c. bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a dan huruf b, perlu menetapkan Peraturan Wali Kota tentang " + titleCase(title) + ";")
	p("Mengingat:")
	p("1. Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara (Lembaran Negara Republik Indonesia Tahun 2023 Nomor 141);")
	p("2. Peraturan Pemerintah Nomor 11 Tahun 2017 tentang Manajemen Pegawai Negeri Sipil (Lembaran Negara Republik Indonesia Tahun 2017 Nomor 63);")
	p("MEMUTUSKAN:")
	p("Menetapkan: PERATURAN WALI KOTA TENTANG " + title + ".")
	p("## BAB I KETENTUAN UMUM")
	p("### Pasal 1")
	p("Dalam Peraturan Wali Kota ini yang dimaksud dengan:")
	p("1. Daerah adalah Kota " + titleCase(city) + ".")
	p("2. Wali Kota adalah Wali Kota " + titleCase(city) + ".")
	p("3. Pegawai Aparatur Sipil Negara yang selanjutnya disebut Pegawai ASN adalah pegawai negeri sipil dan pegawai pemerintah dengan perjanjian kerja yang bekerja pada instansi pemerintah.")
	p("## BAB II PENGEMBANGAN KOMPETENSI")
	p("### Pasal 2")
	p("(1) Setiap Pegawai ASN berhak mendapatkan pengembangan kompetensi.")
	p("(2) Pengembangan kompetensi sebagaimana dimaksud pada ayat (1) meliputi:")
	p("a. kompetensi teknis;")
	p("b. kompetensi manajerial; dan")
	p("c. kompetensi sosial kultural.")
	p("### Pasal 3")
	p("(1) Perangkat daerah menyusun rencana pengembangan kompetensi sebagaimana dimaksud dalam Pasal 2 ayat (2) setiap tahun.")
	p("(2) Rencana sebagaimana dimaksud pada ayat (1) dievaluasi paling sedikit 1 (satu) kali dalam 1 (satu) tahun.")
	p("## BAB III KETENTUAN PENUTUP")
	p("### Pasal 4")
	p("Peraturan Wali Kota ini mulai berlaku pada tanggal diundangkan.")
	b.WriteString("Agar setiap orang mengetahuinya, memerintahkan pengundangan Peraturan Wali Kota ini dengan penempatannya dalam Berita Daerah Kota " + titleCase(city) + ".\n")
	return b.String()
}

// titleCase writes an upper-case title in title case: "PENGEMBANGAN
// KOMPETENSI" → "Pengembangan Kompetensi".
func titleCase(s string) string {
	ws := strings.Fields(strings.ToLower(s))
	for i, w := range ws {
		if w == "dan" || w == "atau" || w == "di" || w == "ke" || w == "dari" || w == "yang" || w == "untuk" {
			continue
		}
		r := []rune(w)
		r[0] = []rune(strings.ToUpper(string(r[0])))[0]
		ws[i] = string(r)
	}
	return strings.Join(ws, " ")
}

// LegalItem is one item of Menimbang ("a") or Mengingat ("1"): its label,
// its text (lines joined) and the line it starts on (1-based).
type LegalItem struct {
	Label string
	Text  string
	Line  int
}

// Bab is a BAB heading: its numeral as written, its value (0 when it is no
// Roman numeral), its title and line.
type Bab struct {
	Numeral string
	Number  int
	Title   string
	Line    int
}

// Ayat is one ayat paragraph of a Pasal: "(n) …" up to the next ayat or
// the end of its Pasal, huruf items included; [Start, End) its bytes.
type Ayat struct {
	Number     int
	Line       int
	Start, End int
}

// Pasal is one Pasal: its number, the line of its heading, the index of its
// BAB in LegalDoc.Babs (-1 before any), its heading anchor, its ayat and
// the bytes from its heading to the next heading [Start, End).
type Pasal struct {
	Number     int
	Line       int
	Bab        int
	Anchor     string
	Ayat       []Ayat
	Start, End int
}

// LegalRef is a reference in the text to a Pasal of this document (Ayat 0:
// the whole Pasal); InPasal is the number of the Pasal it stands in (0
// outside the batang tubuh), for "ayat (1)" without a Pasal.
type LegalRef struct {
	Pasal, Ayat int
	InPasal     int
	Line        int
}

// LegalDoc is the structure of a Peraturan Wali Kota text.
type LegalDoc struct {
	Title     string
	TitleLine int
	Menimbang []LegalItem
	Mengingat []LegalItem
	Babs      []Bab
	Pasals    []Pasal
	Refs      []LegalRef
}

var (
	babRe      = regexp.MustCompile(`^BAB\s+(\S+)\s*(.*)$`)
	pasalRe    = regexp.MustCompile(`^Pasal\s+(\d{1,6})\s*$`)
	ayatRe     = regexp.MustCompile(`^\((\d{1,6})\)\s`)
	hurufRe    = regexp.MustCompile(`^([a-z])\.\s`)
	angkaRe    = regexp.MustCompile(`^(\d{1,4})\.\s`)
	refRe      = regexp.MustCompile(`\bPasal\s+(\d{1,6})(?:\s+ayat\s+\((\d{1,6})\))?|\bayat\s+\((\d{1,6})\)`)
	regNameRe  = regexp.MustCompile(`(?i)\b(Undang-Undang|Peraturan\s+Pemerintah|Peraturan\s+Presiden|Peraturan\s+Menteri|Peraturan\s+Daerah|Peraturan\s+Wali\s*[Kk]ota|Peraturan\s+Bupati|Peraturan\s+Gubernur|Peraturan\s+Badan|Peraturan\s+Lembaga|Keputusan\s+Presiden|Keputusan\s+Menteri|Keputusan\s+Wali\s*[Kk]ota|Instruksi\s+Presiden|Kitab\s+Undang-Undang)\b(\s+ini\b)?`)
	regCiteRe  = regexp.MustCompile(`(?i)\b(Undang-Undang|Peraturan\s+\S+(\s+\S+)?|Keputusan\s+\S+(\s+\S+)?|Instruksi\s+Presiden)\b.*\b(Nomor\s+\S+\s+Tahun\s+\d{4}|Tahun\s+1945)`)
	menimbangR = regexp.MustCompile(`^Menimbang\s*:`)
	mengingatR = regexp.MustCompile(`^Mengingat\s*:`)
	memutusR   = regexp.MustCompile(`^(MEMUTUSKAN|Menetapkan)\s*:`)
)

// romanValue is the value of a Roman numeral written canonically (I … MMMCMXCIX), or 0.
func romanValue(s string) int {
	vals := map[byte]int{'I': 1, 'V': 5, 'X': 10, 'L': 50, 'C': 100, 'D': 500, 'M': 1000}
	n := 0
	for i := 0; i < len(s); i++ {
		v, ok := vals[s[i]]
		if !ok {
			return 0
		}
		if i+1 < len(s) && vals[s[i+1]] > v {
			n -= v
		} else {
			n += v
		}
	}
	if n <= 0 || n >= 4000 || Roman(n) != s {
		return 0
	}
	return n
}

// Roman writes n (1–3999) as a Roman numeral.
func Roman(n int) string {
	var b strings.Builder
	for _, p := range []struct {
		v int
		s string
	}{{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"}, {90, "XC"}, {50, "L"}, {40, "XL"}, {10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"}} {
		for n >= p.v {
			b.WriteString(p.s)
			n -= p.v
		}
	}
	return b.String()
}

// line is one source line: its text (no newline), number (1-based) and
// byte offset.
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
			n, _ := strconv.Atoi(pasalRe.FindStringSubmatch(title)[1])
			end := len(markdown)
			for _, next := range secs[i+1:] {
				end = next.Start
				break
			}
			d.Pasals = append(d.Pasals, Pasal{Number: n, Line: ln, Bab: len(d.Babs) - 1, Anchor: s.Anchor, Start: s.Start, End: end})
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
				ayat, ayatPasal = &Ayat{Number: n, Line: l.no, Start: l.start}, pi
			}
		}
		inPasal := 0
		if pi >= 0 {
			inPasal = d.Pasals[pi].Number
		}
		for _, r := range refsIn(t) {
			r.InPasal, r.Line = inPasal, l.no
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
		var r LegalRef
		if m[2] >= 0 {
			r.Pasal, _ = strconv.Atoi(t[m[2]:m[3]])
			if m[4] >= 0 {
				r.Ayat, _ = strconv.Atoi(t[m[4]:m[5]])
			}
		} else {
			r.Ayat, _ = strconv.Atoi(t[m[6]:m[7]])
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

var citeChainRe = regexp.MustCompile(`^(?:\s*(?:,|dan\b|atau\b|serta\b|sampai\s+dengan\b|huruf\s+[a-z]\b|angka\s+\d+|Pasal\s+\d+|ayat\s+\(\d+\)))*\s*`)

// Structure finding codes: stable, the pages and the API translate them.
const (
	FindPasalGap        = "pasal_gap"         // Pasal n follows Pasal Prev, Want is missing
	FindPasalRepeat     = "pasal_repeat"      // Pasal n again
	FindPasalOrder      = "pasal_order"       // Pasal n after a higher Pasal Prev
	FindAyatOrder       = "ayat_order"        // ayat (n) of Pasal p after a higher ayat (Prev)
	FindAyatGap         = "ayat_gap"          // ayat (n) of Pasal p follows ayat (Prev) (or none: must start at 1)
	FindAyatRepeat      = "ayat_repeat"       // ayat (n) of Pasal p again
	FindBabNotRoman     = "bab_not_roman"     // BAB numeral that is no Roman numeral
	FindBabOrder        = "bab_order"         // BAB numeral out of order
	FindBabRepeat       = "bab_repeat"        // BAB numeral again
	FindMenimbangEnd    = "menimbang_end"     // a Menimbang item not ending with ";"
	FindMengingatNoCite = "mengingat_no_cite" // a Mengingat item citing no regulation
	FindRefMissingPasal = "ref_missing_pasal" // a reference to a Pasal this text lacks
	FindRefMissingAyat  = "ref_missing_ayat"  // a reference to an ayat its Pasal lacks
)

// FindingCodes lists every code CheckStructure gives, for catalogues and tests.
var FindingCodes = []string{FindPasalGap, FindPasalRepeat, FindPasalOrder, FindAyatGap, FindAyatRepeat, FindAyatOrder, FindBabNotRoman, FindBabOrder,
	FindBabRepeat, FindMenimbangEnd, FindMengingatNoCite, FindRefMissingPasal, FindRefMissingAyat}

// StructureFinding is one warning of the structure check: the line
// (1-based) it is on, its code and the numbers it concerns.
type StructureFinding struct {
	Line  int    `json:"line"`
	Code  string `json:"code"`
	Pasal int    `json:"pasal,omitempty"` // the Pasal concerned (or referred to)
	Ayat  int    `json:"ayat,omitempty"`  // the ayat concerned (or referred to)
	Prev  int    `json:"prev,omitempty"`  // the number before it (gaps)
	Want  int    `json:"want,omitempty"`  // the number expected (gaps, BAB order)
	// Numeral is a BAB's numeral as written; Label a Menimbang or Mengingat item's ("a", "1").
	Numeral string `json:"numeral,omitempty"`
	Label   string `json:"label,omitempty"`
}

// CheckStructure checks a Peraturan Wali Kota text: Pasal numbered
// continuously, ayat from (1) in each Pasal, BAB numerals Roman and in
// order, Menimbang items ending with ";", Mengingat items citing a
// regulation, references to Pasal and ayat that exist. A narrative text
// (no Pasal heading) gives no findings. Findings come in line order.
func CheckStructure(markdown string) []StructureFinding {
	d := ParseLegal(markdown)
	if len(d.Pasals) == 0 {
		return nil
	}
	var out []StructureFinding
	for _, it := range d.Menimbang {
		if !strings.HasSuffix(strings.TrimSpace(it.Text), ";") {
			out = append(out, StructureFinding{Line: it.Line, Code: FindMenimbangEnd, Label: it.Label})
		}
	}
	for _, it := range d.Mengingat {
		if !regCiteRe.MatchString(it.Text) {
			out = append(out, StructureFinding{Line: it.Line, Code: FindMengingatNoCite, Label: it.Label})
		}
	}
	seenBab := map[string]bool{}
	prevBab := 0
	for _, b := range d.Babs {
		switch {
		case seenBab[b.Numeral]:
			out = append(out, StructureFinding{Line: b.Line, Code: FindBabRepeat, Numeral: b.Numeral})
		case b.Number == 0:
			out = append(out, StructureFinding{Line: b.Line, Code: FindBabNotRoman, Numeral: b.Numeral})
			prevBab++ // read as the BAB expected here: the next is checked against it
		case b.Number != prevBab+1:
			out = append(out, StructureFinding{Line: b.Line, Code: FindBabOrder, Numeral: b.Numeral, Want: prevBab + 1, Prev: prevBab})
		}
		seenBab[b.Numeral] = true
		if b.Number > prevBab {
			prevBab = b.Number
		}
	}
	seen := map[int]bool{}
	ayats := map[int]map[int]bool{} // the ayat of each Pasal number (its first occurrence)
	prev := 0
	for _, p := range d.Pasals {
		switch {
		case seen[p.Number]:
			out = append(out, StructureFinding{Line: p.Line, Code: FindPasalRepeat, Pasal: p.Number})
		case p.Number < prev:
			out = append(out, StructureFinding{Line: p.Line, Code: FindPasalOrder, Pasal: p.Number, Prev: prev})
		case p.Number != prev+1:
			out = append(out, StructureFinding{Line: p.Line, Code: FindPasalGap, Pasal: p.Number, Prev: prev, Want: prev + 1})
		}
		if p.Number > prev {
			prev = p.Number
		}
		first := !seen[p.Number]
		seen[p.Number] = true
		if first {
			ayats[p.Number] = map[int]bool{}
		}
		prevAyat := 0
		have := map[int]bool{}
		for _, a := range p.Ayat {
			switch {
			case have[a.Number]:
				out = append(out, StructureFinding{Line: a.Line, Code: FindAyatRepeat, Pasal: p.Number, Ayat: a.Number})
			case a.Number < prevAyat:
				out = append(out, StructureFinding{Line: a.Line, Code: FindAyatOrder, Pasal: p.Number, Ayat: a.Number, Prev: prevAyat})
			case a.Number != prevAyat+1:
				out = append(out, StructureFinding{Line: a.Line, Code: FindAyatGap, Pasal: p.Number, Ayat: a.Number, Prev: prevAyat, Want: prevAyat + 1})
			}
			have[a.Number] = true
			if a.Number > prevAyat {
				prevAyat = a.Number
			}
			if first {
				ayats[p.Number][a.Number] = true
			}
		}
	}
	for _, r := range d.Refs {
		pasal := r.Pasal
		if pasal == 0 {
			pasal = r.InPasal
		}
		switch {
		case !seen[pasal]:
			out = append(out, StructureFinding{Line: r.Line, Code: FindRefMissingPasal, Pasal: pasal})
		case r.Ayat > 0 && !ayats[pasal][r.Ayat]:
			out = append(out, StructureFinding{Line: r.Line, Code: FindRefMissingAyat, Pasal: pasal, Ayat: r.Ayat})
		}
	}
	sortFindings(out)
	return out
}

// sortFindings orders findings by line, stably.
func sortFindings(fs []StructureFinding) {
	for i := 1; i < len(fs); i++ {
		for j := i; j > 0 && fs[j].Line < fs[j-1].Line; j-- {
			fs[j], fs[j-1] = fs[j-1], fs[j]
		}
	}
}

// Provision is a Pasal (Ayat 0) or one ayat of it located in a text: the
// Pasal's heading anchor and title, and the bytes [Start, End) of the
// Pasal's body (after its heading) or of the ayat's paragraphs.
type Provision struct {
	Pasal, Ayat int
	Anchor      string
	Start, End  int
}

// Label is how a provision is cited: "Pasal 3" or "Pasal 3 ayat (2)".
func (p Provision) Label() string { return ProvisionLabel(p.Pasal, p.Ayat) }

// ProvisionLabel cites a Pasal and, when ayat > 0, its ayat: "Pasal 3 ayat (2)".
func ProvisionLabel(pasal, ayat int) string {
	if ayat > 0 {
		return fmt.Sprintf("Pasal %d ayat (%d)", pasal, ayat)
	}
	return fmt.Sprintf("Pasal %d", pasal)
}

// LocateProvision finds Pasal pasal (its first occurrence) and, when ayat
// > 0, its ayat in a text: KindInvalid naming "pasal" or "ayat" when the
// text has no such Pasal or ayat.
func LocateProvision(markdown string, pasal, ayat int) (Provision, error) {
	if pasal <= 0 {
		return Provision{}, FieldError("pasal", "nomor Pasal harus bilangan bulat positif")
	}
	if ayat < 0 {
		return Provision{}, FieldError("ayat", "nomor ayat harus bilangan bulat positif")
	}
	d := ParseLegal(markdown)
	for _, p := range d.Pasals {
		if p.Number != pasal {
			continue
		}
		if ayat == 0 {
			body := p.Start
			for _, s := range Sections(markdown) {
				if s.Start == p.Start {
					body = s.End
					break
				}
			}
			for body < p.End && strings.ContainsRune(" \t\r\n", rune(markdown[body])) {
				body++
			}
			return Provision{Pasal: pasal, Anchor: p.Anchor, Start: body, End: trimEnd(markdown, body, p.End)}, nil
		}
		for _, a := range p.Ayat {
			if a.Number == ayat {
				return Provision{Pasal: pasal, Ayat: ayat, Anchor: p.Anchor, Start: a.Start, End: a.End}, nil
			}
		}
		return Provision{}, FieldError("ayat", "Pasal %d tidak memiliki ayat (%d) dalam versi ini", pasal, ayat)
	}
	return Provision{}, FieldError("pasal", "Pasal %d tidak ada dalam versi ini", pasal)
}

// PasalNo is the Pasal a comment was anchored to by number, 0 for none.
func (c Comment) PasalNo() int {
	if c.Pasal == nil {
		return 0
	}
	return *c.Pasal
}

// AyatNo is the ayat a comment was anchored to by number, 0 for none.
func (c Comment) AyatNo() int {
	if c.Ayat == nil {
		return 0
	}
	return *c.Ayat
}
