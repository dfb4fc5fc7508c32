package policies

import (
	"context"
	"time"
)

// NotificationKind says what a notification is about. Kinds that start with
// "evaluation_" or "program_" are about a unit's work: they also go to the
// unit's webhook.
type NotificationKind string

// The notification kinds the workflows write.
const (
	NoticeApprovalRequest        NotificationKind = "approval_request"
	NoticeApprovalOutcome        NotificationKind = "approval_outcome"
	NoticeApprovalSLAReminder    NotificationKind = "approval_sla_reminder"
	NoticeApprovalEscalation     NotificationKind = "approval_escalation"
	NoticeDelegation             NotificationKind = "delegation"
	NoticeConsultationInvitation NotificationKind = "consultation_invitation"
	NoticeConsultationReminder   NotificationKind = "consultation_reminder"
	NoticeConsultationSummary    NotificationKind = "consultation_summary"
	NoticeEvaluationReminder     NotificationKind = "evaluation_reminder"
	NoticeEvaluationOverdue      NotificationKind = "evaluation_overdue"
	NoticeProgramStart           NotificationKind = "program_start"
	NoticeProgramAttendance      NotificationKind = "program_attendance_report"
	NoticeProgramRescheduled     NotificationKind = "program_rescheduled"
	NoticeProgramCancelled       NotificationKind = "program_cancelled"
	NoticeRevisionOpened         NotificationKind = "revision_opened"
	// The legal steps after approval (legal_steps.go): a step waits for
	// Bagian Hukum, its SLA nears or has passed, it is escalated.
	NoticeLegalStep           NotificationKind = "legal_step"
	NoticeLegalStepReminder   NotificationKind = "legal_step_reminder"
	NoticeLegalStepEscalation NotificationKind = "legal_step_escalation"
	// NoticeReactionLink carries a participant's one-answer reaction form
	// link (Kirkpatrick level 1) once their program is done.
	NoticeReactionLink NotificationKind = "kirkpatrick_reaction_link"
	// NoticeBehaviourLink carries a supervisor's one-answer behaviour
	// survey link about one participant (Kirkpatrick level 3).
	NoticeBehaviourLink NotificationKind = "kirkpatrick_behaviour_link"
	// The unit's level 3 and 4 notices: the behaviour survey is open (hand
	// out the links), answers are missing, the results indicator is due
	// or still missing.
	NoticeBehaviourSurvey   NotificationKind = "program_behaviour_survey"
	NoticeBehaviourReminder NotificationKind = "program_behaviour_reminder"
	NoticeResultsDue        NotificationKind = "program_results_due"
	NoticeResultsReminder   NotificationKind = "program_results_reminder"
	// NoticeInvitation and NoticePasswordReset carry a one-time link to set
	// a password: always emailed at once, whatever the person's notify mode.
	NoticeInvitation    NotificationKind = "invitation"
	NoticePasswordReset NotificationKind = "password_reset"
	// NoticePowerChange tells the people concerned of a change of power
	// proposed, confirmed or declined (changes.go).
	NoticePowerChange NotificationKind = "power_change"
	// NoticeErasureDecision tells a person the administrator's decision on
	// their data (erased, or their request declined, UU 27/2022 Pasal 45):
	// emailed at once, to the address they had before it was erased.
	NoticeErasureDecision NotificationKind = "erasure_decision"
	// NoticeSecondFactor tells a person their second factor was enrolled,
	// reset by an administrator, or stood in for by a recovery code.
	NoticeSecondFactor NotificationKind = "second_factor"
	// The kinds about a person's own comment (issue 12). They may go to
	// someone without an account (a public commenter): Notification.Email.
	NoticeCommentReply       NotificationKind = "comment_reply"       // someone replied to my comment
	NoticeCommentAnswered    NotificationKind = "comment_answered"    // the drafter's published answer to my comment
	NoticeCommentModerated   NotificationKind = "comment_moderated"   // my comment was approved, hidden or kept after a report
	NoticeSuggestionAccepted NotificationKind = "suggestion_accepted" // my suggested wording went into a new version

	// A drafter was assigned comments of a consultation to answer (issue 26).
	NoticeCommentAssigned NotificationKind = "comment_assigned"
	// A closed consultation's answers and report are due soon (to its
	// drafters), or were not published by then (to the drafters and their
	// supervisors): the region's answer deadline (issue 26).
	NoticeAnswersReminder   NotificationKind = "answers_reminder"
	NoticeAnswersEscalation NotificationKind = "answers_escalation"
	// A consultation scheduled to open could not open at its time (the
	// policy moved on meanwhile): to the drafter who scheduled it.
	NoticeScheduleFailed NotificationKind = "consultation_schedule_failed"
)

// Notification is an outbox row: a message to deliver to one user, at most once per key.
type Notification struct {
	ID       int64  `db:"id" json:"id"`
	DedupKey string `db:"dedup_key" json:"-"`
	UserID   int64  `db:"user_id" json:"user_id"`
	// Email is the recipient when there is no account (UserID 0): a
	// public commenter who left an address.
	Email       string           `db:"email" json:"-"`
	PolicyID    *int64           `db:"policy_id" json:"policy_id,omitempty"`
	Kind        NotificationKind `db:"kind" json:"kind"`
	Subject     string           `db:"subject" json:"subject"`
	Body        string           `db:"body" json:"body"`
	Link        string           `db:"link" json:"link"`
	CreatedAt   time.Time        `db:"created_at" json:"created_at"`
	DeliveredAt *time.Time       `db:"delivered_at" json:"delivered_at,omitempty"`
	ReadAt      *time.Time       `db:"read_at" json:"read_at,omitempty"`
}

// NotifyMode is what a person gets beyond the in-app inbox.
type NotifyMode string

// Valid reports whether m is one of the notify modes.
func (m NotifyMode) Valid() bool {
	return m == NotifyImmediate || m == NotifyDigest || m == NotifyNone
}

// The notify modes.
const (
	NotifyImmediate NotifyMode = "immediate" // one email per notification
	NotifyDigest    NotifyMode = "digest"    // one email a day listing them
	NotifyNone      NotifyMode = "none"      // the inbox only
)

// Delivery of the outbox (migration 0004). A deliverer claims due rows,
// sends each channel the row needs, and marks each channel right after it
// succeeded, then the row as a whole. Delivery is at least once: a
// deliverer that dies between a send and its mark leaves the row to be
// claimed again when its lease ends, and the message goes out a second time
// with the same Message-ID or delivery key, by which receivers drop it.

// ClaimLease is how long a claimed row (or digest) belongs to the deliverer
// that claimed it, unless the worker is configured otherwise: no other
// deliverer takes it before then. A deliverer must not start a send later
// than half of it after the claim. Every deliverer of an installation must
// use the same lease (Release matches rows by it).
const ClaimLease = 2 * time.Minute

// MinClaimLease is the shortest lease a worker accepts: half of it must
// cover a send and its mark.
const MinClaimLease = 10 * time.Second

// MaxRetryDelay caps the exponential backoff between attempts.
const MaxRetryDelay = time.Hour

// FirstRetryDelay is the wait after the first failure; it doubles each time.
const FirstRetryDelay = 30 * time.Second

// RetryDelay is the wait after the given number of failed attempts (1 for
// the first failure): 30 s, 1 min, 2 min… capped at MaxRetryDelay.
func RetryDelay(failures int) time.Duration {
	d := FirstRetryDelay
	for i := 1; i < failures && d < MaxRetryDelay; i++ {
		d *= 2
	}
	return min(d, MaxRetryDelay)
}

// WIB is Western Indonesia Time (UTC+7), the zone of anyone with no region.
var WIB = time.FixedZone("WIB", 7*60*60)

// DigestDay returns the digest day that now falls in, in a region's zone,
// and when it began: a digest day starts at hour o'clock in the zone
// (DIGEST_HOUR: 7.00 WIB in Sawahlunto, 7.00 WIT in Jayapura), so before
// that hour it is still the previous day's.
func DigestDay(now time.Time, hour int, zone TimeZone) (day, start time.Time) {
	loc := zone.Location()
	w := now.In(loc)
	start = time.Date(w.Year(), w.Month(), w.Day(), hour, 0, 0, 0, loc)
	if w.Before(start) {
		start = start.AddDate(0, 0, -1)
	}
	return time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, time.UTC), start
}

// Outgoing is a claimed outbox row with what delivering it needs: the
// recipient's address and mode and, for notifications about a unit's work
// (kinds evaluation_* and program_*), the webhook of the recipient's unit.
type Outgoing struct {
	Notification
	Attempts       int        `db:"attempts"`
	EmailedAt      *time.Time `db:"emailed_at"`
	EmailRefusedAt *time.Time `db:"email_refused_at"` // the recipient was refused for good: no more tries
	WebhookAt      *time.Time `db:"webhook_at"`
	Email          string     `db:"email"`
	Name           string     `db:"name"`
	NotifyMode     NotifyMode `db:"notify_mode"`
	WebhookURL     string     `db:"webhook_url"` // "" when the row has no webhook to call
	Zone           TimeZone   `db:"time_zone"`   // the recipient's region's (WIB with none): their digest's
	Lang           string     `db:"lang"`        // the language the recipient chose ("id" with no account)
	WebhookSecret  string     `db:"webhook_secret"`
}

// Digest is one daily digest email for a user in 'digest' mode, with the
// notifications it lists.
type Digest struct {
	ID       int64     `db:"id"`
	UserID   int64     `db:"user_id"`
	Day      time.Time `db:"day"`
	Attempts int       `db:"attempts"`
	Email    string    `db:"email"`
	Name     string    `db:"name"`
	Lang     string    `db:"lang"` // the language the person chose
	Items    []Notification
}

// NotificationStore keeps the in-app inbox, people's notify modes, units'
// webhooks and unsubscribed addresses.
type NotificationStore interface {
	Notifications(ctx context.Context, userID int64) ([]Notification, error)
	UnreadCount(ctx context.Context, userID int64) (int, error)
	MarkRead(ctx context.Context, userID, notificationID int64) error // KindNotFound if not theirs
	NotifyMode(ctx context.Context, userID int64) (NotifyMode, error)
	SetNotifyMode(ctx context.Context, userID int64, mode NotifyMode) error         // immediate, digest, none
	UnitWebhook(ctx context.Context, unitID int64) (string, error)                  // "" when none
	SetUnitWebhook(ctx context.Context, unitID, by int64, url, secret string) error // url "" removes it; audited as by's
	// Unsubscribe records that an address wants no more email of category
	// c (unsubscribe.go); for UnsubscribeAll, a person with an account at
	// that address gets notify mode none (their inbox stays). Repeating it
	// changes nothing.
	Unsubscribe(ctx context.Context, email string, c UnsubscribeCategory) error
	// Unsubscribed reports whether an address unsubscribed from the
	// emails of kind k (its category, or all); never for transactional kinds.
	Unsubscribed(ctx context.Context, email string, k NotificationKind) (bool, error)
}

// OutboxWriter writes messages to the outbox. Only activities hold this:
// workflows' notices go through Activities.Notify and the like, a comment's
// author is told through activities.CommentNotices (which the server holds
// for the four comment notices its requests cause), so no interface of the
// web layer includes it.
type OutboxWriter interface {
	// EnqueueNotification writes a message to the outbox once per
	// de-duplication key; it reports whether this call wrote it.
	EnqueueNotification(ctx context.Context, n Notification) (bool, error)
	// EnqueueNotifications writes many messages at once, each once per
	// de-duplication key (a fan-out to a thousand units is one statement);
	// it returns how many this call wrote.
	EnqueueNotifications(ctx context.Context, ns []Notification) (int, error)
}

// OutboxStore is what a deliverer needs of the outbox: claim due rows,
// mark each channel and the row, retry with backoff, and the daily digests.
type OutboxStore interface {
	// ClaimBatch takes up to limit due, undelivered rows, leased to the
	// caller (by names it: host and process) for lease, oldest due first;
	// the row shows the claim until a mark ends it (MarkDelivered,
	// MarkEmailedDelivered, MarkFailed, WaitForDigest, Release), so the
	// operations console never makes a claimed row due again.
	ClaimBatch(ctx context.Context, by string, limit int, now time.Time, lease time.Duration) ([]Outgoing, error)
	MarkEmailRefused(ctx context.Context, id int64, reason string, at time.Time) error
	MarkEmailed(ctx context.Context, id int64, at time.Time) error
	MarkWebhooked(ctx context.Context, id int64, at time.Time) error
	MarkDelivered(ctx context.Context, id int64, at time.Time) error
	// MarkEmailedDelivered is MarkEmailed and MarkDelivered in one write,
	// for rows whose email was their last channel: one statement for all.
	MarkEmailedDelivered(ctx context.Context, ids []int64, at time.Time) error
	WaitForDigest(ctx context.Context, id int64, until time.Time) error
	Release(ctx context.Context, ids []int64, claimedAt, now time.Time, lease time.Duration) error
	MarkFailed(ctx context.Context, id int64, reason string, now time.Time) (next time.Time, err error)
	DueDigests(ctx context.Context, now time.Time, hour, limit int, lease time.Duration) ([]Digest, error)
	MarkDigested(ctx context.Context, d Digest, at time.Time) error
	MarkDigestFailed(ctx context.Context, id int64, reason string, now time.Time) (next time.Time, err error)
}
