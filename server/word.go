package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"path"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"

	"github.com/policyflow/policyflow/docx"
	"github.com/policyflow/policyflow/policies"
)

// Word in and out: a drafter starts a policy or a new version from a .docx
// or plain text file, reviews the converted Markdown (a preview and the
// text, editable) and saves it through the ordinary create-policy and
// save-version forms; any version a person may read downloads as .docx.
// Converting saves nothing.

func init() { pageNames = append(pageNames, "import") }

// docxType is the media type of a .docx.
const docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

// fileRefusals say in the drafter's terms why the converter refused a
// file, the first that matches.
var fileRefusals = []struct {
	err     error
	kind    policies.ErrorKind
	message string
}{
	{docx.ErrFileType, policies.KindInvalid, "berkas harus berupa dokumen Word (.docx) atau teks (.txt, .md)"},
	{docx.ErrNotZip, policies.KindInvalid, "berkas bukan dokumen Word .docx yang sah (rusak atau bukan arsip .docx)"},
	{docx.ErrNoDocument, policies.KindInvalid, "berkas .docx tidak berisi dokumen (word/document.xml tidak ada)"},
	{docx.ErrEncrypted, policies.KindInvalid, "berkas terkunci kata sandi atau berformat .doc lama: buka di Word, hapus kata sandinya dan simpan sebagai .docx"},
	{docx.ErrTooLarge, policies.KindTooLarge, fmt.Sprintf("berkas melebihi batas %d MB", docx.MaxFileBytes>>20)},
	{docx.ErrZipBomb, policies.KindTooLarge, fmt.Sprintf("isi berkas .docx melebihi batas %d MB setelah diekstrak", docx.MaxUncompressedBytes>>20)},
	{docx.ErrTextTooLong, policies.KindTooLarge, "teks hasil konversi berkas melebihi batas 512 KB sebuah kebijakan"},
	{docx.ErrNotText, policies.KindInvalid, "berkas teks harus berkode UTF-8 dan tanpa karakter biner"},
	{docx.ErrEmpty, policies.KindInvalid, "berkas tidak berisi teks"},
	{docx.ErrUnreadable, policies.KindInvalid, "berkas tidak dapat dibaca sebagai .docx; simpan ulang dari Word lalu coba lagi"},
	{context.DeadlineExceeded, policies.KindInvalid, "konversi berkas melebihi batas waktu; perkecil dokumen lalu coba lagi"},
}

// convertFile turns an uploaded file into Markdown, saying in the
// drafter's terms why a file is refused (field "file").
func convertFile(ctx context.Context, r io.Reader, name string) (string, error) {
	md, err := docx.Import(ctx, r, name)
	if err == nil {
		return md, nil
	}
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return "", &policies.Error{Kind: policies.KindTooLarge, Field: "file", Message: fmt.Sprintf("berkas melebihi batas unggahan %d KB", mbe.Limit>>10)}
	case errors.Is(err, docx.ErrNoPandoc):
		return "", policies.Errorf(policies.KindUnavailable, "konversi dokumen Word belum tersedia: pandoc tidak terpasang di server (hubungi pengelola)")
	}
	for _, f := range fileRefusals {
		if errors.Is(err, f.err) {
			return "", &policies.Error{Kind: f.kind, Field: "file", Message: f.message}
		}
	}
	return "", err
}

// uploadedMarkdown reads the form's "file" and converts it; the file name
// too, for the change summary.
func uploadedMarkdown(r *http.Request) (string, string, error) {
	f, h, err := r.FormFile("file")
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return "", "", &policies.Error{Kind: policies.KindTooLarge, Field: "file", Message: fmt.Sprintf("berkas melebihi batas unggahan %d KB", mbe.Limit>>10)}
		}
		return "", "", policies.FieldError("file", "pilih berkas .docx, .txt atau .md untuk diimpor")
	}
	defer f.Close()
	name := fileName(h.Filename)
	md, err := convertFile(r.Context(), f, name)
	return md, name, err
}

// fileName is an uploaded file's name as the change summary may quote it:
// its last path element, valid UTF-8 without control characters, at most
// 200 bytes.
func fileName(raw string) string {
	name := path.Base(strings.ReplaceAll(raw, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, strings.ToValidUTF8(name, ""))
	for len(name) > 200 {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	return name
}

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

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// slugOf suggests a slug for a title: lower-case letters and digits joined
// by hyphens, at most 80 characters.
func slugOf(title string) string {
	s := strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(title), "-"), "-")
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
	md, name, err := uploadedMarkdown(r)
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
	md, name, err := uploadedMarkdown(r)
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
	out, err := docx.ExportAt(r.Context(), v.Markdown, p.Title, v.CreatedAt)
	if err != nil {
		if errors.Is(err, docx.ErrNoPandoc) {
			err = policies.Errorf(policies.KindUnavailable, "unduhan .docx belum tersedia: pandoc tidak terpasang di server (hubungi pengelola)")
		}
		return err
	}
	h := w.Header()
	h.Set("Content-Type", docxType)
	h.Set("Content-Disposition", docxDisposition(p.Slug, n))
	h.Set("Content-Length", strconv.Itoa(len(out)))
	h.Set("Cache-Control", "private, no-store")
	w.Write(out)
	return nil
}

// docxDisposition names the download safely: the slug (letters, digits,
// hyphens) and the version number, as an attachment.
func docxDisposition(slug string, n int) string {
	safe := nonSlug.ReplaceAllString(strings.ToLower(slug), "-")
	if safe = strings.Trim(safe, "-"); safe == "" {
		safe = "kebijakan"
	}
	return mime.FormatMediaType("attachment", map[string]string{"filename": fmt.Sprintf("%s-v%d.docx", safe, n)})
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
		md, _, err = uploadedMarkdown(r)
	case docxType:
		md, err = convertFile(r.Context(), r.Body, "unggahan.docx")
	case "text/plain":
		md, err = convertFile(r.Context(), r.Body, "unggahan.txt")
	case "text/markdown":
		md, err = convertFile(r.Context(), r.Body, "unggahan.md")
	default:
		err = policies.Errorf(kindUnsupportedMedia, "Content-Type harus multipart/form-data (isian file), %s, text/plain atau text/markdown", docxType)
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"markdown": md})
	return nil
}
