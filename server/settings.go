package server

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/policyflow/policyflow/notify/webhookaddr"
	"github.com/policyflow/policyflow/policies"
)

// handleSettings shows how the viewer receives notifications.
func (s *Server) handleSettings(w http.ResponseWriter, r *http.Request) error {
	return s.renderSettings(w, r, doneText(r, language(w, r)), "")
}

// renderSettings shows the settings page; secret is a unit webhook secret
// just made, shown this once.
func (s *Server) renderSettings(w http.ResponseWriter, r *http.Request, done, secret string) error {
	lang := language(w, r)
	v := viewerOf(r)
	mode, err := s.store.NotifyMode(r.Context(), v.User.ID)
	if err != nil {
		return err
	}
	data := map[string]any{"Title": messages[lang]["settings"], "Mode": mode, "Lang": v.User.Lang, "Done": done, "Secret": secret}
	if v.Is(policies.RoleUnitOfficer) && v.User.UnitID != nil {
		hook, err := s.unitWebhook(r)
		if err != nil {
			return err
		}
		data["Officer"], data["Webhook"] = true, hook.URL
	}
	tokens, err := s.listTokens(r)
	if err != nil {
		return err
	}
	data["Tokens"] = tokens.Tokens
	if data["SecondFactor"], err = s.store.SecondFactorOf(r.Context(), v.User.ID); err != nil {
		return err
	}
	if secret != "" {
		w.Header().Set("Cache-Control", "no-store")
	}
	s.render(w, r, lang, http.StatusOK, "settings", data)
	return nil
}

// handleSettingsSave saves how the viewer receives notifications and, when
// the form names it, the language of their notices (audited, each).
func (s *Server) handleSettingsSave(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.SetNotifyMode(r.Context(), viewerOf(r).User.ID, policies.NotifyMode(r.PostFormValue("notify_mode"))); err != nil {
		return err
	}
	if l := r.PostFormValue("lang"); l != "" {
		if err := s.store.SetUserLang(r.Context(), viewerOf(r).User.ID, l); err != nil {
			return err
		}
	}
	http.Redirect(w, r, saying("/settings", doneKey("done_saved")), http.StatusSeeOther)
	return nil
}

// unitWebhook is the webhook of the viewer's unit (page and API).
func (s *Server) unitWebhook(r *http.Request) (webhookAnswer, error) {
	v := viewerOf(r)
	if v.User.UnitID == nil {
		return webhookAnswer{}, policies.Errorf(policies.KindForbidden, "akun Anda tidak terhubung ke unit")
	}
	hook, err := s.store.UnitWebhook(r.Context(), *v.User.UnitID)
	return webhookAnswer{UnitID: *v.User.UnitID, URL: hook}, err
}

// webhookInput is the body of POST /api/v1/unit/webhook (an empty url: none).
type webhookInput struct {
	URL string `json:"url" required:"false"`
}

// setWebhook gives the officer's unit a webhook with a new secret, or
// removes it when the URL is empty (page and API); the answer carries the
// secret, shown this once. A refused URL is named webhook_url, the form's
// field.
func (s *Server) setWebhook(r *http.Request, in webhookInput) (webhookSet, error) {
	ctx, v := r.Context(), viewerOf(r)
	if v.User.UnitID == nil {
		return webhookSet{}, policies.Errorf(policies.KindForbidden, "akun Anda tidak terhubung ke unit")
	}
	raw := strings.TrimSpace(in.URL)
	out := webhookSet{UnitID: *v.User.UnitID, URL: raw}
	if raw == "" {
		return out, s.store.SetUnitWebhook(ctx, *v.User.UnitID, v.User.ID, "", "")
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || len(raw) > 2000 {
		return webhookSet{}, policies.FieldError("webhook_url", "alamat webhook harus URL http:// atau https:// tanpa nama pengguna (maksimal 2000 karakter)")
	}
	// The worker calls this URL from inside the government's network: it
	// must lead to the public internet, not to loopback, the private
	// network or the cloud metadata service. The worker checks again on
	// every connection, in case the name resolves elsewhere later.
	var refused *webhookaddr.Error
	switch err := webhookaddr.CheckURL(ctx, raw, s.allowPrivateWebhooks); {
	case errors.As(err, &refused):
		where := u.Hostname()
		if a := refused.Addr.String(); a != where {
			where += " (" + a + ")"
		}
		return webhookSet{}, policies.FieldError("webhook_url", "alamat webhook harus alamat publik di internet; %s adalah alamat "+
			"loopback, jaringan privat, link-local/metadata cloud atau alamat khusus lain", where)
	case err != nil:
		return webhookSet{}, policies.FieldError("webhook_url", "nama host webhook %s tidak dapat ditemukan di DNS: periksa alamatnya", u.Hostname())
	}
	out.Secret = randomToken()
	return out, s.store.SetUnitWebhook(ctx, *v.User.UnitID, v.User.ID, raw, out.Secret)
}

// handleWebhookSave sets the webhook from the settings page, which shows
// the new secret.
func (s *Server) handleWebhookSave(w http.ResponseWriter, r *http.Request) error {
	hook, err := s.setWebhook(r, webhookInput{URL: r.PostFormValue("webhook_url")})
	if err != nil {
		return err
	}
	done := messages[language(w, r)]["done_webhook_off"]
	if hook.Secret != "" {
		done = messages[language(w, r)]["done_webhook_on"]
	}
	return s.renderSettings(w, r, done, hook.Secret)
}

// handleAPIWebhookSet sets the webhook by the API, which names a refused
// URL url, its field, and keeps no copy of the answer's secret.
func (s *Server) handleAPIWebhookSet(w http.ResponseWriter, r *http.Request) error {
	var in webhookInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	hook, err := s.setWebhook(r, in)
	if err != nil {
		if e := new(policies.Error); errors.As(err, &e) && e.Field == "webhook_url" {
			e.Field = "url"
		}
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, hook)
	return nil
}

// Personal API tokens: made with the owner's password, listed without their
// value, shown once, expiring, revoked by their owner (page and API).

// parseNewToken reads a token's name (default "api") and lifetime (nil:
// policies.APITokenDays) and checks them.
func parseNewToken(name string, days *int) (policies.NewAPIToken, error) {
	t := policies.NewAPIToken{Name: name, Days: policies.APITokenDays}
	if days != nil {
		t.Days = *days
	}
	err := t.Validate()
	return t, err
}

// errWrongPassword is a token refused for its password: each twin says it
// its own way (the page in the reader's language, the API as a 401).
var errWrongPassword = errors.New("wrong password for a new API token")

// mintToken checks the password under the sign-in limits, then second
// (the second factor of a sign-in through the API; nothing for a signed-in
// person on the settings page), and makes the token t for its owner (the
// settings page and POST /api/v1/tokens). The answer is the only time the
// token's value is known: only its hash is kept.
func (s *Server) mintToken(r *http.Request, email, password string, t policies.NewAPIToken, second func(policies.User) error) (tokenCreated, error) {
	u, err := s.checkLogin(r.Context(), email, password, clientIP(r))
	var tm tooManyError
	switch {
	case errors.As(err, &tm):
		return tokenCreated{}, tm
	case policies.IsKind(err, policies.KindInvalid):
		return tokenCreated{}, errWrongPassword
	case err != nil:
		return tokenCreated{}, err
	}
	if err := second(u); err != nil {
		return tokenCreated{}, err
	}
	if err := s.store.RecordLoginAttempt(r.Context(), u.Email, clientIP(r), true); err != nil {
		return tokenCreated{}, err
	}
	token := "pf_" + randomToken()
	expires := time.Now().Add(time.Duration(t.Days) * 24 * time.Hour).Truncate(time.Second)
	id, err := s.store.CreateAPIToken(r.Context(), u.ID, t.Name, hashToken(token), expires)
	return tokenCreated{ID: id, Token: token, Name: t.Name, ExpiresAt: expires, User: u}, err
}

// tokenID reads the {tid} path parameter; a malformed one is not found.
func tokenID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, "tid"), 10, 64)
	if err != nil {
		return 0, policies.Errorf(policies.KindNotFound, "token API tidak ditemukan")
	}
	return id, nil
}

// handleTokenCreate makes a token from the settings page. The password is
// asked again: a session left open must not mint a credential that
// outlives it. The token is shown this once, on a page no cache keeps.
func (s *Server) handleTokenCreate(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	var days *int
	if d := strings.TrimSpace(r.PostFormValue("expires_in_days")); d != "" {
		n, err := strconv.Atoi(d)
		if err != nil {
			return policies.FieldError("expires_in_days", "masa berlaku token 1–%d hari", policies.APITokenMaxDays)
		}
		days = &n
	}
	t, err := parseNewToken(r.PostFormValue("name"), days)
	if err != nil {
		return err
	}
	made, err := s.mintToken(r, viewerOf(r).User.Email, r.PostFormValue("password"), t, func(policies.User) error { return nil })
	if errors.Is(err, errWrongPassword) {
		return policies.FieldError("password", "%s", messages[lang]["token_wrong_password"])
	}
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, lang, http.StatusOK, "settings", map[string]any{"Title": messages[lang]["token_new_title"],
		"NewToken": made.Token, "NewTokenName": made.Name, "NewTokenExpires": made.ExpiresAt})
	return nil
}

// revokeToken revokes one of the viewer's tokens (page and API); anyone
// else's is 404.
func (s *Server) revokeToken(r *http.Request, _ struct{}) (policies.APIToken, error) {
	id, err := tokenID(r)
	if err != nil {
		return policies.APIToken{}, err
	}
	return s.store.RevokeAPIToken(r.Context(), viewerOf(r).User.ID, id)
}

// handleTokenRevoke revokes a token from the settings page, which says so
// in the reader's language.
func (s *Server) handleTokenRevoke(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.revokeToken(r, struct{}{}); err != nil {
		return err
	}
	http.Redirect(w, r, saying("/settings#tokens", doneKey("token_revoked")), http.StatusSeeOther)
	return nil
}

// listTokens are the viewer's tokens, never their values (page and API).
func (s *Server) listTokens(r *http.Request) (tokenList, error) {
	ts, err := s.store.APITokens(r.Context(), viewerOf(r).User.ID)
	return tokenList{Tokens: ts}, err
}
