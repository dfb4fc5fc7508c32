package server

import (
	"context"
	"encoding/base64"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	qrcode "github.com/skip2/go-qrcode"

	"github.com/policyflow/policyflow/policies"
)

// Setting up a second factor: after the password of a person whose role
// needs one (/login/enrol), or from one's settings (/settings/second-factor).
// The page shows the otpauth:// QR code and the secret for typing in; a
// valid code confirms it; the ten recovery codes are shown once, on the
// answer that confirms it. After that no page or API answer shows the
// secret again. An administrator resets the second factor of someone who
// lost it: one audited act, told to the person (see resetSecondFactor).

func init() { pageNames = append(pageNames, "second_factor") }

// enrolData is the enrolment page of person u under way with secret:
// where it posts, the QR code as an inline PNG and the secret in groups
// of four for typing in.
func enrolData(lang string, u policies.User, secret, action string) (map[string]any, error) {
	png, err := qrcode.Encode(policies.TOTPURL(secret, u.Email), qrcode.Medium, 240)
	if err != nil {
		return nil, fmt.Errorf("second factor: QR code: %w", err)
	}
	var groups []string
	for i := 0; i < len(secret); i += 4 {
		groups = append(groups, secret[i:min(i+4, len(secret))])
	}
	return map[string]any{"Title": messages[lang]["tf_enrol_title"], "Mode": "enrol", "Action": action,
		"Required": policies.SecondFactorRequired(u.Role), "Secret": strings.Join(groups, " "),
		"QR": template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))}, nil
}

// renderEnrol shows the enrolment of person u under way, posting to
// action, with status and a refusal msg ("" for none); none under way is
// not found.
func (s *Server) renderEnrol(w http.ResponseWriter, r *http.Request, lang string, u policies.User, action string, status int, msg string) error {
	secret, err := s.store.EnrolmentSecret(r.Context(), u.ID)
	if err != nil {
		return err
	}
	data, err := enrolData(lang, u, secret, action)
	if err != nil {
		return err
	}
	data["Error"] = msg
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, lang, status, "second_factor", data)
	return nil
}

// confirmEnrolment confirms person u's enrolment under way with code,
// under the sign-in limits, and gives the recovery codes made for it (kept
// hashed); errWrongCode (counted as a failed sign-in) when it does not match.
func (s *Server) confirmEnrolment(ctx context.Context, u policies.User, ip, code string) ([]string, error) {
	if err := s.signInWait(ctx, u.Email, ip); err != nil {
		return nil, err
	}
	codes := policies.NewRecoveryCodes()
	hashes := make([]string, len(codes))
	for i, c := range codes {
		hashes[i] = hashToken(policies.NormalRecoveryCode(c))
	}
	now, code := time.Now(), strings.TrimSpace(code)
	ok, err := s.store.ConfirmEnrolment(ctx, u.ID, func(secret string, last int64) (int64, bool) {
		return policies.MatchTOTP(secret, code, now, last)
	}, hashes, func(lang string) policies.Notification {
		return wordedNotice(lang, policies.NoticeSecondFactor, "/settings#second-factor", policies.SecondFactorEnrolledMessage())
	})
	if err != nil {
		return nil, err
	}
	if !ok {
		if err := s.store.RecordLoginAttempt(ctx, u.Email, ip, false); err != nil {
			return nil, err
		}
		return nil, errWrongCode
	}
	return codes, nil
}

// enrolAnswer answers an enrolment's confirmation: the page again, saying
// why, when refused (done false); else the recovery codes, once, with the
// way on to next, after start (which completes a sign-in, or nothing).
func (s *Server) enrolAnswer(w http.ResponseWriter, r *http.Request, u policies.User, action, next string, start func() error) error {
	lang := language(w, r)
	codes, err := s.confirmEnrolment(r.Context(), u, clientIP(r), r.PostFormValue("code"))
	if err != nil {
		status, msg, err := codeRefusal(w, lang, err, "tf_enrol_wrong")
		if err != nil {
			return err
		}
		return s.renderEnrol(w, r, lang, u, action, status, msg)
	}
	if err := start(); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, lang, http.StatusOK, "second_factor", map[string]any{"Title": messages[lang]["tf_codes_title"], "Mode": "codes",
		"Codes": codes, "Next": next})
	return nil
}

// pendingEnrolment is the pending sign-in of the request whose person
// sets up their second factor: ok false when the answer is written already
// (expired: the sign-in page; set up already: the code's page).
func (s *Server) pendingEnrolment(w http.ResponseWriter, r *http.Request, lang string) (policies.User, string, bool, error) {
	u, next, ok, err := s.pendingOf(r)
	if err != nil || !ok {
		if err == nil {
			err = s.expiredSignIn(w, r, lang)
		}
		return u, next, false, err
	}
	f, err := s.store.SecondFactorOf(r.Context(), u.ID)
	if err == nil && f.Enrolled {
		http.Redirect(w, r, "/login/verify", http.StatusSeeOther)
	}
	return u, next, err == nil && !f.Enrolled, err
}

// handleEnrolPage is the set-up after the password of a person whose role
// needs a second factor and who has none yet (begun by completeSignIn).
func (s *Server) handleEnrolPage(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	u, _, ok, err := s.pendingEnrolment(w, r, lang)
	if err != nil || !ok {
		return err
	}
	return s.renderEnrol(w, r, lang, u, "/login/enrol", http.StatusOK, "")
}

// handleEnrol confirms the set-up of a pending sign-in, which then
// completes: the session starts on the answer showing the recovery codes.
func (s *Server) handleEnrol(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	u, next, ok, err := s.pendingEnrolment(w, r, lang)
	if err != nil || !ok {
		return err
	}
	return s.enrolAnswer(w, r, u, "/login/enrol", next, func() error {
		if err := s.endPending(w, r); err != nil {
			return err
		}
		return s.finishSignIn(w, r, u)
	})
}

// handleOwnEnrolPage sets up a second factor from one's settings (anyone
// may; those whose role needs one have it already): the set-up under way,
// or the button that begins one.
func (s *Server) handleOwnEnrolPage(w http.ResponseWriter, r *http.Request) error {
	lang, u := language(w, r), *viewerOf(r).User
	f, err := s.store.SecondFactorOf(r.Context(), u.ID)
	switch {
	case err != nil:
		return err
	case f.Enrolled:
		http.Redirect(w, r, "/settings#second-factor", http.StatusSeeOther)
		return nil
	}
	err = s.renderEnrol(w, r, lang, u, "/settings/second-factor", http.StatusOK, "")
	if policies.IsKind(err, policies.KindNotFound) {
		s.render(w, r, lang, http.StatusOK, "second_factor", map[string]any{"Title": messages[lang]["tf_enrol_title"], "Mode": "start"})
		return nil
	}
	return err
}

// handleOwnEnrolStart begins setting up a second factor from one's settings.
func (s *Server) handleOwnEnrolStart(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.store.BeginEnrolment(r.Context(), viewerOf(r).User.ID, policies.NewTOTPSecret()); err != nil {
		return err
	}
	http.Redirect(w, r, "/settings/second-factor", http.StatusSeeOther)
	return nil
}

// handleOwnEnrol confirms the set-up begun from one's settings.
func (s *Server) handleOwnEnrol(w http.ResponseWriter, r *http.Request) error {
	u := *viewerOf(r).User
	if _, err := s.store.EnrolmentSecret(r.Context(), u.ID); err != nil {
		if policies.IsKind(err, policies.KindNotFound) {
			err = policies.Errorf(policies.KindConflict, "tidak ada pemasangan verifikasi dua langkah yang berjalan: mulai dari halaman pengaturan")
		}
		return err
	}
	return s.enrolAnswer(w, r, u, "/settings/second-factor", "/settings#second-factor", func() error { return nil })
}

// resetSecondFactor removes the second factor of the person of the URL
// (page and API), for someone who lost their phone and recovery codes.
// One administrator does it alone, audited and told to the person: the
// reset gives no one any power (the person's password is still needed,
// and they set up a new factor themselves at their next sign-in), while
// waiting for a second administrator would lock a leader out of their
// work. Nobody resets their own (another administrator does).
func (s *Server) resetSecondFactor(r *http.Request, _ struct{}) (policies.User, error) {
	region, u, err := s.personOf(r)
	if err != nil {
		return u, err
	}
	v := viewerOf(r)
	if u.ID == v.User.ID {
		return policies.User{}, policies.Errorf(policies.KindConflict, "Anda tidak dapat mengatur ulang verifikasi dua langkah Anda sendiri: minta administrator lain")
	}
	return s.store.ResetSecondFactor(r.Context(), region, v.User.ID, u.ID, func(lang string) policies.Notification {
		return wordedNotice(lang, policies.NoticeSecondFactor, "/login", policies.SecondFactorResetMessage(v.User.Name))
	})
}
