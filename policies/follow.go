package policies

import (
	"context"
	"encoding/base64"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Following (issue 26): anyone follows a policy, a city or a topic of a
// city (topic.go) and is told when
// a consultation opens or closes, a new version is approved, answers are
// published or the policy is enacted — the events of its Atom feed
// (feed.go). A person with an account follows at once; an address alone
// only once its owner followed the signed confirmation link (double
// opt-in), and until then gets nothing but that one email. Each notice
// names its follow, whose one-click link (RFC 8058) ends it. A follow is
// personal data (UU 27/2022): exported and erased with its owner.

// Follow is one follow: of a policy, of a city (a region) or of a topic
// of a city, by a person with an account or by an address alone.
type Follow struct {
	ID       int64  `db:"id" json:"id"`
	UserID   *int64 `db:"user_id" json:"-"`
	Email    string `db:"email" json:"email,omitempty"`
	PolicyID *int64 `db:"policy_id" json:"policy_id,omitempty"`
	RegionID *int64 `db:"region_id" json:"region_id,omitempty"`
	TopicID  *int64 `db:"topic_id" json:"topic_id,omitempty"`
	// Lang is the language the follower's notices are worded in: the
	// page's when they followed ("id" or "en").
	Lang        string     `db:"lang" json:"lang"`
	CreatedAt   time.Time  `db:"created_at" json:"created_at"`
	ConfirmedAt *time.Time `db:"confirmed_at" json:"confirmed_at,omitempty"`
	// Target is the followed policy's title, city's name, or topic's name
	// and city's.
	Target string `db:"target" json:"target"`
	// TargetSlug is the followed city's slug, or the followed topic's
	// city's ("" for a policy); TopicSlug the followed topic's.
	TargetSlug string `db:"target_slug" json:"-"`
	TopicSlug  string `db:"topic_slug" json:"topic,omitempty"`
	// TaggedAt is, for a topic's follower of a policy, when the policy
	// was given the topic (FollowerReader): not before, as Since says.
	TaggedAt *time.Time `db:"tagged_at" json:"-"`
	// TargetRegion is the region the followed thing belongs to.
	TargetRegion int64 `db:"target_region" json:"-"`
}

// The notices of following: the one confirmation email an address gets
// before it follows, and an event of what it follows.
const (
	NoticeFollowConfirm NotificationKind = "follow_confirm"
	NoticeFollowed      NotificationKind = "follow_event"
)

// Path is the page of what is followed.
func (f Follow) Path() string {
	if f.PolicyID != nil {
		return "/policies/" + strconv.FormatInt(*f.PolicyID, 10)
	}
	if f.TopicID != nil {
		return "/policies?region=" + f.TargetSlug + "&topic=" + f.TopicSlug
	}
	return "/policies?region=" + f.TargetSlug
}

// Since is when the follow began to cover the policy it was read for
// (FollowerReader): when it was confirmed, or for a topic's follower when
// the policy was given the topic, if later. A follower is told of the
// events since then, never of a policy's past because it was tagged.
func (f Follow) Since() *time.Time {
	if f.ConfirmedAt != nil && f.TaggedAt != nil && f.TaggedAt.After(*f.ConfirmedAt) {
		return f.TaggedAt
	}
	return f.ConfirmedAt
}

// rank orders a person's follows covering one policy: the policy's own,
// then its city's, then a topic's; the first is the one they are told by.
func (f Follow) rank() int {
	switch {
	case f.PolicyID != nil:
		return 0
	case f.RegionID != nil:
		return 1
	}
	return 2
}

// Closer reports whether f comes before g among one person's follows of a
// policy: each person is told of each event by one follow only.
func (f Follow) Closer(g Follow) bool { return f.rank() < g.rank() }

// NewFollow is a request to follow: a policy, a city or a topic, by the
// signed-in person (UserID) or by an address.
type NewFollow struct {
	UserID   int64
	Email    string
	PolicyID int64
	RegionID int64
	TopicID  int64
	Lang     string
}

// Validate trims and lower-cases the address and checks every field.
func (in *NewFollow) Validate() error {
	in.Email = strings.ToLower(strings.TrimSpace(in.Email))
	if n := btoi(in.PolicyID > 0) + btoi(in.RegionID > 0) + btoi(in.TopicID > 0); n != 1 {
		return FieldError("target", "pilih satu kebijakan, satu kota atau satu topik untuk diikuti")
	}
	if in.UserID == 0 && !ValidEmail(in.Email) {
		return FieldError("email", "alamat email tidak sah")
	}
	if in.Lang != "en" {
		in.Lang = "id"
	}
	return nil
}

// FollowConfirmEvery is how often at most an address is sent a
// confirmation email, whoever asks: nobody can flood an address with them.
const FollowConfirmEvery = 10 * time.Minute

// The purposes of the follow links: part of the signature, so a
// confirmation link never unsubscribes and an unsubscribe link never
// confirms.
const (
	PurposeFollowConfirm     SurveyPurpose = "follow-confirm"
	PurposeFollowUnsubscribe SurveyPurpose = "follow-unsubscribe"
	PurposeFollowManage      SurveyPurpose = "follow-manage"
)

// FollowToken is the signed token of a follow's link for purpose: the
// follow's number and its HMAC under the unsubscribe key (UNSUBSCRIBE_KEY).
func FollowToken(key []byte, purpose SurveyPurpose, id int64) string {
	return SignLinkToken(key, purpose, strconv.FormatInt(id, 10))
}

// ParseFollowToken checks a token made by FollowToken for purpose and
// returns its follow; anything else is a KindBadRequest error on field "t".
func ParseFollowToken(key []byte, purpose SurveyPurpose, token string) (int64, error) {
	n, _, _ := strings.Cut(token, ".")
	id, err := strconv.ParseInt(n, 10, 64)
	if err != nil || id <= 0 || len(key) < MinUnsubscribeKey || !CheckLinkToken(key, purpose, token) {
		return 0, &Error{Kind: KindBadRequest, Field: "t", Message: "tautan tidak sah"}
	}
	return id, nil
}

// ManageToken is the signed token of the page listing an address's follows.
func ManageToken(key []byte, email string) string {
	return SignLinkToken(key, PurposeFollowManage, base64.RawURLEncoding.EncodeToString([]byte(strings.ToLower(email))))
}

// ParseManageToken checks a token made by ManageToken and returns its address.
func ParseManageToken(key []byte, token string) (string, error) {
	n, _, _ := strings.Cut(token, ".")
	b, err := base64.RawURLEncoding.DecodeString(n)
	if err != nil || len(key) < MinUnsubscribeKey || !CheckLinkToken(key, PurposeFollowManage, token) || !ValidEmail(string(b)) {
		return "", &Error{Kind: KindBadRequest, Field: "t", Message: "tautan tidak sah"}
	}
	return string(b), nil
}

// FollowNoticeKey is the outbox key of the notice of event e to follow
// id: each follow is told of each event once.
func FollowNoticeKey(id int64, e PolicyEvent) string {
	return fmt.Sprintf("follow:%d:%s:%d", id, e.Kind, e.RefID)
}

// FollowOfNotice is the follow a notice was written for (by its key), so
// its email's one-click link ends that follow; ok false for other notices.
func FollowOfNotice(n Notification) (id int64, ok bool) {
	if n.Kind != NoticeFollowed {
		return 0, false
	}
	rest, ok := strings.CutPrefix(n.DedupKey, "follow:")
	if !ok {
		return 0, false
	}
	num, _, _ := strings.Cut(rest, ":")
	id, err := strconv.ParseInt(num, 10, 64)
	return id, err == nil && id > 0
}

// EventPath is the page an event is about: the consultation, its report
// of answers, or the policy.
func EventPath(e PolicyEvent) string {
	pp := "/policies/" + strconv.FormatInt(e.PolicyID, 10)
	switch e.Kind {
	case EventConsultationOpened, EventConsultationClosed:
		return pp + "/consultation"
	case EventAnswersPublished:
		return fmt.Sprintf("%s/consultations/%d/report", pp, e.RefID)
	}
	return pp
}

// FollowStore keeps follows for the web layer: made, confirmed, listed and
// ended by their owner. Each write is audited.
type FollowStore interface {
	// CreateFollow stores a follow. A person's is confirmed at once. An
	// address's waits for confirmation: message makes its confirmation
	// email, written to the outbox in the same transaction, at most once
	// per FollowConfirmEvery per address (a *LimitError otherwise). An
	// address already following gets no new email: sent false.
	CreateFollow(ctx context.Context, in NewFollow, message func(Follow) Notification) (f Follow, sent bool, err error)
	FollowByID(ctx context.Context, id int64) (Follow, error)
	// ConfirmFollow confirms an address's follow (again: no change).
	ConfirmFollow(ctx context.Context, id int64) (Follow, error)
	// Unfollow removes a follow (KindNotFound when it is gone).
	Unfollow(ctx context.Context, id int64) (Follow, error)
	// FollowsOf lists a person's follows (userID), or an address's.
	FollowsOf(ctx context.Context, userID int64, email string) ([]Follow, error)
	// EraseFollower removes every follow of an address and the follow
	// notices written to it, at its owner's request (UU 27/2022).
	EraseFollower(ctx context.Context, email string) (int, error)
	// SetFollowLanguage words every later notice of a person's follows
	// (userID), or an address's, in lang ("id" or "en").
	SetFollowLanguage(ctx context.Context, userID int64, email, lang string) error
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// FollowerReader finds who is told of a policy's events: the confirmed
// followers of the policy, of its city and of its topics (these with
// TaggedAt set).
type FollowerReader interface {
	Followers(ctx context.Context, policyID, regionID int64) ([]Follow, error)
}

// FollowEvents keeps of a policy's events those its followers are told
// of: what its public feed shows (PublicEvents), and every consultation's
// opening, close and published answers: a consultation is public while it
// is open, and its report once its answers are published, whatever the
// policy's status since.
func FollowEvents(p PolicySummary, events []PolicyEvent) []PolicyEvent {
	public := PublicEvents(p, events)
	out := make([]PolicyEvent, 0, len(events))
	for _, e := range events {
		switch {
		case e.PolicyID != p.ID:
		case e.Kind == EventConsultationOpened, e.Kind == EventConsultationClosed, e.Kind == EventAnswersPublished,
			slices.Contains(public, e):
			out = append(out, e)
		}
	}
	return out
}
