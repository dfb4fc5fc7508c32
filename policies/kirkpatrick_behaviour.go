package policies

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// Kirkpatrick level 3 (behaviour) of a training program: months after the
// program is done, the supervisor (atasan) of each completed participant
// answers a short survey about the participant's work through a signed,
// one-answer link without an account. The program's workflow issues the
// links and reminds the unit while answers are missing.

// BehaviourItems are the keys of the behaviour survey's Likert items (1–5),
// in the form's order; their words are in the i18n catalogue.
var BehaviourItems = []string{"applies", "quality", "initiative", "shares"}

// BehaviourLinkLifetime is how long a behaviour link can be answered; the
// workflow judges the level when it closes.
const BehaviourLinkLifetime = 35 * 24 * time.Hour

// MaxBehaviourExample bounds the optional free-text example, in characters.
const MaxBehaviourExample = 2000

// Defaults of the months after a program's end at which levels 3 and 4 are asked.
const (
	DefaultBehaviourMonths = 3
	DefaultResultsMonths   = 6
)

// Weak level 3: a program whose behaviour answers number at least
// MinBehaviourAnswers and whose mean on an item is below
// WeakBehaviourMean feeds its policy's revision.
const (
	WeakBehaviourMean   = 3.0
	MinBehaviourAnswers = 3
)

// BehaviourAnswer is one supervisor's answer about one participant: a
// score 1–5 per item and, optionally, an example of the changed behaviour.
type BehaviourAnswer struct {
	Scores  []int  `json:"scores"`
	Example string `json:"example,omitempty"`
}

// Validate checks an answer: one score 1–5 per item (the field named after
// the item) and an example of at most MaxBehaviourExample characters.
func (a BehaviourAnswer) Validate() error {
	if len(a.Scores) != len(BehaviourItems) {
		return FieldError("scores", "isi %d butir penilaian", len(BehaviourItems))
	}
	for i, s := range a.Scores {
		if s < 1 || s > 5 {
			return FieldError(BehaviourItems[i], "nilai harus 1–5")
		}
	}
	if utf8.RuneCountInString(a.Example) > MaxBehaviourExample || strings.ContainsRune(a.Example, 0) || !utf8.ValidString(a.Example) {
		return FieldError("example", "contoh berupa teks paling banyak %d karakter", MaxBehaviourExample)
	}
	return nil
}

// BehaviourLink is a behaviour link as its page reads it: the program and
// the participant it asks about.
type BehaviourLink struct {
	ReactionLink
	ParticipantName string `db:"participant_name" json:"participant_name"`
}

// KirkpatrickTimes are the months after a program's end at which its
// region asks for levels 3 and 4.
type KirkpatrickTimes struct {
	BehaviourMonths int `db:"kp_behaviour_months" json:"behaviour_months"`
	ResultsMonths   int `db:"kp_results_months" json:"results_months"`
}

// BehaviourContact is whom the unit of a participant's link is told by:
// the unit's head (the supervisor, if the unit has one with an account)
// and its officers, who hand the links out.
type BehaviourContact struct {
	UnitID   int64   `db:"unit_id"`
	HeadID   int64   `db:"head_user_id"`
	Officers []int64 `db:"-"`
}

// BehaviourStore is what the web layer reads and writes of level 3: the
// links' states, a link by its hash, its one answer, the answers.
type BehaviourStore interface {
	// BehaviourStatuses lists the program's completed participants with
	// their behaviour link's state.
	BehaviourStatuses(ctx context.Context, programID int64) ([]ReactionStatus, error)
	// BehaviourLinkByHash reads a link by its token's hash.
	BehaviourLinkByHash(ctx context.Context, tokenHash string) (BehaviourLink, error)
	// AnswerBehaviour records a link's one answer (409 when answered or
	// expired), audited on the program without the participant.
	AnswerBehaviour(ctx context.Context, tokenHash string, a BehaviourAnswer) error
	// BehaviourAnswers are the program's answers.
	BehaviourAnswers(ctx context.Context, programID int64) ([]BehaviourAnswer, error)
}

// BehaviourRecorder issues level 3 links: a write only the program's
// workflow holds (through its activities).
type BehaviourRecorder interface {
	// IssueBehaviourLinks stores the links of completed participants who
	// have none; it returns whose it stored. Audited without personal data.
	IssueBehaviourLinks(ctx context.Context, programID int64, links []NewReactionLink) ([]int64, error)
}

// BehaviourPlanReader is what the program's workflow reads to time and
// address the level 3 survey.
type BehaviourPlanReader interface {
	// KirkpatrickTimesOf is the program's region's months for levels 3 and 4.
	KirkpatrickTimesOf(ctx context.Context, programID int64) (KirkpatrickTimes, error)
	// BehaviourContacts are, per unit of the program's linked
	// participants, the unit's head and officers.
	BehaviourContacts(ctx context.Context, programID int64) ([]BehaviourContact, error)
}

// BehaviourItemNames name the behaviour items in the words a revision's
// reason is written in (the pages' words are in the i18n catalogue).
var BehaviourItemNames = map[string]string{
	"applies":    "penerapan hasil pelatihan",
	"quality":    "mutu hasil kerja",
	"initiative": "inisiatif memperbaiki cara kerja",
	"shares":     "berbagi dengan rekan kerja",
}

// KirkpatrickJudgement is how a program's level 3 or 4 is judged when its
// window closes: weak (and why, naming the program, the level and what is
// weak) or not.
type KirkpatrickJudgement struct {
	Weak   bool
	Reason string
}
