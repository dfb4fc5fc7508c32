package server

import (
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/policyflow/policyflow/evaluation"
	"github.com/policyflow/policyflow/policies"
)

// The SIASN export of completed training (riwayat diklat/kursus): a unit
// officer verifies their unit's completed participations, then BKPSDM (the
// region's drafters) verifies them again and exports those not yet
// exported, as a batch a re-download repeats byte for byte.

func siasnPages() []pageRoute {
	return []pageRoute{
		{"GET", "/siasn", recorders, (*Server).handleSIASN},
		{"POST", "/siasn/verify", recorders, formWrite(verifyFromForm, (*Server).verifyParticipation, func(c policies.SIASNCandidate) string {
			return savedURL(fmt.Sprintf("/siasn?year=%d", c.EndsOn.Year()))
		})},
		{"POST", "/siasn/exports", drafter, formWrite(noForm, (*Server).exportSIASN, func(e policies.SIASNExport) string { return savedURL("/siasn") })},
		{"GET", "/siasn/export.csv", drafter, (*Server).handleSIASNCSV},
		{"GET", "/siasn/export.xlsx", drafter, (*Server).handleSIASNXLSX},
	}
}

func siasnAPIRoutes() []apiRoute {
	return []apiRoute{
		{"GET", "/siasn", "Pelatihan selesai setahun (?year=) dengan status verifikasi unit dan BKPSDM dan ekspor SIASN, serta daftar batch ekspor (petugas unit: unitnya saja)", recorders, apiRead((*Server).siasnAnswerOf), nil},
		{"POST", "/siasn/verify", "Verifikasi satu pelatihan selesai: petugas unit untuk unitnya, lalu BKPSDM sesudah unit", recorders, apiWrite(http.StatusOK, (*Server).verifyParticipation), policies.VerifyInput{}},
		{"POST", "/siasn/exports", "Ekspor ke SIASN semua pelatihan terverifikasi yang belum diekspor, sebagai satu batch (409 bila tidak ada)", drafter, apiDoStatus(http.StatusCreated, (*Server).exportSIASN), nil},
		{"GET", "/siasn/exports/{sxid}", "Satu batch ekspor SIASN dengan baris-barisnya seperti saat diekspor", drafter, apiRead((*Server).siasnExportByPath), nil},
	}
}

// siasnAnswer is the SIASN page's data as the viewer may read it.
type siasnAnswer struct {
	Region  string                    `json:"region"`
	Year    int                       `json:"year"`
	Rows    []policies.SIASNCandidate `json:"rows"`
	Exports []policies.SIASNExport    `json:"exports"` // drafters only
	Pending int                       `json:"pending"` // verified by BKPSDM, not yet exported
}

func (s *Server) siasnAnswerOf(r *http.Request) (siasnAnswer, error) {
	rg, unitID, err := s.rosterScope(r)
	if err != nil {
		return siasnAnswer{}, err
	}
	year, err := planYear(r, rg)
	if err != nil {
		return siasnAnswer{}, err
	}
	rows, err := s.store.SIASNCandidates(r.Context(), rg.ID, unitID, year)
	if err != nil {
		return siasnAnswer{}, err
	}
	a := siasnAnswer{Region: rg.Slug, Year: year, Rows: rows, Exports: []policies.SIASNExport{}}
	for _, c := range rows {
		if c.RegionVerifiedAt != nil && c.ExportID == nil {
			a.Pending++
		}
	}
	if unitID == 0 {
		if a.Exports, err = s.store.SIASNExports(r.Context(), rg.ID); err != nil {
			return a, err
		}
	}
	return a, nil
}

func verifyFromForm(r *http.Request) (policies.VerifyInput, error) {
	id, _ := strconv.ParseInt(r.PostFormValue("participant_id"), 10, 64)
	return policies.VerifyInput{ParticipantID: id}, nil
}

// verifyParticipation verifies a participation at the viewer's level: a
// unit officer their unit's, a drafter their region's after the unit.
func (s *Server) verifyParticipation(r *http.Request, in policies.VerifyInput) (policies.SIASNCandidate, error) {
	rg, unitID, err := s.rosterScope(r)
	if err != nil {
		return policies.SIASNCandidate{}, err
	}
	if err := in.Validate(); err != nil {
		return policies.SIASNCandidate{}, err
	}
	return s.store.VerifyParticipation(r.Context(), rg.ID, unitID, viewerOf(r).User.ID, in.ParticipantID)
}

// exportSIASN records a batch of the drafter's region's verified rows not
// yet exported.
func (s *Server) exportSIASN(r *http.Request, _ struct{}) (policies.SIASNExport, error) {
	rg, _, err := s.rosterScope(r)
	if err != nil {
		return policies.SIASNExport{}, err
	}
	return s.store.ExportSIASN(r.Context(), rg.ID, viewerOf(r).User.ID, func(cs []policies.SIASNCandidate) []policies.SIASNRow {
		return evaluation.SIASNRows(rg.Slug, cs)
	})
}

// siasnExportOf is the batch ?id= names, of the drafter's region.
func (s *Server) siasnExportOf(r *http.Request) (policies.SIASNExport, error) {
	rg, _, err := s.rosterScope(r)
	if err != nil {
		return policies.SIASNExport{}, err
	}
	id, err := strconv.ParseInt(r.URL.Query().Get("id"), 10, 64)
	if err != nil || id <= 0 {
		return policies.SIASNExport{}, policies.FieldError("id", "nomor batch ekspor (?id=) tidak sah")
	}
	return s.store.SIASNExportByID(r.Context(), rg.ID, id)
}

// siasnExportByPath is the batch the URL names, of the drafter's region.
func (s *Server) siasnExportByPath(r *http.Request) (policies.SIASNExport, error) {
	_, e, err := recordIn(s.rosterRegion, r, "sxid", s.store.SIASNExportByID)
	return e, err
}

func (s *Server) handleSIASNCSV(w http.ResponseWriter, r *http.Request) error {
	e, err := s.siasnExportOf(r)
	if err != nil {
		return err
	}
	return s.sendDownload(w, csvType, fmt.Sprintf("siasn-riwayat-diklat-%d.csv", e.ID), "siasn csv",
		func(w io.Writer) error { return writeSIASNCSV(w, e.Rows) })
}

func (s *Server) handleSIASNXLSX(w http.ResponseWriter, r *http.Request) error {
	e, err := s.siasnExportOf(r)
	if err != nil {
		return err
	}
	return s.sendDownload(w, xlsxType, fmt.Sprintf("siasn-riwayat-diklat-%d.xlsx", e.ID), "siasn xlsx",
		func(w io.Writer) error { return writeSIASNXLSX(w, e.Rows) })
}

// writeSIASNCSV writes a batch with evaluation.SIASNColumns.
func writeSIASNCSV(w io.Writer, rows []policies.SIASNRow) error {
	e, err := newCSVExport(w, evaluation.SIASNColumns, "Tahun", "Jumlah Jam")
	if err != nil {
		return err
	}
	for _, r := range rows {
		if err := e.write(evaluation.SIASNRecord(r)...); err != nil {
			return err
		}
	}
	return e.flush()
}

// writeSIASNXLSX writes a batch as the sheet "Riwayat Diklat": text as
// text (never a formula), year and hours as numbers.
func writeSIASNXLSX(w io.Writer, rows []policies.SIASNRow) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Riwayat Diklat"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	header := make([]any, len(evaluation.SIASNColumns))
	for i, h := range evaluation.SIASNColumns {
		header[i] = h
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, []any{r.NIP, r.Name, r.Kind, r.Course, r.Organiser, r.CertificateNumber, r.StartsOn, r.EndsOn, r.Year, r.Hours}); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

// handleSIASN shows the year's completed training with where each stands,
// the verify buttons the viewer may use, and (for BKPSDM) the export and
// its past batches.
func (s *Server) handleSIASN(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	a, err := s.siasnAnswerOf(r)
	if err != nil {
		return err
	}
	v := viewerOf(r)
	s.render(w, r, lang, http.StatusOK, "siasn", map[string]any{"Title": messages[lang]["siasn"], "SIASN": a,
		"Unit": v.Is(policies.RoleUnitOfficer), "BKPSDM": v.Is(policies.RoleDrafter), "Saved": r.URL.Query().Get("saved") != ""})
	return nil
}
