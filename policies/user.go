package policies

import (
	"context"
	"time"
)

// Role is what a user may do in Policyflow (DESIGN.md, "Who uses it").
type Role string

// The roles. The database checks the same list.
const (
	RoleDrafter     Role = "drafter"
	RoleStakeholder Role = "stakeholder"
	RoleLeader      Role = "leader"
	RoleUnitOfficer Role = "unit_officer"
	RoleAdmin       Role = "admin"
)

// Roles lists every role.
var Roles = []Role{RoleDrafter, RoleStakeholder, RoleLeader, RoleUnitOfficer, RoleAdmin}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, v := range Roles {
		if r == v {
			return true
		}
	}
	return false
}

// Region is a local government (Kota Sawahlunto, Kota Pangkalpinang…).
type Region struct {
	ID        int64     `db:"id" json:"id"`
	Slug      string    `db:"slug" json:"slug"`
	Name      string    `db:"name" json:"name"`
	CreatedAt time.Time `db:"created_at" json:"created_at"`
}

// Unit is an OPD (Perangkat Daerah) of a region, such as BKPSDM or Dinas Kesehatan.
type Unit struct {
	ID        int64     `db:"id" json:"id"`
	RegionID  int64     `db:"region_id" json:"region_id"`
	Code      string    `db:"code" json:"code"`
	Name      string    `db:"name" json:"name"`
	CreatedAt time.Time `db:"created_at" json:"created_at"`
}

// User is a person who signs in to Policyflow.
type User struct {
	ID           int64     `db:"id" json:"id"`
	Email        string    `db:"email" json:"email"`
	Name         string    `db:"name" json:"name"`
	Role         Role      `db:"role" json:"role"`
	RegionID     *int64    `db:"region_id" json:"region_id,omitempty"` // nil: no region (sees only public records)
	UnitID       *int64    `db:"unit_id" json:"unit_id,omitempty"`
	Title        string    `db:"title" json:"title"` // jabatan, e.g. "Kepala BKPSDM"
	PasswordHash string    `db:"password_hash" json:"-"`
	CreatedAt    time.Time `db:"created_at" json:"created_at"`
}

// RoleSystem is the workflows themselves: timers and outcomes, never a person.
const RoleSystem Role = "system"

// How long a sign-in lasts. A browser session ends SessionIdle after its
// last request or SessionLifetime after sign-in, whichever comes first; a
// personal API token ends at the expiry its owner chose, or when revoked.
const (
	SessionIdle     = 2 * time.Hour
	SessionLifetime = 12 * time.Hour
	// SessionSeenEvery is how often a session's last request is written:
	// sliding the idle end by the minute costs no write per request.
	SessionSeenEvery = time.Minute

	APITokenDays    = 90  // a token's lifetime when its owner names none
	APITokenMaxDays = 365 // the longest lifetime a token may be given
)

// APIToken is a personal API token as its owner sees it in a list: never
// the token itself, nor its hash.
type APIToken struct {
	ID         int64      `db:"id" json:"id"`
	Name       string     `db:"name" json:"name"`
	CreatedAt  time.Time  `db:"created_at" json:"created_at"`
	ExpiresAt  time.Time  `db:"expires_at" json:"expires_at"`
	LastUsedAt *time.Time `db:"last_used_at" json:"last_used_at"` // nil: never used
	RevokedAt  *time.Time `db:"revoked_at" json:"revoked_at,omitempty"`
	Expired    bool       `db:"expired" json:"expired"` // as of the read
}

// LoginFailures is what the sign-in limits weigh: the failed attempts of
// one account from one address, and of one address over every account.
type LoginFailures struct {
	Pair         int       // of the account from the address, since the pair's last success
	PairLast     time.Time // the latest of those; zero when none
	Address      int       // from the address, any account
	AddressFirst time.Time // the oldest of those; zero when none
}

// UserStore keeps regions, their units and their people.
type UserStore interface {
	Regions(ctx context.Context) ([]Region, error) // by name
	RegionBySlug(ctx context.Context, slug string) (Region, error)
	RegionByID(ctx context.Context, id int64) (Region, error)
	Units(ctx context.Context, regionID int64) ([]Unit, error) // by name
	UnitOfficers(ctx context.Context, unitID int64) ([]int64, error)
	UnitHead(ctx context.Context, unitID int64) (int64, error) // 0 when nobody is recorded
	UserByID(ctx context.Context, id int64) (User, error)
	UserByEmail(ctx context.Context, email string) (User, error)                // case-insensitively
	UsersByRole(ctx context.Context, regionID int64, role Role) ([]User, error) // of a region, by name
}

// SessionStore keeps sign-ins: browser sessions, personal API tokens and
// the attempts the sign-in limits weigh.
type SessionStore interface {
	CreateSession(ctx context.Context, userID int64, tokenHash, csrf string, expires time.Time) error
	// SessionUser returns a live session's user and CSRF token, and slides its
	// idle end (SessionIdle); KindNotFound if unknown, idle too long or expired.
	SessionUser(ctx context.Context, tokenHash string) (User, string, error)
	DeleteSession(ctx context.Context, tokenHash string) error
	CreateAPIToken(ctx context.Context, userID int64, name, tokenHash string, expires time.Time) (int64, error)
	APITokenUser(ctx context.Context, tokenHash string) (User, error)            // KindNotFound if unknown, revoked or expired
	APITokens(ctx context.Context, userID int64) ([]APIToken, error)             // not revoked, newest first
	RevokeAPIToken(ctx context.Context, userID, tokenID int64) (APIToken, error) // KindNotFound if not the user's
	RecordLoginAttempt(ctx context.Context, email, ip string, ok bool) error
	// LoginFailures counts failed sign-ins of (email, ip) since pairSince and
	// the pair's last success, and of ip over every account since addressSince.
	LoginFailures(ctx context.Context, email, ip string, pairSince, addressSince time.Time) (LoginFailures, error)
}
