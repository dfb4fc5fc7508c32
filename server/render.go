package server

import (
	"bytes"
	"net/http"
	"strings"

	"github.com/policyflow/policyflow/policies"
)

// page is what every template receives.
type page struct {
	Lang     string
	OtherURL string // the same page in the other language
	T        map[string]string
	Status   map[policies.Status]string
	Data     map[string]any
	User     *policies.User
	CSRF     string
	Unread   int
}

// render executes a page template into a buffer first, so a template error
// becomes a clean 500 rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, lang string, status int, name string, data map[string]any) {
	other := langEN
	if lang == langEN {
		other = langID
	}
	v := viewerOf(r)
	p := page{Lang: lang, OtherURL: otherLanguageURL(r, other), T: messages[lang], Status: statusNames[lang], Data: data,
		User: v.User, CSRF: v.CSRF}
	if v.User != nil && s.store != nil {
		p.Unread, _ = s.store.UnreadCount(r.Context(), v.User.ID)
	}
	var buf bytes.Buffer
	if err := s.pages[name].Execute(&buf, p); err != nil {
		s.log.Error("render", "page", name, "err", err)
		http.Error(w, messages[lang]["error_internal"], http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", lang)
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// renderError shows an error page with a message key.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, status int, key string) {
	lang := language(w, r)
	if isAPI(r) {
		s.apiError(w, r, status, string(policies.KindNotFound), messages[lang][key], "")
		return
	}
	s.render(w, r, lang, status, "error", map[string]any{"Title": messages[lang]["error_title"], "Message": messages[lang][key], "Code": status})
}

// otherLanguageURL is the page asked for, in another language: built from
// the request's path and query alone (never Referer or Host), with one
// leading slash and the path escaped, so that an error page for a path
// such as "//evil.example" or "/\evil.example" never links off-site.
func otherLanguageURL(r *http.Request, lang string) string {
	q := r.URL.Query()
	q.Set("lang", lang)
	return "/" + strings.TrimLeft(r.URL.EscapedPath(), "/") + "?" + q.Encode()
}
