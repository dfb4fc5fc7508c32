package server

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/policyflow/policyflow/policies"
)

// A signed-in page read its session, its person's second factor, the
// policy's revisions and the unread notices each in a statement of its
// own (issue 25: on the signed-in policy page these were four of six
// round trips). The session is read instead in one statement with all of
// them (postgres.DB.SessionView), nothing kept between requests: a
// session signed out, expired, idle or of a person deactivated is refused
// by every server's next request exactly as before, since each request
// still reads the session. What the statement read for the page is handed
// on in the request: the unread count to render (a GET's; a write may
// change it before its page renders) and the policy's revisions pinned
// (factscache.go) as pinRevs would have pinned them at the handler's
// start.

// SessionViewStore reads a session with what its page reads besides
// (postgres.DB.SessionView). A store without it reads them one by one.
type SessionViewStore interface {
	SessionView(ctx context.Context, tokenHash string, policyID int64) (policies.SessionView, error)
}

// sessionRead is a session as authenticate uses it.
type sessionRead struct {
	user   policies.User
	csrf   string
	lacks  bool // the person's role needs a second factor they lack
	unread int  // their unread notices, when known
	known  bool // unread is known
	pin    *pinnedRevs
}

// readSession reads the session with hash for request r.
func (s *Server) readSession(r *http.Request, hash string) (sessionRead, error) {
	ctx := r.Context()
	var st any = s.store
	if cs, wrapped := st.(*cachingStore); wrapped {
		st = cs.Store
	}
	sv, ok := st.(SessionViewStore)
	if !ok {
		u, csrf, err := s.store.SessionUser(ctx, hash)
		if err != nil {
			return sessionRead{}, err
		}
		lacks, err := s.lacksSecondFactor(ctx, u)
		return sessionRead{user: u, csrf: csrf, lacks: lacks}, err
	}
	get := r.Method == http.MethodGet || r.Method == http.MethodHead
	policy := int64(0)
	if get {
		policy = policyPageID(r.URL.Path)
	}
	v, err := sv.SessionView(ctx, hash, policy)
	if err != nil {
		return sessionRead{}, err
	}
	out := sessionRead{user: v.User, csrf: v.CSRF, lacks: policies.SecondFactorRequired(v.User.Role) && !v.SecondFactor,
		unread: v.Unread, known: get}
	if policy > 0 {
		out.pin = &pinnedRevs{policy: policy, page: v.PageRev, facts: v.FactsRev}
	}
	return out, nil
}

// policyPageID is the policy of a policy page's path (/policies/{id}),
// else 0.
func policyPageID(path string) int64 {
	rest, ok := strings.CutPrefix(path, "/policies/")
	if !ok || rest == "" || rest[0] < '1' || rest[0] > '9' {
		return 0
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	if err != nil || id <= 0 {
		return 0
	}
	return id
}
