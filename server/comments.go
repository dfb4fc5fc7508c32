package server

import (
	"context"
	"fmt"
	"html/template"
	"maps"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/policyflow/policyflow/markdown"
	"github.com/policyflow/policyflow/policies"
)

// threadsShown is how many threads of each section the policy page shows before "load more".
const threadsShown = 5

// sectionView is one section of the document with its comment threads.
type sectionView struct {
	ID, Title string
	Count     int
	Threads   []threadView
	More      string // URL of the next page of threads
	// ThreadsHTML is Threads already rendered, each thread kept per its
	// data (threadcache.go); "" renders Threads.
	ThreadsHTML template.HTML
}

type threadView struct {
	policies.Comment
	Replies []policies.Comment `json:"replies"`
	Passage passageView        `json:"passage"` // a passage comment's quote as it was and its state on the version shown
}

// threads groups comments (parents followed by replies) into threads.
func threads(cs []policies.Comment) []threadView {
	var out []threadView
	idx := map[int64]int{}
	for _, c := range cs {
		if c.ParentID == nil {
			idx[c.ID] = len(out)
			out = append(out, threadView{Comment: c})
		} else if i, ok := idx[*c.ParentID]; ok {
			out[i].Replies = append(out[i].Replies, c)
		}
	}
	return out
}

// withCommentLinks adds, after each section heading, a link to its comments
// with their count (markdown.AfterHeadings).
func withCommentLinks(html string, counts map[string]int, label string) string {
	return markdown.AfterHeadings(html, func(id string) string {
		return fmt.Sprintf(`<p class="cc"><a class="ccount" href="#komentar-%s">%d %s</a></p>`, id, counts[id], label)
	})
}

// commentInput is a comment from the form or the API.
type commentInput struct {
	Section  string `json:"section" required:"false"`
	Body     string `json:"body"`
	ParentID int64  `json:"parent_id,omitempty"`
	Name     string `json:"name,omitempty"`  // the public only
	Email    string `json:"email,omitempty"` // the public only
	// Quote is the passage of the section the comment is about, exactly as
	// the version read shows it; Suggestion replacement text for it.
	Quote      string `json:"quote,omitempty"`
	Suggestion string `json:"suggestion,omitempty"`
	// Pasal and Ayat name the provision commented on by number; the server
	// then takes the section and quote from its text (legal.go).
	Pasal int `json:"pasal,omitempty"`
	Ayat  int `json:"ayat,omitempty"`
}

// addComment checks and stores a comment on the version its author reads.
// The region's staff comment as themselves; a stakeholder of the region
// where an open consultation invited them, and anyone where it is open to
// the public (with a name and email when signed out), held for moderation
// (policies.Viewer.CommentRightOn).
func (s *Server) addComment(ctx context.Context, v *viewer, p policies.PolicySummary, in commentInput, key string) (policies.Comment, error) {
	// Who may comment comes first: a refusal says so whatever the text.
	right, err := s.commentRight(ctx, v, p)
	if err != nil {
		return policies.Comment{}, err
	}
	switch {
	case right != policies.CommentRefused:
	case v.InRegion(p.RegionID):
		return policies.Comment{}, policies.Errorf(policies.KindForbidden, "Anda tidak diundang ke konsultasi kebijakan ini dan konsultasinya tidak menerima komentar publik")
	case v.User != nil:
		return policies.Comment{}, policies.Errorf(policies.KindForbidden, "kebijakan ini milik wilayah lain dan konsultasinya tidak menerima komentar publik")
	default:
		return policies.Comment{}, policies.Errorf(policies.KindForbidden, "silakan masuk untuk berkomentar; konsultasi ini tidak menerima komentar publik")
	}
	public := right == policies.CommentHeld // the commenter is, for this policy, the public: held for moderation
	nc := policies.NewComment{Body: in.Body, Section: in.Section}
	if err := nc.Validate(); err != nil {
		return policies.Comment{}, err
	}
	in.Body = nc.Body
	if p.Status == policies.StatusArchived {
		return policies.Comment{}, policies.Errorf(policies.KindConflict, "kebijakan sudah diarsipkan")
	}
	// A comment is on the text its author reads: the working version for
	// the region, the consulted one for the public.
	ver, err := s.store.VersionByNumber(ctx, p.ID, v.LatestVisible(p))
	if err != nil {
		return policies.Comment{}, err
	}
	ref := policies.ProvisionRef{Pasal: in.Pasal, Ayat: in.Ayat, Reply: in.ParentID != 0}
	if in.Pasal != 0 || in.Ayat != 0 { // a Pasal or ayat named by number: its passage
		if in.Section, in.Quote, err = ref.Passage(ver.Markdown, in.Suggestion); err != nil {
			return policies.Comment{}, err
		}
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
	if err := c.SetPassage(ver.Markdown, in.Quote, in.Suggestion); err != nil {
		return policies.Comment{}, err
	}
	c.Pasal, c.Ayat = ref.Numbers()
	switch {
	case !public:
		c.AuthorID, c.AuthorName, c.AuthorEmail = &v.User.ID, v.User.Name, v.User.Email
	case v.User != nil:
		// Someone of another city, or a stakeholder of this one, comments
		// as the public does, held for moderation, under their own name.
		c.AuthorID, c.AuthorName, c.AuthorEmail, c.Status = &v.User.ID, v.User.Name, v.User.Email, policies.CommentPendingModeration
	default:
		pc := policies.PublicCommenter{Name: in.Name, Email: in.Email}
		if err := pc.Validate(); err != nil {
			return policies.Comment{}, err
		}
		c.AuthorName, c.AuthorEmail, c.Status = pc.Name, pc.Email, policies.CommentPendingModeration
		if err := s.limitAnonymousComment(ctx, p); err != nil { // per address and consultation (moderation.go)
			return policies.Comment{}, err
		}
	}
	c, err = s.store.CreateComment(ctx, c)
	if err != nil {
		return c, err
	}
	return c, s.notifyReply(ctx, c)
}

// publicAllowed says whether the open consultation takes comments from the public.
func (s *Server) publicAllowed(ctx context.Context, policyID int64) bool {
	cs, err := s.store.Consultations(ctx, policyID)
	if err != nil || len(cs) == 0 {
		return false
	}
	last := cs[len(cs)-1]
	return last.ClosedAt == nil && last.AllowPublic
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

func (s *Server) handleCommentCreate(w http.ResponseWriter, r *http.Request) error {
	p, err := s.loadPolicy(r)
	if err != nil {
		return err
	}
	parent, _ := strconv.ParseInt(r.PostFormValue("parent_id"), 10, 64)
	in := commentInput{Section: r.PostFormValue("section"), Body: r.PostFormValue("body"), ParentID: parent,
		Name: r.PostFormValue("name"), Email: r.PostFormValue("email"),
		Quote: r.PostFormValue("quote"), Suggestion: r.PostFormValue("suggestion")}
	if in.Pasal, in.Ayat, err = provisionInput(r); err != nil {
		return err
	}
	c, err := s.addComment(r.Context(), viewerOf(r), p, in, r.PostFormValue("request_id"))
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/policies/%d?saved=%d#c%d", p.ID, c.ID, c.ID), http.StatusSeeOther)
	return nil
}

var handleAPICommentCreate = apiWriteOn(http.StatusCreated, (*Server).loadPolicy,
	func(s *Server, r *http.Request, p policies.PolicySummary, in commentInput) (policies.Comment, error) {
		return s.addComment(r.Context(), viewerOf(r), p, in, r.Header.Get("Idempotency-Key"))
	})

// handleCommentsPage shows the next threads of a section ("load more");
// script on the policy page fetches it and appends the list.
func (s *Server) handleCommentsPage(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	p, err := s.loadPolicy(r)
	if err != nil {
		return err
	}
	section := r.URL.Query().Get("section")
	if err := policies.ValidateSection(section); err != nil {
		return err
	}
	after, err := queryInt(r, "after")
	if err != nil {
		return err
	}
	cs, err := s.store.Threads(r.Context(), p.ID, viewerOf(r).CommentVersions(p), section, after, pageSize)
	if err != nil {
		return err
	}
	ts := threads(cs)
	if shown, _, err := s.shownVersion(r.Context(), viewerOf(r), p); err == nil {
		if err := s.annotatePassages(r.Context(), p.ID, ts, shown); err != nil {
			return err
		}
	}
	sv := sectionView{ID: section, Threads: ts}
	if len(ts) == pageSize {
		sv.More = fmt.Sprintf("/policies/%d/comments?section=%s&after=%d", p.ID, section, ts[len(ts)-1].ID)
	}
	data := map[string]any{"Title": p.Title, "Policy": p, "OnlyComments": true, "Sections": []sectionView{sv}}
	maps.Copy(data, s.commentForm(r.Context(), viewerOf(r), p))
	s.render(w, r, lang, http.StatusOK, "policy", data)
	return nil
}

func (s *Server) handleAPICommentList(w http.ResponseWriter, r *http.Request) error {
	p, err := s.loadPolicy(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	section := q.Get("section")
	if _, given := q["section"]; !given {
		section = policies.AllSections // no section named: all of them
	} else if err := policies.ValidateSection(section); err != nil {
		return err
	}
	after, limit, err := queryPage(r, "after")
	if err != nil {
		return err
	}
	if limit <= 0 || limit > 100 {
		limit = pageSize
	}
	cs, err := s.store.Threads(r.Context(), p.ID, viewerOf(r).CommentVersions(p), section, after, int(limit))
	if err != nil {
		return err
	}
	counts, err := s.store.CommentCounts(r.Context(), p.ID, viewerOf(r).CommentVersions(p))
	if err != nil {
		return err
	}
	ts := threads(cs)
	if ts == nil {
		ts = []threadView{}
	}
	res := map[string]any{"threads": ts, "counts": counts}
	if len(ts) == int(limit) {
		res["next_after"] = ts[len(ts)-1].ID
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

// commentAndPolicy reads a comment and its policy; who may see them is
// the caller's to check.
func (s *Server) commentAndPolicy(ctx context.Context, id int64) (policies.Comment, policies.PolicySummary, error) {
	c, err := s.store.CommentByID(ctx, id)
	if err != nil {
		return c, policies.PolicySummary{}, err
	}
	p, err := s.store.PolicyByID(ctx, c.PolicyID)
	return c, p, err
}

// setCommentStatus resolves, reopens or moderates a comment: the drafter's job.
func (s *Server) setCommentStatus(ctx context.Context, v *viewer, id int64, status policies.CommentStatus) (policies.Comment, error) {
	c, p, err := s.commentAndPolicy(ctx, id)
	if err != nil {
		return c, err
	}
	if !v.CanSee(p) || (c.Status == policies.CommentPendingModeration && !v.Staff(p.RegionID)) {
		return policies.Comment{}, policies.Errorf(policies.KindNotFound, "komentar tidak ditemukan")
	}
	if err := staffOf(v, p.RegionID); err != nil {
		return policies.Comment{}, err
	}
	if err := status.ValidateManualStatus(); err != nil {
		return policies.Comment{}, err
	}
	if c.Status == status {
		return c, nil
	}
	if err := c.CheckStatusChange(status); err != nil {
		return c, err
	}
	return s.store.SetCommentStatus(ctx, id, status, v.User.ID)
}

func (s *Server) handleCommentStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(chi.URLParam(r, "cid"), 10, 64)
	if err != nil {
		return errNotFound
	}
	c, err := s.setCommentStatus(r.Context(), viewerOf(r), id, policies.CommentStatus(r.PostFormValue("status")))
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/policies/%d#c%d", c.PolicyID, c.ID), http.StatusSeeOther)
	return nil
}

// commentStatusInput is the body of POST /api/v1/comments/{cid}/status.
type commentStatusInput struct {
	Status string `json:"status"`
}

var handleAPICommentStatus = apiWriteOn(http.StatusOK, commentIDOr("komentar tidak ditemukan"),
	func(s *Server, r *http.Request, id int64, in commentStatusInput) (policies.Comment, error) {
		return s.setCommentStatus(r.Context(), viewerOf(r), id, policies.CommentStatus(in.Status))
	})

// commentIDOr finds the comment ID {cid} of the URL for apiWriteOn: one
// that is no number is 404, saying notFound.
func commentIDOr(notFound string) func(*Server, *http.Request) (int64, error) {
	return func(_ *Server, r *http.Request) (int64, error) {
		id, err := strconv.ParseInt(chi.URLParam(r, "cid"), 10, 64)
		if err != nil {
			return 0, policies.Errorf(policies.KindNotFound, "%s", notFound)
		}
		return id, nil
	}
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

// queryPage reads a list's optional cursor (the last ID of the page before,
// by the name cursor) and limit, as queryInt reads each.
func queryPage(r *http.Request, cursor string) (from, limit int64, err error) {
	if from, err = queryInt(r, cursor); err != nil {
		return 0, 0, err
	}
	limit, err = queryInt(r, "limit")
	return from, limit, err
}
