package server

import (
	"context"
	"time"

	"github.com/policyflow/policyflow/cache"
	"github.com/policyflow/policyflow/policies"
)

// The API tokens' principals are kept in memory per server (tokenPrincipals),
// and every request with a token still asks PostgreSQL one thing: the auth
// epoch (migration 0058), a one-row read by a prepared statement. An entry
// is used only while the epoch is the one read with it, in the same
// snapshot as the token, its person and their second factor.
//
// Why a read per request, and not LISTEN/NOTIFY alone: a notification is
// delivered to another server's listener some time after the commit, while
// the revocation's answer may reach the person (and their next request
// reach that server) before it. "Revoked on server A, refused on server B's
// very next request" can only rest on something B reads after the request
// arrives. Every change a principal depends on moves the epoch in its own
// transaction (deferred triggers: a token revoked, expired or deleted; a
// person's role, region, unit, deactivation…; a second factor enrolled or
// reset, also when written in SQL by hand, as TestTokens expires one), so
// the read sees the change whenever the change was answered before the
// request began. With the read there is nothing left for a notification to
// do but evict early, which the epoch does anyway; so there is none.
//
// An entry also ends on its own when its token expires: the time the token
// had left, measured by PostgreSQL's clock at the read, counted on this
// server's monotonic clock (no clock skew between the two).
//
// What is saved: the token's join with its person and, for roles that need
// a second factor, its read (each two round trips through lib/pq, which
// prepares every statement with arguments first) against one round trip.

// tokenPrincipalBytes bounds the principals kept (~ 1 KB each).
const tokenPrincipalBytes = 4 << 20

// tokenPrincipal is a token's person as read at an auth epoch.
type tokenPrincipal struct {
	user  policies.User
	epoch int64
	until time.Time // the token's end, on this server's clock
	noted time.Time // its last use noted in PostgreSQL
}

func newTokenPrincipals() *cache.LRU[string, tokenPrincipal] {
	return cache.NewLRU[string, tokenPrincipal](tokenPrincipalBytes)
}

// tokenUser is the person of the API token with hash, as APITokenUser
// finds them, refused when their role needs a second factor they have not
// set up (errLacksSecondFactor).
func (s *Server) tokenUser(ctx context.Context, hash string) (policies.User, error) {
	epoch, err := s.store.AuthEpoch(ctx)
	if err != nil {
		return policies.User{}, err
	}
	now := time.Now()
	if p, ok := s.tokenPrincipals.Get(hash); ok && p.epoch == epoch && now.Before(p.until) {
		if now.Sub(p.noted) >= policies.SessionSeenEvery {
			if err := s.store.NoteTokenUse(ctx, hash); err != nil {
				return policies.User{}, err
			}
			p.noted = now
			s.tokenPrincipals.Put(hash, p, tokenPrincipalSize)
		}
		return p.user, nil
	}
	s.tokenPrincipals.Remove(hash)
	p, err := s.store.APIPrincipal(ctx, hash)
	if err != nil {
		return policies.User{}, err
	}
	if policies.SecondFactorRequired(p.User.Role) && !p.SecondFactor {
		return policies.User{}, errLacksSecondFactor
	}
	s.tokenPrincipals.Put(hash, tokenPrincipal{user: p.User, epoch: p.Epoch, until: now.Add(p.Left), noted: now}, tokenPrincipalSize)
	return p.User, nil
}

// tokenPrincipalSize is what one kept principal is counted as.
const tokenPrincipalSize = 1 << 10

// errLacksSecondFactor refuses a token whose person's role needs a second
// factor they have not set up.
var errLacksSecondFactor = &refusal{err: policies.Errorf(kindUnauthorized, "token API ditolak: peran pemiliknya wajib memakai verifikasi dua langkah yang belum dipasang; masuk lewat halaman web untuk memasangnya"), json: true}
