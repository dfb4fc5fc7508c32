package naskah

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/policyflow/policyflow/policies"
)

// ParafLine is one paraf as the paraf column prints it, beside the
// signature: the kind, the office and name of the official, and when.
type ParafLine struct {
	Kind   string // "Paraf koordinasi", "Paraf hierarki 1"
	Office string
	Name   string
	When   string // "7 Desember 2026 10.15 WIB"
}

// ParafHeading heads the paraf column.
const ParafHeading = "PARAF"

// ParafColumnHeads are the column's heads, in the document's language.
var ParafColumnHeads = [4]string{"Jenis paraf", "Jabatan", "Nama", "Waktu paraf"}

// Cells are the line's cells, in the order of ParafColumnHeads.
func (l ParafLine) Cells() [4]string { return [4]string{l.Kind, l.Office, l.Name, l.When} }

// parafMarkdown is the paraf column as a Markdown table (the DOCX's);
// "" when no paraf is given.
func (d Document) parafMarkdown() string {
	if len(d.Paraf) == 0 {
		return ""
	}
	var b strings.Builder
	row := func(cells [4]string) {
		for _, c := range cells {
			b.WriteString("| " + escape(c) + " ")
		}
		b.WriteString("|\n")
	}
	b.WriteString("**" + ParafHeading + "**\n\n")
	row(ParafColumnHeads)
	b.WriteString("|---|---|---|---|\n")
	for _, l := range d.Paraf {
		row(l.Cells())
	}
	b.WriteString("\n")
	return b.String()
}

// ParafColumn words the parafs given on a version, coordination first
// and the hierarchy in its order, times in the region's zone.
func ParafColumn(ps []policies.Paraf, zone policies.TimeZone) []ParafLine {
	var out []ParafLine
	ps = slices.Clone(ps)
	slices.SortStableFunc(ps, func(a, b policies.Paraf) int { return cmp.Compare(a.Position, b.Position) })
	for _, kind := range policies.ParafKinds {
		for _, p := range ps {
			if p.Kind != kind {
				continue
			}
			name := strings.ToUpper(p.Kind.Name()[:1]) + p.Kind.Name()[1:]
			if p.Kind == policies.ParafHierarchy {
				name += " " + strconv.Itoa(p.Position)
			}
			at := p.InitialledAt.In(zone.Location())
			out = append(out, ParafLine{Kind: name, Office: p.Office, Name: p.Name, When: Date(at) + " " + at.Format("15.04") + " " + string(zone)})
		}
	}
	return out
}
