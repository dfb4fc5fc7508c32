package server

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/policyflow/policyflow/evaluation"
	"github.com/policyflow/policyflow/idempotency"
	"github.com/policyflow/policyflow/policies"
)

// Every failed request is answered by writeError, for pages and the API
// alike. The domain's error kinds (policies.KindInvalid …) say what went
// wrong; the HTTP layer's own refusals are kinds too, below.

// Kinds of refusal the HTTP layer makes itself, beside the domain's: each
// has its status in statusOf and is the code of the API's error body.
const (
	kindUnauthorized     policies.ErrorKind = "unauthorized"           // 401: not signed in, or an unknown API token
	kindCSRF             policies.ErrorKind = "csrf"                   // 403: a form that did not come from our pages
	kindMethodNotAllowed policies.ErrorKind = "method_not_allowed"     // 405
	kindUnsupportedMedia policies.ErrorKind = "unsupported_media_type" // 415: a body not in the route's format
	kindTooMany          policies.ErrorKind = "rate_limited"           // 429: the sign-in limits (tooManyError)
)

// errUnsupportedMedia refuses a JSON route's body of another type.
var errUnsupportedMedia = policies.Errorf(kindUnsupportedMedia, "Content-Type harus application/json")

// errNotFound is a page or record that is not there, said in the viewer's
// language (its message is the catalogue's "error_not_found").
var errNotFound = &policies.Error{Kind: policies.KindNotFound}

// refusal is an error answered with more than its kind says: a status
// other than its kind's, a Retry-After, JSON on any path (to callers only
// API clients are), or the bad lines of a CSV import.
type refusal struct {
	err        *policies.Error
	status     int    // 0: its kind's
	retryAfter string // seconds
	json       bool
	lines      []evaluation.LineError
}

func (e *refusal) Error() string { return e.err.Error() }
func (e *refusal) Unwrap() error { return e.err }

// errorBody is every API error: {"error": {"code", "message", "field"}},
// with "lines" for a refused CSV import.
type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Field   string `json:"field,omitempty"`
	} `json:"error"`
	Lines []evaluation.LineError `json:"lines,omitempty"`
}

// kindStatus is the HTTP status of each domain error kind, in one place.
var kindStatus = map[policies.ErrorKind]int{
	policies.KindInvalid:     http.StatusUnprocessableEntity,
	policies.KindBadRequest:  http.StatusBadRequest,
	policies.KindNotFound:    http.StatusNotFound,
	policies.KindConflict:    http.StatusConflict,
	policies.KindForbidden:   http.StatusForbidden,
	policies.KindTooLarge:    http.StatusRequestEntityTooLarge,
	policies.KindUnavailable: http.StatusServiceUnavailable,
	kindUnauthorized:         http.StatusUnauthorized,
	kindCSRF:                 http.StatusForbidden,
	kindMethodNotAllowed:     http.StatusMethodNotAllowed,
	kindUnsupportedMedia:     http.StatusUnsupportedMediaType,
	kindTooMany:              http.StatusTooManyRequests,
}

// statusOf maps a domain error kind to its HTTP status: 500 for any other.
func statusOf(kind policies.ErrorKind) int {
	if status, ok := kindStatus[kind]; ok {
		return status
	}
	return http.StatusInternalServerError
}

// serve adapts a handler to net/http: the one place a handler's error
// becomes the answer (writeError), for pages, the API, CSV and downloads
// alike. A handler that has begun its answer returns nil or an error that
// only the log sees.
func (s *Server) serve(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(s, w, r); err != nil {
			s.writeError(w, r, err)
		}
	}
}

// writeError answers a failed request: JSON under /api/, else the error
// page, in the viewer's language. Domain errors show their message and
// field (a page says "not found" in its own words); a body past its limit
// is too_large; a sign-in refused by the limits says how long to wait, in
// Retry-After too; a refusal adds what it carries; anything else is logged
// with detail and shown as a plain 500.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	lang := language(w, r)
	var (
		rf  *refusal
		ir  *idempotency.Refusal
		de  *policies.Error
		mbe *http.MaxBytesError
		tm  tooManyError
	)
	switch {
	case errors.As(err, &rf):
	case errors.As(err, &ir):
		rf = &refusal{err: ir.Err, status: ir.Status, retryAfter: ir.RetryAfter}
	case errors.As(err, &mbe):
		rf = &refusal{err: &policies.Error{Kind: policies.KindTooLarge, Message: fmt.Sprintf("permintaan melebihi batas %d KB", mbe.Limit>>10)}}
	case errors.As(err, &tm):
		rf = &refusal{err: &policies.Error{Kind: kindTooMany, Message: tm.message(lang)}, retryAfter: tm.retryAfter()}
	case errors.As(err, &de):
		rf = &refusal{err: de}
	default:
		rf = &refusal{err: &policies.Error{Kind: policies.KindInternal}}
	}
	kind, msg, field := rf.err.Kind, rf.err.Message, rf.err.Field
	status := statusOf(kind)
	if status == http.StatusInternalServerError {
		s.logger(r).Error("request failed", "method", r.Method, "path", logPath(r), "err", err)
		msg, field = "", ""
	}
	if f, ok := messages[lang][rf.err.Key]; ok && rf.err.Key != "" && status != http.StatusInternalServerError {
		msg = fmt.Sprintf(f, rf.err.Args...) // a refusal the catalogue words
	}
	if rf.status != 0 {
		status = rf.status
	}
	api := isAPI(r) || rf.json
	switch {
	case status == http.StatusNotFound && (!api || msg == ""):
		msg = messages[lang]["error_not_found"]
	case msg == "":
		msg = messages[lang]["error_internal"]
	}
	switch {
	case rf.retryAfter != "":
		w.Header().Set("Retry-After", rf.retryAfter)
	case status == http.StatusServiceUnavailable:
		w.Header().Set("Retry-After", "5")
	}
	if api {
		var b errorBody
		b.Error.Code, b.Error.Message, b.Error.Field = string(kind), msg, field
		b.Lines = rf.lines
		writeJSON(w, status, b)
		return
	}
	s.render(w, r, lang, status, "error", map[string]any{"Title": messages[lang]["error_title"], "Message": msg, "Code": status, "Field": field})
}

// logPath is a request's path as logs may keep it: the one-time token of a
// password link (/invite/…, /reset/…) is a secret and is left out.
func logPath(r *http.Request) string {
	for _, p := range []string{"/invite/", "/reset/"} {
		if strings.HasPrefix(r.URL.Path, p) {
			return p + "…"
		}
	}
	return r.URL.Path
}
