package naskah

import (
	"strconv"
	"strings"

	"github.com/policyflow/policyflow/policies"
)

// Source is what a document is built from.
type Source struct {
	// Policy names the document when its text has no "# " heading.
	Policy policies.Policy
	// Version is the text.
	Version policies.Version
	// Enactment is the version's enactment record; nil: a draft.
	Enactment *policies.Enactment
	// Region gives the city's name and the paper.
	Region policies.Region
	// VerifyURL is the absolute URL of the version's verification page.
	VerifyURL string
	// Parafs are the parafs given on the version (policies.ParafStore).
	Parafs []policies.Paraf
}

// New builds the document of a version. Enacted, it carries the form, the
// number, the signature as signed, and once promulgated the promulgation
// and the Berita Daerah line. A draft in the Perwali convention carries the
// form with its number and signature left blank; a narrative draft only its
// title.
func New(s Source) Document {
	v := s.Version
	city := policies.CityName(s.Region.Name)
	title := Subject(v.Markdown, s.Policy.Title)
	d := Document{
		Paper:       string(s.Region.PaperSize),
		Title:       title,
		PolicyTitle: s.Policy.Title,
		Heading:     Heading{Title: upper(title)},
		Body:        v.Markdown,
		Draft:       s.Enactment == nil,
		SHA256:      v.SHA256,
		VerifyURL:   s.VerifyURL,
		Date:        v.CreatedAt,
		Paraf:       ParafColumn(s.Parafs, s.Region.TimeZone),
	}
	switch e := s.Enactment; {
	case e != nil:
		d.Heading.Form = upper(e.Form.Name() + " " + city)
		d.Heading.Number = number(e.Number, e.Year)
		sig := Signature(*e, s.Region.Name)
		d.Signature = &sig
		d.Promulgation = Promulgation(*e, s.Region.Name)
		d.Gazette = Gazette(*e, s.Region.Name)
	case len(policies.ParseLegal(v.Markdown).Pasals) > 0:
		// A draft regulation: the number and the signature are left blank.
		d.Heading.Form = upper(policies.FormPerwali.Name() + " " + city)
		d.Heading.Number = number(0, 0)
		d.Signature = &Block{Place: "Ditetapkan di " + orBlank(city), Date: "pada tanggal " + Blank,
			Offices: []string{upper("Wali Kota "+city) + ","}}
	}
	return d
}

// Subject is the regulation's subject: the first "# " heading after
// "TENTANG", or the heading itself, or fallback.
func Subject(md, fallback string) string {
	for _, line := range strings.Split(md, "\n") {
		t := strings.TrimSpace(line)
		if !strings.HasPrefix(t, "# ") {
			continue
		}
		t = strings.TrimSpace(t[2:])
		if i := strings.Index(strings.ToUpper(t), " TENTANG "); i >= 0 {
			return strings.TrimSpace(t[i+len(" TENTANG "):])
		}
		return t
	}
	return fallback
}

// number is the title block's number line, Blank for what a draft lacks.
func number(n, year int) string {
	num, y := blankNumber, blankNumber
	if n > 0 {
		num = strconv.Itoa(n)
	}
	if year > 0 {
		y = strconv.Itoa(year)
	}
	return "NOMOR " + num + " TAHUN " + y
}

// blankNumber is a draft's number or year: a shorter line to fill in.
const blankNumber = "…………"

func upper(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

func orBlank(s string) string {
	if s = strings.TrimSpace(s); s != "" {
		return s
	}
	return Blank
}
