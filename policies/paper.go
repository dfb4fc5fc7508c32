package policies

// PaperSize is the paper a region prints its legal documents on: F4
// (folio, 215 × 330 mm, what most Indonesian regions use) or A4.
type PaperSize string

// The paper sizes. The database checks the same list.
const (
	PaperF4 PaperSize = "F4"
	PaperA4 PaperSize = "A4"
)

// PaperSizes lists the sizes in the order forms offer them.
var PaperSizes = []PaperSize{PaperF4, PaperA4}

// Valid reports whether p is a known paper size.
func (p PaperSize) Valid() bool { return p == PaperF4 || p == PaperA4 }
