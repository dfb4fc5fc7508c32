package server

// Certificates (sertifikat) of a done program's completers: the PDF
// (package pdf) of the certificate the store issues once, numbered from the
// region's yearly register, with the SHA-256 of its content and the QR code
// of its public verification page (verification.go).

import (
	"bytes"
	"fmt"
	"mime"
	"net/http"
	"slices"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/policyflow/policyflow/download"
	"github.com/policyflow/policyflow/pdf"
	"github.com/policyflow/policyflow/policies"
)

// errNotYourCertificate refuses a certificate to those it is not for.
var errNotYourCertificate = policies.Errorf(policies.KindForbidden,
	"sertifikat hanya untuk pemiliknya (akun dengan NIP yang sama), petugas unit dan penyusun BKPSDM")

// mayDownloadCertificate says whether the viewer may download a
// participant's certificate: the region's drafters, the officers of the
// participant's unit or of the organising unit, and the participant
// (their account's NIP is the participant's).
func (s *Server) mayDownloadCertificate(r *http.Request, regionID int64, prog policies.Program, pa policies.Participant) (bool, error) {
	v := viewerOf(r)
	if v.SeesPersonalData(regionID, pa.UnitID) || mayRecord(v, prog) {
		return true, nil
	}
	if !v.InRegion(regionID) {
		return false, nil
	}
	me, err := s.store.Person(r.Context(), regionID, v.User.ID)
	if policies.IsKind(err, policies.KindNotFound) {
		return false, nil
	}
	return err == nil && me.NIP != "" && me.NIP == pa.NIP, err
}

// handleCertificatePDF downloads a participant's certificate, issuing it on
// the first download (audited); later downloads give the same number and
// the same bytes.
func (s *Server) handleCertificatePDF(w http.ResponseWriter, r *http.Request) error {
	p, prog, err := s.loadProgram(r)
	if err != nil {
		return err
	}
	errAbsent := policies.Errorf(policies.KindNotFound, "peserta tidak ditemukan")
	id, err := strconv.ParseInt(chi.URLParam(r, "paid"), 10, 64)
	if err != nil {
		return errAbsent
	}
	ps, err := s.store.Participants(r.Context(), prog.ID)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(ps, func(pa policies.Participant) bool { return pa.ID == id && !pa.Removed() })
	if i < 0 {
		return errAbsent
	}
	ok, err := s.mayDownloadCertificate(r, p.RegionID, prog, ps[i])
	if err != nil {
		return err
	}
	if !ok {
		return errNotYourCertificate
	}
	c, err := s.store.IssueCertificate(r.Context(), prog.ID, ps[i].ID, viewerOf(r).User.ID)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := pdf.RenderCertificate(&b, c, s.verifyURL(c.SHA256)); err != nil {
		return err
	}
	name := fmt.Sprintf("sertifikat-%d-%04d.pdf", c.Year, c.Seq)
	download.Write(w, "application/pdf", mime.FormatMediaType("inline", map[string]string{"filename": name}), b.Bytes())
	return nil
}
