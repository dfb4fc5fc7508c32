package server

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/policyflow/policyflow/policies"
)

// apiErrorBody is every API error: {"error": {"code", "message", "field"}}.
type apiErrorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Field   string `json:"field,omitempty"`
	} `json:"error"`
}

func (s *Server) apiError(w http.ResponseWriter, r *http.Request, status int, code, msg, field string) {
	var b apiErrorBody
	b.Error.Code, b.Error.Message, b.Error.Field = code, msg, field
	if status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", retryAfter(status))
	}
	writeJSON(w, status, b)
}

func retryAfter(status int) string {
	if status == http.StatusTooManyRequests {
		return "900"
	}
	return "5"
}

// refuse answers a refusal in the caller's language: JSON for the API, a page otherwise.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, status int, code, msg string) {
	if isAPI(r) {
		s.apiError(w, r, status, code, msg, "")
		return
	}
	lang := language(w, r)
	if status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", retryAfter(status))
	}
	s.render(w, r, lang, status, "error", map[string]any{"Title": messages[lang]["error_title"], "Message": msg, "Code": status})
}

// statusOf maps a domain error kind to its HTTP status, in one place.
func statusOf(kind policies.ErrorKind) int {
	switch kind {
	case policies.KindInvalid:
		return http.StatusUnprocessableEntity
	case policies.KindBadRequest:
		return http.StatusBadRequest
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

// writeError answers a failed request. Domain errors show their message;
// anything else is logged with detail and shown as a plain 500.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		err = &policies.Error{Kind: policies.KindTooLarge, Message: fmt.Sprintf("permintaan melebihi batas %d KB", mbe.Limit>>10)}
	}
	if errors.Is(err, errTooMany) {
		s.refuse(w, r, http.StatusTooManyRequests, "rate_limited", err.Error())
		return
	}
	kind := policies.KindOf(err)
	status := statusOf(kind)
	lang := language(w, r)
	msg, field := messages[lang]["error_internal"], ""
	var de *policies.Error
	switch {
	case status == http.StatusInternalServerError:
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	case errors.As(err, &de):
		msg, field = de.Message, de.Field
		if kind == policies.KindNotFound && !isAPI(r) {
			msg = messages[lang]["error_not_found"]
		}
	}
	if isAPI(r) {
		s.apiError(w, r, status, string(kind), msg, field)
		return
	}
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "5")
	}
	s.render(w, r, lang, status, "error", map[string]any{"Title": messages[lang]["error_title"], "Message": msg, "Code": status, "Field": field})
}

type unsupportedMedia struct{}

func (unsupportedMedia) Error() string { return "Content-Type harus application/json" }

var errUnsupportedMedia error = unsupportedMedia{}

// apiFail writes err for the API, including the media-type refusal.
func (s *Server) apiFail(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, errUnsupportedMedia) {
		s.apiError(w, r, http.StatusUnsupportedMediaType, "unsupported_media_type", err.Error(), "")
		return
	}
	s.writeError(w, r, err)
}
