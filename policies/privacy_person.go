package policies

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// A person's rights over their data (UU 27/2022): access and a copy of what
// is kept about them (Pasal 7, in a common machine-readable form, Pasal 13;
// given within 3 × 24 hours, Pasal 32) and its erasure (Pasal 8, 43),
// save what the law keeps (Pasal 15 ayat (1), Pasal 43 ayat (2); UU
// 43/2009 on archives): official acts and the audit of them.

// ErasedAuthor is the name an erased person's comments (and account, where
// they did no official act) carry: the pages say it in the reader's
// language ("Participant (erased)"). No one may comment under it.
const ErasedAuthor = "Peserta (dihapus)"

// ErasedEmailDomain is the domain of an erased account's address
// (RFC 2606 .invalid: it names no one and receives nothing).
const ErasedEmailDomain = "@dihapus.invalid"

// IsErasedAccount reports whether email is an erased account's.
func IsErasedAccount(email string) bool { return strings.HasSuffix(email, ErasedEmailDomain) }

// IsErasedAuthor reports whether name is the erased person's.
func IsErasedAuthor(name string) bool { return strings.TrimSpace(name) == ErasedAuthor }

// PersonalData is everything the record keeps about one person, as their
// export gives it: their account, their comments with the answers they
// received, their notices, their sign-ins, sessions and tokens, the
// reports they filed, their unsubscriptions and erasure requests.
type PersonalData struct {
	ExportedAt    time.Time         `json:"-"` // said by the page and the file's name: the answer stays the same while the data does
	Profile       PersonalProfile   `json:"profile"`
	Comments      []PersonalComment `json:"comments"`
	Notifications []PersonalNotice  `json:"notifications"`
	SignIns       []PersonalSignIn  `json:"sign_in_attempts"`
	Sessions      []PersonalSession `json:"sessions"`
	APITokens     []APIToken        `json:"api_tokens"`
	Reports       []PersonalReport  `json:"comment_reports"`
	Unsubscribed  []string          `json:"unsubscribed_categories"`
	Follows       []Follow          `json:"follows"` // the policies and cities they follow (follow.go)
	Erasures      []ErasureRequest  `json:"erasure_requests"`
	Retention     []Retention       `json:"retention"` // how long each kind is kept
}

// PersonalProfile is a person's account as the export gives it.
type PersonalProfile struct {
	ID         int64      `db:"id" json:"id"`
	Name       string     `db:"name" json:"name"`
	Email      string     `db:"email" json:"email"`
	Role       Role       `db:"role" json:"role"`
	Title      string     `db:"title" json:"title"`
	NIP        string     `db:"nip" json:"nip"`
	Region     string     `db:"region" json:"region"`
	Unit       string     `db:"unit" json:"unit"`
	NotifyMode NotifyMode `db:"notify_mode" json:"notify_mode"`
	Lang       string     `db:"lang" json:"lang"` // the language of their notices
	CreatedAt  time.Time  `db:"created_at" json:"created_at"`
}

// PersonalComment is one of the person's comments, with the published
// answer it received (if any).
type PersonalComment struct {
	ID          int64         `db:"id" json:"id"`
	PolicyID    int64         `db:"policy_id" json:"policy_id"`
	PolicyTitle string        `db:"policy_title" json:"policy_title"`
	Section     string        `db:"section_anchor" json:"section_anchor"`
	Body        string        `db:"body" json:"body"`
	Suggestion  string        `db:"suggestion" json:"suggestion,omitempty"`
	Status      CommentStatus `db:"status" json:"status"`
	CreatedAt   time.Time     `db:"created_at" json:"created_at"`
	Disposition *Disposition  `db:"disposition" json:"answer_disposition,omitempty"`
	Reason      *string       `db:"reason" json:"answer_reason,omitempty"`
	AnsweredAt  *time.Time    `db:"published_at" json:"answered_at,omitempty"`
}

// PersonalNotice is one notification in the person's inbox.
type PersonalNotice struct {
	Kind      NotificationKind `db:"kind" json:"kind"`
	Subject   string           `db:"subject" json:"subject"`
	Body      string           `db:"body" json:"body"`
	CreatedAt time.Time        `db:"created_at" json:"created_at"`
	ReadAt    *time.Time       `db:"read_at" json:"read_at,omitempty"`
}

// PersonalSignIn is one sign-in attempt with the person's email.
type PersonalSignIn struct {
	At      time.Time `db:"created_at" json:"at"`
	OK      bool      `db:"ok" json:"ok"`
	Address string    `db:"ip" json:"address"`
}

// PersonalSession is one of the person's browser sessions (never its token).
type PersonalSession struct {
	CreatedAt  time.Time `db:"created_at" json:"created_at"`
	LastSeenAt time.Time `db:"last_seen_at" json:"last_seen_at"`
	ExpiresAt  time.Time `db:"expires_at" json:"expires_at"`
}

// PersonalReport is a report the person filed on a comment.
type PersonalReport struct {
	CommentID int64     `db:"comment_id" json:"comment_id"`
	Reason    string    `db:"reason" json:"reason"`
	Detail    string    `db:"detail" json:"detail"`
	CreatedAt time.Time `db:"created_at" json:"created_at"`
}

// ErasureOutcome is how an erasure request was decided.
type ErasureOutcome string

// The outcomes of an erasure request.
const (
	ErasureErased   ErasureOutcome = "erased"
	ErasureDeclined ErasureOutcome = "declined"
)

// ErasureRequest is a person's request to be erased, and its decision.
type ErasureRequest struct {
	ID          int64          `db:"id" json:"id"`
	UserID      int64          `db:"user_id" json:"user_id"`
	Name        string         `db:"name" json:"name"` // the person's name (their region's administrator reads it)
	Reason      string         `db:"reason" json:"reason"`
	RequestedAt time.Time      `db:"requested_at" json:"requested_at"`
	DecidedAt   *time.Time     `db:"decided_at" json:"decided_at,omitempty"`
	Outcome     ErasureOutcome `db:"outcome" json:"outcome,omitempty"` // "" while open
	Note        string         `db:"note" json:"note,omitempty"`
}

// ErasureRequestInput is a person's request; Reason is optional.
type ErasureRequestInput struct {
	Reason string `json:"reason" required:"false"`
}

// Validate bounds the reason.
func (in *ErasureRequestInput) Validate() error {
	in.Reason = strings.TrimSpace(in.Reason)
	if utf8.RuneCountInString(in.Reason) > 2000 {
		return &Error{Kind: KindTooLarge, Field: "reason", Key: "privacy_err_reason", Message: "alasan maksimal 2000 karakter"}
	}
	return nil
}

// ErasureInput is an administrator's decision: erase the person (Confirm
// must be set, the act cannot be undone) or decline their open request
// with a note.
type ErasureInput struct {
	Person  int64  `json:"-"` // the person: the URL's, or the form's choice
	Confirm bool   `json:"confirm" required:"false"`
	Decline bool   `json:"decline" required:"false"`
	Note    string `json:"note" required:"false"`
}

// Validate asks for the confirmation of an erasure and a note to a decline.
func (in *ErasureInput) Validate() error {
	in.Note = strings.TrimSpace(in.Note)
	switch {
	case utf8.RuneCountInString(in.Note) > 2000:
		return &Error{Kind: KindTooLarge, Field: "note", Key: "privacy_err_note_long", Message: "catatan maksimal 2000 karakter"}
	case in.Decline && in.Note == "":
		return &Error{Kind: KindInvalid, Field: "note", Key: "privacy_err_note", Message: "alasan penolakan wajib diisi"}
	case !in.Decline && !in.Confirm:
		return &Error{Kind: KindInvalid, Field: "confirm", Key: "privacy_err_confirm", Message: "centang konfirmasi: penghapusan tidak dapat dibatalkan"}
	}
	return nil
}

// AddressErasureInput is an administrator's erasure of a commenter who had
// no account: the address they commented with (Email) on the region's
// policies. Confirm must be set.
type AddressErasureInput struct {
	Email   string `json:"email"`
	Confirm bool   `json:"confirm" required:"false"`
}

// Validate asks for an address and the confirmation.
func (in *AddressErasureInput) Validate() error {
	in.Email = strings.TrimSpace(in.Email)
	switch {
	case !ValidEmail(in.Email):
		return &Error{Kind: KindInvalid, Field: "email", Key: "privacy_err_email", Message: "alamat email tidak sah"}
	case !in.Confirm:
		return &Error{Kind: KindInvalid, Field: "confirm", Key: "privacy_err_confirm", Message: "centang konfirmasi: penghapusan tidak dapat dibatalkan"}
	}
	return nil
}

// ErasureResult says what an erasure did: the comments it made anonymous,
// and whether the name stays on the account because the person did
// official acts (decisions, enactments, paraf, answers) the law keeps.
type ErasureResult struct {
	UserID    int64 `json:"user_id"`
	Comments  int   `json:"comments_anonymised"`
	NameKept  bool  `json:"name_kept"`
	Declined  bool  `json:"declined,omitempty"`
	RequestID int64 `json:"request_id,omitempty"`
}

// PrivacyStore is what the pages of a person's data and of erasure need:
// the export, the requests, the erasure; and the region's retention.
type PrivacyStore interface {
	RetentionStore
	// PersonalData gathers everything kept about the person userID.
	PersonalData(ctx context.Context, userID int64) (PersonalData, error)
	// RequestErasure records the person's request (KindConflict when one is open).
	RequestErasure(ctx context.Context, userID int64, in ErasureRequestInput) (ErasureRequest, error)
	// ErasureRequests lists the region's requests, open first.
	ErasureRequests(ctx context.Context, regionID int64) ([]ErasureRequest, error)
	// ErasePerson erases (or declines the request of) the region's person,
	// audited as the actor's: KindNotFound outside the region, KindConflict
	// for oneself or one already erased.
	// notice is the decision's email to the person (subject, body, link;
	// the store addresses it): written in the same transaction, to the
	// address they had, before an erasure removes it.
	ErasePerson(ctx context.Context, regionID, actorID, personID int64, in ErasureInput, notice Notification) (ErasureResult, error)
	// EraseAddress removes an address without an account from the
	// region's comments and outbox (KindNotFound when none has it).
	EraseAddress(ctx context.Context, regionID, actorID int64, in AddressErasureInput) (ErasureResult, error)
}
