package server

import (
	"net/http"
	"net/url"

	"github.com/policyflow/policyflow/i18n"
)

// messages holds every page string, by language then key (package i18n).
var messages = i18n.Pages

// language picks the page language: ?lang= (remembered in a cookie), then
// the cookie, then Indonesian.
func language(w http.ResponseWriter, r *http.Request) string {
	if l := r.URL.Query().Get("lang"); l == i18n.ID || l == i18n.EN {
		http.SetCookie(w, &http.Cookie{Name: "lang", Value: l, Path: "/", MaxAge: 365 * 24 * 3600,
			HttpOnly: true, SameSite: http.SameSiteLaxMode})
		return l
	}
	if c, err := r.Cookie("lang"); err == nil && (c.Value == i18n.ID || c.Value == i18n.EN) {
		return c.Value
	}
	// With neither, a signed-in person's pages are in the language they
	// chose for their notices (settings).
	if u := viewerOf(r).User; u != nil && u.Lang == i18n.EN {
		return i18n.EN
	}
	return i18n.ID
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
