package policies

import (
	"context"
	"strings"
)

// Working through many comments (issue 26): the drafters of the policy's
// region tag a consultation's comments with themes, free tags of the
// consultation, and assign comments (one, or a whole group) to a colleague
// of the region with drafter rights, who is told.

// MaxThemeLength is the most characters a theme may have.
const MaxThemeLength = 60

// ThemeInput is a theme added to, or removed from, one comment.
type ThemeInput struct {
	CommentID int64  `json:"comment_id"`
	Theme     string `json:"theme"`
}

// Validate trims the theme and checks it: a comment, a theme of 1 to
// MaxThemeLength characters.
func (in *ThemeInput) Validate() error {
	in.Theme = strings.TrimSpace(in.Theme)
	if in.CommentID <= 0 {
		return FieldError("comment_id", "komentar wajib dipilih")
	}
	return checkText("theme", in.Theme, MaxThemeLength, "tema wajib diisi")
}

// AssignInput assigns one comment, or every comment of a group, to a
// colleague.
type AssignInput struct {
	CommentID  int64 `json:"comment_id" required:"false"` // one comment, or
	Group      int64 `json:"group" required:"false"`      // a group's representative comment: all of the group
	AssigneeID int64 `json:"assignee_id"`
}

// Validate checks that one comment or one group is chosen, and a colleague.
func (in AssignInput) Validate() error {
	switch {
	case (in.CommentID > 0) == (in.Group > 0):
		return FieldError("comment_id", "pilih satu komentar atau satu kelompok")
	case in.AssigneeID <= 0:
		return FieldError("assignee_id", "penyusun yang ditugaskan wajib dipilih")
	}
	return nil
}

// UnassignInput takes the assignment off one comment, or off every
// comment of a group: nobody answers them until they are assigned again.
type UnassignInput struct {
	CommentID int64 `json:"comment_id" required:"false"` // one comment, or
	Group     int64 `json:"group" required:"false"`      // a group's representative comment: all of the group
}

// Validate checks that one comment or one group is chosen.
func (in UnassignInput) Validate() error {
	if (in.CommentID > 0) == (in.Group > 0) {
		return FieldError("comment_id", "pilih satu komentar atau satu kelompok")
	}
	return nil
}

// Unassigned is what an un-assignment did.
type Unassigned struct {
	Unassigned []int64 `json:"unassigned"` // assigned to nobody now
	Already    []int64 `json:"already"`    // assigned to nobody before
}

// Colleague is a drafter of the region a comment can be assigned to.
type Colleague struct {
	ID   int64  `db:"id" json:"id"`
	Name string `db:"name" json:"name"`
}

// CommentWork is the drafters' work on a consultation's comments.
type CommentWork struct {
	Themes    map[int64][]string  // each comment's themes, sorted
	Assignees map[int64]Colleague // who answers each assigned comment
	AllThemes []string            // every theme of the consultation, sorted
}

// Assigned is what an assignment did.
type Assigned struct {
	AssigneeID int64   `json:"assignee_id"`
	Assigned   []int64 `json:"assigned"` // newly assigned to them
	Already    []int64 `json:"already"`  // assigned to them before
}

// CommentWorkStore keeps the themes and assignments of consultations'
// comments. Every change is audited on the policy, per comment.
type CommentWorkStore interface {
	// CommentWork returns the themes and assignees of the consultation's comments.
	CommentWork(ctx context.Context, consultationID int64) (CommentWork, error)
	// AddTheme tags a comment of the consultation with a theme (once);
	// invalid when the comment is not one of the consultation's.
	AddTheme(ctx context.Context, consultationID, by int64, in ThemeInput) error
	// RemoveTheme takes a theme off a comment; not found when it has none.
	RemoveTheme(ctx context.Context, consultationID, by int64, in ThemeInput) error
	// ConsultationDrafters are the active drafters of the consultation's
	// region, by name: whom its comments can be assigned to.
	ConsultationDrafters(ctx context.Context, consultationID int64) ([]Colleague, error)
	// AssignComments assigns the comments ids of the consultation to
	// assignee (one of ConsultationDrafters, else invalid naming
	// assignee_id), in one transaction, each audited; those newly assigned
	// to them are told in one notice (n's subject, body and link, given
	// its count of comments and the language the assignee chose).
	AssignComments(ctx context.Context, consultationID, by int64, ids []int64, assignee int64, notice func(n int, lang string) Notification) (Assigned, error)
	// UnassignComments takes the assignments off the comments ids of the
	// consultation, in one transaction, each audited with whom it was
	// assigned to; invalid naming comment_id when one is not a comment of
	// the consultation, a conflict when none of them is assigned.
	UnassignComments(ctx context.Context, consultationID, by int64, ids []int64) (Unassigned, error)
}
