package server

import (
	"encoding/csv"
	"io"
	"slices"
	"strconv"
	"strings"
)

// csvExport writes a CSV download (UTF-8, comma-separated, quoted where
// needed) whose text cells a spreadsheet cannot run as formulas. Every CSV
// the server offers goes through it, so the guard lives in one place.
type csvExport struct {
	cw      *csv.Writer
	numeric []bool // per column: holds numbers
}

// newCSVExport starts an export with its header row. numeric names the
// columns that hold numbers: their cells are written as they are when they
// are plain numbers, so a negative score stays a number.
func newCSVExport(w io.Writer, header []string, numeric ...string) (*csvExport, error) {
	e := &csvExport{cw: csv.NewWriter(w), numeric: make([]bool, len(header))}
	for i, h := range header {
		e.numeric[i] = slices.Contains(numeric, h)
	}
	return e, e.write(header...)
}

// write writes one row, each text cell guarded by csvCell.
func (e *csvExport) write(cells ...string) error {
	row := make([]string, len(cells))
	for i, c := range cells {
		row[i] = csvCell(c, i < len(e.numeric) && e.numeric[i])
	}
	return e.cw.Write(row)
}

// flush writes out what is buffered and reports the first write error.
func (e *csvExport) flush() error {
	e.cw.Flush()
	return e.cw.Error()
}

// csvCell defuses formula injection ("CSV injection", OWASP): Excel,
// LibreOffice and Google Sheets read a cell that starts with =, +, -, @,
// TAB or CR as a formula, which can run commands or send the sheet's data
// away (=HYPERLINK, =WEBSERVICE, DDE). Such a cell gets a leading
// apostrophe, which spreadsheets show as text. A cell of a numeric column is
// left alone only when it is a plain number (-12, 3.5): anything else in it
// is guarded like text.
func csvCell(s string, numeric bool) string {
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

// writeEvaluationsCSV writes the evaluation report, one row per round and unit.
func writeEvaluationsCSV(w io.Writer, rows []evaluationRowView) error {
	e, err := newCSVExport(w, []string{"putaran", "unit", "jatuh_tempo", "status", "ikm", "mutu", "kirkpatrick"},
		"putaran", "ikm", "kirkpatrick")
	if err != nil {
		return err
	}
	for _, row := range rows {
		ikm, kp := "", ""
		if row.SKM != nil {
			ikm = strconv.FormatFloat(*row.SKM, 'f', 2, 64)
		}
		if row.Kirkpatrick != nil {
			kp = strconv.FormatFloat(*row.Kirkpatrick, 'f', 2, 64)
		}
		if err := e.write(strconv.Itoa(row.Round), row.UnitName, row.DueAt.Format("2006-01-02"), row.Status, ikm, row.Band, kp); err != nil {
			return err
		}
	}
	return e.flush()
}

// csvField quotes a form value for the one-line CSV.
func csvField(v string) string { return `"` + strings.ReplaceAll(v, `"`, `""`) + `"` }
