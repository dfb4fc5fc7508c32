package policies

import (
	"context"
	"time"
)

// Kirkpatrick levels 1 (reaction) and 2 (learning) of a training program:
// a reaction form answered once through a signed link, without an
// account, and a pre- and post-test score per participant.

// ReactionItems are the keys of the reaction form's Likert items (1–5),
// in the form's order; their words are in the i18n catalogue.
var ReactionItems = []string{"relevance", "facilitator", "method", "usefulness", "overall"}

// ReactionLinkLifetime is how long a reaction link can be answered.
const ReactionLinkLifetime = 30 * 24 * time.Hour

// ReactionAnswer is one participant's reaction: a score 1–5 per item.
type ReactionAnswer struct {
	Scores []int `json:"scores"`
}

// Validate checks an answer: one score 1–5 per item, the field named
// after the item.
func (a ReactionAnswer) Validate() error {
	if len(a.Scores) != len(ReactionItems) {
		return FieldError("scores", "isi %d butir penilaian", len(ReactionItems))
	}
	for i, s := range a.Scores {
		if s < 1 || s > 5 {
			return FieldError(ReactionItems[i], "nilai harus 1–5")
		}
	}
	return nil
}

// ReactionLink is a participant's reaction link as its page reads it (by
// the token's hash): the program it asks about, and whether it can still
// be answered.
type ReactionLink struct {
	ID           int64      `db:"id" json:"-"`
	ProgramID    int64      `db:"program_id" json:"program_id"`
	ProgramTitle string     `db:"title" json:"program_title"`
	ExpiresAt    time.Time  `db:"expires_at" json:"expires_at"`
	AnsweredAt   *time.Time `db:"answered_at" json:"answered_at,omitempty"`
	Expired      bool       `db:"expired" json:"expired"`
}

// ReactionStatus is a participant's reaction link as the unit officer
// sees it: issued or not, answered or not.
type ReactionStatus struct {
	ParticipantID int64      `db:"participant_id" json:"participant_id"`
	NIP           string     `db:"nip" json:"nip"`
	Name          string     `db:"name" json:"name"`
	UnitID        int64      `db:"unit_id" json:"unit_id"`
	IssuedAt      *time.Time `db:"created_at" json:"issued_at,omitempty"`
	AnsweredAt    *time.Time `db:"answered_at" json:"answered_at,omitempty"`
	// TokenHash is the stored hash of the link's token ("" when none is
	// issued): a link the workflow issued (DerivedLinkToken) is shown
	// again to the unit's officers when its token hashes to it.
	TokenHash string `db:"token_hash" json:"-"`
}

// NewReactionLink is a link to issue: the participant and the hash of
// their token.
type NewReactionLink struct {
	ParticipantID int64
	TokenHash     string
}

// CheckReactionLinks says whether a program's reaction links may be
// issued: only once it is done (409 otherwise).
func CheckReactionLinks(s ProgramStatus) error {
	if s != ProgramDone {
		return Errorf(KindConflict, "tautan reaksi diberikan setelah program selesai")
	}
	return nil
}

// LearningScore is a participant's pre- and post-test score (0–100).
type LearningScore struct {
	ParticipantID int64  `db:"participant_id" json:"participant_id"`
	NIP           string `db:"nip" json:"nip"`
	Name          string `db:"name" json:"name"`
	UnitID        int64  `db:"unit_id" json:"unit_id"`
	Pre           int    `db:"pre_score" json:"pre"`
	Post          int    `db:"post_score" json:"post"`
}

// Gain is the post-test score less the pre-test score.
func (l LearningScore) Gain() int { return l.Post - l.Pre }

// ValidateTestScore checks one test score (field "pre" or "post"): 0–100.
func ValidateTestScore(field string, v int) error {
	if v < 0 || v > 100 {
		return FieldError(field, "nilai harus 0–100, bukan %d", v)
	}
	return nil
}

// CheckLearningOpen says whether a program's test scores may be recorded:
// not once it is cancelled (409).
func CheckLearningOpen(s ProgramStatus) error {
	if s == ProgramCancelled {
		return Errorf(KindConflict, "program dibatalkan: nilai tes tidak dicatat")
	}
	return nil
}

// KirkpatrickStore keeps a program's reaction links and answers and its
// test scores.
type KirkpatrickStore interface {
	// IssueReactionLinks stores links of the program's participants that
	// have none (a link already issued is kept); it returns the
	// participants whose link it stored. Audited without personal data.
	IssueReactionLinks(ctx context.Context, programID, actorID int64, links []NewReactionLink) ([]int64, error)
	// ReactionStatuses lists the program's completed participants with
	// their link's state.
	ReactionStatuses(ctx context.Context, programID int64) ([]ReactionStatus, error)
	// ReactionLinkByHash reads a link by its token's hash.
	ReactionLinkByHash(ctx context.Context, tokenHash string) (ReactionLink, error)
	// AnswerReaction records a link's one answer (409 when answered or
	// expired), audited on the program without the participant.
	AnswerReaction(ctx context.Context, tokenHash string, a ReactionAnswer) error
	// ReactionAnswers are the program's answers.
	ReactionAnswers(ctx context.Context, programID int64) ([]ReactionAnswer, error)
	// SaveLearningScores records test scores (all or none), each change audited.
	SaveLearningScores(ctx context.Context, programID, actorID int64, ss []LearningScore) (int, error)
	// LearningScores are the program's test scores with the participants.
	LearningScores(ctx context.Context, programID int64) ([]LearningScore, error)
}
