package server

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/policyflow/policyflow/sheet"
)

// Content types of the spreadsheet downloads.
const (
	csvType  = "text/csv; charset=utf-8"
	xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// sendDownload answers with what write writes, as the attachment filename
// of contentType. Once the answer has begun a failure cannot be refused, so
// it is logged (as what).
func (s *Server) sendDownload(w http.ResponseWriter, contentType, filename, what string, write func(io.Writer) error) error {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, filename))
	if err := write(w); err != nil {
		s.log.Error(what, "err", err)
	}
	return nil
}

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
