package sheet

import (
	"encoding/csv"
	"io"
	"slices"
	"strings"
)

// Writer writes a CSV download whose text cells a spreadsheet cannot run
// as formulas. Every CSV the server offers goes through it, so the guard
// lives in one place.
type Writer struct {
	cw      *csv.Writer
	numeric []bool // per column: holds numbers
}

// NewWriter starts a file with its header row. numeric names the columns
// that hold numbers: their cells are written as they are when they are
// plain numbers, so a negative score stays a number.
func NewWriter(w io.Writer, header []string, numeric ...string) (*Writer, error) {
	e := &Writer{cw: csv.NewWriter(w), numeric: make([]bool, len(header))}
	for i, h := range header {
		e.numeric[i] = slices.Contains(numeric, h)
	}
	return e, e.Write(header...)
}

// Write writes one row, each text cell guarded by Cell.
func (e *Writer) Write(cells ...string) error {
	row := make([]string, len(cells))
	for i, c := range cells {
		row[i] = Cell(c, i < len(e.numeric) && e.numeric[i])
	}
	return e.cw.Write(row)
}

// Flush writes out what is buffered and reports the first write error.
func (e *Writer) Flush() error {
	e.cw.Flush()
	return e.cw.Error()
}

// Cell defuses formula injection ("CSV injection", OWASP): Excel,
// LibreOffice and Google Sheets read a cell that starts with =, +, -, @,
// TAB or CR as a formula, which can run commands or send the sheet's data
// away (=HYPERLINK, =WEBSERVICE, DDE). Such a cell gets a leading
// apostrophe, which spreadsheets show as text. A cell of a numeric column is
// left alone only when it is a plain number (-12, 3.5): anything else in it
// is guarded like text.
func Cell(s string, numeric bool) string {
	if s == "" || numeric && plainNumber(s) {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// plainNumber says whether s is an optionally negative decimal number of
// digits only (no exponent, no Inf or NaN, no leading +).
func plainNumber(s string) bool {
	s, _ = strings.CutPrefix(s, "-")
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" || hasDot && frac == "" {
		return false
	}
	return digitsOnly(whole) && digitsOnly(frac)
}

func digitsOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
