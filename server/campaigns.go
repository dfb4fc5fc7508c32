package server

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/policyflow/policyflow/policies"
)

// Working through many comments (issue 26): the drafters' answers page
// groups a consultation's comments by their texts (campaign copies and
// near-duplicates, policies.GroupComments) and filters them.

// answersList is the drafters' list of a consultation's comments (GET
// .../answers): with their answers, drafts included, and their groups.
type answersList struct {
	ConsultationID   int64                      `json:"consultation_id"`
	Comments         []policies.AnsweredComment `json:"comments"`
	Counts           policies.AnswerCounts      `json:"counts"`
	UnansweredReason *policies.UnansweredReason `json:"unanswered_reason"`
	Groups           []policies.CommentGroup    `json:"groups"` // automatic: campaign copies and near-duplicates
	// Total is how many comments the filter keeps (every comment without
	// one); Comments are all of them, or with ?page= or a filter one page
	// of answersPageSize, Page of Pages, Next the next page's URL.
	Total int    `json:"total"`
	Page  int    `json:"page,omitempty"`
	Pages int    `json:"pages,omitempty"`
	Next  string `json:"next,omitempty"`
}

// groupsCacheBytes bounds the groups kept in memory.
const groupsCacheBytes = 8 << 20

// groupsKey names a consultation's comments as they are now: the
// consultation and a hash of every comment's ID and text, so that a key
// always names the same groups and a changed, added or hidden comment
// makes a new key (the comment revision).
type groupsKey struct {
	consultation int64
	texts        [sha256.Size]byte
}

// commentGroups are the groups of the consultation's comments cs, computed
// once per revision of their texts.
func (s *Server) commentGroups(k int64, cs []policies.AnsweredComment) []policies.CommentGroup {
	h := sha256.New()
	var n [8]byte
	for _, c := range cs {
		binary.BigEndian.PutUint64(n[:], uint64(c.ID))
		h.Write(n[:])
		binary.BigEndian.PutUint64(n[:], uint64(len(c.Body)))
		h.Write(n[:])
		h.Write([]byte(c.Body))
	}
	key := groupsKey{consultation: k, texts: [sha256.Size]byte(h.Sum(nil))}
	if gs, ok := s.groups.Get(key); ok {
		return gs
	}
	gs := policies.GroupComments(cs)
	size := 64
	for _, g := range gs {
		size += 64 + 8*len(g.Members)
	}
	s.groups.Put(key, gs, size)
	return gs
}

// groupView is a group as the answers page shows it.
type groupView struct {
	policies.CommentGroup
	Text string // the representative comment's text
}

// groupViews are the groups with their representative texts.
func groupViews(gs []policies.CommentGroup, cs []policies.AnsweredComment) []groupView {
	body := make(map[int64]string, len(cs))
	for _, c := range cs {
		body[c.ID] = c.Body
	}
	out := make([]groupView, len(gs))
	for i, g := range gs {
		out[i] = groupView{CommentGroup: g, Text: body[g.ID]}
	}
	return out
}

// generalSection is the section filter's value for the comments on the
// text as a whole (section anchor "").
const generalSection = "-"

// answersFilter is what the answers page shows of a consultation's
// comments: all of them, or those matching every field set.
type answersFilter struct {
	Status   string // "", "answered" (a published answer) or "unanswered"
	Section  string // "", a section's anchor, or generalSection
	Group    int64  // 0, or a group's representative comment
	Theme    string // "", or one of the consultation's themes
	Assignee string // "", "me", "none" (assigned to nobody) or a drafter's ID
}

// answersFilterOf reads the filter of the page's query; a value it does not
// know is refused naming its field. The older ?filter=unanswered is kept.
func answersFilterOf(q url.Values) (answersFilter, error) {
	f := answersFilter{Status: q.Get("status"), Section: q.Get("section")}
	if f.Status == "" && q.Get("filter") == "unanswered" {
		f.Status = "unanswered"
	}
	switch f.Status {
	case "", "answered", "unanswered":
	default:
		return f, policies.FieldError("status", "status tidak dikenal: pilih answered atau unanswered")
	}
	if f.Section != "" && f.Section != generalSection {
		if err := policies.ValidateSection(f.Section); err != nil {
			return f, err
		}
	}
	f.Theme = q.Get("theme")
	if f.Theme != "" {
		in := policies.ThemeInput{CommentID: 1, Theme: f.Theme}
		if err := in.Validate(); err != nil {
			return f, err
		}
	}
	switch f.Assignee = q.Get("assignee"); f.Assignee {
	case "", "me", "none":
	default:
		if id, err := strconv.ParseInt(f.Assignee, 10, 64); err != nil || id <= 0 {
			return f, policies.FieldError("assignee", "penyusun tidak sah: pilih me, none atau seorang penyusun")
		}
	}
	if g := q.Get("group"); g != "" {
		id, err := strconv.ParseInt(g, 10, 64)
		if err != nil || id <= 0 {
			return f, policies.FieldError("group", "kelompok tidak sah")
		}
		f.Group = id
	}
	return f, nil
}

// Active reports whether the filter leaves comments out.
func (f answersFilter) Active() bool { return f != answersFilter{} }

// keeps reports whether the filter shows comment c, in the group of index
// in (-1: in none) of gs, with the drafters' work cw, to the drafter me.
func (f answersFilter) keeps(c policies.AnsweredComment, in int, gs []policies.CommentGroup, cw policies.CommentWork, me int64) bool {
	published := c.Answer != nil && c.Answer.Published()
	who, assigned := cw.Assignees[c.ID]
	switch {
	case f.Theme != "" && !slices.Contains(cw.Themes[c.ID], f.Theme):
		return false
	case f.Assignee == "me" && who.ID != me, f.Assignee == "none" && assigned:
		return false
	case f.Assignee != "" && f.Assignee != "me" && f.Assignee != "none" && strconv.FormatInt(who.ID, 10) != f.Assignee:
		return false
	}
	switch {
	case f.Status == "answered" && !published, f.Status == "unanswered" && published:
		return false
	case f.Section == generalSection && c.SectionID != "", f.Section != "" && f.Section != generalSection && c.SectionID != f.Section:
		return false
	case f.Group != 0 && (in < 0 || gs[in].ID != f.Group):
		return false
	}
	return true
}

// findGroup is the group of representative id among gs, nil when none.
func findGroup(gs []policies.CommentGroup, id int64) *policies.CommentGroup {
	for i := range gs {
		if gs[i].ID == id {
			return &gs[i]
		}
	}
	return nil
}

// groupAnswers is how far a group's comments are answered: those without
// an answer, and those with one (a draft or published) that one answer for
// the group leaves as they are.
type groupAnswers struct {
	Open     int
	Answered []int64
}

// groupAnswersOf counts the answers of group g (nil: none) among cs.
func groupAnswersOf(g *policies.CommentGroup, cs []policies.AnsweredComment) *groupAnswers {
	if g == nil {
		return nil
	}
	ga := &groupAnswers{}
	for _, c := range cs {
		if _, in := slices.BinarySearch(g.Members, c.ID); !in {
			continue
		}
		if c.Answer == nil {
			ga.Open++
		} else {
			ga.Answered = append(ga.Answered, c.ID)
		}
	}
	return ga
}

// answerGroup checks one answer for a whole group and records it as the
// draft answer of each comment of the group that has none (answer duty:
// each comment keeps its own answer, published with the others).
func (s *Server) answerGroup(ctx context.Context, v *viewer, k policies.ConsultationRecord, in policies.GroupAnswerInput) (policies.GroupAnswered, error) {
	if err := in.Validate(); err != nil {
		return policies.GroupAnswered{}, err
	}
	cs, err := s.store.ConsultationComments(ctx, k.ID, true)
	if err != nil {
		return policies.GroupAnswered{}, err
	}
	g := findGroup(s.commentGroups(k.ID, cs), in.Group)
	if g == nil {
		return policies.GroupAnswered{}, policies.FieldError("group", "kelompok %d tidak ada di konsultasi ini: komentarnya mungkin berubah", in.Group)
	}
	return s.store.DraftGroupAnswers(ctx, k.ID, v.User.ID, g.Members, in)
}

var handleAPIGroupAnswer = apiWriteOn(http.StatusOK, (*Server).drafterConsultation,
	func(s *Server, r *http.Request, at consultationAt, in policies.GroupAnswerInput) (policies.GroupAnswered, error) {
		return s.answerGroup(r.Context(), viewerOf(r), at.k, in)
	})
