package policies

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Passage is the passage a ref names on the version's text md: the section
// is the Pasal's heading anchor and the quote that Pasal's (or ayat's)
// text as the page shows it, so the comment is a passage comment like any
// other (anchor states on later versions, suggestions replacing that
// text). 422 naming pasal or ayat when the text has no such provision. A
// Pasal longer than MaxQuote is commented on as its section, without a
// quote, unless a suggestion would replace it (413: suggest per ayat).
func (in ProvisionRef) Passage(md, suggestion string) (section, quote string, err error) {
	if err := in.Validate(); err != nil {
		return "", "", err
	}
	p, err := LocateProvision(md, in.Pasal, in.Ayat)
	if err != nil {
		return "", "", err
	}
	quote = SectionTexts(md)[p.Anchor]
	if in.Ayat > 0 {
		quote = SectionTexts(md[p.Start:p.End])[""]
	}
	if len([]rune(quote)) > MaxQuote {
		if strings.TrimSpace(suggestion) != "" {
			return "", "", &Error{Kind: KindTooLarge, Field: "pasal", Message: fmt.Sprintf("%s lebih dari %d karakter: usulkan perubahan per ayat", p.Label(), MaxQuote)}
		}
		quote = "" // a comment on a long Pasal is on its section, without a quote
	}
	return p.Anchor, quote, nil
}

// Numbers are the Pasal and ayat a comment names, for its record: nil
// for none.
func (in ProvisionRef) Numbers() (pasal, ayat *int) {
	if in.Pasal > 0 {
		p := in.Pasal
		pasal = &p
		if in.Ayat > 0 {
			a := in.Ayat
			ayat = &a
		}
	}
	return pasal, ayat
}

// SetPassage checks a comment's quote and suggestion against the text of
// the version its author reads (md) and puts them, folded, on c: a quote
// of c's section, on a first comment only; a suggestion only with a quote,
// at most MaxSuggestion characters, and not the quoted text itself.
func (c *Comment) SetPassage(md, quote, suggestion string) error {
	quote, sugg := strings.TrimSpace(quote), strings.TrimSpace(suggestion)
	if quote == "" {
		if sugg != "" {
			return FieldError("suggestion", "usulan perubahan memerlukan kutipan: pilih teks yang ingin diganti")
		}
		return nil
	}
	if c.ParentID != nil {
		return FieldError("quote", "balasan tidak mengutip teks; kutip pada komentar utama")
	}
	q, err := CheckQuote(md, c.SectionID, quote)
	if err != nil {
		return err
	}
	if utf8.RuneCountInString(sugg) > MaxSuggestion {
		return &Error{Kind: KindTooLarge, Field: "suggestion", Message: fmt.Sprintf("usulan perubahan maksimal %d karakter", MaxSuggestion)}
	}
	if sugg != "" && NormalizeSpace(sugg) == q {
		return FieldError("suggestion", "usulan perubahan sama dengan teks yang dikutip")
	}
	c.Quote, c.Suggestion = q, sugg
	return nil
}
