package server

import (
	"context"
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
	s.renderSettings(w, r, r.URL.Query().Get("done"), "")
	return nil
}

// renderSettings shows the settings page; secret is a unit webhook secret
// just made, shown this once.
func (s *Server) renderSettings(w http.ResponseWriter, r *http.Request, done, secret string) {
	lang := language(w, r)
	v := viewerOf(r)
	mode, err := s.store.NotifyMode(r.Context(), v.User.ID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	data := map[string]any{"Title": messages[lang]["settings"], "Mode": mode, "Done": done, "Secret": secret}
	if v.is(policies.RoleUnitOfficer) && v.User.UnitID != nil {
		hook, err := s.store.UnitWebhook(r.Context(), *v.User.UnitID)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		data["Officer"], data["Webhook"] = true, hook
	}
	if err := s.settingsTokens(r.Context(), v, data); err != nil {
		s.writeError(w, r, err)
		return
	}
	if secret != "" {
		w.Header().Set("Cache-Control", "no-store")
	}
	s.render(w, r, lang, http.StatusOK, "settings", data)
}

func (s *Server) handleSettingsSave(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.SetNotifyMode(r.Context(), viewerOf(r).User.ID, policies.NotifyMode(r.PostFormValue("notify_mode"))); err != nil {
		return err
	}
	http.Redirect(w, r, "/settings?done="+urlQueryEscape(messages[language(w, r)]["done_saved"]), http.StatusSeeOther)
	return nil
}

// setUnitWebhook gives the officer's unit a webhook with a new secret, or
// removes it when raw is empty; it returns the secret.
func (s *Server) setUnitWebhook(ctx context.Context, v *viewer, raw string) (string, error) {
	if v.User.UnitID == nil {
		return "", policies.Errorf(policies.KindForbidden, "akun Anda tidak terhubung ke unit")
	}
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", s.store.SetUnitWebhook(ctx, *v.User.UnitID, "", "")
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || len(raw) > 2000 {
		return "", policies.FieldError("webhook_url", "alamat webhook harus URL http:// atau https:// tanpa nama pengguna (maksimal 2000 karakter)")
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
		return "", policies.FieldError("webhook_url", "alamat webhook harus alamat publik di internet; %s adalah alamat "+
			"loopback, jaringan privat, link-local/metadata cloud atau alamat khusus lain", where)
	case err != nil:
		return "", policies.FieldError("webhook_url", "nama host webhook %s tidak dapat ditemukan di DNS: periksa alamatnya", u.Hostname())
	}
	secret := randomToken()
	return secret, s.store.SetUnitWebhook(ctx, *v.User.UnitID, raw, secret)
}

func (s *Server) handleWebhookSave(w http.ResponseWriter, r *http.Request) error {
	secret, err := s.setUnitWebhook(r.Context(), viewerOf(r), r.PostFormValue("webhook_url"))
	if err != nil {
		return err
	}
	done := messages[language(w, r)]["done_webhook_off"]
	if secret != "" {
		done = messages[language(w, r)]["done_webhook_on"]
	}
	s.renderSettings(w, r, done, secret)
	return nil
}

func (s *Server) handleAPIWebhook(w http.ResponseWriter, r *http.Request) error {
	v := viewerOf(r)
	if v.User.UnitID == nil {
		return policies.Errorf(policies.KindForbidden, "akun Anda tidak terhubung ke unit")
	}
	hook, err := s.store.UnitWebhook(r.Context(), *v.User.UnitID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"unit_id": *v.User.UnitID, "url": hook})
	return nil
}

// webhookInput is the body of POST /api/v1/unit/webhook (an empty url: none).
type webhookInput struct {
	URL string `json:"url" required:"false"`
}

func (s *Server) handleAPIWebhookSet(w http.ResponseWriter, r *http.Request) error {
	var in webhookInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	secret, err := s.setUnitWebhook(r.Context(), viewerOf(r), in.URL)
	if err != nil {
		if e := new(policies.Error); errors.As(err, &e) && e.Field == "webhook_url" {
			e.Field = "url"
		}
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, map[string]any{"unit_id": *viewerOf(r).User.UnitID, "url": strings.TrimSpace(in.URL), "secret": secret})
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

// issueToken makes a token for u and returns it (the only time its value
// is known: only its hash is kept), its id and its end.
func (s *Server) issueToken(ctx context.Context, u policies.User, t policies.NewAPIToken) (token string, id int64, expires time.Time, err error) {
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

// handleTokenCreate makes a token from the settings page. The password is
// asked again: a session left open must not mint a credential that
// outlives it. The token is shown this once, on a page no cache keeps.
func (s *Server) handleTokenCreate(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	v := viewerOf(r)
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
	_, err = s.checkLogin(r.Context(), v.User.Email, r.PostFormValue("password"), clientIP(r))
	var tm tooManyError
	switch {
	case errors.As(err, &tm):
		return tm
	case policies.IsKind(err, policies.KindInvalid):
		return policies.FieldError("password", "%s", messages[lang]["token_wrong_password"])
	case err != nil:
		return err
	}
	token, _, expires, err := s.issueToken(r.Context(), *v.User, t)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, lang, http.StatusOK, "settings", map[string]any{"Title": messages[lang]["token_new_title"],
		"NewToken": token, "NewTokenName": t.Name, "NewTokenExpires": expires})
	return nil
}

// handleTokenRevoke revokes one of the viewer's tokens from the settings page.
func (s *Server) handleTokenRevoke(w http.ResponseWriter, r *http.Request) error {
	id, err := tokenID(r)
	if err != nil {
		return err
	}
	if _, err := s.store.RevokeAPIToken(r.Context(), viewerOf(r).User.ID, id); err != nil {
		return err
	}
	http.Redirect(w, r, "/settings?done="+urlQueryEscape(messages[language(w, r)]["token_revoked"])+"#tokens", http.StatusSeeOther)
	return nil
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

// handleAPITokenList lists the caller's tokens, never their values.
func (s *Server) handleAPITokenList(w http.ResponseWriter, r *http.Request) error {
	ts, err := s.store.APITokens(r.Context(), viewerOf(r).User.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"tokens": ts})
	return nil
}

// handleAPITokenRevoke revokes one of the caller's tokens; anyone else's is 404.
func (s *Server) handleAPITokenRevoke(w http.ResponseWriter, r *http.Request) error {
	id, err := tokenID(r)
	if err != nil {
		return err
	}
	t, err := s.store.RevokeAPIToken(r.Context(), viewerOf(r).User.ID, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, t)
	return nil
}
