package server

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Heavy routes make documents (PDF, Word), read uploads (attachments,
// imports, PDFs to verify) or convert files: each costs the server far more
// than a page. Each caller — a signed-in person, else a client address —
// may make HeavyLimit.PerMinute of them a minute, HeavyLimit.Burst at once;
// past that, 429 with Retry-After, before the body is read. The counts are
// the server process's own (behind a load balancer each server counts its
// share).
var heavyRoutes = map[string]bool{
	"GET /policies/{id}/versions/{n}/pdf":                                   true,
	"GET /policies/{id}/versions/{n}/docx":                                  true,
	"GET /policies/{id}/versions/{n}/naskah.docx":                           true,
	"GET /policies/{id}/programs/{pid}/participants/{paid}/certificate.pdf": true,
	"GET /ledger.xlsx":                                               true,
	"GET /siasn/export.xlsx":                                         true,
	"POST " + verifyPDFPath:                                          true,
	"POST /convert":                                                  true,
	"POST /policies/import":                                          true,
	"POST /policies/{id}/import":                                     true,
	"POST /policies/{id}/attachments":                                true,
	"POST /roster/import":                                            true,
	"POST /roster/import/apply":                                      true,
	"POST /plan/needs/import":                                        true,
	"POST /policies/{id}/programs/{pid}/participants/import":         true,
	"POST /policies/{id}/programs/{pid}/attendance/import":           true,
	"POST /policies/{id}/programs/{pid}/kirkpatrick/learning/import": true,
}

// HeavyLimit is how many heavy requests one caller may make.
type HeavyLimit struct {
	PerMinute int // steady rate (default 30)
	Burst     int // at once (default PerMinute)
}

func (l HeavyLimit) orDefault() HeavyLimit {
	if l.PerMinute <= 0 {
		l.PerMinute = 30
	}
	if l.Burst <= 0 {
		l.Burst = l.PerMinute
	}
	return l
}

// heavyCallers keeps a token bucket per caller. A bucket full again is
// forgotten when the map grows, so memory follows the callers of the last
// minutes, not all that ever came.
type heavyCallers struct {
	limit HeavyLimit
	mu    sync.Mutex
	seen  map[string]*rate.Limiter
}

func newHeavyCallers(l HeavyLimit) *heavyCallers {
	return &heavyCallers{limit: l.orDefault(), seen: map[string]*rate.Limiter{}}
}

// sweepAt is the number of callers at which full buckets are dropped.
const sweepAt = 10000

func (h *heavyCallers) take(caller string, now time.Time) (wait time.Duration, ok bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	l := h.seen[caller]
	if l == nil {
		if len(h.seen) >= sweepAt {
			for k, b := range h.seen {
				if b.TokensAt(now) >= float64(h.limit.Burst) {
					delete(h.seen, k)
				}
			}
		}
		l = rate.NewLimiter(rate.Limit(float64(h.limit.PerMinute)/60), h.limit.Burst)
		h.seen[caller] = l
	}
	r := l.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return d, false
	}
	return 0, true
}

// heavy limits the route method+" "+pattern (page or API: the API's
// pattern is without /api/v1) when it is one of heavyRoutes; others pass.
func (s *Server) heavy(route string) func(http.Handler) http.Handler {
	if !heavyRoutes[route] {
		return func(next http.Handler) http.Handler { return next }
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			caller := "a:" + clientAddr(r.Context())
			if v := viewerOf(r); v.User != nil {
				caller = "u:" + strconv.FormatInt(v.User.ID, 10)
			}
			if wait, ok := s.heavyCallers.take(caller, time.Now()); !ok {
				s.writeError(w, r, tooManyError{wait: wait, key: "heavy_too_many"})
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}
