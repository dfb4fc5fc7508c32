package server

import "net/http"

// Cookies follow PUBLIC_URL: served over https, the session and form
// cookies are Secure and named with the __Host- prefix (the browser then
// keeps them only for this host, over https, for the whole site: no
// subdomain or plain-http page can set or overwrite them), and responses
// carry Strict-Transport-Security. Over plain http (make dev on a laptop)
// they keep their bare names. Whether a request came over TLS is never
// taken from its headers.

// cookieName is the name a cookie has on this server.
func (s *Server) cookieName(base string) string {
	if s.secure {
		return "__Host-" + base
	}
	return base
}

// setCookie sets (maxAge > 0) or removes (maxAge < 0) one of Policyflow's
// cookies: HttpOnly, SameSite=Lax, for the whole site.
func (s *Server) setCookie(w http.ResponseWriter, base, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(base), Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure})
}

// cookie is the value of one of Policyflow's cookies ("" when absent).
func (s *Server) cookie(r *http.Request, base string) string {
	c, err := r.Cookie(s.cookieName(base))
	if err != nil {
		return ""
	}
	return c.Value
}

// hstsMaxAge is a year: once a browser has seen the site over https it
// never asks for it over plain http. Subdomains are not included: a city's
// other sites are not Policyflow's to decide.
const hstsMaxAge = "max-age=31536000"
