package policies

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// Every voice gets an answer (UU 13/2022 Pasal 96): each top-level visible
// comment of a consultation receives a disposition and a reason from the
// drafter. Answers are drafted privately (the region's drafters see them)
// and published together; a published answer is immutable.
//
// The comments of a consultation are the top-level comments made on its
// version while it ran (from its opening to its closing, or until now
// while it is open) that are visible (open or resolved), and the input
// entered offline for it.

// Disposition is what the drafter decided about a comment.
type Disposition string

// The dispositions. The database checks the same list.
const (
	DispositionAccepted     Disposition = "diterima"
	DispositionPartly       Disposition = "diterima_sebagian"
	DispositionNotAccepted  Disposition = "tidak_diterima"
	DispositionAccommodated Disposition = "sudah_diakomodasi"
	DispositionOutOfScope   Disposition = "di_luar_lingkup"
)

// Dispositions lists every disposition in the order forms offer them.
var Dispositions = []Disposition{DispositionAccepted, DispositionPartly, DispositionNotAccepted, DispositionAccommodated, DispositionOutOfScope}

var dispositionLabels = map[Disposition][2]string{
	DispositionAccepted:     {"Diterima", "Accepted"},
	DispositionPartly:       {"Diterima sebagian", "Partly accepted"},
	DispositionNotAccepted:  {"Tidak diterima", "Not accepted"},
	DispositionAccommodated: {"Sudah diakomodasi", "Already accommodated"},
	DispositionOutOfScope:   {"Di luar lingkup", "Out of scope"},
}

// Valid reports whether d is one of the dispositions.
func (d Disposition) Valid() bool { _, ok := dispositionLabels[d]; return ok }

// Label is the disposition's name in Indonesian (english false) or English.
func (d Disposition) Label(english bool) string { return bilingual(dispositionLabels, d, english) }

// bilingual is k's name in labels, Indonesian or (english) English; ""
// when labels has none.
func bilingual[K comparable](labels map[K][2]string, k K, english bool) string {
	l, ok := labels[k]
	switch {
	case !ok:
		return ""
	case english:
		return l[1]
	}
	return l[0]
}

// Channel is how input reached the drafters offline.
type Channel string

// The offline channels. The database checks the same list.
const (
	ChannelHearing Channel = "rdp"   // rapat dengar pendapat
	ChannelLetter  Channel = "surat" // a letter
	ChannelFGD     Channel = "fgd"   // a focus group discussion
)

// Channels lists every offline channel.
var Channels = []Channel{ChannelHearing, ChannelLetter, ChannelFGD}

var channelLabels = map[Channel][2]string{
	ChannelHearing: {"Rapat dengar pendapat", "Public hearing"},
	ChannelLetter:  {"Surat", "Letter"},
	ChannelFGD:     {"Diskusi kelompok terpumpun (FGD)", "Focus group discussion (FGD)"},
}

// Valid reports whether c is one of the channels.
func (c Channel) Valid() bool { _, ok := channelLabels[c]; return ok }

// Label is the channel's name in Indonesian (english false) or English.
func (c Channel) Label(english bool) string { return bilingual(channelLabels, c, english) }

// MaxAnswerReason is the most characters an answer's reason may have.
const MaxAnswerReason = 5000

// Answer is the drafter's disposition of one comment, with its reason.
type Answer struct {
	CommentID      int64       `db:"comment_id" json:"comment_id"`
	ConsultationID int64       `db:"consultation_id" json:"consultation_id"`
	Disposition    Disposition `db:"disposition" json:"disposition"`
	Reason         string      `db:"reason" json:"reason"`
	DraftedBy      int64       `db:"drafted_by" json:"-"`
	DraftedAt      time.Time   `db:"drafted_at" json:"drafted_at"`
	PublishedAt    *time.Time  `db:"published_at" json:"published_at,omitempty"`
}

// Published reports whether the answer has been published.
func (a Answer) Published() bool { return a.PublishedAt != nil }

// AnswerInput is an answer as the drafter writes it.
type AnswerInput struct {
	CommentID   int64       `json:"comment_id"`
	Disposition Disposition `json:"disposition"`
	Reason      string      `json:"reason"`
}

// Validate checks an answer's fields: a known disposition and a reason.
func (in *AnswerInput) Validate() error {
	in.Reason = strings.TrimSpace(in.Reason)
	switch {
	case in.CommentID <= 0:
		return FieldError("comment_id", "komentar yang dijawab wajib dipilih")
	case !in.Disposition.Valid():
		return FieldError("disposition", "tindak lanjut tidak dikenal: pilih diterima, diterima sebagian, tidak diterima, sudah diakomodasi atau di luar lingkup")
	}
	return checkText("reason", in.Reason, MaxAnswerReason, "alasan wajib diisi")
}

// checkText refuses an empty text, one over max characters (413), and one
// that is no text PostgreSQL can keep (a NUL, invalid UTF-8), naming field.
func checkText(field, s string, max int, empty string) error {
	switch {
	case s == "":
		return FieldError(field, "%s", empty)
	case !utf8.ValidString(s) || strings.ContainsRune(s, 0):
		return FieldError(field, "teks tidak sah")
	case utf8.RuneCountInString(s) > max:
		return &Error{Kind: KindTooLarge, Field: field, Message: "paling banyak " + itoa(max) + " karakter"}
	}
	return nil
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// OfflineInput is input from a hearing, a letter or a focus group,
// entered by a drafter into the consultation's record.
type OfflineInput struct {
	Channel    Channel `json:"channel"`
	SourceName string  `json:"source_name"`
	ReceivedOn string  `json:"received_on"`              // YYYY-MM-DD
	Section    string  `json:"section" required:"false"` // "" for the whole text
	Body       string  `json:"body"`
}

// Validate checks offline input's fields and returns its date.
func (in *OfflineInput) Validate() (time.Time, error) {
	in.SourceName = strings.TrimSpace(in.SourceName)
	in.Body = strings.TrimSpace(in.Body)
	in.ReceivedOn = strings.TrimSpace(in.ReceivedOn)
	if !in.Channel.Valid() {
		return time.Time{}, FieldError("channel", "saluran tidak dikenal: pilih rapat dengar pendapat, surat atau FGD")
	}
	if err := checkText("source_name", in.SourceName, 200, "sumber masukan wajib diisi"); err != nil {
		return time.Time{}, err
	}
	day, err := time.Parse(time.DateOnly, in.ReceivedOn)
	if err != nil || day.Year() < 2000 || day.After(time.Now().AddDate(0, 0, 1)) {
		return time.Time{}, FieldError("received_on", "tanggal masukan tidak sah (TTTT-BB-HH, tidak di masa depan)")
	}
	if err := checkText("body", in.Body, 10000, "isi masukan wajib diisi"); err != nil {
		return time.Time{}, err
	}
	return day, nil
}

// Offline is what the record keeps of offline input beside its comment.
type Offline struct {
	Channel    Channel   `db:"channel" json:"channel"`
	ReceivedOn time.Time `db:"received_on" json:"received_on"`
}

// AnsweredComment is a comment of a consultation with its answer (nil when
// none, or a draft the reader may not see) and where it came from.
type AnsweredComment struct {
	Comment
	// Group is the commenter's stakeholder group kind: the first group of
	// the region they belong to; the public (no account, or another
	// region's) is masyarakat; the region's staff without a group opd.
	Group   GroupKind `json:"group"`
	Offline *Offline  `json:"offline,omitempty"`
	Answer  *Answer   `json:"answer,omitempty"`
}

// UnansweredReason is why a policy went to approval with comments of its
// consultation still without a published answer.
type UnansweredReason struct {
	ConsultationID int64     `db:"consultation_id" json:"consultation_id"`
	Reason         string    `db:"reason" json:"reason"`
	Unanswered     int       `db:"unanswered" json:"unanswered"`
	RecordedBy     int64     `db:"recorded_by" json:"-"`
	RecordedAt     time.Time `db:"recorded_at" json:"recorded_at"`
}

// AnswerStore keeps the answers of a consultation's comments.
type AnswerStore interface {
	// ConsultationComments returns the consultation's comments (see above),
	// oldest first, each with its answer: drafts too when drafts is true,
	// else published answers only.
	ConsultationComments(ctx context.Context, consultationID int64, drafts bool) ([]AnsweredComment, error)
	// DraftAnswer records or replaces the draft answer to a comment of the
	// consultation (not found when the comment is not one of them; a
	// conflict when its answer is already published).
	DraftAnswer(ctx context.Context, consultationID, by int64, in AnswerInput) (Answer, error)
	// DraftGroupAnswers records in as the draft answer of each comment of
	// ids (a group of the consultation, representative in.Group) that has
	// no answer, in one transaction, each audited on the policy; the others
	// keep theirs. Invalid when one is not a comment of the consultation; a
	// conflict when every one has an answer.
	DraftGroupAnswers(ctx context.Context, consultationID, by int64, ids []int64, in GroupAnswerInput) (GroupAnswered, error)
	// PublishAnswers publishes every draft answer of the consultation at
	// once, in one transaction, and returns how many it published.
	PublishAnswers(ctx context.Context, consultationID, by int64) (int, error)
	// CreateOfflineInput stores offline input as a comment of the
	// consultation (on its version) with its channel, source and date, in
	// one transaction; with an idempotency key, once.
	CreateOfflineInput(ctx context.Context, consultationID, by int64, in OfflineInput, receivedOn time.Time, key string) (AnsweredComment, error)
	// RecordUnansweredReason keeps why comments went unanswered.
	RecordUnansweredReason(ctx context.Context, r UnansweredReason) error
	// LatestUnansweredReason returns the consultation's latest reason, nil when none.
	LatestUnansweredReason(ctx context.Context, consultationID int64) (*UnansweredReason, error)
	// SubmittedVersion is the number of the version first submitted for
	// approval after the consultation opened; 0 when none yet.
	SubmittedVersion(ctx context.Context, consultationID int64) (int, error)
}

// Unanswered counts the comments without a published answer.
func Unanswered(cs []AnsweredComment) int {
	n := 0
	for _, c := range cs {
		if c.Answer == nil || !c.Answer.Published() {
			n++
		}
	}
	return n
}
