// Package akn writes a Peraturan Wali Kota as Akoma Ntoso 3.0 XML (OASIS
// LegalDocML): its FRBR identifiers, its title, its BAB as chapter, its
// Pasal as article and its ayat as paragraph.
//
// # Identifiers
//
// Indonesia has no published Akoma Ntoso naming for regional acts; this
// package follows the Akoma Ntoso naming convention with the country
// code "id" narrowed by the region ("id-sawahlunto", the region's slug),
// the document type "act", the subtype "perwali", the year and number of
// the register:
//
//	Work:          /akn/id-sawahlunto/act/perwali/2026/3
//	Expression:    /akn/id-sawahlunto/act/perwali/2026/3/ind@2026-07-01   (language, the day of the text)
//	Manifestation: /akn/id-sawahlunto/act/perwali/2026/3/ind@2026-07-01.akn
//
// The expression's date is the day the text stands at: the day the act
// took effect for the text as enacted, the day asked for a consolidation.
//
// The text is read with policies.ParseLegal: the title (first "# "
// heading), BAB headings, Pasal headings ("Pasal 4", "Pasal 4A") and ayat
// ("(1) …", "(1a) …" for one an amendment inserted); each paragraph of a
// Pasal or ayat becomes one <p>. The eIds are art_4A and art_4A__para_2
// (art_4__para_1a), the same the article-level JSON names (EID).
package akn

import (
	"encoding/xml"
	"fmt"
	"strings"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// Namespace is the Akoma Ntoso 3.0 namespace.
const Namespace = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"

// Act is what the XML says of the act besides its text.
type Act struct {
	Region    string    // the region's slug: "sawahlunto"
	Subtype   string    // "perwali"
	Year      int       // of the register
	Number    int       // in the register
	Name      string    // "Peraturan Wali Kota Sawahlunto Nomor 3 Tahun 2026"
	EnactedOn time.Time // the Work's date
	At        time.Time // the Expression's date: the day the text stands at
	Generated time.Time // the Manifestation's date
	// Consolidated: the text is a consolidation (unofficial), not the
	// enacted text.
	Consolidated bool
}

// Work is the act's Work IRI.
func (a Act) Work() string {
	return fmt.Sprintf("/akn/id-%s/act/%s/%d/%d", a.Region, a.Subtype, a.Year, a.Number)
}

// Expression is the IRI of the text as it stands on a.At, in Indonesian.
func (a Act) Expression() string { return a.Work() + "/ind@" + a.At.Format(time.DateOnly) }

// XML writes markdown, the act's text, as an Akoma Ntoso document.
func XML(a Act, markdown string) []byte {
	d := policies.ParseLegal(markdown)
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	day := func(t time.Time) string { return t.Format(time.DateOnly) }
	w(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	w(`<akomaNtoso xmlns="%s">`+"\n", Namespace)
	w(`<act name="%s" contains="%s">`+"\n", esc(a.Subtype), map[bool]string{true: "singleVersion", false: "originalVersion"}[a.Consolidated])
	w("<meta>\n")
	w(`<identification source="#policyflow">` + "\n")
	w("<FRBRWork>\n")
	w(`<FRBRthis value="%s/!main"/><FRBRuri value="%s"/><FRBRdate date="%s" name="enactment"/><FRBRauthor href="#walikota"/>`+"\n", a.Work(), a.Work(), day(a.EnactedOn))
	w(`<FRBRcountry value="id"/><FRBRsubtype value="%s"/><FRBRnumber value="%d"/><FRBRname value="%s"/>`+"\n", esc(a.Subtype), a.Number, esc(a.Name))
	w("</FRBRWork>\n<FRBRExpression>\n")
	w(`<FRBRthis value="%s/!main"/><FRBRuri value="%s"/><FRBRdate date="%s" name="%s"/><FRBRauthor href="#%s"/><FRBRlanguage language="ind"/>`+"\n",
		a.Expression(), a.Expression(), day(a.At), map[bool]string{true: "consolidation", false: "entryIntoForce"}[a.Consolidated],
		map[bool]string{true: "policyflow", false: "walikota"}[a.Consolidated])
	w("</FRBRExpression>\n<FRBRManifestation>\n")
	w(`<FRBRthis value="%s/!main.xml"/><FRBRuri value="%s.akn"/><FRBRdate date="%s" name="generation"/><FRBRauthor href="#policyflow"/>`+"\n",
		a.Expression(), a.Expression(), day(a.Generated))
	w("</FRBRManifestation>\n</identification>\n")
	w(`<references source="#policyflow">` + "\n")
	w(`<TLCOrganization eId="policyflow" href="/ontology/organization/id/policyflow" showAs="Policyflow"/>` + "\n")
	w(`<TLCRole eId="walikota" href="/ontology/role/id/%s/walikota" showAs="Wali Kota"/>`+"\n", esc(a.Region))
	w("</references>\n</meta>\n")
	title := d.Title
	if title == "" {
		title = a.Name
	}
	w("<preface>\n<longTitle><p>%s</p></longTitle>\n</preface>\n<body>\n", esc(title))
	bab := -1
	for i, p := range d.Pasals {
		if p.Bab != bab {
			if bab >= 0 {
				w("</chapter>\n")
			}
			bab = p.Bab
			if bab >= 0 {
				c := d.Babs[bab]
				w(`<chapter eId="chp_%s"><num>BAB %s</num><heading>%s</heading>`+"\n", id(c.Numeral, i), esc(c.Numeral), esc(c.Title))
			}
		}
		article(&b, markdown, p)
	}
	if bab >= 0 {
		w("</chapter>\n")
	}
	if len(d.Pasals) == 0 { // a narrative text: its paragraphs
		w(`<article eId="art_1"><content>%s</content></article>`+"\n", paras(markdown))
	}
	w("</body>\n</act>\n</akomaNtoso>\n")
	return []byte(b.String())
}

// EID is the eId of Pasal pasal ("4A") or of its ayat (ayat > 0) in the
// XML: "art_4A", "art_4A__para_2"; the article-level JSON names its
// objects by the same.
func EID(pasal string, ayat int) string {
	if ayat > 0 {
		return fmt.Sprintf("art_%s__para_%d", pasal, ayat)
	}
	return "art_" + pasal
}

// article writes one Pasal: its ayat as paragraphs, or its body as content.
func article(b *strings.Builder, md string, p policies.Pasal) {
	eid := EID(p.Label(), 0)
	fmt.Fprintf(b, `<article eId="%s"><num>Pasal %s</num>`+"\n", eid, p.Label())
	body := md[p.Start:p.End]
	if i := strings.IndexByte(body, '\n'); i >= 0 { // after the heading line
		body = body[i+1:]
	} else {
		body = ""
	}
	if len(p.Ayat) == 0 {
		fmt.Fprintf(b, "<content>%s</content>\n</article>\n", paras(body))
		return
	}
	if intro := strings.TrimSpace(md[p.End-len(body) : p.Ayat[0].Start]); intro != "" {
		fmt.Fprintf(b, "<intro>%s</intro>\n", paras(intro))
	}
	for _, a := range p.Ayat {
		text := strings.TrimSpace(md[a.Start:a.End])
		num := "(" + a.Label() + ")"
		text = strings.TrimSpace(strings.TrimPrefix(text, num))
		fmt.Fprintf(b, `<paragraph eId="%s"><num>%s</num><content>%s</content></paragraph>`+"\n", EID(p.Label(), a.Number)+a.Letter, num, paras(text))
	}
	b.WriteString("</article>\n")
}

// paras writes a text's paragraphs (split at blank lines) as <p>; an
// empty text as one empty <p>, as content must hold a block.
func paras(text string) string {
	var b strings.Builder
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			b.WriteString("<p>" + esc(p) + "</p>")
		}
	}
	if b.Len() == 0 {
		return "<p/>"
	}
	return b.String()
}

// id is s as an eId part (letters and digits), or the index when none.
func id(s string, i int) string {
	var b strings.Builder
	for _, r := range s {
		if r < 128 && (r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return fmt.Sprint(i + 1)
	}
	return b.String()
}

// esc escapes text for XML content and attributes.
func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
