package server

import (
	"bytes"
	"context"
	"fmt"
	"net/http"

	"github.com/policyflow/policyflow/policies"
)

// IdempotencyStore keeps the answers to POSTs sent with an Idempotency-Key.
type IdempotencyStore interface {
	// BeginIdempotent claims (owner, key) for holder, the calling server
	// process. claimed is true when this request owns it; otherwise prev is
	// the earlier request's stored answer (Status 0 while it still runs). An
	// unanswered claim of the same holder is taken over: the caller must not
	// call while a request of its own with that key still runs.
	BeginIdempotent(ctx context.Context, owner, key, holder, method, path string) (claimed bool, prev policies.IdempotentResponse, err error)
	FinishIdempotent(ctx context.Context, owner, key string, status int, contentType string, body []byte) error
	AbortIdempotent(ctx context.Context, owner, key string) error // forget a claim whose request failed (5xx)
}

// errKeyRunning answers a request whose Idempotency-Key belongs to a request still running.
var errKeyRunning = &policies.Error{Kind: policies.KindConflict, Field: "Idempotency-Key", Message: "permintaan dengan Idempotency-Key ini masih diproses"}

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
				s.writeError(w, r, &refusal{err: policies.FieldError("Idempotency-Key", "Idempotency-Key: teks maksimal 200 karakter"), status: http.StatusBadRequest})
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
				s.writeError(w, r, &refusal{err: errKeyRunning, retryAfter: "1"})
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
					s.writeError(w, r, policies.FieldError("Idempotency-Key", "Idempotency-Key ini sudah dipakai untuk permintaan lain"))
				case prev.Status == 0:
					s.writeError(w, r, &refusal{err: errKeyRunning, retryAfter: "5"})
				case secret:
					// An answer kept before secrets were left out (migration 0010
					// removes them) is never replayed.
					s.writeError(w, r, &policies.Error{Kind: policies.KindConflict, Field: "Idempotency-Key", Message: "jawaban permintaan ini tidak disimpan; kirim dengan Idempotency-Key baru"})
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

// idemOwner names whose Idempotency-Keys these are: a signed-in person, or
// nobody ("") for a signed-out caller, whose keys are not honoured.
func idemOwner(v *viewer) string {
	if v.User == nil {
		return ""
	}
	return fmt.Sprintf("u%d", v.User.ID)
}

// context0 detaches from a request's cancellation for bookkeeping writes
// that must happen after the client has gone.
func context0(ctx context.Context) context.Context { return context.WithoutCancel(ctx) }
