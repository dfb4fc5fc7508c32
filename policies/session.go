package policies

import "time"

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
