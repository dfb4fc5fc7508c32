package server

import (
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/policyflow/policyflow/evaluation"
)

// ledgerHeader is the JP ledger's header in its CSV and XLSX downloads;
// ledgerCells one row's cells in the reader's language (t).
var ledgerHeader = []string{"nip", "nama", "jenis_asn", "unit", "jp", "jp_nonklasikal", "jp_direncanakan", "minimum", "maksimum", "kekurangan", "status", "di_bawah_minimum", "di_daftar_asn"}

func ledgerCells(r evaluation.LedgerRow, t map[string]string) []any {
	yes := func(b bool) string {
		if b {
			return "ya"
		}
		return "tidak"
	}
	return []any{r.NIP, r.Name, string(r.Kind), r.UnitCode, r.JP, r.Learning, r.Planned, r.Minimum, r.Maximum, r.Gap,
		t["ledger_status_"+string(r.Status)], yes(r.BelowMinimum), yes(r.OnRoster)}
}

// writeLedgerCSV writes the JP ledger with ledgerHeader; the status in the
// reader's language, di_bawah_minimum and di_daftar_asn "ya" or "tidak".
func writeLedgerCSV(w io.Writer, rows []evaluation.LedgerRow, t map[string]string) error {
	e, err := newCSVExport(w, ledgerHeader, "jp", "jp_nonklasikal", "jp_direncanakan", "minimum", "maksimum", "kekurangan")
	if err != nil {
		return err
	}
	for _, r := range rows {
		cells := ledgerCells(r, t)
		out := make([]string, len(cells))
		for i, c := range cells {
			switch v := c.(type) {
			case int:
				out[i] = strconv.Itoa(v)
			case string:
				out[i] = v
			}
		}
		if err := e.write(out...); err != nil {
			return err
		}
	}
	return e.flush()
}

// writeLedgerXLSX writes the JP ledger as an Excel workbook: the sheet
// "JP" with the CSV's columns (numbers as numbers; text always as text,
// never a formula) and the sheet "Unit" with the units ranked.
func writeLedgerXLSX(w io.Writer, rows []evaluation.LedgerRow, units []evaluation.UnitTotal, t map[string]string) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "JP"); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter("JP")
	if err != nil {
		return err
	}
	header := make([]any, len(ledgerHeader))
	for i, h := range ledgerHeader {
		header[i] = h
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, ledgerCells(r, t)); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	if _, err := f.NewSheet("Unit"); err != nil {
		return err
	}
	uw, err := f.NewStreamWriter("Unit")
	if err != nil {
		return err
	}
	if err := uw.SetRow("A1", []any{"unit", "asn", "memenuhi", "persen_memenuhi", "sesuai_rencana", "di_bawah_minimum", "nol_jp", "total_jp"}); err != nil {
		return err
	}
	for i, u := range units {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := uw.SetRow(cell, []any{u.UnitCode, u.People, u.Met, u.PercentMet, u.OnTrack, u.BelowMinimum, u.Zero, u.TotalJP}); err != nil {
			return err
		}
	}
	if err := uw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}
