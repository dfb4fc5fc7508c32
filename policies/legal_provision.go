package policies

import (
	"fmt"
	"strings"
)

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
		if p.Number != pasal || p.Letter != "" {
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
			if a.Number == ayat && a.Letter == "" {
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
