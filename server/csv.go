package server

import (
	"io"
	"strconv"
	"strings"

	"github.com/policyflow/policyflow/sheet"
)

// csvExport is a sheet.Writer as the answers' report (report.go) and the
// JP ledger's download (ledger_export.go) call it.
type csvExport struct{ *sheet.Writer }

func newCSVExport(w io.Writer, header []string, numeric ...string) (*csvExport, error) {
	sw, err := sheet.NewWriter(w, header, numeric...)
	return &csvExport{sw}, err
}

func (e *csvExport) write(cells ...string) error { return e.Write(cells...) }
func (e *csvExport) flush() error                { return e.Flush() }

// writeEvaluationsCSV writes the evaluation report, one row per round and unit.
func writeEvaluationsCSV(w io.Writer, rows []evaluationRowView) error {
	e, err := sheet.NewWriter(w, []string{"putaran", "unit", "jatuh_tempo", "status", "ikm", "mutu", "kirkpatrick"},
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
		if err := e.Write(strconv.Itoa(row.Round), row.UnitName, row.DueAt.Format("2006-01-02"), row.Status, ikm, row.Band, kp); err != nil {
			return err
		}
	}
	return e.Flush()
}

// csvField quotes a form value for the one-line CSV.
func csvField(v string) string { return `"` + strings.ReplaceAll(v, `"`, `""`) + `"` }
