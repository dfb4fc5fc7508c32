package policies

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
)

// RosterChangeKind is what a re-import does to one person.
type RosterChangeKind string

// The changes a roster import makes, by precedence: a person both back and
// moved is "back", with the unit among the changed fields.
const (
	RosterNew     RosterChangeKind = "new"     // not on the roster yet
	RosterBack    RosterChangeKind = "back"    // inactive, active again in the file
	RosterLeft    RosterChangeKind = "left"    // active, missing from the file or inactive in it
	RosterMoved   RosterChangeKind = "moved"   // another unit
	RosterChanged RosterChangeKind = "changed" // other fields (name, kind, jabatan, golongan)
)

// RosterChangeKinds lists every change kind in precedence order.
var RosterChangeKinds = []RosterChangeKind{RosterNew, RosterBack, RosterLeft, RosterMoved, RosterChanged}

// FieldChange is one field of a person before and after an import.
type FieldChange struct {
	Field  string `json:"field"` // name, kind, unit, jabatan, golongan, active, email
	Before string `json:"before"`
	After  string `json:"after"`
}

// RosterChange is what an import does to one person.
type RosterChange struct {
	Kind   RosterChangeKind `json:"kind"`
	NIP    string           `json:"nip"`
	Name   string           `json:"name"`
	Unit   string           `json:"unit"` // the unit code after the import
	Fields []FieldChange    `json:"fields,omitempty"`
}

// RosterPreview is what an import would change (or, applied, changed).
type RosterPreview struct {
	Token     string                   `json:"token"` // confirms this preview: the file and the roster it was made against
	FileHash  string                   `json:"file_hash"`
	Rows      int                      `json:"rows"`
	Counts    map[RosterChangeKind]int `json:"counts"`
	Unchanged int                      `json:"unchanged"`
	Changes   []RosterChange           `json:"changes"`
	Applied   bool                     `json:"applied"`
}

// DiffRoster compares the current roster with the rows of a file (which
// passed Problems, one row per number): a row whose number is not on the
// roster is new; an active person missing from the file, or inactive in
// it, left; an inactive person active in the file is back; a person in
// another unit moved; any other differing field changed. Changes are
// sorted by kind, then unit code, then name.
func DiffRoster(current []RosterPerson, rows []RosterInput) RosterPreview {
	p := RosterPreview{Rows: len(rows), Counts: map[RosterChangeKind]int{}}
	byNIP := make(map[string]RosterPerson, len(current))
	for _, c := range current {
		byNIP[c.NIP] = c
	}
	inFile := make(map[string]bool, len(rows))
	for _, r := range rows {
		inFile[r.NIP] = true
		c, ok := byNIP[r.NIP]
		if !ok {
			p.add(RosterChange{Kind: RosterNew, NIP: r.NIP, Name: r.Name, Unit: r.Unit})
			continue
		}
		ch := RosterChange{NIP: r.NIP, Name: r.Name, Unit: r.Unit}
		diff := func(field, before, after string) {
			if before != after {
				ch.Fields = append(ch.Fields, FieldChange{Field: field, Before: before, After: after})
			}
		}
		diff("name", c.Name, r.Name)
		diff("kind", string(c.Kind), string(r.Kind))
		diff("unit", c.UnitCode, r.Unit)
		diff("jabatan", c.Jabatan, r.Jabatan)
		diff("golongan", c.Golongan, r.Golongan)
		diff("active", activeWord(c.Active), activeWord(r.IsActive()))
		if r.Email != nil {
			diff("email", c.Email, *r.Email)
		}
		switch {
		case !c.Active && r.IsActive():
			ch.Kind = RosterBack
		case c.Active && !r.IsActive():
			ch.Kind = RosterLeft
		case c.UnitCode != r.Unit:
			ch.Kind = RosterMoved
		case len(ch.Fields) > 0:
			ch.Kind = RosterChanged
		default:
			p.Unchanged++
			continue
		}
		p.add(ch)
	}
	for _, c := range current {
		if c.Active && !inFile[c.NIP] {
			p.add(RosterChange{Kind: RosterLeft, NIP: c.NIP, Name: c.Name, Unit: c.UnitCode,
				Fields: []FieldChange{{Field: "active", Before: activeWord(true), After: activeWord(false)}}})
		}
	}
	rank := func(k RosterChangeKind) int { return slices.Index(RosterChangeKinds, k) }
	slices.SortFunc(p.Changes, func(a, b RosterChange) int {
		return cmp.Or(cmp.Compare(rank(a.Kind), rank(b.Kind)), cmp.Compare(a.Unit, b.Unit), cmp.Compare(a.Name, b.Name), cmp.Compare(a.NIP, b.NIP))
	})
	return p
}

func (p *RosterPreview) add(c RosterChange) {
	p.Changes = append(p.Changes, c)
	p.Counts[c.Kind]++
}

func activeWord(active bool) string {
	if active {
		return "aktif"
	}
	return "tidak aktif"
}

// RosterDigest is a digest of the roster as it stands, so a preview made
// against it can tell whether it changed since.
func RosterDigest(current []RosterPerson) string {
	lines := make([]string, len(current))
	for i, c := range current {
		lines[i] = fmt.Sprintf("%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%t\x1f%s", c.NIP, c.Name, c.Kind, c.UnitCode, c.Jabatan, c.Golongan, c.Active, c.Email)
	}
	slices.Sort(lines)
	sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return hex.EncodeToString(sum[:])
}

// RosterImportToken is the token that confirms the import of the file
// fileHash against the roster of digest: the same file re-posted against
// the same roster gives the same token.
func RosterImportToken(fileHash, digest string) string {
	sum := sha256.Sum256([]byte(fileHash + ":" + digest))
	return hex.EncodeToString(sum[:16])
}
