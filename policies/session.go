package policies

import (
	"context"
	"time"
)

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

// APIPrincipal is the person an API token signs in, as read at auth epoch
// Epoch, with the time the token has left and whether the person has a
// confirmed second factor.
type APIPrincipal struct {
	User         User
	Epoch        int64
	Left         time.Duration
	SecondFactor bool
}

// SessionView is a browser session's person and what a signed-in page
// reads of them and of the page's policy on every request, read in one
// statement (one snapshot, one round trip): the session's CSRF token,
// whether its person has a confirmed second factor, their unread notices,
// and, when a policy is named, its page and facts revisions.
type SessionView struct {
	User              User
	CSRF              string
	SecondFactor      bool
	Unread            int
	PageRev, FactsRev int64
}

// LoginFailures is what the sign-in limits weigh: the failed attempts of
// one account from one address, and of one address over every account.
type LoginFailures struct {
	Pair         int       // of the account from the address, since the pair's last success
	PairLast     time.Time // the latest of those; zero when none
	Address      int       // from the address, any account
	AddressFirst time.Time // the oldest of those; zero when none
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
	APITokenUser(ctx context.Context, tokenHash string) (User, error) // KindNotFound if unknown, revoked or expired
	// APIPrincipal is APITokenUser with what a server needs to keep it in
	// memory (server/tokens.go); AuthEpoch moves with every committed
	// change a principal depends on (token, account, second factor).
	APIPrincipal(ctx context.Context, tokenHash string) (APIPrincipal, error)
	AuthEpoch(ctx context.Context) (int64, error)
	NoteTokenUse(ctx context.Context, tokenHash string) error                    // last_used_at: now
	APITokens(ctx context.Context, userID int64) ([]APIToken, error)             // not revoked, newest first
	RevokeAPIToken(ctx context.Context, userID, tokenID int64) (APIToken, error) // KindNotFound if not the user's
	RecordLoginAttempt(ctx context.Context, email, ip string, ok bool) error
	// LoginFailures counts failed sign-ins of (email, ip) since pairSince and
	// the pair's last success, and of ip over every account since addressSince.
	LoginFailures(ctx context.Context, email, ip string, pairSince, addressSince time.Time) (LoginFailures, error)
}
