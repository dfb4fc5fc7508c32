package server

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/policyflow/policyflow/policies"
)

// Suggestions (issue 12): a passage comment may propose replacement text
// for the passage it quotes (passages.go); the drafter accepts suggestions
// into one new version, or declines one with a reason.

// suggestionView is one suggestion on the suggestions page.
type suggestionView struct {
	threadView
	Current policies.AnchorState // its passage on the current version ("" when made on it)
}

// suggestionsFor loads the policy the URL names (of the viewer's region)
// and lists its suggestions with their passage on the current version.
func (s *Server) suggestionsFor(r *http.Request) (policies.PolicySummary, []suggestionView, policies.Version, error) {
	p, cur, err := policyAnd(r, s.loadRegionPolicy, s.store.CurrentVersion)
	if err != nil {
		return p, nil, cur, err
	}
	out, err := s.suggestionViews(r.Context(), p, cur)
	return p, out, cur, err
}

// suggestionViews are a policy's suggestions with their passage on cur.
func (s *Server) suggestionViews(ctx context.Context, p policies.PolicySummary, cur policies.Version) ([]suggestionView, error) {
	cs, err := s.store.Suggestions(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	ts := make([]threadView, len(cs))
	for i, c := range cs {
		ts[i] = threadView{Comment: c}
	}
	if err := s.annotatePassages(ctx, p.ID, ts, cur); err != nil {
		return nil, err
	}
	out := make([]suggestionView, len(ts))
	for i, t := range ts {
		out[i] = suggestionView{threadView: t, Current: t.Passage.State}
	}
	return out, nil
}

// acceptInput is the drafter's choice of suggestions to accept.
type acceptInput struct {
	CommentIDs    []int64 `json:"comment_ids"`
	BaseVersion   int     `json:"base_version"`
	ChangeSummary string  `json:"change_summary,omitempty"`
}

// acceptSuggestions makes one new version with each chosen suggestion's
// quote replaced by its text, crediting each author in the change summary,
// and tells each author.
func (s *Server) acceptSuggestions(ctx context.Context, v *viewer, p policies.PolicySummary, in acceptInput) (policies.Version, error) {
	var none policies.Version
	ids := slices.Clone(in.CommentIDs)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	if p.Status == policies.StatusArchived {
		return none, policies.Errorf(policies.KindConflict, "kebijakan sudah diarsipkan")
	}
	if err := (policies.SuggestionAcceptance{CommentIDs: ids, BaseVersion: in.BaseVersion, ChangeSummary: in.ChangeSummary}).Validate(); err != nil {
		return none, err
	}
	cur, err := s.store.CurrentVersion(ctx, p.ID)
	if err != nil {
		return none, err
	}
	if cur.Number != in.BaseVersion {
		return none, policies.Errorf(policies.KindConflict, "versi %d sudah disimpan sejak Anda membuka versi %d; muat ulang daftar usulan", cur.Number, in.BaseVersion)
	}
	var rs []policies.Replacement
	var cs []policies.Comment
	var credits []string
	for _, id := range ids {
		c, err := s.store.CommentByID(ctx, id)
		if err != nil || c.PolicyID != p.ID || c.Suggestion == "" || c.ParentID != nil ||
			(c.Status != policies.CommentOpen && c.Status != policies.CommentResolved) {
			return none, policies.FieldError("comment_ids", "komentar #%d bukan usulan perubahan pada kebijakan ini", id)
		}
		if c.SuggestionDecision.State != policies.SuggestionPending {
			return none, policies.Errorf(policies.KindConflict, "usulan pada komentar #%d sudah diputuskan", id)
		}
		rs = append(rs, policies.Replacement{CommentID: c.ID, Section: c.SectionID, Quote: c.Quote, With: c.Suggestion})
		cs = append(cs, c)
		credits = append(credits, fmt.Sprintf("#%d oleh %s", c.ID, c.AuthorName))
	}
	md, err := policies.ApplyReplacements(cur.Markdown, rs)
	if err != nil {
		return none, err
	}
	summary := "Usulan perubahan diterima: " + strings.Join(credits, "; ")
	if extra := strings.TrimSpace(in.ChangeSummary); extra != "" {
		summary = extra + ". " + summary
	}
	if len(summary) > 2000 {
		return none, policies.FieldError("comment_ids", "terlalu banyak usulan untuk dicatat dalam satu ringkasan perubahan; terima sebagian dulu")
	}
	ver, err := s.store.AcceptSuggestions(ctx, p.ID, in.BaseVersion, ids, md, v.User.ID, v.User.Name, summary)
	if err != nil {
		return none, err
	}
	for _, c := range cs {
		err := s.notices.Notify(ctx, c, policies.SuggestionNotice(c, p.Title, ver.Number))
		if err != nil { // the version is saved: the notice is logged, not the answer
			s.log.Error("suggestion accepted: notice not queued", "comment", c.ID, "err", err)
		}
	}
	return ver, nil
}

func diffLink(policyID int64, n int) string {
	return fmt.Sprintf("/policies/%d/diff?from=%d&to=%d", policyID, n-1, n)
}

// declineSuggestion records why the drafter declines a suggestion.
func (s *Server) declineSuggestion(ctx context.Context, v *viewer, id int64, reason string) (policies.Comment, error) {
	c, p, err := s.commentAndPolicy(ctx, id)
	if err != nil {
		return c, err
	}
	visible := c.Status == policies.CommentOpen || c.Status == policies.CommentResolved
	if !v.CanSee(p) || (!visible && !v.Staff(p.RegionID)) {
		return policies.Comment{}, policies.Errorf(policies.KindNotFound, "usulan tidak ditemukan")
	}
	if err := staffOf(v, p.RegionID); err != nil {
		return policies.Comment{}, err
	}
	if c.Suggestion == "" || !visible {
		return policies.Comment{}, policies.Errorf(policies.KindNotFound, "usulan tidak ditemukan")
	}
	reason, err = policies.DeclineReason(reason)
	if err != nil {
		return policies.Comment{}, err
	}
	if c.SuggestionDecision.State != policies.SuggestionPending {
		return policies.Comment{}, policies.Errorf(policies.KindConflict, "usulan ini sudah diputuskan")
	}
	return s.store.DeclineSuggestion(ctx, id, v.User.ID, v.User.Name, reason)
}

func (s *Server) handleSuggestionsPage(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	p, list, cur, err := s.suggestionsFor(r)
	if err != nil {
		return err
	}
	data := map[string]any{"Title": p.Title, "Policy": p, "Version": cur, "Suggestions": list}
	if n, err := strconv.Atoi(r.URL.Query().Get("accepted")); err == nil && n > 1 {
		data["Accepted"], data["DiffLink"] = n, diffLink(p.ID, n)
	}
	if r.URL.Query().Get("declined") != "" {
		data["Declined"] = true
	}
	s.render(w, r, lang, http.StatusOK, "suggestions", data)
	return nil
}

func (s *Server) handleSuggestionsAccept(w http.ResponseWriter, r *http.Request) error {
	p, err := s.loadRegionPolicy(r)
	if err != nil {
		return err
	}
	in := acceptInput{ChangeSummary: r.PostFormValue("change_summary")}
	if in.BaseVersion, err = strconv.Atoi(r.PostFormValue("base_version")); err != nil {
		return policies.FieldError("base_version", "versi dasar wajib diisi")
	}
	for _, v := range r.PostForm["comment_id"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return policies.FieldError("comment_ids", "nomor komentar tidak sah")
		}
		in.CommentIDs = append(in.CommentIDs, id)
	}
	ver, err := s.acceptSuggestions(r.Context(), viewerOf(r), p, in)
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/policies/%d/suggestions?accepted=%d", p.ID, ver.Number), http.StatusSeeOther)
	return nil
}

func (s *Server) handleSuggestionDecline(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(chi.URLParam(r, "cid"), 10, 64)
	if err != nil {
		return errNotFound
	}
	c, err := s.declineSuggestion(r.Context(), viewerOf(r), id, r.PostFormValue("reason"))
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/policies/%d/suggestions?declined=%d#c%d", c.PolicyID, c.ID, c.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) handleAPISuggestions(w http.ResponseWriter, r *http.Request) error {
	_, list, cur, err := s.suggestionsFor(r)
	if err != nil {
		return err
	}
	type item struct {
		policies.Comment
		State policies.AnchorState `json:"state_on_current,omitempty"`
	}
	items := make([]item, len(list))
	for i, sv := range list {
		items[i] = item{Comment: sv.Comment, State: sv.Current}
	}
	writeJSON(w, http.StatusOK, map[string]any{"current_version": cur.Number, "suggestions": items})
	return nil
}

var handleAPISuggestionsAccept = apiWriteOn(http.StatusCreated, (*Server).loadRegionPolicy,
	func(s *Server, r *http.Request, p policies.PolicySummary, in acceptInput) (map[string]any, error) {
		ver, err := s.acceptSuggestions(r.Context(), viewerOf(r), p, in)
		if err != nil {
			return nil, err
		}
		return map[string]any{"version": ver, "diff": diffLink(p.ID, ver.Number)}, nil
	})

// declineInput is the body of POST /api/v1/comments/{cid}/suggestion/decline.
type declineInput struct {
	Reason string `json:"reason"`
}

var handleAPISuggestionDecline = apiWriteOn(http.StatusOK, commentIDOr("usulan tidak ditemukan"),
	func(s *Server, r *http.Request, id int64, in declineInput) (policies.Comment, error) {
		return s.declineSuggestion(r.Context(), viewerOf(r), id, in.Reason)
	})
