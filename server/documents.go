package server

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/policyflow/policyflow/docx"
	"github.com/policyflow/policyflow/download"
	"github.com/policyflow/policyflow/naskah"
	"github.com/policyflow/policyflow/policies"
)

// Documents out: any version a person may read downloads as a PDF in the
// official layout (package pdf) and as a DOCX of the same (tata naskah),
// both rendered from the one document package naskah builds: marked
// RANCANGAN unless the version is enacted, with the SHA-256 and a QR code
// of the public verification page (verification.go), which says which
// policy and version a hash is, who approved it and the enactment record.

// readableVersion is version n of the policy when the viewer may read it
// now (the version page's rule), else errVersionNotFound.
func (s *Server) readableVersion(r *http.Request) (policies.PolicySummary, policies.Version, error) {
	p, err := s.loadPolicy(r)
	if err != nil {
		return p, policies.Version{}, err
	}
	n, err := strconv.Atoi(chi.URLParam(r, "n"))
	if err != nil || n < 1 || n > viewerOf(r).LatestVisible(p) {
		return p, policies.Version{}, errVersionNotFound
	}
	v, err := s.store.VersionByNumber(r.Context(), p.ID, n)
	return p, v, err
}

// regionOf is the policy's region (its paper size and name).
func (s *Server) regionOf(ctx context.Context, id int64) (policies.Region, error) {
	rs, err := s.store.Regions(ctx)
	if err != nil {
		return policies.Region{}, err
	}
	for _, rg := range rs {
		if rg.ID == id {
			return rg, nil
		}
	}
	return policies.Region{}, policies.Errorf(policies.KindNotFound, "wilayah tidak ditemukan")
}

// naskahOf is the official document of version n of the policy, when
// the viewer may read it, built and worded by package naskah: the PDF and
// the DOCX render it.
func (s *Server) naskahOf(r *http.Request) (policies.PolicySummary, naskah.Document, int, *policies.Enactment, error) {
	p, v, err := s.readableVersion(r)
	if err != nil {
		return p, naskah.Document{}, 0, nil, err
	}
	ctx := r.Context()
	region, err := s.regionOf(ctx, p.RegionID)
	if err != nil {
		return p, naskah.Document{}, 0, nil, err
	}
	e, err := policies.EnactmentIfAny(ctx, s.store, v.ID)
	if err != nil {
		return p, naskah.Document{}, 0, nil, err
	}
	ps, err := s.store.Parafs(ctx, v.ID) // the paraf column (paraf.go)
	if err != nil {
		return p, naskah.Document{}, 0, nil, err
	}
	nk := naskah.New(naskah.Source{Policy: p.Policy, Version: v, Enactment: e, Region: region, VerifyURL: s.verifyURL(v.SHA256), Parafs: ps})
	return p, nk, v.Number, e, nil
}

// handleVersionPDF shows a version the viewer may read as a PDF: the
// signed file of an enacted text where it was signed (signatures.go).
func (s *Server) handleVersionPDF(w http.ResponseWriter, r *http.Request) error {
	p, nk, n, e, err := s.naskahOf(r)
	if err != nil {
		return err
	}
	b, err := s.signedPDF(r.Context(), e)
	if b == nil && err == nil {
		b, err = s.pdfs.Render(r.Context(), nk) // once per document, a few at a time (pdf.Renderer)
	}
	if err != nil {
		return err
	}
	download.Write(w, "application/pdf", download.Name("inline", p.Slug, n, "pdf"), b)
	return nil
}

// handleVersionNaskah downloads a version the viewer may read as a DOCX
// in the official layout (heading block, body, signature blocks; Bookman
// Old Style 12 on F4).
func (s *Server) handleVersionNaskah(w http.ResponseWriter, r *http.Request) error {
	p, nk, n, _, err := s.naskahOf(r)
	if err != nil {
		return err
	}
	out, err := s.docs.ExportOfficialAt(r.Context(), nk.Markdown(), nk.PolicyTitle, nk.Paper, nk.Date)
	if err != nil {
		if errors.Is(err, docx.ErrNoPandoc) {
			err = policies.Errorf(policies.KindUnavailable, "unduhan .docx belum tersedia: pandoc tidak terpasang di server (hubungi pengelola)")
		}
		return err
	}
	download.Write(w, docxType, download.Name("attachment", p.Slug+"-naskah", n, "docx"), out)
	return nil
}
