package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/policyflow/policyflow/policies"
)

// Size limits of request bodies.
const (
	maxBody        = 1 << 20 // any request: a 512 KB document in JSON fits
	maxCommentBody = 10000   // characters of one comment
)

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// apiErrorBody is every API error: {"error": {"code", "message", "field"}}.
type apiErrorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Field   string `json:"field,omitempty"`
	} `json:"error"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	enc.Encode(v)
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

// decodeJSON reads a JSON body into v: it must be application/json, at most
// maxBody bytes, one object with known fields only.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "application/json" {
		return errUnsupportedMedia
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		var ute *json.UnmarshalTypeError
		switch {
		case errors.As(err, &mbe):
			return err
		case errors.As(err, &ute):
			return policies.FieldError(ute.Field, "jenis nilai salah untuk %s", ute.Field)
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
			return policies.FieldError(f, "kolom %q tidak dikenal", f)
		}
		return &policies.Error{Kind: policies.KindBadRequest, Message: "JSON tidak sah: " + err.Error()}
	}
	if dec.More() {
		return &policies.Error{Kind: policies.KindBadRequest, Message: "JSON tidak sah: lebih dari satu nilai"}
	}
	if f := nulField(reflect.ValueOf(v), ""); f != "" {
		return policies.FieldError(f, "%s berisi karakter NUL", f)
	}
	return nil
}

// isText says whether PostgreSQL can store s as text: valid UTF-8 without NUL.
func isText(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }

// nulField names (by its JSON name) the first string in v that holds a NUL,
// which JSON may carry (\u0000) but PostgreSQL text cannot; "" when none.
func nulField(v reflect.Value, name string) string {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return nulField(v.Elem(), name)
		}
	case reflect.String:
		if strings.ContainsRune(v.String(), 0) {
			return name
		}
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Type().Field(i)
			n, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() || n == "-" {
				continue
			}
			if n == "" {
				n = f.Name
			}
			if got := nulField(v.Field(i), n); got != "" {
				return got
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if got := nulField(v.Index(i), name); got != "" {
				return got
			}
		}
	}
	return ""
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

// recorder keeps a copy of a response, to store it for idempotent replays.
type recorder struct {
	http.ResponseWriter
	status int
	buf    bytes.Buffer
}

func (rec *recorder) WriteHeader(code int) {
	rec.status = code
	rec.ResponseWriter.WriteHeader(code)
}

func (rec *recorder) Write(b []byte) (int, error) {
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	rec.buf.Write(b)
	return rec.ResponseWriter.Write(b)
}

// idempotent honours the Idempotency-Key header on POSTs: the first request
// with a key runs and its answer is kept; a retry with the same key gets the
// same answer without running again. A key still running answers 409 with
// Retry-After; a key reused for another request answers 422. A request that
// ended without an answer (its claim could not even be released, e.g. while
// PostgreSQL was down) leaves a claim this process takes over on the retry.
//
// Keys belong to a signed-in person: one person's retry never finds
// another's answer. A signed-out caller's key is ignored — no claim, no
// replay, nothing kept — since all it could be tied to is an address, which
// everyone behind one office's NAT shares: one of them would get another's
// answer (POST /tokens answers with a token).
//
// secret marks a route whose answer shows a secret (secretAnswers): its key
// is claimed only while the request runs, so a concurrent copy is refused
// (409) and no answer is kept. A retry after the answer runs again: for the
// unit webhook that makes a new secret in place of the one the lost answer
// showed, so the caller holds the secret in force (refusing the retry would
// leave the unit signing with a secret nobody received); for a token it
// makes another token, and the one whose answer was lost can be revoked.
func (s *Server) idempotent(secret bool) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			key := r.Header.Get("Idempotency-Key")
			if r.Method != http.MethodPost || key == "" {
				next.ServeHTTP(w, r)
				return
			}
			if len(key) > 200 || !isText(key) {
				s.apiError(w, r, http.StatusBadRequest, "invalid", "Idempotency-Key: teks maksimal 200 karakter", "Idempotency-Key")
				return
			}
			owner := idemOwner(viewerOf(r))
			if owner == "" {
				next.ServeHTTP(w, r)
				return
			}
			// A request of this process with the same key still runs: say so
			// without asking the database, which may hold the claim of a request
			// of ours that ended without an answer (taken over below).
			slot := owner + "\x00" + key
			if _, busy := s.running.LoadOrStore(slot, struct{}{}); busy {
				w.Header().Set("Retry-After", "1")
				s.apiError(w, r, http.StatusConflict, "conflict", "permintaan dengan Idempotency-Key ini masih diproses", "Idempotency-Key")
				return
			}
			defer s.running.Delete(slot)
			claimed, prev, err := s.store.BeginIdempotent(r.Context(), owner, key, s.holder, r.Method, r.URL.Path)
			if err != nil {
				s.writeError(w, r, err)
				return
			}
			if !claimed {
				switch {
				case prev.Method != r.Method || prev.Path != r.URL.Path:
					s.apiError(w, r, http.StatusUnprocessableEntity, "invalid", "Idempotency-Key ini sudah dipakai untuk permintaan lain", "Idempotency-Key")
				case prev.Status == 0:
					w.Header().Set("Retry-After", "5")
					s.apiError(w, r, http.StatusConflict, "conflict", "permintaan dengan Idempotency-Key ini masih diproses", "Idempotency-Key")
				case secret:
					// An answer kept before secrets were left out (migration 0010
					// removes them) is never replayed.
					s.apiError(w, r, http.StatusConflict, "conflict", "jawaban permintaan ini tidak disimpan; kirim dengan Idempotency-Key baru", "Idempotency-Key")
				default:
					w.Header().Set("Content-Type", prev.ContentType)
					w.Header().Set("Idempotent-Replayed", "true")
					w.WriteHeader(prev.Status)
					w.Write(prev.Body)
				}
				return
			}
			if secret {
				defer func() { _ = s.store.AbortIdempotent(context0(r.Context()), owner, key) }()
				next.ServeHTTP(w, r)
				return
			}
			rec := &recorder{ResponseWriter: w}
			defer func() {
				ctx := r.Context()
				if rec.status == 0 || rec.status >= 500 {
					// Failed: forget the key so a retry runs again.
					_ = s.store.AbortIdempotent(context0(ctx), owner, key)
					return
				}
				if err := s.store.FinishIdempotent(context0(ctx), owner, key, rec.status, rec.Header().Get("Content-Type"), rec.buf.Bytes()); err != nil {
					s.log.Error("idempotency: answer not kept", "key", key, "err", err)
				}
			}()
			next.ServeHTTP(rec, r)
		})
	}
}

// readAll reads a limited body for handlers that need raw bytes.
func readAll(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	return io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
}

// idemOwner names whose Idempotency-Keys these are: a signed-in person, or
// nobody ("") for a signed-out caller, whose keys are not honoured.
func idemOwner(v *viewer) string {
	if v.User == nil {
		return ""
	}
	return fmt.Sprintf("u%d", v.User.ID)
}

// updateID is the Temporal Update ID of a person's request: the request ID
// (an Idempotency-Key, a form's request_id) scoped to the person. A workflow
// answers a repeated Update ID with the first Update's outcome, so two
// people's equal keys must not give equal IDs, or the second would get the
// first's result and their own action would never run.
func updateID(v *viewer, requestID string) string {
	sum := sha256.Sum256([]byte(fmt.Sprintf("u%d\x00%s", v.User.ID, requestID)))
	return hex.EncodeToString(sum[:])
}
