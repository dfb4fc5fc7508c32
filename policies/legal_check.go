package policies

import "strings"

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
	// Letter is the Pasal's letter ("A" of Pasal 4A), PrevLetter that of
	// the Pasal before it (order, gaps).
	Letter     string `json:"letter,omitempty"`
	PrevLetter string `json:"prev_letter,omitempty"`
	Ayat       int    `json:"ayat,omitempty"` // the ayat concerned (or referred to)
	Prev       int    `json:"prev,omitempty"` // the number before it (gaps)
	Want       int    `json:"want,omitempty"` // the number expected (gaps, BAB order)
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
	seen := map[string]bool{}
	ayats := map[string]map[int]bool{} // the ayat of each Pasal, by its number as written (its first occurrence)
	prev, prevLetter := 0, ""          // the highest Pasal so far
	for _, p := range d.Pasals {
		label := p.Label()
		after := prev < p.Number || (prev == p.Number && letterLess(prevLetter, p.Letter))
		switch {
		case seen[label]:
			out = append(out, StructureFinding{Line: p.Line, Code: FindPasalRepeat, Pasal: p.Number, Letter: p.Letter})
		case !after:
			out = append(out, StructureFinding{Line: p.Line, Code: FindPasalOrder, Pasal: p.Number, Letter: p.Letter, Prev: prev, PrevLetter: prevLetter})
		case p.Letter == "" && p.Number != prev+1:
			out = append(out, StructureFinding{Line: p.Line, Code: FindPasalGap, Pasal: p.Number, Prev: prev, PrevLetter: prevLetter, Want: prev + 1})
		case p.Letter != "" && p.Number != prev:
			// An inserted Pasal follows the Pasal whose number it bears
			// (4A after 4): here that Pasal is missing.
			out = append(out, StructureFinding{Line: p.Line, Code: FindPasalGap, Pasal: p.Number, Letter: p.Letter, Prev: prev, PrevLetter: prevLetter, Want: prev + 1})
		}
		if after {
			prev, prevLetter = p.Number, p.Letter
		}
		first := !seen[label]
		seen[label] = true
		if first {
			ayats[label] = map[int]bool{}
		}
		prevAyat := 0
		have := map[int]bool{}
		for _, a := range p.Ayat {
			if a.Letter != "" {
				continue // an ayat an amendment inserted (1a): numbered after its neighbour, not in the sequence
			}
			switch {
			case have[a.Number]:
				out = append(out, StructureFinding{Line: a.Line, Code: FindAyatRepeat, Pasal: p.Number, Letter: p.Letter, Ayat: a.Number})
			case a.Number < prevAyat:
				out = append(out, StructureFinding{Line: a.Line, Code: FindAyatOrder, Pasal: p.Number, Letter: p.Letter, Ayat: a.Number, Prev: prevAyat})
			case a.Number != prevAyat+1:
				out = append(out, StructureFinding{Line: a.Line, Code: FindAyatGap, Pasal: p.Number, Letter: p.Letter, Ayat: a.Number, Prev: prevAyat, Want: prevAyat + 1})
			}
			have[a.Number] = true
			if a.Number > prevAyat {
				prevAyat = a.Number
			}
			if first {
				ayats[label][a.Number] = true
			}
		}
	}
	for _, r := range d.Refs {
		pasal, letter := r.Pasal, r.Letter
		if pasal == 0 {
			pasal, letter = r.InPasal, r.InLetter
		}
		label := PasalNumber(pasal, letter)
		switch {
		case !seen[label]:
			out = append(out, StructureFinding{Line: r.Line, Code: FindRefMissingPasal, Pasal: pasal, Letter: letter})
		case r.Ayat > 0 && !ayats[label][r.Ayat]:
			out = append(out, StructureFinding{Line: r.Line, Code: FindRefMissingAyat, Pasal: pasal, Letter: letter, Ayat: r.Ayat})
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

// letterLess orders the letters of Pasal numbered alike as a text does:
// "" < "A" < "B" < … < "Z" < "AA".
func letterLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}
