package server

import (
	"crypto/subtle"
	"maps"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/policyflow/policyflow/policies"
)

// limitBody caps every request body; handlers see a MaxBytesError past it
// (413). A body declared too large is refused at once, in JSON: nothing
// has looked at the route yet.
func (s *Server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit := bodyLimit(r) // maxBody, more for an attachment upload (attachments.go)
		if r.ContentLength > limit {
			s.writeError(w, r, &refusal{err: policies.Errorf(policies.KindTooLarge, "permintaan melebihi batas %d KB", limit>>10), json: true})
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		next.ServeHTTP(w, r)
	})
}

// securityHeaders forbids inline script and framing: user text can never run.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		if s.secure {
			h.Set("Strict-Transport-Security", hstsMaxAge)
		}
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}

func cacheForever(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=86400")
		next.ServeHTTP(w, r)
	})
}

// recoverer turns a panic into a logged 500 instead of a dropped connection.
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.logger(r).Error("panic", "path", logPath(r), "panic", v)
				s.writeError(w, r, &refusal{err: &policies.Error{Kind: policies.KindInternal}})
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// realIP replaces the peer address with the client's named by a trusted
// proxy: X-Real-IP, else the nearest X-Forwarded-For entry that is not
// itself a trusted proxy. Requests from anyone else keep their peer address.
func (s *Server) realIP(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if len(s.proxies) > 0 && s.proxies.Trusts(clientIP(r)) {
			if ip := s.proxies.Client(r); ip != "" {
				r.RemoteAddr = net.JoinHostPort(ip, "0")
			}
		}
		next.ServeHTTP(w, r)
	})
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// formText refuses a posted form with a field that is not text PostgreSQL
// can store (invalid UTF-8, or a NUL): 422 naming it, rather than a 500
// when the store refuses it.
func (s *Server) formText(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && isForm(r) {
			_ = r.ParseMultipartForm(32 << 20) // as FormFile would; a bad body leaves the form empty
			for _, k := range slices.Sorted(maps.Keys(r.PostForm)) {
				for _, v := range r.PostForm[k] {
					if !isText(v) {
						s.writeError(w, r, policies.FieldError(k, "isian %s bukan teks yang sah", k))
						return
					}
				}
			}
		}
		next.ServeHTTP(w, r)
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
		// The one-click unsubscribe POST (RFC 8058) comes from mail clients,
		// with no session and no form token: its signed token is the
		// authority, and it can only unsubscribe the address it names.
		// So does a follow's (follow.go), which ends one follow.
		if r.Method == http.MethodPost && (r.URL.Path == "/unsubscribe" || r.URL.Path == "/follow/unsubscribe") {
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
				s.writeError(w, r, policies.Errorf(kindCSRF, "permintaan lintas situs ditolak"))
				return
			}
		}
		got := r.Header.Get("X-CSRF-Token")
		if got == "" && isForm(r) {
			got = r.PostFormValue("csrf")
		}
		if v.CSRF == "" || subtle.ConstantTimeCompare([]byte(got), []byte(v.CSRF)) != 1 {
			s.writeError(w, r, policies.Errorf(kindCSRF, "token formulir tidak sah atau kedaluwarsa: muat ulang halaman lalu coba lagi"))
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
					s.writeError(w, r, policies.Errorf(kindUnauthorized, "silakan masuk terlebih dahulu"))
					return
				}
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			if !v.Is(roles...) {
				s.writeError(w, r, policies.Errorf(policies.KindForbidden, "peran Anda tidak boleh melakukan ini"))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// allow is require for a route table's roles: nil lets anyone through,
// even signed out; an empty list any signed-in user.
func (s *Server) allow(roles []policies.Role) func(http.Handler) http.Handler {
	if roles == nil {
		return func(next http.Handler) http.Handler { return next }
	}
	return s.require(roles...)
}
