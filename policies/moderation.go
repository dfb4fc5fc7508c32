package policies

import (
	"context"
	"slices"
	"time"
)

// ReportReason is why a reader reports a comment.
type ReportReason string

// The report reasons. The database checks the same list.
const (
	ReportSpam         ReportReason = "spam"
	ReportAbusive      ReportReason = "abusive"       // kasar, menghina, SARA
	ReportPersonalData ReportReason = "personal_data" // data pribadi orang lain
	ReportOffTopic     ReportReason = "off_topic"
	ReportOther        ReportReason = "other"
)

// ReportReasons lists the reasons in the order forms show them.
var ReportReasons = []ReportReason{ReportSpam, ReportAbusive, ReportPersonalData, ReportOffTopic, ReportOther}

// Valid reports whether r is one of the report reasons.
func (r ReportReason) Valid() bool { return slices.Contains(ReportReasons, r) }

// MaxReportDetail is the most characters a report's own words may have.
const MaxReportDetail = 2000

// CommentReport is a reader's report of a comment. Address is the client
// address of an anonymous reporter: kept to limit reports, never shown.
type CommentReport struct {
	ID           int64        `db:"id" json:"id"`
	CommentID    int64        `db:"comment_id" json:"comment_id"`
	Reason       ReportReason `db:"reason" json:"reason"`
	Detail       string       `db:"detail" json:"detail"`
	ReporterID   *int64       `db:"reporter_id" json:"reporter_id,omitempty"`
	ReporterName string       `db:"reporter_name" json:"reporter_name"` // "" for an anonymous reader
	Address      string       `db:"address" json:"-"`
	CreatedAt    time.Time    `db:"created_at" json:"created_at"`
	ClosedAt     *time.Time   `db:"closed_at" json:"closed_at,omitempty"`
	Outcome      *string      `db:"outcome" json:"outcome,omitempty"`
}

// ModerationDecision is the drafter's decision on a comment awaiting
// moderation or reported.
type ModerationDecision string

// The decisions.
const (
	DecideApprove ModerationDecision = "approve" // publish a comment awaiting moderation
	DecideHide    ModerationDecision = "hide"    // rejected: out of every page, report, export and notice
	DecideKeep    ModerationDecision = "keep"    // reviewed, it stays: the reports are closed
)

// Valid reports whether d is one of the decisions.
func (d ModerationDecision) Valid() bool {
	return d == DecideApprove || d == DecideHide || d == DecideKeep
}

// Outcome is what a decision makes of the comment's status and its open
// reports, or a conflict when the comment is not where the decision applies:
// only a comment awaiting moderation is approved, only a visible one is
// kept, and a hidden one is not hidden again.
func (d ModerationDecision) Outcome(from CommentStatus) (CommentStatus, string, error) {
	switch d {
	case DecideApprove:
		if from != CommentPendingModeration {
			return "", "", Errorf(KindConflict, "hanya komentar yang menunggu moderasi yang dapat disetujui")
		}
		return CommentOpen, "approved", nil
	case DecideKeep:
		if from != CommentOpen && from != CommentResolved {
			return "", "", Errorf(KindConflict, "hanya komentar yang tampil yang dapat tetap ditampilkan")
		}
		return from, "kept", nil
	case DecideHide:
		if from == CommentRejected {
			return "", "", Errorf(KindConflict, "komentar sudah disembunyikan")
		}
		return CommentRejected, "hidden", nil
	}
	return "", "", d.Validate()
}

// ModerationItem is a comment on the moderation page: awaiting moderation,
// or visible with open reports, and those reports.
type ModerationItem struct {
	Comment Comment         `json:"comment"`
	Reports []CommentReport `json:"reports"`
}

// ModerationStore keeps reports and moderation decisions.
type ModerationStore interface {
	// ReportComment stores a report; a reader's second open report of one
	// comment is a conflict. An anonymous reader (ReporterID nil) may make
	// at most anonymousPerHour reports an hour from one address: past it, a
	// *LimitError and nothing stored.
	ReportComment(ctx context.Context, r CommentReport, anonymousPerHour int) (CommentReport, error)
	// ModerationQueue lists a policy's comments awaiting moderation and its
	// visible comments with open reports, oldest first.
	ModerationQueue(ctx context.Context, policyID int64) ([]ModerationItem, error)
	// Moderate applies a decision to a comment: its status, its open reports
	// closed with the outcome, and the decision recorded, in one transaction.
	Moderate(ctx context.Context, commentID int64, d ModerationDecision, by int64) (Comment, error)
	// CountAnonymousComment lets one anonymous comment through the limits of
	// a consultation, counting it: at most perHour from one address in the
	// last hour, at most pendingCap anonymous comments awaiting moderation.
	// A limit reached is a *LimitError and nothing is counted.
	CountAnonymousComment(ctx context.Context, consultationID int64, address string, perHour, pendingCap int) error
}

// LimitError is a limit reached: try again after RetryAfter.
type LimitError struct {
	Message    string
	RetryAfter time.Duration
}

func (e *LimitError) Error() string { return e.Message }
