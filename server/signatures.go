package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"

	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/seal"
	"github.com/policyflow/policyflow/verify"
)

// A signature anyone can verify: when the legal unit records the
// enactment (the signer's act) and the promulgation (the promulgator's),
// the official PDF of the text as it then prints is signed (PAdES, package
// signing) with the key the operator supplied for the signer or the
// region (SIGNING_KEYS), and kept byte for byte: the version's PDF is that
// file from then on, and the verification page checks its signature. A
// region with no key records its enactments unsigned, and the
// verification page says "belum ditandatangani secara elektronik".

// signAct signs and keeps the official PDF of the enactment's text for
// the act, when a key is configured for the signing official or the
// region. The act is recorded already: a failure to sign leaves it
// unsigned (logged), which the pages say truthfully.
func (s *Server) signAct(r *http.Request, p policies.PolicySummary, e policies.Enactment, act policies.SignedAct) {
	if err := s.trySignAct(r, p, e, act); err != nil {
		s.log.Error("signing the official PDF", "policy", p.ID, "enactment", e.ID, "act", act, "err", err)
	}
}

func (s *Server) trySignAct(r *http.Request, p policies.PolicySummary, e policies.Enactment, act policies.SignedAct) error {
	region, err := s.regionOf(r.Context(), p.RegionID)
	if err != nil {
		return err
	}
	sealer := seal.Sealer{Store: s.store, Keys: s.signing, Render: s.pdfs.Render, VerifyURL: func(sha string) string { return s.verifyURL(sha) }}
	return sealer.Act(r.Context(), p, region, e, act, viewerOf(r).User.ID)
}

// signedPDF is the signed file that is the enactment's document now, nil
// when that act was not signed.
func (s *Server) signedPDF(ctx context.Context, e *policies.Enactment) ([]byte, error) {
	if e == nil {
		return nil, nil
	}
	ds, err := s.store.SignedDocuments(ctx, e.ID)
	if d := policies.CurrentSigned(*e, ds); err == nil && d != nil {
		return d.PDF, nil
	}
	return nil, err
}

// verifyPDFPath is where the verification page's form sends a PDF file to
// check its signature.
const verifyPDFPath = "/verifikasi/pdf"

// handleVerifyPDF checks the signature of an uploaded PDF file, as a
// reader's program would, and says whether the file is a signed PDF
// Policyflow keeps (then the verification of its text is a link away). The
// file is read, never kept.
func (s *Server) handleVerifyPDF(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	f, _, err := r.FormFile("pdf")
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		return policies.FieldError("pdf", "pilih berkas PDF yang akan diperiksa")
	}
	defer f.Close()
	b, err := readUpload("pdf", f)
	if err != nil {
		return err
	}
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		return policies.FieldError("pdf", "berkas ini bukan PDF")
	}
	sum := sha256.Sum256(b)
	pdfHash := hex.EncodeToString(sum[:])
	data := map[string]any{"Title": messages[lang]["sig_upload_result"], "Sig": verify.Checked(s.signing, b, "", "", pdfHash), "Uploaded": true}
	switch text, err := s.store.SignedTextHash(r.Context(), pdfHash); {
	case err == nil:
		data["TextHash"] = text
	case !policies.IsKind(err, policies.KindNotFound):
		return err
	}
	s.render(w, r, lang, http.StatusOK, "verify", data)
	return nil
}

// signAgain signs the official PDF of the policy's latest act — its
// promulgation once promulgated, else its enactment — when that act was
// recorded unsigned: no key was configured then, signing failed, or the
// server stopped between the record and the signature. Bagian Hukum of the
// policy's region; an act signed already, or with no key for its signer
// or region now either, is a conflict that says so.
func (s *Server) signAgain(r *http.Request, _ struct{}) (enactmentView, error) {
	p, err := s.loadRegionPolicy(r)
	if err != nil {
		return enactmentView{}, err
	}
	ctx := r.Context()
	es, err := s.store.Enactments(ctx, p.ID)
	if err != nil {
		return enactmentView{}, err
	}
	if len(es) == 0 {
		return enactmentView{}, policies.Errorf(policies.KindConflict, "kebijakan ini belum ditetapkan: tidak ada yang ditandatangani")
	}
	e := es[0] // newest first
	act := policies.ActEnacted
	if e.PromulgatedOn != nil {
		act = policies.ActPromulgated
	}
	signed := func() (bool, error) {
		ds, err := s.store.SignedDocuments(ctx, e.ID)
		return policies.CurrentSigned(e, ds) != nil, err
	}
	if done, err := signed(); err != nil || done {
		if err == nil {
			err = policies.Errorf(policies.KindConflict, "dokumen ini sudah ditandatangani secara elektronik")
		}
		return enactmentView{}, err
	}
	if err := s.trySignAct(r, p, e, act); err != nil {
		return enactmentView{}, err
	}
	if done, err := signed(); err != nil || !done {
		if err == nil {
			err = policies.Errorf(policies.KindConflict, "tidak ada kunci tanda tangan untuk penandatangan ini atau wilayahnya (SIGNING_KEYS): dokumen tetap belum ditandatangani")
		}
		return enactmentView{}, err
	}
	return viewEnactment(e, p.RegionName), nil
}

// unsignedLatest reports whether the policy's latest act is recorded
// without its signed PDF (the legal unit's page then offers signAgain).
func (s *Server) unsignedLatest(ctx context.Context, p policies.PolicySummary) (bool, error) {
	es, err := s.store.Enactments(ctx, p.ID)
	if err != nil || len(es) == 0 {
		return false, err
	}
	ds, err := s.store.SignedDocuments(ctx, es[0].ID)
	return err == nil && policies.CurrentSigned(es[0], ds) == nil, err
}
