package server

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"

	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/textdiff"
)

// Passage comments and suggestions (issue 12): a comment may quote the
// passage it is about and propose replacement text for it; the drafter
// accepts suggestions into one new version, or declines one with a reason.

// passageView is what a page shows of a passage comment: the quote as it
// was, the version it was made on, and its state on the version shown.
type passageView struct {
	Quote         string               `json:"quote"`
	QuotedVersion int                  `json:"quoted_version"`
	State         policies.AnchorState `json:"state"` // "" on the version commented on (or when unknown)
	Diff          template.HTML        `json:"diff"`  // for a changed passage: quote → closest passage, word by word
	// DecidedAt and DecidedVersion: when a suggestion was decided, and the
	// version an accepted one went into.
	DecidedAt      time.Time `json:"decided_at"`
	DecidedVersion int       `json:"decided_version"`
}

// checkPassage validates a comment's quote and suggestion against the
// version its author reads and puts them, folded, on c.
func checkPassage(c *policies.Comment, ver policies.Version, in commentInput) error {
	quote, sugg := strings.TrimSpace(in.Quote), strings.TrimSpace(in.Suggestion)
	if quote == "" {
		if sugg != "" {
			return policies.FieldError("suggestion", "usulan perubahan memerlukan kutipan: pilih teks yang ingin diganti")
		}
		return nil
	}
	if c.ParentID != nil {
		return policies.FieldError("quote", "balasan tidak mengutip teks; kutip pada komentar utama")
	}
	q, err := policies.CheckQuote(ver.Markdown, c.SectionID, quote)
	if err != nil {
		return err
	}
	if utf8.RuneCountInString(sugg) > policies.MaxSuggestion {
		return &policies.Error{Kind: policies.KindTooLarge, Field: "suggestion", Message: fmt.Sprintf("usulan perubahan maksimal %d karakter", policies.MaxSuggestion)}
	}
	if sugg != "" && policies.NormalizeSpace(sugg) == q {
		return policies.FieldError("suggestion", "usulan perubahan sama dengan teks yang dikutip")
	}
	c.Quote, c.Suggestion = q, sugg
	return nil
}

// notifyReply tells the author of the comment replied to, unless the
// reply is theirs or not yet visible.
func (s *Server) notifyReply(ctx context.Context, reply policies.Comment) error {
	if reply.ParentID == nil || reply.Status != policies.CommentOpen {
		return nil
	}
	parent, err := s.store.CommentByID(ctx, *reply.ParentID)
	if err != nil {
		return err
	}
	if parent.Status != policies.CommentOpen && parent.Status != policies.CommentResolved {
		return nil
	}
	if parent.AuthorID != nil && reply.AuthorID != nil && *parent.AuthorID == *reply.AuthorID ||
		parent.AuthorID == nil && parent.AuthorEmail != "" && strings.EqualFold(parent.AuthorEmail, reply.AuthorEmail) {
		return nil
	}
	return s.notifyCommenter(ctx, parent, commentNotice{
		Kind:    policies.NoticeCommentReply,
		Dedup:   fmt.Sprintf("reply/%d", reply.ID),
		Subject: "Balasan untuk komentar Anda",
		Body:    fmt.Sprintf("%s membalas komentar Anda: “%s”", reply.AuthorName, excerpt(reply.Body, 200)),
		Link:    fmt.Sprintf("/policies/%d#c%d", reply.PolicyID, reply.ID),
	})
}

// excerpt shortens s to at most n characters.
func excerpt(s string, n int) string {
	s = policies.NormalizeSpace(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// annotateSections gives every passage comment of the sections its quote,
// the version it quotes and its state on the version shown.
func (s *Server) annotateSections(ctx context.Context, policyID int64, sections []sectionView, shown policies.Version) error {
	var all []*threadView
	for i := range sections {
		for j := range sections[i].Threads {
			all = append(all, &sections[i].Threads[j])
		}
	}
	return s.annotate(ctx, policyID, all, shown)
}

// passageSections adds to the policy page's sections those that the version
// shown no longer has but whose comments are among first (their passage is
// removed: shown, not dropped nor moved to other text), titled as the
// version commented on titled them, and annotates every passage comment.
func (s *Server) passageSections(ctx context.Context, policyID int64, sections []sectionView, first []policies.Comment,
	counts map[string]int, shown policies.Version, lang string) ([]sectionView, error) {
	have := map[string]bool{}
	for _, sv := range sections {
		have[sv.ID] = true
	}
	gone := map[string][]policies.Comment{}
	var order []string
	for _, c := range first {
		if have[c.SectionID] {
			continue
		}
		if _, seen := gone[c.SectionID]; !seen {
			order = append(order, c.SectionID)
		}
		gone[c.SectionID] = append(gone[c.SectionID], c)
	}
	if len(order) > 0 {
		vs, err := s.store.Versions(ctx, policyID)
		if err != nil {
			return nil, err
		}
		numbers := map[int64]int{}
		for _, v := range vs {
			numbers[v.ID] = v.Number
		}
		titles := map[int]map[string]string{} // version number → anchor → title
		for _, id := range order {
			n := numbers[gone[id][0].VersionID]
			if titles[n] == nil {
				titles[n] = map[string]string{}
				if v, err := s.store.VersionByNumber(ctx, policyID, n); err == nil {
					for _, sec := range policies.Sections(v.Markdown) {
						titles[n][sec.Anchor] = sec.Title
					}
				}
			}
			title := titles[n][id]
			if title == "" {
				title = messages[lang]["passage_section_unknown"]
			}
			sections = append(sections, sectionView{ID: id, Title: title + " — " + messages[lang]["passage_section_gone"],
				Count: counts[id], Threads: threads(gone[id])})
		}
	}
	return sections, s.annotateSections(ctx, policyID, sections, shown)
}

// annotatePassages is annotateSections for one list of threads.
func (s *Server) annotatePassages(ctx context.Context, policyID int64, ts []threadView, shown policies.Version) error {
	all := make([]*threadView, len(ts))
	for i := range ts {
		all[i] = &ts[i]
	}
	return s.annotate(ctx, policyID, all, shown)
}

func (s *Server) annotate(ctx context.Context, policyID int64, ts []*threadView, shown policies.Version) error {
	if !slices.ContainsFunc(ts, func(t *threadView) bool { return t.Quote != "" }) {
		return nil
	}
	vs, err := s.store.Versions(ctx, policyID)
	if err != nil {
		return err
	}
	numbers := map[int64]int{}
	for _, v := range vs {
		numbers[v.ID] = v.Number
	}
	anchors, err := s.store.PassageAnchors(ctx, shown.ID)
	if err != nil {
		return err
	}
	for _, t := range ts {
		if t.Quote == "" {
			continue
		}
		t.Passage = passageView{Quote: t.Quote, QuotedVersion: numbers[t.VersionID]}
		if t.At != nil {
			t.Passage.DecidedAt = *t.At
		}
		if t.SuggestionDecision.Version != nil {
			t.Passage.DecidedVersion = *t.SuggestionDecision.Version
		}
		if a, ok := anchors[t.ID]; ok && t.VersionID != shown.ID {
			t.Passage.State = a.State
			if a.State == policies.AnchorChanged {
				t.Passage.Diff = textdiff.HTML(textdiff.Words(t.Quote, a.Passage))
			}
		}
	}
	return nil
}

// suggestionView is one suggestion on the suggestions page.
type suggestionView struct {
	threadView
	Current policies.AnchorState // its passage on the current version ("" when made on it)
}

// suggestionsFor lists a policy's suggestions with their passage on the
// current version.
func (s *Server) suggestionsFor(ctx context.Context, p policies.PolicySummary) ([]suggestionView, policies.Version, error) {
	cur, err := s.store.CurrentVersion(ctx, p.ID)
	if err != nil {
		return nil, cur, err
	}
	cs, err := s.store.Suggestions(ctx, p.ID)
	if err != nil {
		return nil, cur, err
	}
	ts := make([]threadView, len(cs))
	for i, c := range cs {
		ts[i] = threadView{Comment: c}
	}
	if err := s.annotatePassages(ctx, p.ID, ts, cur); err != nil {
		return nil, cur, err
	}
	out := make([]suggestionView, len(ts))
	for i, t := range ts {
		out[i] = suggestionView{threadView: t, Current: t.Passage.State}
	}
	return out, cur, nil
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
		err := s.notifyCommenter(ctx, c, commentNotice{
			Kind:    policies.NoticeSuggestionAccepted,
			Dedup:   fmt.Sprintf("suggestion/%d", c.ID),
			Subject: "Usulan perubahan Anda diterima",
			Body: fmt.Sprintf("Usulan Anda untuk “%s” pada %s dimasukkan ke versi %d.",
				excerpt(c.Quote, 120), p.Title, ver.Number),
			Link: diffLink(p.ID, ver.Number),
		})
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
	c, err := s.store.CommentByID(ctx, id)
	if err != nil {
		return c, err
	}
	p, err := s.store.PolicyByID(ctx, c.PolicyID)
	if err != nil {
		return c, err
	}
	visible := c.Status == policies.CommentOpen || c.Status == policies.CommentResolved
	if !v.canSee(p) || (!visible && !v.inRegion(p.RegionID)) {
		return policies.Comment{}, policies.Errorf(policies.KindNotFound, "usulan tidak ditemukan")
	}
	if !v.inRegion(p.RegionID) {
		return policies.Comment{}, errOtherRegion
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
	p, err := s.loadRegionPolicy(r)
	if err != nil {
		return err
	}
	list, cur, err := s.suggestionsFor(r.Context(), p)
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
	p, err := s.loadRegionPolicy(r)
	if err != nil {
		return err
	}
	list, cur, err := s.suggestionsFor(r.Context(), p)
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

func (s *Server) handleAPISuggestionsAccept(w http.ResponseWriter, r *http.Request) error {
	p, err := s.loadRegionPolicy(r)
	if err != nil {
		return err
	}
	var in acceptInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	ver, err := s.acceptSuggestions(r.Context(), viewerOf(r), p, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"version": ver, "diff": diffLink(p.ID, ver.Number)})
	return nil
}

// declineInput is the body of POST /api/v1/comments/{cid}/suggestion/decline.
type declineInput struct {
	Reason string `json:"reason"`
}

func (s *Server) handleAPISuggestionDecline(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(chi.URLParam(r, "cid"), 10, 64)
	if err != nil {
		return policies.Errorf(policies.KindNotFound, "usulan tidak ditemukan")
	}
	var in declineInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	c, err := s.declineSuggestion(r.Context(), viewerOf(r), id, in.Reason)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}
