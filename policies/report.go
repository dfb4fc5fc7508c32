package policies

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"

	"github.com/policyflow/policyflow/textdiff"
)

// The "what we heard" report (Laporan hasil konsultasi publik) of one
// consultation: per section of the consulted version, what was said (the
// visible comments and the offline input), each answer, and what changed
// between the consulted version and the version compared with it; counts
// by stakeholder group. The web layer reads the records, calls
// BuildReport and renders the result as a page, JSON or CSV.

// AnswerCounts is how far the answers of a consultation are.
type AnswerCounts struct {
	Total      int `json:"total"`
	Drafted    int `json:"drafted"`    // a draft not yet published
	Published  int `json:"published"`  // a published answer
	Unanswered int `json:"unanswered"` // no published answer
}

// CountAnswers counts a consultation's comments by the state of their answer.
func CountAnswers(cs []AnsweredComment) AnswerCounts {
	n := AnswerCounts{Total: len(cs), Unanswered: Unanswered(cs)}
	for _, c := range cs {
		switch {
		case c.Answer == nil:
		case c.Answer.Published():
			n.Published++
		default:
			n.Drafted++
		}
	}
	return n
}

// ReportSection is one section of the report.
type ReportSection struct {
	Anchor   string          `json:"anchor"`
	Title    string          `json:"title"`
	Comments []ReportComment `json:"comments"`
	Diff     template.HTML   `json:"-"`
	Inserted int             `json:"words_inserted"`
	Deleted  int             `json:"words_deleted"`
	Removed  bool            `json:"removed,omitempty"` // not in the compared version
	Added    bool            `json:"added,omitempty"`   // new in the compared version
}

// GroupCount is how many comments came from one stakeholder group, or
// offline through one channel. Label is the reader's name for it, which
// the web layer fills in.
type GroupCount struct {
	Key   string `json:"group"` // a group kind, or "offline_" + a channel
	Label string `json:"label"`
	Count int    `json:"count"`
}

// Report is the whole report of one consultation.
type Report struct {
	PolicyID         int64             `json:"policy_id"`
	ConsultationID   int64             `json:"consultation_id"`
	ConsultedVersion int               `json:"consulted_version"`
	ComparedVersion  int               `json:"compared_version,omitempty"` // submitted for approval (or, in a preview, the current one)
	Submitted        bool              `json:"submitted"`
	Draft            bool              `json:"draft"` // a drafter's preview, with draft answers
	Counts           AnswerCounts      `json:"counts"`
	Groups           []GroupCount      `json:"groups"`
	Sections         []ReportSection   `json:"sections"`
	UnansweredReason *UnansweredReason `json:"unanswered_reason,omitempty"`
	Link             string            `json:"link"`
	// Folded is how many comments are folded into others like them
	// (ReportComment): the automatic grouping the report says it made.
	Folded int `json:"folded"`
	// Figures are its honest participation figures (report_figures.go).
	Figures Participation `json:"figures"`
}

// ReportComment is a comment as the report shows it. The comments of its
// automatic group (a campaign or near-duplicates, not equal short comments)
// in the same section with the same answer are folded into it: counted as
// one position with its number of signatories, not repeated.
type ReportComment struct {
	AnsweredComment
	Similar  int               `json:"similar,omitempty"`  // comments folded into this one
	Grouping CommentGroupKind  `json:"grouping,omitempty"` // their group's kind, when Similar > 0
	Folded   []AnsweredComment `json:"-"`                  // those comments (the CSV lists each)
}

// PlaceComments puts each comment in the report section of its anchor; a
// comment on a section the consulted text does not have goes to the
// general part (""). A comment of one of the groups gs that counts as a
// position is folded into the first comment of its group in the section
// with the same answer; folded is how many were.
func PlaceComments(secs []ReportSection, cs []AnsweredComment, gs []CommentGroup) (folded int) {
	idx := map[string]int{}
	for i, sec := range secs {
		idx[sec.Anchor] = i
	}
	of := GroupOf(gs)
	type fold struct {
		section, group int
		answer         string
	}
	into := map[fold]int{} // the index in its section of the comment folded into
	for _, c := range cs {
		i, ok := idx[c.SectionID]
		if !ok {
			i = idx[""]
		}
		g, grouped := of[c.ID]
		if grouped && gs[g].Position() {
			k := fold{section: i, group: g}
			if a := c.Answer; a != nil {
				k.answer = fmt.Sprintf("%t/%s/%s", a.Published(), a.Disposition, a.Reason)
			}
			if j, ok := into[k]; ok {
				rc := &secs[i].Comments[j]
				rc.Similar++
				rc.Grouping = gs[g].Kind
				rc.Folded = append(rc.Folded, c)
				folded++
				continue
			}
			into[k] = len(secs[i].Comments)
		}
		secs[i].Comments = append(secs[i].Comments, ReportComment{AnsweredComment: c})
	}
	return folded
}

// CountGroups counts comments by stakeholder group, offline input by
// channel: every group kind, then every channel, each with its count.
func CountGroups(cs []AnsweredComment) []GroupCount {
	counts := map[string]int{}
	for _, c := range cs {
		if c.Offline != nil {
			counts["offline_"+string(c.Offline.Channel)]++
		} else {
			counts[string(c.Group)]++
		}
	}
	var out []GroupCount
	for _, g := range GroupKinds {
		out = append(out, GroupCount{Key: string(g), Count: counts[string(g)]})
	}
	for _, ch := range Channels {
		key := "offline_" + string(ch)
		out = append(out, GroupCount{Key: key, Count: counts[key]})
	}
	return out
}

// ReportSections lists the consulted text's sections (the general comments
// first, titled general), each with the word diff of its text to the
// compared version's section of the same anchor; sections new in the
// compared version follow.
func ReportSections(consulted string, compared *Version, general string) []ReportSection {
	out := []ReportSection{{Anchor: "", Title: general}}
	before, beforeOrder := splitSections(consulted)
	var after map[string]string
	var afterOrder []Section
	if compared != nil {
		after, afterOrder = splitSections(compared.Markdown)
	}
	diff := func(sec *ReportSection, a, b string) {
		ops := textdiff.Words(a, b)
		sec.Inserted, sec.Deleted = textdiff.Stats(ops)
		if sec.Inserted+sec.Deleted > 0 {
			sec.Diff = textdiff.HTML(ops)
		}
	}
	if compared != nil {
		diff(&out[0], before[""], after[""])
	}
	seen := map[string]bool{}
	for _, sec := range beforeOrder {
		rs := ReportSection{Anchor: sec.Anchor, Title: sec.Title}
		seen[sec.Anchor] = true
		if compared != nil {
			b, ok := after[sec.Anchor]
			rs.Removed = !ok
			diff(&rs, before[sec.Anchor], b)
		}
		out = append(out, rs)
	}
	for _, sec := range afterOrder {
		if !seen[sec.Anchor] {
			rs := ReportSection{Anchor: sec.Anchor, Title: sec.Title, Added: true}
			diff(&rs, "", after[sec.Anchor])
			out = append(out, rs)
		}
	}
	return out
}

// splitSections cuts a Markdown text at its ATX headings into the text of
// each section by anchor ("" what precedes the first heading). When the
// headings it finds are not those Sections finds (setext headings), the
// whole text is one section "".
func splitSections(markdown string) (map[string]string, []Section) {
	secs := Sections(markdown)
	parts := map[string]string{}
	var cur bytes.Buffer
	anchor, i, fence := "", 0, false
	lines := strings.SplitAfter(markdown, "\n")
	for _, line := range lines {
		t := strings.TrimLeft(line, " ")
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = !fence
		}
		if !fence && len(line)-len(t) < 4 && strings.HasPrefix(t, "#") && i < len(secs) {
			h := strings.TrimLeft(t, "#")
			if level := len(t) - len(h); level <= 6 && level == secs[i].Level && (h == "" || h[0] == ' ' || h[0] == '\t' || h[0] == '\n') {
				parts[anchor] = cur.String()
				cur.Reset()
				anchor = secs[i].Anchor
				i++
			}
		}
		cur.WriteString(line)
	}
	parts[anchor] = cur.String()
	if i != len(secs) {
		return map[string]string{"": markdown}, nil
	}
	return parts, secs
}
