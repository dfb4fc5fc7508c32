package policies

import (
	"github.com/policyflow/policyflow/campaign"
)

// Campaign and near-duplicate groups of a consultation's comments (issue 26,
// "work through many comments"): computed from the comments' texts by the
// campaign package, never stored, so a group is always what the texts say
// now. A group is named by its representative comment; the grouping is
// automatic, and every page that shows it says so.

// CommentGroupKind says why comments are in one group.
type CommentGroupKind string

// The kinds of group.
const (
	// GroupCampaign is copies of one text (identical after normalisation):
	// a campaign text sent as it was circulated.
	GroupCampaign CommentGroupKind = "kampanye"
	// GroupSimilar is near-duplicates: one text sent with small edits.
	GroupSimilar CommentGroupKind = "mirip"
	// GroupSameShort is equal short comments ("setuju"): the same word
	// from different people, not a campaign.
	GroupSameShort CommentGroupKind = "singkat"
)

// CommentGroupKinds lists the kinds of group.
var CommentGroupKinds = []CommentGroupKind{GroupCampaign, GroupSimilar, GroupSameShort}

// CommentGroup is two or more comments of a consultation grouped as one
// text. ID is the representative comment's, the one whose text stands for
// the group.
type CommentGroup struct {
	ID         int64            `json:"id"`
	Kind       CommentGroupKind `json:"kind"`
	Members    []int64          `json:"members"`    // ascending, the representative among them
	Similarity float64          `json:"similarity"` // the lowest Jaccard similarity of a member to the representative
}

// Size is the number of comments in the group.
func (g CommentGroup) Size() int { return len(g.Members) }

// Position reports whether the group counts as one position with its
// signatories in a report: a campaign or near-duplicates, not equal short
// comments.
func (g CommentGroup) Position() bool { return g.Kind != GroupSameShort }

// GroupComments groups a consultation's comments by their texts: the groups
// of two or more, largest first, then by lowest comment ID.
func GroupComments(cs []AnsweredComment) []CommentGroup {
	in := make([]campaign.Comment, len(cs))
	for i, c := range cs {
		in[i] = campaign.Comment{ID: c.ID, Body: c.Body}
	}
	var out []CommentGroup
	for _, cl := range campaign.Group(in, campaign.Options{}) {
		if len(cl.Members) < 2 {
			continue
		}
		g := CommentGroup{ID: cl.Representative, Kind: GroupSimilar, Members: cl.Members, Similarity: cl.Similarity}
		switch {
		case cl.Short:
			g.Kind = GroupSameShort
		case cl.Exact:
			g.Kind = GroupCampaign
		}
		out = append(out, g)
	}
	return out
}

// GroupOf maps each grouped comment to its group's index in gs.
func GroupOf(gs []CommentGroup) map[int64]int {
	of := map[int64]int{}
	for i, g := range gs {
		for _, m := range g.Members {
			of[m] = i
		}
	}
	return of
}

// GroupAnswerInput is one answer a drafter writes for a whole group: it
// becomes the draft answer of every comment of the group that has none.
type GroupAnswerInput struct {
	Group       int64       `json:"group"` // the group's representative comment
	Disposition Disposition `json:"disposition"`
	Reason      string      `json:"reason"`
}

// Validate checks the answer as AnswerInput does, naming group for a
// missing group.
func (in *GroupAnswerInput) Validate() error {
	if in.Group <= 0 {
		return FieldError("group", "kelompok yang dijawab wajib dipilih")
	}
	a := in.Answer(in.Group)
	if err := a.Validate(); err != nil {
		return err
	}
	in.Reason = a.Reason
	return nil
}

// Answer is the group's answer as the answer of one comment.
func (in GroupAnswerInput) Answer(commentID int64) AnswerInput {
	return AnswerInput{CommentID: commentID, Disposition: in.Disposition, Reason: in.Reason}
}

// GroupAnswered is what one answer for a group did.
type GroupAnswered struct {
	Group int64 `json:"group"`
	// Answered are the comments that had no answer and now have this one
	// as their own draft answer.
	Answered []int64 `json:"answered"`
	// Left are the comments that had an answer (a draft or a published
	// one) and keep it.
	Left []int64 `json:"left"`
}
