package server

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/crypto/bcrypt"

	"github.com/policyflow/policyflow/i18n"
	"github.com/policyflow/policyflow/policies"
)

const (
	sessionCookie = "pf_session"
	csrfCookie    = "pf_csrf"
	sessionTTL    = policies.SessionLifetime
)

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

// authenticate finds the viewer: an API token (Authorization: Bearer) or a
// session cookie. Anonymous visitors get a CSRF cookie for their forms.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := &viewer{}
		ctx := r.Context()
		if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
			u, err := s.tokenUser(ctx, hashToken(strings.TrimPrefix(h, "Bearer ")))
			if err != nil {
				if policies.IsKind(err, policies.KindNotFound) {
					// Only API clients send tokens: the answer is JSON on any path.
					err = &refusal{err: policies.Errorf(kindUnauthorized, "token API tidak dikenal atau sudah dicabut"), json: true}
				}
				s.writeError(w, r, err)
				return
			}
			v.User, v.ViaToken = &u, true
		} else if c := s.cookie(r, sessionCookie); c != "" {
			hash := hashToken(c)
			sr, err := s.readSession(r, hash) // with what its page reads besides (sessionview.go)
			switch {
			case err == nil && sr.lacks:
				// A session without the second factor its role now needs
				// ends: the next sign-in sets one up.
				if err := s.store.DeleteSession(ctx, hash); err != nil {
					s.writeError(w, r, err)
					return
				}
				s.setCookie(w, sessionCookie, "", -1)
			case err == nil:
				v.User, v.CSRF, v.sessionHash = &sr.user, sr.csrf, hash
				v.unread, v.unreadKnown = sr.unread, sr.known
				if sr.pin != nil {
					ctx = context.WithValue(ctx, pinnedKey{}, *sr.pin)
				}
			case policies.IsKind(err, policies.KindNotFound):
				s.setCookie(w, sessionCookie, "", -1)
			default:
				s.writeError(w, r, err)
				return
			}
		}
		if v.User == nil {
			if c := s.cookie(r, csrfCookie); len(c) >= 32 {
				v.CSRF = c
			} else {
				v.CSRF = randomToken()
				s.setCookie(w, csrfCookie, v.CSRF, 0)
			}
		} else {
			// A signed-in person's pages and answers are theirs: no browser,
			// proxy or shared computer keeps them (a handler may say otherwise).
			w.Header().Set("Cache-Control", "private, no-store")
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(ctx, viewerKey{}, v)))
	})
}

func (s *Server) handleLoginPage(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	s.render(w, r, lang, http.StatusOK, "login", map[string]any{"Title": messages[lang]["login_title"], "Next": r.URL.Query().Get("next"),
		"SSO": s.ssoRegions(r.Context())})
	return nil
}

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	email := strings.TrimSpace(r.PostFormValue("email"))
	u, err := s.checkLogin(r.Context(), email, r.PostFormValue("password"), clientIP(r))
	if err != nil {
		status := statusOf(policies.KindOf(err))
		msg := messages[lang]["login_failed"]
		var tm tooManyError
		if errors.As(err, &tm) {
			status, msg = http.StatusTooManyRequests, tm.message(lang)
			w.Header().Set("Retry-After", tm.retryAfter())
		} else if status == http.StatusInternalServerError {
			return err
		}
		s.render(w, r, lang, status, "login", map[string]any{"Title": messages[lang]["login_title"], "Error": msg,
			"Email": email, "Next": r.PostFormValue("next"), "SSO": s.ssoRegions(r.Context())})
		return nil
	}
	return s.completeSignIn(w, r, u, r.PostFormValue("next"))
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) error {
	if h := viewerOf(r).sessionHash; h != "" {
		if err := s.store.DeleteSession(r.Context(), h); err != nil {
			return err
		}
	}
	s.setCookie(w, sessionCookie, "", -1)
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
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
	s.setCookie(w, sessionCookie, token, int(sessionTTL.Seconds()))
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

// checkLogin verifies a password under the sign-in limits. It returns the
// user, or a refusal: KindInvalid for wrong credentials, a tooManyError
// (saying how long to wait) when limited. A refused try checks no password
// and is not recorded: hammering costs the attacker time, not the database.
// A wrong password is recorded as a failure; a right one is recorded as a
// success only once the sign-in completes (finishSignIn, after any second
// factor), so that a known password never clears guessed codes' failures.
func (s *Server) checkLogin(ctx context.Context, email, password, ip string) (policies.User, error) {
	if err := s.signInWait(ctx, email, ip); err != nil {
		return policies.User{}, err
	}
	u, err := s.store.UserByEmail(ctx, email)
	switch {
	case err == nil && u.PasswordHash != "" && u.DeactivatedAt == nil:
		err = bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(password))
	case err == nil:
		// Invited and no password set yet, or deactivated: never signs in,
		// and answers as slowly and in the same words as a wrong password.
		bcrypt.CompareHashAndPassword(dummyHash, []byte(password))
		err = errNoSignIn
	default:
		// Spend the same time as a real check, so timing does not tell which emails exist.
		bcrypt.CompareHashAndPassword(dummyHash, []byte(password))
	}
	if err == nil {
		return u, nil
	}
	if rerr := s.store.RecordLoginAttempt(ctx, email, ip, false); rerr != nil {
		return policies.User{}, rerr
	}
	return policies.User{}, policies.FieldError("password", "email atau kata sandi salah")
}

// errNoSignIn is an account that cannot sign in: no password yet, or deactivated.
var errNoSignIn = errors.New("account cannot sign in")

var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("policyflow-timing"), bcrypt.DefaultCost)

// tooManyError refuses a request under a limit, saying how long to wait: a
// sign-in (the catalogue's login_too_many) or what key names.
type tooManyError struct {
	wait time.Duration
	key  string // the message's catalogue key, with %s for the wait; "" for a sign-in
}

func (e tooManyError) Error() string {
	return e.message(i18n.ID)
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
	key := e.key
	if key == "" {
		key = "login_too_many"
	}
	return fmt.Sprintf(messages[lang][key], e.waitText(lang))
}

// loginInput is the body of POST /api/v1/tokens: the sign-in and the new
// token's name and lifetime.
type loginInput struct {
	Email         string `json:"email"`
	Password      string `json:"password"`
	Name          string `json:"name" required:"false"`
	ExpiresInDays *int   `json:"expires_in_days"`
	// TOTP is the six-digit code of the authenticator app, for an account
	// with a second factor (RecoveryCode instead: one of its recovery codes).
	TOTP         string `json:"totp" required:"false"`
	RecoveryCode string `json:"recovery_code" required:"false"`
}

// signInToken signs in with email and password and makes a token (POST
// /api/v1/tokens); a wrong password is 401 there.
func (s *Server) signInToken(r *http.Request, in loginInput) (tokenCreated, error) {
	t, err := parseNewToken(in.Name, in.ExpiresInDays)
	if err != nil {
		return tokenCreated{}, err
	}
	made, err := s.mintToken(r, strings.TrimSpace(in.Email), in.Password, t, func(u policies.User) error { return s.apiSecondFactor(r, u, in) })
	if errors.Is(err, errWrongPassword) {
		return made, &policies.Error{Kind: kindUnauthorized, Field: "password", Message: "email atau kata sandi salah"}
	}
	return made, err
}

func (s *Server) handleAPIMe(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, viewerOf(r).User)
	return nil
}
