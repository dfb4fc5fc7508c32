package server

import (
	"crypto/sha256"
	"encoding/binary"
	"net/url"
	"strconv"

	"github.com/policyflow/policyflow/policies"
)

// Working through many comments (issue 26): the drafters' answers page
// groups a consultation's comments by their texts (campaign copies and
// near-duplicates, policies.GroupComments) and filters them.

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
	Status  string // "", "answered" (a published answer) or "unanswered"
	Section string // "", a section's anchor, or generalSection
	Group   int64  // 0, or a group's representative comment
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
// in (-1: in none) of gs.
func (f answersFilter) keeps(c policies.AnsweredComment, in int, gs []policies.CommentGroup) bool {
	published := c.Answer != nil && c.Answer.Published()
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
