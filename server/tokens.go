package server

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"

	"github.com/policyflow/policyflow/policies"
)

// Personal API tokens: made with the owner's password, listed without their
// value, shown once, expiring, revoked by their owner (page and API).

// newToken is what a person asks for: a name and a lifetime in days.
type newToken struct {
	Name string
	Days int
}

// parseNewToken checks a token's name (default "api") and lifetime (nil:
// policies.APITokenDays).
func parseNewToken(name string, days *int) (newToken, error) {
	t := newToken{Name: name, Days: policies.APITokenDays}
	if strings.TrimSpace(name) == "" {
		t.Name = "api"
	}
	if utf8.RuneCountInString(t.Name) > 100 {
		return t, policies.FieldError("name", "nama token maksimal 100 karakter")
	}
	if days != nil {
		t.Days = *days
	}
	if t.Days < 1 || t.Days > policies.APITokenMaxDays {
		return t, policies.FieldError("expires_in_days", "masa berlaku token 1–%d hari", policies.APITokenMaxDays)
	}
	return t, nil
}

// issueToken makes a token for u and returns it (the only time its value
// is known: only its hash is kept), its id and its end.
func (s *Server) issueToken(ctx context.Context, u policies.User, t newToken) (token string, id int64, expires time.Time, err error) {
	token = "pf_" + randomToken()
	expires = time.Now().Add(time.Duration(t.Days) * 24 * time.Hour).Truncate(time.Second)
	id, err = s.store.CreateAPIToken(ctx, u.ID, t.Name, hashToken(token), expires)
	return token, id, expires, err
}

// tokenID reads the {tid} path parameter; a malformed one is not found.
func tokenID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, "tid"), 10, 64)
	if err != nil {
		return 0, policies.Errorf(policies.KindNotFound, "token API tidak ditemukan")
	}
	return id, nil
}

// handleAPITokenCreate signs in with email and password and makes a token.
func (s *Server) handleAPITokenCreate(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Email         string `json:"email"`
		Password      string `json:"password"`
		Name          string `json:"name"`
		ExpiresInDays *int   `json:"expires_in_days"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiFail(w, r, err)
		return
	}
	t, err := parseNewToken(in.Name, in.ExpiresInDays)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	u, err := s.checkLogin(r.Context(), strings.TrimSpace(in.Email), in.Password, clientIP(r))
	var tm tooManyError
	switch {
	case errors.As(err, &tm):
		s.refuseTooMany(w, r, tm)
		return
	case policies.IsKind(err, policies.KindInvalid):
		s.apiError(w, r, http.StatusUnauthorized, "unauthorized", "email atau kata sandi salah", "password")
		return
	case err != nil:
		s.apiFail(w, r, err)
		return
	}
	token, id, expires, err := s.issueToken(r.Context(), u, t)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": id, "token": token, "name": t.Name, "expires_at": expires, "user": u})
}

// handleAPITokenList lists the caller's tokens, never their values.
func (s *Server) handleAPITokenList(w http.ResponseWriter, r *http.Request) {
	ts, err := s.store.APITokens(r.Context(), viewerOf(r).User.ID)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"tokens": ts})
}

// handleAPITokenRevoke revokes one of the caller's tokens; anyone else's is 404.
func (s *Server) handleAPITokenRevoke(w http.ResponseWriter, r *http.Request) {
	id, err := tokenID(r)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	t, err := s.store.RevokeAPIToken(r.Context(), viewerOf(r).User.ID, id)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, t)
}

// handleTokenCreate makes a token from the settings page. The password is
// asked again: a session left open must not mint a credential that
// outlives it. The token is shown this once, on a page no cache keeps.
func (s *Server) handleTokenCreate(w http.ResponseWriter, r *http.Request) {
	lang := language(w, r)
	v := viewerOf(r)
	var days *int
	if d := strings.TrimSpace(r.PostFormValue("expires_in_days")); d != "" {
		n, err := strconv.Atoi(d)
		if err != nil {
			s.writeError(w, r, policies.FieldError("expires_in_days", "masa berlaku token 1–%d hari", policies.APITokenMaxDays))
			return
		}
		days = &n
	}
	t, err := parseNewToken(r.PostFormValue("name"), days)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	_, err = s.checkLogin(r.Context(), v.User.Email, r.PostFormValue("password"), clientIP(r))
	var tm tooManyError
	switch {
	case errors.As(err, &tm):
		s.refuseTooMany(w, r, tm)
		return
	case policies.IsKind(err, policies.KindInvalid):
		s.writeError(w, r, policies.FieldError("password", "%s", messages[lang]["token_wrong_password"]))
		return
	case err != nil:
		s.writeError(w, r, err)
		return
	}
	token, _, expires, err := s.issueToken(r.Context(), *v.User, t)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, lang, http.StatusOK, "settings", map[string]any{"Title": messages[lang]["token_new_title"],
		"NewToken": token, "NewTokenName": t.Name, "NewTokenExpires": expires})
}

// handleTokenRevoke revokes one of the viewer's tokens from the settings page.
func (s *Server) handleTokenRevoke(w http.ResponseWriter, r *http.Request) {
	id, err := tokenID(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if _, err := s.store.RevokeAPIToken(r.Context(), viewerOf(r).User.ID, id); err != nil {
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, "/settings?done="+urlQueryEscape(messages[language(w, r)]["token_revoked"])+"#tokens", http.StatusSeeOther)
}

// settingsTokens adds the viewer's tokens to the settings page's data.
func (s *Server) settingsTokens(ctx context.Context, v *viewer, data map[string]any) error {
	ts, err := s.store.APITokens(ctx, v.User.ID)
	if err != nil {
		return err
	}
	data["Tokens"] = ts
	return nil
}
