package policies

import (
	"context"
	"time"
)

// People administered by a region's administrator (issue 11): invited by
// email with a one-time link to set their password, given a role, unit,
// jabatan and NIP, deactivated and reactivated. Nobody ever types another
// person's password.

// How long a one-time link to set a password works, and how short a
// password may be.
const (
	InviteLifetime    = 72 * time.Hour
	ResetLifetime     = 2 * time.Hour
	MinPasswordLength = 12 // characters
	MaxPasswordBytes  = 72 // bcrypt reads no further
)

// LinkPurpose says what a one-time password link is for.
type LinkPurpose string

// The purposes. The database checks the same list.
const (
	LinkInvite LinkPurpose = "invite" // a new person sets their first password
	LinkReset  LinkPurpose = "reset"  // a person sets a new one
)

// Lifetime is how long a link of the purpose works.
func (p LinkPurpose) Lifetime() time.Duration {
	if p == LinkInvite {
		return InviteLifetime
	}
	return ResetLifetime
}

// PasswordLink is a one-time link to set a password as its page reads it:
// never the token, nor its hash.
type PasswordLink struct {
	ID          int64       `db:"id"`
	UserID      int64       `db:"user_id"`
	Purpose     LinkPurpose `db:"purpose"`
	ExpiresAt   time.Time   `db:"expires_at"`
	UsedAt      *time.Time  `db:"used_at"`
	Expired     bool        `db:"expired"` // as of the read
	Email       string      `db:"email"`
	Name        string      `db:"name"`
	Deactivated bool        `db:"deactivated"`
}

// PersonInput is a person as the administrator gives them: on an
// invitation, and (without the email, which stays) on an update.
type PersonInput struct {
	Email string `json:"email"`
	Name  string `json:"name"`
	Role  Role   `json:"role"`
	Unit  string `json:"unit"`  // the unit's code in the region; "" for none
	Title string `json:"title"` // jabatan
	NIP   string `json:"nip"`   // "" for none; spaces are dropped, then it must be a valid NIP
}

// PeopleStore keeps a region's people as its administrator manages them.
// Every change is audited in its own transaction (AdminChange).
type PeopleStore interface {
	// People lists a region's people by name, with NIP and status.
	People(ctx context.Context, regionID int64) ([]User, error)
	// Person returns one of the region's people; KindNotFound for anyone else.
	Person(ctx context.Context, regionID, userID int64) (User, error)
	// InvitePerson adds a person with no password and a one-time invitation
	// link (stored as tokenHash), and writes notice (its Link carries the
	// token) to the outbox, all at once.
	InvitePerson(ctx context.Context, actorID, regionID int64, in PersonInput, tokenHash string, notice Notification) (User, error)
	UpdatePerson(ctx context.Context, actorID, regionID, userID int64, in PersonInput) (User, error)
	// DeactivatePerson stops a person signing in: their sessions, API
	// tokens and unused links end in the same transaction.
	DeactivatePerson(ctx context.Context, actorID, regionID, userID int64) (User, error)
	ReactivatePerson(ctx context.Context, actorID, regionID, userID int64) (User, error)
	// SendPasswordLink gives a person a new one-time link (an invitation if
	// they never set a password, else a reset) and writes notice to the
	// outbox; it returns the link's purpose.
	// notice makes the email for the link's purpose, in the language the
	// person chose (its Link carries the token).
	SendPasswordLink(ctx context.Context, actorID, regionID, userID int64, tokenHash string, notice func(p LinkPurpose, lang string) Notification) (LinkPurpose, error)
	// PasswordLink reads a link by its token's hash; KindNotFound if unknown.
	PasswordLink(ctx context.Context, tokenHash string) (PasswordLink, error)
	// SetPassword uses a link once: the person's password becomes
	// passwordHash, every unused link of theirs ends, and after a reset
	// their sessions end. A used or expired link is KindConflict.
	SetPassword(ctx context.Context, tokenHash, passwordHash string) (User, error)
	// CreateRegion adds a region (the system administrator's, on the
	// command line); an existing slug is KindConflict.
	CreateRegion(ctx context.Context, actorID int64, slug, name string, zone TimeZone) (Region, error)
}
