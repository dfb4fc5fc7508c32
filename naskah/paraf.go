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
