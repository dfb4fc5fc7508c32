package server

import (
	"bytes"
	"errors"
	"net/http"

	"github.com/policyflow/policyflow/policies"
)

// page is what every template receives.
type page struct {
	Lang     string
	OtherURL string // the same page in the other language
	T        map[string]string
	Status   map[policies.Status]string
	Data     map[string]any
}

// render executes a page template into a buffer first, so a template error
// becomes a clean 500 rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, lang string, status int, name string, data map[string]any) {
	other := langEN
	if lang == langEN {
		other = langID
	}
	q := r.URL.Query()
	q.Set("lang", other)
	p := page{Lang: lang, OtherURL: r.URL.Path + "?" + q.Encode(), T: messages[lang], Status: statusNames[lang], Data: data}
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
	s.render(w, r, lang, status, "error", map[string]any{"Title": messages[lang]["error_title"], "Message": messages[lang][key], "Code": status})
}

// statusOf maps a domain error kind to its HTTP status, in one place.
func statusOf(kind policies.ErrorKind) int {
	switch kind {
	case policies.KindInvalid:
		return http.StatusUnprocessableEntity
	case policies.KindNotFound:
		return http.StatusNotFound
	case policies.KindConflict:
		return http.StatusConflict
	case policies.KindForbidden:
		return http.StatusForbidden
	case policies.KindTooLarge:
		return http.StatusRequestEntityTooLarge
	case policies.KindUnavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// writeError answers a page request that failed. Domain errors show their
// message; anything else is logged with detail and shown as a plain 500.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	kind := policies.KindOf(err)
	status := statusOf(kind)
	lang := language(w, r)
	msg := messages[lang]["error_internal"]
	var de *policies.Error
	switch {
	case status == http.StatusInternalServerError:
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	case kind == policies.KindNotFound:
		msg = messages[lang]["error_not_found"]
	case errors.As(err, &de):
		msg = de.Message
	}
	s.render(w, r, lang, status, "error", map[string]any{"Title": messages[lang]["error_title"], "Message": msg, "Code": status})
}
