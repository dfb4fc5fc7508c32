package server

import (
	"context"
	"fmt"
	"net/http"
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"

	"github.com/policyflow/policyflow/policies"
)

// commentInput is a comment from the form or the API.
type commentInput struct {
	Section  string `json:"section"`
	Body     string `json:"body"`
	ParentID int64  `json:"parent_id,omitempty"`
	Name     string `json:"name,omitempty"`  // the public only
	Email    string `json:"email,omitempty"` // the public only
}

var anchorRe = regexp.MustCompile(`^[A-Za-z0-9_-]{0,200}$`)

// addComment checks and stores a comment on the current version. Signed-in
// people comment as themselves; the public only where an open consultation
// allows it, with a name and email, held for moderation.
func (s *Server) addComment(ctx context.Context, v *viewer, p policies.PolicySummary, in commentInput, key string) (policies.Comment, error) {
	// Who may comment comes first: a refusal says so whatever the text.
	public := false // the commenter is, for this policy, the public
	switch {
	case v.inRegion(p.RegionID):
	case p.Status != policies.StatusConsultation || !s.publicAllowed(ctx, p.ID):
		if v.User != nil {
			return policies.Comment{}, policies.Errorf(policies.KindForbidden, "kebijakan ini milik wilayah lain dan konsultasinya tidak menerima komentar publik")
		}
		return policies.Comment{}, policies.Errorf(policies.KindForbidden, "silakan masuk untuk berkomentar; konsultasi ini tidak menerima komentar publik")
	default:
		public = true
	}
	in.Body = strings.TrimSpace(in.Body)
	switch {
	case in.Body == "":
		return policies.Comment{}, policies.FieldError("body", "komentar wajib diisi")
	case utf8.RuneCountInString(in.Body) > maxCommentBody:
		return policies.Comment{}, &policies.Error{Kind: policies.KindTooLarge, Field: "body", Message: fmt.Sprintf("komentar maksimal %d karakter", maxCommentBody)}
	case !anchorRe.MatchString(in.Section):
		return policies.Comment{}, policies.FieldError("section", "bagian tidak dikenal")
	case p.Status == policies.StatusArchived:
		return policies.Comment{}, policies.Errorf(policies.KindConflict, "kebijakan sudah diarsipkan")
	}
	// A comment is on the text its author reads: the working version for
	// the region, the consulted one for the public.
	ver, err := s.store.VersionByNumber(ctx, p.ID, v.latestVisible(p))
	if err != nil {
		return policies.Comment{}, err
	}
	if in.Section != "" && !hasSection(s, ver, in.Section) {
		return policies.Comment{}, policies.FieldError("section", "bagian %q tidak ada dalam versi ini", in.Section)
	}
	c := policies.Comment{PolicyID: p.ID, VersionID: ver.ID, SectionID: in.Section, Body: in.Body}
	if key != "" && v.User != nil { // the public's keys are not theirs alone
		c.IdempotencyKey = fmt.Sprintf("%s/p%d/%s", idemOwner(v), p.ID, key)
	}
	if in.ParentID != 0 {
		parent, err := s.store.CommentByID(ctx, in.ParentID)
		if err != nil || parent.PolicyID != p.ID {
			return policies.Comment{}, policies.FieldError("parent_id", "komentar induk tidak ditemukan")
		}
		if parent.ParentID != nil {
			return policies.Comment{}, policies.FieldError("parent_id", "balasan hanya untuk komentar utama")
		}
		c.ParentID, c.SectionID = &parent.ID, parent.SectionID
	}
	switch {
	case !public:
		c.AuthorID, c.AuthorName, c.AuthorEmail = &v.User.ID, v.User.Name, v.User.Email
	case v.User != nil:
		// Someone of another city comments as the public does, held for
		// moderation, under their own name.
		c.AuthorID, c.AuthorName, c.AuthorEmail, c.Status = &v.User.ID, v.User.Name, v.User.Email, policies.CommentPendingModeration
	default:
		in.Name = strings.TrimSpace(in.Name)
		if in.Name == "" || utf8.RuneCountInString(in.Name) > 200 {
			return policies.Comment{}, policies.FieldError("name", "nama wajib diisi (maksimal 200 karakter)")
		}
		if a, err := mail.ParseAddress(in.Email); err != nil || a.Address != in.Email || len(in.Email) > 254 {
			return policies.Comment{}, policies.FieldError("email", "alamat email tidak sah")
		}
		c.AuthorName, c.AuthorEmail, c.Status = in.Name, in.Email, policies.CommentPendingModeration
	}
	return s.store.CreateComment(ctx, c)
}

// hasSection reports whether a version has a level-2 heading with that anchor.
func hasSection(s *Server, v policies.Version, id string) bool {
	doc, err := s.md.Render(v.SHA256, v.Markdown)
	if err != nil {
		return false
	}
	for _, e := range doc.TOC {
		if e.ID == id {
			return true
		}
	}
	return false
}

func (s *Server) handleCommentCreate(w http.ResponseWriter, r *http.Request) {
	p, err := s.loadPolicy(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	parent, _ := strconv.ParseInt(r.PostFormValue("parent_id"), 10, 64)
	in := commentInput{Section: r.PostFormValue("section"), Body: r.PostFormValue("body"), ParentID: parent,
		Name: r.PostFormValue("name"), Email: r.PostFormValue("email")}
	c, err := s.addComment(r.Context(), viewerOf(r), p, in, r.PostFormValue("request_id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/policies/%d?saved=%d#c%d", p.ID, c.ID, c.ID), http.StatusSeeOther)
}

// handleCommentsPage shows the next threads of a section ("load more");
// script on the policy page fetches it and appends the list.
func (s *Server) handleCommentsPage(w http.ResponseWriter, r *http.Request) {
	lang := language(w, r)
	p, err := s.loadPolicy(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	section := r.URL.Query().Get("section")
	if !anchorRe.MatchString(section) {
		s.writeError(w, r, policies.FieldError("section", "bagian tidak dikenal"))
		return
	}
	after, err := queryInt(r, "after")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	cs, err := s.store.Threads(r.Context(), p.ID, viewerOf(r).commentVersions(p), section, after, pageSize)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ts := threads(cs)
	sv := sectionView{ID: section, Threads: ts}
	if len(ts) == pageSize {
		sv.More = fmt.Sprintf("/policies/%d/comments?section=%s&after=%d", p.ID, section, ts[len(ts)-1].ID)
	}
	s.render(w, r, lang, http.StatusOK, "policy", map[string]any{"Title": p.Title, "Policy": p, "OnlyComments": true,
		"Sections": []sectionView{sv}, "CanComment": viewerOf(r).inRegion(p.RegionID) && p.Status != policies.StatusArchived})
}

// queryInt reads an optional whole-number query parameter (0 when absent):
// anything else is refused naming it, never read as 0.
func queryInt(r *http.Request, name string) (int64, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, policies.FieldError(name, "%s harus bilangan bulat", name)
	}
	return n, nil
}

// setCommentStatus resolves, reopens or moderates a comment: the drafter's job.
func (s *Server) setCommentStatus(ctx context.Context, v *viewer, id int64, status policies.CommentStatus) (policies.Comment, error) {
	c, err := s.store.CommentByID(ctx, id)
	if err != nil {
		return c, err
	}
	p, err := s.store.PolicyByID(ctx, c.PolicyID)
	if err != nil {
		return c, err
	}
	if !v.canSee(p) || (c.Status == policies.CommentPendingModeration && !v.inRegion(p.RegionID)) {
		return policies.Comment{}, policies.Errorf(policies.KindNotFound, "komentar tidak ditemukan")
	}
	if !v.inRegion(p.RegionID) {
		return policies.Comment{}, errOtherRegion
	}
	switch status {
	case policies.CommentResolved, policies.CommentOpen, policies.CommentRejected:
	default:
		return policies.Comment{}, policies.FieldError("status", "status harus resolved, open, atau rejected")
	}
	if c.Status == status {
		return c, nil
	}
	if err := c.CheckStatusChange(status); err != nil {
		return c, err
	}
	return s.store.SetCommentStatus(ctx, id, status, v.User.ID)
}

func (s *Server) handleCommentStatus(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(chi.URLParam(r, "cid"), 10, 64)
	if err != nil {
		s.renderError(w, r, http.StatusNotFound, "error_not_found")
		return
	}
	c, err := s.setCommentStatus(r.Context(), viewerOf(r), id, policies.CommentStatus(r.PostFormValue("status")))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/policies/%d#c%d", c.PolicyID, c.ID), http.StatusSeeOther)
}
