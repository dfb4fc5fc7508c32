package server

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/policyflow/policyflow/download"
	"github.com/policyflow/policyflow/policies"
)

// Attachments of a policy (naskah akademik, notulen, surat, lainnya): PDF,
// DOCX, XLSX, PNG or JPEG up to policies.MaxAttachmentSize, the type
// decided from the content, kept in PostgreSQL with their SHA-256. Anyone
// who may read the policy may list and download them; the region's drafters
// upload and withdraw them (a withdrawal keeps the row and is audited).

// attachmentBody is the most an upload request may carry: the file (in
// base64 for the API) and the rest of the form.
const attachmentBody = policies.MaxAttachmentSize/3*4 + 4 + 1<<20

// uploadPath matches the upload routes, page and API.
var uploadPath = regexp.MustCompile(`^(/api/v1)?/policies/[^/]+/attachments$`)

// bodyLimit is the most a request's body may hold: maxBody, or more for an
// attachment upload or a region's roster file (roster.go).
func bodyLimit(r *http.Request) int64 {
	switch {
	case r.Method != http.MethodPost:
	case uploadPath.MatchString(r.URL.Path), r.URL.Path == verifyPDFPath:
		return attachmentBody
	case r.URL.Path == "/roster/import" || r.URL.Path == "/api/v1/roster/import":
		return rosterBody
	}
	return maxBody
}

// attachmentInput is an upload from the API: the file in base64.
type attachmentInput struct {
	Name          string `json:"name"`
	Kind          string `json:"kind"`
	ContentBase64 string `json:"content_base64"`
}

// upload is a file to attach, as the page's form or the API's body brings
// it: field names where it came, for a refusal.
type upload struct {
	Field, Name, Kind string
	Content           []byte
}

// addAttachment checks and stores an upload on a policy of the viewer's
// region (page and API). The file's type comes from its bytes; its name is
// made safe.
func (s *Server) addAttachment(r *http.Request, p policies.PolicySummary, up upload) (policies.Attachment, error) {
	v := viewerOf(r)
	if err := staffOf(v, p.RegionID); err != nil {
		return policies.Attachment{}, err
	}
	if err := policies.AttachmentKind(up.Kind).Validate(); err != nil {
		return policies.Attachment{}, err
	}
	if p.Status == policies.StatusArchived {
		return policies.Attachment{}, policies.Errorf(policies.KindConflict, "kebijakan sudah diarsipkan")
	}
	ct, safe, err := policies.DetectAttachment(up.Field, up.Name, up.Content)
	if err != nil {
		return policies.Attachment{}, err
	}
	return s.store.CreateAttachment(r.Context(), policies.Attachment{PolicyID: p.ID, Kind: policies.AttachmentKind(up.Kind), Name: safe,
		ContentType: ct, Content: up.Content, UploadedBy: v.User.ID})
}

// readUpload reads at most the attachment limit and one byte more: a file
// past the limit is refused whole.
func readUpload(field string, r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, policies.MaxAttachmentSize+1))
	if err != nil {
		return nil, err
	}
	if len(b) > policies.MaxAttachmentSize {
		return nil, &policies.Error{Kind: policies.KindTooLarge, Field: field, Message: "berkas melebihi batas 20 MB"}
	}
	return b, nil
}

// uploadFromForm reads the page's multipart form: the file and its kind.
func uploadFromForm(r *http.Request) (upload, error) {
	f, hdr, err := r.FormFile("file")
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return upload{}, err
		}
		return upload{}, policies.FieldError("file", "pilih berkas untuk diunggah")
	}
	defer f.Close()
	content, err := readUpload("file", f)
	return upload{Field: "file", Name: hdr.Filename, Kind: r.PostFormValue("kind"), Content: content}, err
}

// upload is the API's file, decoded.
func (in attachmentInput) upload() (upload, error) {
	if len(in.ContentBase64) > base64.StdEncoding.EncodedLen(policies.MaxAttachmentSize) {
		return upload{}, &policies.Error{Kind: policies.KindTooLarge, Field: "content_base64", Message: "berkas melebihi batas 20 MB"}
	}
	content, err := base64.StdEncoding.DecodeString(in.ContentBase64)
	if err != nil {
		return upload{}, policies.FieldError("content_base64", "isi berkas harus base64")
	}
	if strings.TrimSpace(in.Name) == "" {
		return upload{}, policies.FieldError("name", "nama berkas wajib diisi")
	}
	return upload{Field: "content_base64", Name: in.Name, Kind: in.Kind, Content: content}, nil
}

// handleAPIAttachmentUpload is the API's upload: its body may be as large
// as an attachment in base64, and is read only once the viewer may see the
// policy; the region is checked before the file is decoded.
func (s *Server) handleAPIAttachmentUpload(w http.ResponseWriter, r *http.Request) error {
	p, err := s.loadPolicy(r)
	if err != nil {
		return err
	}
	var in attachmentInput
	if err := decodeJSONUpTo(w, r, &in, attachmentBody); err != nil {
		return err
	}
	if err := staffOf(viewerOf(r), p.RegionID); err != nil {
		return err
	}
	up, err := in.upload()
	if err != nil {
		return err
	}
	a, err := s.addAttachment(r, p, up)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, a)
	return nil
}

// attachmentOf reads the attachment in the URL of the policy in the URL,
// if the viewer may read the policy and the version it belongs to (of
// another version it is not found, as if absent).
func (s *Server) attachmentOf(r *http.Request) (policies.PolicySummary, policies.Attachment, error) {
	p, err := s.loadPolicy(r)
	if err != nil {
		return p, policies.Attachment{}, err
	}
	id, err := strconv.ParseInt(chi.URLParam(r, "atid"), 10, 64)
	if err != nil || id <= 0 {
		return p, policies.Attachment{}, policies.Errorf(policies.KindNotFound, "lampiran tidak ditemukan")
	}
	a, err := s.store.AttachmentByID(r.Context(), p.ID, id, viewerOf(r).CommentVersions(p))
	return p, a, err
}

// handleAttachmentDownload sends an attachment as a download: its stored
// type, never sniffed, under a safe file name, streamed from the database a
// megabyte at a time. A Range request (a resumed download, a PDF viewer
// fetching pages) gets 206 with only its bytes; If-None-Match with the
// file's SHA-256 gets 304.
func (s *Server) handleAttachmentDownload(w http.ResponseWriter, r *http.Request) error {
	_, a, err := s.attachmentOf(r)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", a.ContentType)
	h.Set("Content-Disposition", download.Disposition(a.Name))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, no-cache")
	h.Set("ETag", `"`+a.SHA256+`"`)
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	http.ServeContent(w, r, "", a.CreatedAt, s.store.AttachmentContent(r.Context(), a))
	return nil
}

// removeAttachment withdraws an attachment of the viewer's region (the
// region is checked before the attachment is looked for; page and API).
func (s *Server) removeAttachment(r *http.Request, _ struct{}) (policies.Attachment, error) {
	p, err := s.loadRegionPolicy(r)
	if err != nil {
		return policies.Attachment{}, err
	}
	id, err := strconv.ParseInt(chi.URLParam(r, "atid"), 10, 64)
	if err != nil || id <= 0 {
		return policies.Attachment{}, policies.Errorf(policies.KindNotFound, "lampiran tidak ditemukan")
	}
	return s.store.RemoveAttachment(r.Context(), p.ID, id, viewerOf(r).User.ID)
}

// attachmentSaid is the policy page again, at its attachments, saying
// what was done (the catalogue's key).
func attachmentSaid[In any](key string) func(lang string, _ In, a policies.Attachment) string {
	return func(lang string, _ In, a policies.Attachment) string {
		return saying(fmt.Sprintf("/policies/%d#lampiran", a.PolicyID), key)
	}
}

// attachmentList is the URL's policy's attachments, for the API.
func (s *Server) attachmentList(r *http.Request) (map[string]any, error) {
	p, err := s.loadPolicy(r)
	if err != nil {
		return nil, err
	}
	as, err := s.store.Attachments(r.Context(), p.ID, viewerOf(r).CommentVersions(p))
	return map[string]any{"attachments": as}, err
}

// attachmentsView is the attachments list on the policy page.
type attachmentsView struct {
	PolicyID int64
	Items    []policies.Attachment
	CanEdit  bool // the region's drafter: upload and withdraw
	Kinds    []policies.AttachmentKind
	Max      int64
}

// policyAttachments is the policy page's attachments list (the page shows
// no list rather than failing when it cannot be read: the error is logged).
func (s *Server) policyAttachments(r *http.Request, p policies.PolicySummary) attachmentsView {
	v := viewerOf(r)
	av := attachmentsView{PolicyID: p.ID, Kinds: policies.AttachmentKinds, Max: policies.MaxAttachmentSize,
		CanEdit: v.Is(policies.RoleDrafter) && v.Staff(p.RegionID) && p.Status != policies.StatusArchived}
	as, err := s.store.Attachments(r.Context(), p.ID, viewerOf(r).CommentVersions(p))
	if err != nil {
		s.log.Error("attachments", "policy", p.ID, "err", err)
	}
	av.Items = as
	return av
}
