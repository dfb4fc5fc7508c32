package policies

import (
	"fmt"
	"strings"
)

// References across a renumbering (issue 27). When a revision inserts,
// removes or moves a Pasal or an ayat, the numbers after it change, and a
// reference written for the old numbering ("sebagaimana dimaksud dalam
// Pasal 4 ayat (2)") may now point to another provision, or to none.
// CheckRenumbering compares the references a revision kept from the text
// before it (the same sentence, the same reference) with what they point
// to in each text.

// Finding codes of CheckRenumbering.
const (
	// FindRefMoved: the provision a kept reference pointed to is now
	// numbered otherwise (Label: its new citation).
	FindRefMoved = "ref_moved"
	// FindRefOther: what a kept reference points to now is another
	// provision, the one numbered Label before; the one it pointed to is gone.
	FindRefOther = "ref_other"
)

// RenumberingCodes lists the codes CheckRenumbering gives.
var RenumberingCodes = []string{FindRefMoved, FindRefOther}

// provKey names a provision: "4A" or "4A(2)".
func provKey(pasal int, letter string, ayat int) string {
	k := PasalNumber(pasal, letter)
	if ayat > 0 {
		k += fmt.Sprintf("(%d)", ayat)
	}
	return k
}

// provCite cites a provision key: "Pasal 4A", "Pasal 4A ayat (2)".
func provCite(key string) string {
	if i := strings.IndexByte(key, '('); i >= 0 {
		return "Pasal " + key[:i] + " ayat " + key[i:]
	}
	return "Pasal " + key
}

// provisionTexts are the words of each Pasal (after its heading) and of
// each ayat (after its number), by key, white space folded; the first
// of a repeated number.
func provisionTexts(d LegalDoc, md string) map[string]string {
	out := map[string]string{}
	fold := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	for _, p := range d.Pasals {
		body := md[p.Start:p.End]
		if i := strings.IndexByte(body, '\n'); i >= 0 {
			body = body[i+1:]
		} else {
			body = ""
		}
		if k := provKey(p.Number, p.Letter, 0); out[k] == "" {
			out[k] = fold(body)
		}
		for _, a := range p.Ayat {
			text := strings.TrimSpace(md[a.Start:a.End])
			text = strings.TrimPrefix(text, "("+a.Label()+")")
			if k := PasalNumber(p.Number, p.Letter) + "(" + a.Label() + ")"; out[k] == "" {
				out[k] = fold(text)
			}
		}
	}
	return out
}

// Points is the provision a reference points to in its text: the Pasal
// ("4A": the one it stands in for "ayat (1)" alone) and the ayat (0: the
// whole Pasal).
func (r LegalRef) Points() (pasal string, ayat int) {
	if r.Pasal == 0 {
		return PasalNumber(r.InPasal, r.InLetter), r.Ayat
	}
	return PasalNumber(r.Pasal, r.Letter), r.Ayat
}

// target is the key of what a reference points to in its text.
func (r LegalRef) target() string {
	if r.Pasal == 0 {
		return provKey(r.InPasal, r.InLetter, r.Ayat)
	}
	return provKey(r.Pasal, r.Letter, r.Ayat)
}

// CheckRenumbering flags, in next (a revision of prev), each reference
// kept from prev that no longer points to the provision it pointed to:
// that provision is now numbered otherwise (FindRefMoved), or the number
// now holds another provision and the one referred to is gone
// (FindRefOther). A reference that is new in next, or whose provision
// was only reworded, is not flagged; one to a number next lacks is
// CheckStructure's to report. Findings come in line order.
func CheckRenumbering(prev, next string) []StructureFinding {
	dp, dn := ParseLegal(prev), ParseLegal(next)
	if len(dn.Pasals) == 0 || len(dp.Pasals) == 0 {
		return nil
	}
	tp, tn := provisionTexts(dp, prev), provisionTexts(dn, next)
	where := func(texts map[string]string, text, not string) string {
		found := ""
		for k, t := range texts {
			if text != "" && t == text && k != not && (found == "" || k < found) {
				found = k // the same words twice: one of them, always the same
			}
		}
		return found
	}
	// The references of prev by the words of their line, in order.
	lineOf := func(md string, r LegalRef) string {
		start := strings.LastIndexByte(md[:r.Start], '\n') + 1
		end := strings.IndexByte(md[r.End:], '\n')
		if end < 0 {
			end = len(md) - r.End
		}
		return strings.TrimSpace(md[start : r.End+end])
	}
	before := map[string][]LegalRef{}
	for _, r := range dp.Refs {
		l := lineOf(prev, r)
		before[l] = append(before[l], r)
	}
	seen := map[string]int{} // refs of next met so far per line words
	var out []StructureFinding
	for _, r := range dn.Refs {
		l := lineOf(next, r)
		i := seen[l]
		seen[l]++
		olds := before[l]
		if i >= len(olds) || next[r.Start:r.End] != prev[olds[i].Start:olds[i].End] {
			continue // a new reference: written for the new numbering
		}
		was, ok := tp[olds[i].target()]
		now := tn[r.target()]
		if !ok || was == now {
			continue
		}
		f := StructureFinding{Line: r.Line, Pasal: r.Pasal, Letter: r.Letter, Ayat: r.Ayat}
		if r.Pasal == 0 {
			f.Pasal, f.Letter = r.InPasal, r.InLetter
		}
		if k := where(tn, was, r.target()); k != "" {
			f.Code, f.Label = FindRefMoved, provCite(k)
		} else if k := where(tp, now, olds[i].target()); k != "" && tp[k] != tn[k] {
			f.Code, f.Label = FindRefOther, provCite(k)
		} else {
			continue
		}
		out = append(out, f)
	}
	sortFindings(out)
	return out
}

// CheckRevision is the structure check of next, a revision of prev (""
// for a first text): CheckStructure's findings and CheckRenumbering's,
// in line order.
func CheckRevision(prev, next string) []StructureFinding {
	out := CheckStructure(next)
	if prev != "" {
		out = append(out, CheckRenumbering(prev, next)...)
		sortFindings(out)
	}
	return out
}
