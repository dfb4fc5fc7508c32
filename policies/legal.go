package policies

import (
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
//
// This file holds the structure's types; legal_parse.go reads it from a
// text, legal_check.go checks it, legal_provision.go finds a Pasal or an
// ayat in it, legal_template.go is the skeleton a drafter starts from.

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
	Letter     string // "a" of an ayat an amendment inserted, "(1a)"
	Line       int
	Start, End int
}

// Label is the ayat's number as written: "2", "1a".
func (a Ayat) Label() string { return strconv.Itoa(a.Number) + a.Letter }

// Pasal is one Pasal: its number and, for a Pasal an amendment inserted
// ("Pasal 4A", UU 12/2011 Lampiran II), its capital letter; the line of its heading, the index of its
// BAB in LegalDoc.Babs (-1 before any), its heading anchor, its ayat and
// the bytes from its heading to the next heading [Start, End).
type Pasal struct {
	Number     int
	Letter     string // "" or "A", "B", …
	Line       int
	Bab        int
	Anchor     string
	Ayat       []Ayat
	Start, End int
}

// Label is the Pasal's number as written: "4", "4A".
func (p Pasal) Label() string { return PasalNumber(p.Number, p.Letter) }

// PasalNumber writes a Pasal number with its letter: "4A".
func PasalNumber(n int, letter string) string { return strconv.Itoa(n) + letter }

// LegalRef is a reference in the text to a Pasal of this document (Ayat 0:
// the whole Pasal; Letter the Pasal's letter, "Pasal 4A"); InPasal and
// InLetter are the number of the Pasal it stands in (0 outside the batang
// tubuh), for "ayat (1)" without a Pasal.
type LegalRef struct {
	Pasal, Ayat int
	Letter      string
	InPasal     int
	InLetter    string
	Line        int
	// Start and End are the bytes of the reference's words in the text
	// ("Pasal 4 ayat (2)").
	Start, End int
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
