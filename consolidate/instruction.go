package consolidate

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// Op is what an instruction does to its target.
type Op int

// The operations of an amendment point (UU 12/2011 Lampiran II).
const (
	Replace Op = iota + 1 // "diubah sehingga berbunyi sebagai berikut"
	Insert                // "di antara Pasal N dan Pasal N+1 disisipkan … Pasal NA"; "di antara ayat (1) dan ayat (2) … disisipkan … ayat (1a)"
	Repeal                // "dihapus"
)

func (o Op) String() string {
	switch o {
	case Replace:
		return "replace"
	case Insert:
		return "insert"
	case Repeal:
		return "repeal"
	}
	return fmt.Sprintf("op(%d)", int(o))
}

// Number is a Pasal number: 4, or 4A for a Pasal inserted after Pasal 4.
type Number struct {
	N      int
	Letter string // "" or capital letters, "A", "B", …
}

var numberRe = regexp.MustCompile(`^(\d{1,6})([A-Z]{0,2})$`)

// ParseNumber reads "4" or "4A".
func ParseNumber(s string) (Number, error) {
	m := numberRe.FindStringSubmatch(s)
	if m == nil {
		return Number{}, fmt.Errorf("pasal number %q: want digits and an optional capital letter", s)
	}
	n, _ := strconv.Atoi(m[1])
	if n <= 0 {
		return Number{}, fmt.Errorf("pasal number %q: want a positive number", s)
	}
	return Number{N: n, Letter: m[2]}, nil
}

func (n Number) String() string { return strconv.Itoa(n.N) + n.Letter }

// Less orders Pasal numbers as a text does: 4 < 4A < 4B < 4Z < 4AA < 5.
func (n Number) Less(o Number) bool {
	if n.N != o.N {
		return n.N < o.N
	}
	if len(n.Letter) != len(o.Letter) {
		return len(n.Letter) < len(o.Letter)
	}
	return n.Letter < o.Letter
}

// Label cites a provision: "Pasal 4A" or "Pasal 4 ayat (2)".
func Label(pasal Number, ayat int) string { return AyatLabel(pasal, ayat, "") }

// AyatLabel cites a provision whose ayat may bear a letter: "Pasal 4
// ayat (1a)" for an ayat inserted after ayat (1).
func AyatLabel(pasal Number, ayat int, letter string) string {
	if ayat > 0 {
		return fmt.Sprintf("Pasal %s ayat (%d%s)", pasal, ayat, letter)
	}
	return "Pasal " + pasal.String()
}

// ayatLetterRe is an ayat's letter: none, or one small letter ("1a").
var ayatLetterRe = regexp.MustCompile(`^[a-z]?$`)

// ayatLess orders ayat numbers as a text does: 1 < 1a < 1b < 2.
func ayatLess(n int, l string, m int, k string) bool {
	if n != m {
		return n < m
	}
	return l < k
}

// prevLetter is the letter of the ayat an inserted ayat follows: none
// for "a" (1a follows 1), the letter before it otherwise (1b follows 1a).
func prevLetter(l string) string {
	if l == "" || l == "a" {
		return ""
	}
	return string(rune(l[0] - 1))
}

// Act is the amending act an instruction comes from.
type Act struct {
	Title   string    // "Peraturan Wali Kota Nomor 5 Tahun 2026"
	InForce time.Time // the day it comes into force (Pasal II); compared by calendar day
}

// Instruction is one amendment point of an amending act.
type Instruction struct {
	Act Act
	Op  Op
	// Pasal is the target; for Insert, the number of the new Pasal (4A).
	Pasal Number
	// Ayat, when > 0, narrows Replace or Repeal to one ayat of the Pasal;
	// for Insert, it is the number of a new ayat of the Pasal, with
	// AyatLetter ("di antara ayat (1) dan ayat (2) Pasal 4 disisipkan 1
	// (satu) ayat, yakni ayat (1a)": 1 and "a"), placed right after the
	// ayat before it (1 for 1a, 1a for 1b), so that no ayat is renumbered.
	Ayat       int
	AyatLetter string // "" or one small letter; only with Ayat
	// After is, for Insert, the Pasal the new one follows ("di antara
	// Pasal 4 dan Pasal 5": 4).
	After Number
	// Text is the new body (Replace, Insert): the Pasal's paragraphs
	// without its heading, or the ayat with or without its "(n)".
	Text string
	// Expect, when not empty, is the target's body as the drafter of the
	// amending act read it; if the text now holds something else, the
	// target was changed by an earlier amendment and the instruction no
	// longer fits.
	Expect string
}

// Label cites the instruction's target.
func (in Instruction) Label() string { return AyatLabel(in.Pasal, in.Ayat, in.AyatLetter) }

// inForce says whether in is in force on the day of at.
func (in Instruction) inForce(at time.Time) bool {
	return day(in.Act.InForce) <= day(at)
}

func day(t time.Time) string { return t.Format("2006-01-02") }

// Reason is why an instruction does not fit.
type Reason string

// The reasons an instruction is not applied.
const (
	TargetMissing  Reason = "target-missing"  // no such Pasal or ayat
	TargetRepealed Reason = "target-repealed" // the target was repealed
	TargetChanged  Reason = "target-changed"  // the target is not the text Expect says
	NumberTaken    Reason = "number-taken"    // the inserted number is already another Pasal
	NumberMisfit   Reason = "number-misfit"   // the inserted number does not sort between its neighbours
	BadText        Reason = "bad-text"        // empty new text, or one that would break the structure
	BadOp          Reason = "bad-op"          // an unknown operation, a bad ayat number or letter
)

// Misfit is an instruction that was not applied, and why.
type Misfit struct {
	Index       int // in the instructions given
	Instruction Instruction
	Reason      Reason
	Detail      string // English, for logs; pages translate Reason
}

func (m Misfit) Error() string {
	return fmt.Sprintf("instruction %d (%s %s, %s): %s: %s", m.Index+1, m.Instruction.Op, m.Instruction.Label(), m.Instruction.Act.Title, m.Reason, m.Detail)
}
