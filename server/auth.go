package server

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/policyflow/policyflow/policies"
)

const (
	sessionCookie = "pf_session"
	csrfCookie    = "pf_csrf"
	sessionTTL    = 12 * time.Hour
	// Login limits: failed attempts within the window, per account and per address.
	loginWindow   = 15 * time.Minute
	maxPerAccount = 5
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

// checkLogin verifies a password under the rate limits. It returns the user,
// or a refusal: KindInvalid for wrong credentials, errTooMany when limited.
func (s *Server) checkLogin(ctx context.Context, email, password, ip string) (policies.User, error) {
	byEmail, byIP, err := s.store.FailedLogins(ctx, email, ip, time.Now().Add(-loginWindow))
	if err != nil {
		return policies.User{}, err
	}
	if byEmail >= maxPerAccount || byIP >= maxPerAddress {
		return policies.User{}, errTooMany
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

type tooManyError struct{}

func (tooManyError) Error() string { return "terlalu banyak percobaan masuk; coba lagi 15 menit lagi" }

var errTooMany error = tooManyError{}

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

// safeNext keeps redirects after login on this site.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/dashboard"
	}
	return next
}

// context0 detaches from a request's cancellation for bookkeeping writes
// that must happen after the client has gone.
func context0(ctx context.Context) context.Context { return context.WithoutCancel(ctx) }
