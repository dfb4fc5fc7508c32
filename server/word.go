package server

import (
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/policyflow/policyflow/docx"
	"github.com/policyflow/policyflow/download"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/wordfile"
)

// Word in and out: a drafter starts a policy or a new version from a .docx
// or plain text file, reviews the converted Markdown (a preview and the
// text, editable) and saves it through the ordinary create-policy and
// save-version forms; any version a person may read downloads as .docx.
// Converting saves nothing.

func init() { pageNames = append(pageNames, "import") }

// docxType is the media type of a .docx.
const docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

// importPage renders the import page: the upload form, and after an
// upload the converted text for review. p is nil for a new policy.
func (s *Server) importPage(w http.ResponseWriter, r *http.Request, p *policies.PolicySummary, md, file string) {
	lang := language(w, r)
	data := map[string]any{"Title": messages[lang]["word_import_title"]}
	if p != nil {
		v, err := s.store.CurrentVersion(r.Context(), p.ID)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		data["Title"] = messages[lang]["word_import_version_title"]
		data["Policy"] = *p
		data["Version"] = v
	} else {
		regions, err := s.store.Regions(r.Context())
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		data["Regions"] = regions
		data["OwnRegion"] = int64(0)
		if u := viewerOf(r).User; u != nil && u.RegionID != nil {
			data["OwnRegion"] = *u.RegionID
		}
	}
	if md != "" {
		doc, err := s.md.Render(policies.ContentHash(md), md)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		data["Markdown"] = md
		data["Doc"] = doc
		data["FileName"] = file
		data["Summary"] = fmt.Sprintf(messages[lang]["word_summary"], file)
		data["Slug"] = slugOf(policies.TitleOf(md))
		var sections []string
		for _, e := range doc.TOC {
			if e.Level == 2 {
				sections = append(sections, e.Text)
			}
		}
		data["Sections"] = sections
	}
	s.render(w, r, lang, http.StatusOK, "import", data)
}

// slugOf suggests a slug for a title (download.Slug), at most 80
// characters.
func slugOf(title string) string {
	s := download.Slug(title)
	if len(s) > 80 {
		s = strings.TrimRight(s[:80], "-")
	}
	return s
}

// handleImportNew shows the form to start a policy from a file.
func (s *Server) handleImportNew(w http.ResponseWriter, r *http.Request) error {
	s.importPage(w, r, nil, "", "")
	return nil
}

// handleImportNewUpload converts the uploaded file for review.
func (s *Server) handleImportNewUpload(w http.ResponseWriter, r *http.Request) error {
	md, name, err := wordfile.FromForm(r)
	if err != nil {
		return err
	}
	s.importPage(w, r, nil, md, name)
	return nil
}

// loadImportPolicy is the policy a new version is imported into: one of
// the drafter's region, not archived.
func (s *Server) loadImportPolicy(r *http.Request) (policies.PolicySummary, error) {
	p, err := s.loadRegionPolicy(r)
	if err != nil {
		return p, err
	}
	if p.Status == policies.StatusArchived {
		return p, policies.Errorf(policies.KindConflict, "kebijakan sudah diarsipkan")
	}
	return p, nil
}

// handleImportVersion shows the form to start a new version from a file.
func (s *Server) handleImportVersion(w http.ResponseWriter, r *http.Request) error {
	p, err := s.loadImportPolicy(r)
	if err != nil {
		return err
	}
	s.importPage(w, r, &p, "", "")
	return nil
}

// handleImportVersionUpload converts the uploaded file for review as the
// policy's next version.
func (s *Server) handleImportVersionUpload(w http.ResponseWriter, r *http.Request) error {
	p, err := s.loadImportPolicy(r)
	if err != nil {
		return err
	}
	md, name, err := wordfile.FromForm(r)
	if err != nil {
		return err
	}
	s.importPage(w, r, &p, md, name)
	return nil
}

// handleVersionDocx downloads a version the viewer may read as .docx
// (pages and API alike).
func (s *Server) handleVersionDocx(w http.ResponseWriter, r *http.Request) error {
	p, err := s.loadPolicy(r)
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(chi.URLParam(r, "n"))
	if err != nil || n < 1 || n > viewerOf(r).LatestVisible(p) {
		return errVersionNotFound
	}
	v, err := s.store.VersionByNumber(r.Context(), p.ID, n)
	if err != nil {
		return err
	}
	out, err := s.docs.ExportAt(r.Context(), v.Markdown, p.Title, v.CreatedAt)
	if err != nil {
		if errors.Is(err, docx.ErrNoPandoc) {
			err = policies.Errorf(policies.KindUnavailable, "unduhan .docx belum tersedia: pandoc tidak terpasang di server (hubungi pengelola)")
		}
		return err
	}
	download.Write(w, docxType, download.Name("attachment", p.Slug, n, "docx"), out)
	return nil
}

// handleAPIConvert converts a .docx or text file to Markdown, saving
// nothing: a multipart form's "file", or the file itself as the body
// (Content-Type says which kind).
func (s *Server) handleAPIConvert(w http.ResponseWriter, r *http.Request) error {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var (
		md  string
		err error
	)
	switch ct {
	case "multipart/form-data":
		md, _, err = wordfile.FromForm(r)
	case docxType:
		md, err = wordfile.Convert(r.Context(), r.Body, "unggahan.docx")
	case "text/plain":
		md, err = wordfile.Convert(r.Context(), r.Body, "unggahan.txt")
	case "text/markdown":
		md, err = wordfile.Convert(r.Context(), r.Body, "unggahan.md")
	default:
		err = policies.Errorf(kindUnsupportedMedia, "Content-Type harus multipart/form-data (isian file), %s, text/plain atau text/markdown", docxType)
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"markdown": md})
	return nil
}
