package server

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"
	"golang.org/x/crypto/bcrypt"

	"github.com/policyflow/policyflow/policies"
)

// The one-time link's pages (/invite/{token}, /reset/{token}): a person
// invited or sent a reset sets their own password there. The links are
// made by people.go.

// linkPage reads the link of the path ({token}): the link, or the message
// saying why it cannot be used and the status to answer. /invite/ and
// /reset/ read any link (a person may be sent either); the page says what
// the link is for.
func (s *Server) linkPage(r *http.Request, lang string) (policies.PasswordLink, string, int, error) {
	t := chi.URLParam(r, "token")
	if len(t) < 20 || len(t) > 100 {
		return policies.PasswordLink{}, messages[lang]["pw_link_unknown"], http.StatusNotFound, nil
	}
	l, err := s.store.PasswordLink(r.Context(), hashToken(t))
	switch {
	case policies.IsKind(err, policies.KindNotFound):
		return l, messages[lang]["pw_link_unknown"], http.StatusNotFound, nil
	case err != nil:
		return l, "", 0, err
	case l.UsedAt != nil:
		return l, messages[lang]["pw_link_used"], http.StatusGone, nil
	case l.Deactivated:
		return l, messages[lang]["pw_link_deactivated"], http.StatusGone, nil
	case l.Expired:
		return l, messages[lang]["pw_link_expired"], http.StatusGone, nil
	}
	return l, "", http.StatusOK, nil
}

// passwordPage reads the link of the path for its page, which no cache
// keeps: the reader's language, the status to answer and the page's data
// ("Gone" says why the link cannot be used, "" when it can).
func (s *Server) passwordPage(w http.ResponseWriter, r *http.Request) (string, int, map[string]any, error) {
	lang := language(w, r)
	w.Header().Set("Cache-Control", "no-store")
	l, gone, status, err := s.linkPage(r, lang)
	return lang, status, map[string]any{"Title": messages[lang]["pw_title_"+linkPurpose(l)], "Purpose": linkPurpose(l), "Link": l,
		"Gone": gone, "Token": chi.URLParam(r, "token"), "Min": policies.MinPasswordLength, "ErrorField": ""}, err
}

func (s *Server) handlePasswordLink(w http.ResponseWriter, r *http.Request) error {
	lang, status, data, err := s.passwordPage(w, r)
	if err != nil {
		return err
	}
	s.render(w, r, lang, status, "password", data)
	return nil
}

// linkPurpose is what a link is for as its page's path says it: invite or
// reset (an unknown link's page says reset).
func linkPurpose(l policies.PasswordLink) string {
	if l.Purpose == policies.LinkInvite {
		return string(policies.LinkInvite)
	}
	return string(policies.LinkReset)
}

// checkNewPassword refuses, in the reader's language, a password too short,
// too long for bcrypt, or not typed the same twice.
func checkNewPassword(lang, p, again string) error {
	m := messages[lang]
	switch {
	case utf8.RuneCountInString(p) < policies.MinPasswordLength:
		return policies.FieldError("password", m["pw_err_short"], policies.MinPasswordLength)
	case len(p) > policies.MaxPasswordBytes:
		return policies.FieldError("password", m["pw_err_long"], policies.MaxPasswordBytes)
	case strings.TrimSpace(p) == "":
		return policies.FieldError("password", "%s", m["pw_err_blank"])
	case p != again:
		return policies.FieldError("password2", "%s", m["pw_err_mismatch"])
	}
	return nil
}

func (s *Server) handlePasswordSet(w http.ResponseWriter, r *http.Request) error {
	lang, status, data, err := s.passwordPage(w, r)
	if err != nil {
		return err
	}
	if data["Gone"] != "" {
		s.render(w, r, lang, status, "password", data)
		return nil
	}
	p := r.PostFormValue("password")
	if err := checkNewPassword(lang, p, r.PostFormValue("password2")); err != nil {
		data["Error"], data["ErrorField"] = refusalText(err), fieldOfErr(err)
		s.render(w, r, lang, http.StatusUnprocessableEntity, "password", data)
		return nil
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(p), bcrypt.DefaultCost)
	if err != nil {
		return err
	}
	if _, err := s.store.SetPassword(r.Context(), hashToken(chi.URLParam(r, "token")), string(hash)); err != nil {
		if policies.IsKind(err, policies.KindConflict) {
			// Used, expired or deactivated since the check above: say which.
			_, data["Gone"], status, _ = s.linkPage(r, lang)
			s.render(w, r, lang, max(status, http.StatusConflict), "password", data)
			return nil
		}
		return err
	}
	data["Done"] = true
	s.render(w, r, lang, http.StatusOK, "password", data)
	return nil
}
