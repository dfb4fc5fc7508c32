package server

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// The second factor of a sign-in (policies/secondfactor.go). Every first
// factor — the password form, an identity provider — ends in
// completeSignIn: a person who holds a second factor, or whose role needs
// one, gets no session there but a short-lived pre-session (its own
// cookie, a row of pending_signins) and the page asking for the code
// (/login/verify) or setting one up (/login/enrol); anyone else gets a
// session at once. A wrong code counts as a failed sign-in of the account
// under the same limits as a wrong password.

const pendingCookie = "pf_signin"

// secondFactorPages lists the second factor's pages (routes.go calls it).
func secondFactorPages() []pageRoute {
	return []pageRoute{
		{"GET", "/login/verify", anyone, (*Server).handleCodePage},
		{"POST", "/login/verify", anyone, (*Server).handleCode},
		{"GET", "/login/enrol", anyone, (*Server).handleEnrolPage},
		{"POST", "/login/enrol", anyone, (*Server).handleEnrol},
		{"GET", "/settings/second-factor", signedIn, (*Server).handleOwnEnrolPage},
		{"POST", "/settings/second-factor", signedIn, (*Server).handleOwnEnrol},
		{"POST", "/settings/second-factor/start", signedIn, (*Server).handleOwnEnrolStart},
		{"POST", "/admin/people/{person}/second-factor/reset", regionAdmins, formWrite(noForm, (*Server).resetSecondFactor, personDone("tf_reset"))},
	}
}

// secondFactorAPIRoutes are the second factor's API routes.
func secondFactorAPIRoutes() []apiRoute {
	return []apiRoute{
		{"POST", "/admin/people/{person}/second-factor/reset", "Atur ulang verifikasi dua langkah seseorang yang kehilangan ponsel dan kode pemulihannya: sesinya berakhir, ia memasang ulang saat masuk berikutnya dan diberi tahu (administrator wilayah; tercatat di audit)", regionAdmins, apiDo((*Server).resetSecondFactor), nil},
	}
}

// completeSignIn ends a first factor that named person u: the one place a
// sign-in goes on from, whatever proved who they are. next is the page
// asked for (kept only when it is this site's, safeNext).
func (s *Server) completeSignIn(w http.ResponseWriter, r *http.Request, u policies.User, next string) error {
	f, err := s.store.SecondFactorOf(r.Context(), u.ID)
	if err != nil {
		return err
	}
	next = safeNext(next)
	if !f.Enrolled && !policies.SecondFactorRequired(u.Role) {
		if err := s.finishSignIn(w, r, u); err != nil {
			return err
		}
		http.Redirect(w, r, next, http.StatusSeeOther)
		return nil
	}
	if !f.Enrolled {
		// Set up now (or the one under way kept): its page only reads it.
		if _, err := s.store.BeginEnrolment(r.Context(), u.ID, policies.NewTOTPSecret()); err != nil {
			return err
		}
	}
	token := randomToken()
	if err := s.store.CreatePendingSignIn(r.Context(), hashToken(token), u.ID, next, time.Now().Add(policies.PendingSignInLifetime)); err != nil {
		return err
	}
	s.setCookie(w, pendingCookie, token, int(policies.PendingSignInLifetime.Seconds()))
	to := "/login/verify"
	if !f.Enrolled {
		to = "/login/enrol"
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// finishSignIn records a complete sign-in (a success, which clears the
// account's failures from this address) and starts its session.
func (s *Server) finishSignIn(w http.ResponseWriter, r *http.Request, u policies.User) error {
	if err := s.store.RecordLoginAttempt(r.Context(), u.Email, clientIP(r), true); err != nil {
		return err
	}
	return s.startSession(w, r, u)
}

// pendingOf is the sign-in waiting for a second factor under the request's
// cookie: its person and next page, or ok false (none, or expired).
func (s *Server) pendingOf(r *http.Request) (policies.User, string, bool, error) {
	c := s.cookie(r, pendingCookie)
	if len(c) < 32 {
		return policies.User{}, "", false, nil
	}
	u, next, err := s.store.PendingSignIn(r.Context(), hashToken(c))
	if policies.IsKind(err, policies.KindNotFound) {
		return u, "", false, nil
	}
	return u, next, err == nil, err
}

// endPending ends the request's pending sign-in, row and cookie.
func (s *Server) endPending(w http.ResponseWriter, r *http.Request) error {
	if c := s.cookie(r, pendingCookie); c != "" {
		if err := s.store.DeletePendingSignIn(r.Context(), hashToken(c)); err != nil {
			return err
		}
	}
	s.setCookie(w, pendingCookie, "", -1)
	return nil
}

// expiredSignIn answers a second-factor page without a live pending
// sign-in: opened, the sign-in page; posted to, the sign-in page saying
// the sign-in expired.
func (s *Server) expiredSignIn(w http.ResponseWriter, r *http.Request, lang string) error {
	s.setCookie(w, pendingCookie, "", -1)
	if r.Method == http.MethodGet {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return nil
	}
	s.render(w, r, lang, http.StatusUnauthorized, "login", map[string]any{"Title": messages[lang]["login_title"], "Error": messages[lang]["tf_expired"]})
	return nil
}

// signInWait refuses a try on email from ip while the sign-in limits hold
// (policies/signin.go): a tooManyError saying how long to wait.
func (s *Server) signInWait(ctx context.Context, email, ip string) error {
	now := time.Now()
	f, err := s.store.LoginFailures(ctx, email, ip, now.Add(-policies.PairMemory), now.Add(-policies.AddressWindow))
	if err != nil {
		return err
	}
	if wait := f.Wait(now); wait > 0 {
		return tooManyError{wait: wait}
	}
	return nil
}

// errWrongCode is a second factor's code refused: wrong, used, expired.
var errWrongCode = errors.New("wrong second-factor code")

// checkCode checks a code typed for person u's enrolled second factor: a
// six-digit TOTP code (each step once) or a recovery code (each once).
// Under the sign-in limits: a tooManyError when limited, errWrongCode
// (recorded as a failed sign-in of the account) when refused.
func (s *Server) checkCode(ctx context.Context, u policies.User, ip, code string) error {
	if err := s.signInWait(ctx, u.Email, ip); err != nil {
		return err
	}
	code = strings.TrimSpace(code)
	var ok bool
	var err error
	now := time.Now()
	switch {
	case policies.IsTOTPCode(code):
		ok, err = s.store.UseTOTP(ctx, u.ID, func(secret string, last int64) (int64, bool) {
			return policies.MatchTOTP(secret, code, now, last)
		})
	case len(code) <= 40 && policies.NormalRecoveryCode(code) != "":
		ok, err = s.store.UseRecoveryCode(ctx, u.ID, hashToken(policies.NormalRecoveryCode(code)), func(left int, lang string) policies.Notification {
			return wordedNotice(lang, policies.NoticeSecondFactor, "/settings#second-factor", policies.RecoveryCodeUsedMessage(left))
		})
	}
	if err != nil {
		return err
	}
	if !ok {
		if err := s.store.RecordLoginAttempt(ctx, u.Email, ip, false); err != nil {
			return err
		}
		return errWrongCode
	}
	return nil
}

// codeRefusal is the page's words and status for a refused code.
func codeRefusal(w http.ResponseWriter, lang string, err error, wrong string) (int, string, error) {
	var tm tooManyError
	switch {
	case errors.As(err, &tm):
		w.Header().Set("Retry-After", tm.retryAfter())
		return http.StatusTooManyRequests, tm.message(lang), nil
	case errors.Is(err, errWrongCode):
		return http.StatusUnprocessableEntity, messages[lang][wrong], nil
	}
	return 0, "", err
}

func (s *Server) handleCodePage(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	w.Header().Set("Cache-Control", "no-store")
	if _, _, ok, err := s.pendingOf(r); err != nil || !ok {
		if err != nil {
			return err
		}
		return s.expiredSignIn(w, r, lang)
	}
	s.render(w, r, lang, http.StatusOK, "second_factor", map[string]any{"Title": messages[lang]["tf_verify_title"], "Mode": "verify"})
	return nil
}

// handleCode takes the code of a pending sign-in: accepted, the sign-in
// completes (a session, the page asked for); refused, the page asks again.
func (s *Server) handleCode(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	w.Header().Set("Cache-Control", "no-store")
	u, next, ok, err := s.pendingOf(r)
	if err != nil {
		return err
	}
	if !ok {
		return s.expiredSignIn(w, r, lang)
	}
	code := r.PostFormValue("code")
	if strings.TrimSpace(code) == "" {
		s.render(w, r, lang, http.StatusUnprocessableEntity, "second_factor", map[string]any{"Title": messages[lang]["tf_verify_title"], "Mode": "verify", "Error": messages[lang]["tf_missing"]})
		return nil
	}
	if err := s.checkCode(r.Context(), u, clientIP(r), code); err != nil {
		status, msg, err := codeRefusal(w, lang, err, "tf_wrong")
		if err != nil {
			return err
		}
		s.render(w, r, lang, status, "second_factor", map[string]any{"Title": messages[lang]["tf_verify_title"], "Mode": "verify", "Error": msg})
		return nil
	}
	if err := s.endPending(w, r); err != nil {
		return err
	}
	if err := s.finishSignIn(w, r, u); err != nil {
		return err
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// apiSecondFactor checks the second factor of a sign-in through the API
// (POST /api/v1/tokens): nil for a person who has none and needs none;
// else the code of the totp field (or recovery_code) must be accepted.
// Missing: 401 naming the field, not counted; wrong: 401, counted.
func (s *Server) apiSecondFactor(r *http.Request, u policies.User, in loginInput) error {
	f, err := s.store.SecondFactorOf(r.Context(), u.ID)
	switch {
	case err != nil:
		return err
	case !f.Enrolled && !policies.SecondFactorRequired(u.Role):
		return nil
	case !f.Enrolled:
		return &policies.Error{Kind: policies.KindForbidden, Field: "totp", Message: "peran Anda wajib memakai verifikasi dua langkah: masuk sekali lewat halaman web untuk memasangnya, lalu kirim kodenya di isian totp"}
	}
	code, field := in.TOTP, "totp"
	if strings.TrimSpace(code) == "" {
		code, field = in.RecoveryCode, "recovery_code"
	}
	if strings.TrimSpace(code) == "" {
		return &policies.Error{Kind: kindUnauthorized, Field: "totp", Message: "akun ini memakai verifikasi dua langkah: kirim kode enam angka dari aplikasi autentikator di isian totp (atau kode pemulihan di isian recovery_code)"}
	}
	err = s.checkCode(r.Context(), u, clientIP(r), code)
	if errors.Is(err, errWrongCode) {
		return &policies.Error{Kind: kindUnauthorized, Field: field, Message: "kode verifikasi salah, sudah dipakai, atau kedaluwarsa"}
	}
	return err
}

// lacksSecondFactor says whether a signed-in person's role needs a second
// factor they do not hold (reset by an administrator, or a role given
// since they signed in): they reach no signed-in page or API route.
func (s *Server) lacksSecondFactor(ctx context.Context, u policies.User) (bool, error) {
	if !policies.SecondFactorRequired(u.Role) {
		return false, nil
	}
	f, err := s.store.SecondFactorOf(ctx, u.ID)
	return !f.Enrolled, err
}
