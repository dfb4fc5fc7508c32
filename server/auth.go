package server

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/crypto/bcrypt"

	"github.com/policyflow/policyflow/policies"
)

const (
	sessionCookie = "pf_session"
	csrfCookie    = "pf_csrf"
	sessionTTL    = policies.SessionLifetime

	// Sign-in limits. They are kept per account *and address*, so a stranger
	// failing on someone's account from elsewhere never locks its owner out.
	// An account may fail pairFree times from one address; after n failures
	// there, the next try waits 2^n seconds (at most pairMaxWait) after the
	// last. Failures count since the pair's last success, within pairMemory.
	pairFree    = 3
	pairMaxWait = 15 * time.Minute
	pairMemory  = 24 * time.Hour
	// An address may fail maxPerAddress times within addressWindow, over
	// every account: guessing one password on many accounts is refused too.
	addressWindow = 15 * time.Minute
	maxPerAddress = 20
)

// viewer is who makes a request: a signed-in user, or nobody.
type viewer struct {
	User        *policies.User
	CSRF        string // the token forms must echo
	ViaToken    bool   // an API token: no cookies, so no CSRF check
	sessionHash string
}

type viewerKey struct{}

func viewerOf(r *http.Request) *viewer {
	if v, ok := r.Context().Value(viewerKey{}).(*viewer); ok {
		return v
	}
	return &viewer{}
}

// is reports whether the viewer is signed in with one of roles (any role when none given).
func (v *viewer) is(roles ...policies.Role) bool {
	if v.User == nil {
		return false
	}
	if len(roles) == 0 {
		return true
	}
	for _, r := range roles {
		if v.User.Role == r {
			return true
		}
	}
	return false
}

func randomToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // the system's randomness failed: nothing safe to do
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashToken(t string) string {
	sum := sha256.Sum256([]byte(t))
	return hex.EncodeToString(sum[:])
}

func secureRequest(r *http.Request) bool {
	return r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https"
}

// authenticate finds the viewer: an API token (Authorization: Bearer) or a
// session cookie. Anonymous visitors get a CSRF cookie for their forms.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := &viewer{}
		ctx := r.Context()
		if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
			u, err := s.store.APITokenUser(ctx, hashToken(strings.TrimPrefix(h, "Bearer ")))
			if err != nil {
				if policies.IsKind(err, policies.KindNotFound) {
					s.apiError(w, r, http.StatusUnauthorized, "unauthorized", "token API tidak dikenal atau sudah dicabut", "")
					return
				}
				s.writeError(w, r, err)
				return
			}
			v.User, v.ViaToken = &u, true
		} else if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			hash := hashToken(c.Value)
			u, csrf, err := s.store.SessionUser(ctx, hash)
			switch {
			case err == nil:
				v.User, v.CSRF, v.sessionHash = &u, csrf, hash
			case policies.IsKind(err, policies.KindNotFound):
				http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true})
			default:
				s.writeError(w, r, err)
				return
			}
		}
		if v.User == nil {
			if c, err := r.Cookie(csrfCookie); err == nil && len(c.Value) >= 32 {
				v.CSRF = c.Value
			} else {
				v.CSRF = randomToken()
				http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: v.CSRF, Path: "/", HttpOnly: true,
					SameSite: http.SameSiteLaxMode, Secure: secureRequest(r)})
			}
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(ctx, viewerKey{}, v)))
	})
}

// csrfProtect refuses state-changing requests that do not prove they come
// from Policyflow's own pages: the request must carry the viewer's CSRF
// token (form field "csrf" or header X-CSRF-Token) and, when the browser
// says where it comes from, come from this site. API tokens are exempt:
// browsers never send them on their own.
func (s *Server) csrfProtect(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			next.ServeHTTP(w, r)
			return
		}
		v := viewerOf(r)
		// API tokens are never sent by browsers on their own, and an API call
		// with no session carries no credentials to abuse.
		if v.ViaToken || (isAPI(r) && v.User == nil) {
			next.ServeHTTP(w, r)
			return
		}
		if o := r.Header.Get("Origin"); o != "" && o != "null" {
			if u, err := url.Parse(o); err != nil || u.Host != r.Host {
				s.refuse(w, r, http.StatusForbidden, "csrf", "permintaan lintas situs ditolak")
				return
			}
		}
		got := r.Header.Get("X-CSRF-Token")
		if got == "" && isForm(r) {
			got = r.PostFormValue("csrf")
		}
		if v.CSRF == "" || subtle.ConstantTimeCompare([]byte(got), []byte(v.CSRF)) != 1 {
			s.refuse(w, r, http.StatusForbidden, "csrf", "token formulir tidak sah atau kedaluwarsa: muat ulang halaman lalu coba lagi")
			return
		}
		next.ServeHTTP(w, r)
	})
}

func isForm(r *http.Request) bool {
	ct := r.Header.Get("Content-Type")
	return strings.HasPrefix(ct, "application/x-www-form-urlencoded") || strings.HasPrefix(ct, "multipart/form-data")
}

// require lets through only viewers with one of roles (any signed-in viewer
// when none given): 401 for nobody, 403 for the wrong role.
func (s *Server) require(roles ...policies.Role) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			v := viewerOf(r)
			if v.User == nil {
				if isAPI(r) {
					s.apiError(w, r, http.StatusUnauthorized, "unauthorized", "silakan masuk terlebih dahulu", "")
					return
				}
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			if !v.is(roles...) {
				s.refuse(w, r, http.StatusForbidden, string(policies.KindForbidden), "peran Anda tidak boleh melakukan ini")
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// realIP replaces the peer address with the client's named by a trusted
// proxy: X-Real-IP, else the nearest X-Forwarded-For entry that is not
// itself a trusted proxy. Requests from anyone else keep their peer address.
func (s *Server) realIP(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if len(s.proxies) > 0 && s.trusted(clientIP(r)) {
			if ip := s.forwardedFor(r); ip != "" {
				r.RemoteAddr = net.JoinHostPort(ip, "0")
			}
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) trusted(ip string) bool {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return false
	}
	a = a.Unmap()
	for _, p := range s.proxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

func (s *Server) forwardedFor(r *http.Request) string {
	if v := strings.TrimSpace(r.Header.Get("X-Real-IP")); v != "" {
		if a, err := netip.ParseAddr(v); err == nil {
			return a.Unmap().String()
		}
		return ""
	}
	hops := strings.Split(r.Header.Get("X-Forwarded-For"), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			return ""
		}
		if !s.trusted(a.String()) {
			return a.Unmap().String()
		}
	}
	return ""
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// checkLogin verifies a password under the sign-in limits. It returns the
// user, or a refusal: KindInvalid for wrong credentials, a tooManyError
// (saying how long to wait) when limited. A refused try checks no password
// and is not recorded: hammering costs the attacker time, not the database.
func (s *Server) checkLogin(ctx context.Context, email, password, ip string) (policies.User, error) {
	now := time.Now()
	f, err := s.store.LoginFailures(ctx, email, ip, now.Add(-pairMemory), now.Add(-addressWindow))
	if err != nil {
		return policies.User{}, err
	}
	if wait := loginWait(f, now); wait > 0 {
		return policies.User{}, tooManyError{wait: wait}
	}
	u, err := s.store.UserByEmail(ctx, email)
	if err == nil {
		err = bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(password))
	} else {
		// Spend the same time as a real check, so timing does not tell which emails exist.
		bcrypt.CompareHashAndPassword(dummyHash, []byte(password))
	}
	ok := err == nil
	if rerr := s.store.RecordLoginAttempt(ctx, email, ip, ok); rerr != nil {
		return policies.User{}, rerr
	}
	if !ok {
		return policies.User{}, policies.FieldError("password", "email atau kata sandi salah")
	}
	return u, nil
}

var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("policyflow-timing"), bcrypt.DefaultCost)

// loginWait is how long sign-ins with these failures must still wait: the
// pair's growing delay, or until the address's oldest failure in the
// window leaves it; 0 when a try is allowed now.
func loginWait(f policies.LoginFailures, now time.Time) time.Duration {
	var wait time.Duration
	if f.Pair >= pairFree {
		wait = f.PairLast.Add(pairDelay(f.Pair)).Sub(now)
	}
	if f.Address >= maxPerAddress {
		// At least a second: the window's edge may be a clock tick away.
		wait = max(wait, f.AddressFirst.Add(addressWindow).Sub(now), time.Second)
	}
	return max(wait, 0)
}

// pairDelay is the wait after an account's n-th failure from one address:
// none for the first pairFree, then 2^n seconds, at most pairMaxWait.
func pairDelay(n int) time.Duration {
	switch {
	case n < pairFree:
		return 0
	case n >= 20: // 2^20 s is far past the cap; no overflow
		return pairMaxWait
	}
	return min(time.Duration(1<<n)*time.Second, pairMaxWait)
}

// tooManyError refuses a sign-in under the limits, saying how long to wait.
type tooManyError struct{ wait time.Duration }

func (e tooManyError) Error() string {
	return fmt.Sprintf("terlalu banyak percobaan masuk; coba lagi dalam %s", e.waitText(langID))
}

// Is makes every refusal errTooMany, whatever its wait.
func (tooManyError) Is(target error) bool {
	_, ok := target.(tooManyError)
	return ok
}

// seconds is the wait rounded up to whole seconds, at least one.
func (e tooManyError) seconds() int { return max(1, int(math.Ceil(e.wait.Seconds()))) }

// retryAfter is the Retry-After header's value.
func (e tooManyError) retryAfter() string { return strconv.Itoa(e.seconds()) }

// waitText says the wait in a language: seconds under two minutes, else minutes.
func (e tooManyError) waitText(lang string) string {
	if n := e.seconds(); n < 120 {
		return fmt.Sprintf(messages[lang]["wait_seconds"], n)
	}
	return fmt.Sprintf(messages[lang]["wait_minutes"], (e.seconds()+59)/60)
}

// message is the refusal shown on the sign-in page.
func (e tooManyError) message(lang string) string {
	return fmt.Sprintf(messages[lang]["login_too_many"], e.waitText(lang))
}

var errTooMany error = tooManyError{}

// refuseTooMany answers a sign-in refused by the limits: 429, with the
// wait in Retry-After and in the message (JSON for the API, else a page).
func (s *Server) refuseTooMany(w http.ResponseWriter, r *http.Request, e tooManyError) {
	lang := language(w, r)
	w.Header().Set("Retry-After", e.retryAfter())
	if !isAPI(r) {
		s.render(w, r, lang, http.StatusTooManyRequests, "error", map[string]any{"Title": messages[lang]["error_title"],
			"Message": e.message(lang), "Code": http.StatusTooManyRequests})
		return
	}
	var b apiErrorBody
	b.Error.Code, b.Error.Message = "rate_limited", e.message(lang)
	writeJSON(w, http.StatusTooManyRequests, b)
}

// startSession creates a fresh session (never reusing an earlier one, so a
// planted cookie is worthless) and sets its cookie.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u policies.User) error {
	if old := viewerOf(r).sessionHash; old != "" {
		_ = s.store.DeleteSession(r.Context(), old)
	}
	token := randomToken()
	if err := s.store.CreateSession(r.Context(), u.ID, hashToken(token), randomToken(), time.Now().Add(sessionTTL)); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", MaxAge: int(sessionTTL.Seconds()),
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: secureRequest(r)})
	return nil
}

// safeNext keeps the redirect after sign-in on this site: it follows only
// a path of this site, that is one "/" not followed by another "/" or a
// "\" (browsers read "\" as "/"), with no scheme or host, and with no
// control character or "\" anywhere (browsers drop TAB, CR and LF inside a
// URL, so "/\t/evil.example" is "//evil.example"). Anything else goes to
// the dashboard.
func safeNext(next string) string {
	const home = "/dashboard"
	if len(next) == 0 || len(next) > 2000 || next[0] != '/' {
		return home
	}
	for _, c := range next {
		if unicode.IsControl(c) || c == '\\' {
			return home
		}
	}
	if strings.HasPrefix(next, "//") {
		return home
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return home
	}
	return next
}

// context0 detaches from a request's cancellation for bookkeeping writes
// that must happen after the client has gone.
func context0(ctx context.Context) context.Context { return context.WithoutCancel(ctx) }
