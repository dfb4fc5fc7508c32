package idempotency

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/policyflow/policyflow/policies"
)

// Store keeps the answers to POSTs sent with an Idempotency-Key.
type Store interface {
	// BeginIdempotent claims (owner, key) for holder, the calling server
	// process. claimed is true when this request owns it; otherwise prev is
	// the earlier request's stored answer (Status 0 while it still runs). An
	// unanswered claim of the same holder is taken over: the caller must not
	// call while a request of its own with that key still runs.
	BeginIdempotent(ctx context.Context, owner, key, holder, method, path string) (claimed bool, prev policies.IdempotentResponse, err error)
	FinishIdempotent(ctx context.Context, owner, key string, status int, contentType string, body []byte) error
	AbortIdempotent(ctx context.Context, owner, key string) error // forget a claim whose request failed (5xx)
}

// Refusal is a refused key: the error, answered with Status when not 0
// (else its kind's) and with Retry-After when RetryAfter is set.
type Refusal struct {
	Err        *policies.Error
	Status     int
	RetryAfter string // seconds
}

func (e *Refusal) Error() string { return e.Err.Error() }
func (e *Refusal) Unwrap() error { return e.Err }

// errKeyRunning answers a request whose Idempotency-Key belongs to a request still running.
var errKeyRunning = &policies.Error{Kind: policies.KindConflict, Field: "Idempotency-Key", Message: "permintaan dengan Idempotency-Key ini masih diproses"}

// Keys honours the Idempotency-Key header on POSTs (see Handler).
type Keys struct {
	Store Store
	// Holder names this process in the claims.
	Holder string
	Log    *slog.Logger
	// Owner names whose keys a request's are ("" for a caller whose keys
	// are not honoured).
	Owner func(*http.Request) string
	// Refuse answers a refused request: a *Refusal, or the store's error.
	Refuse func(w http.ResponseWriter, r *http.Request, err error)

	running sync.Map // the (owner, key) pairs of this process's requests still running
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

// Handler honours the Idempotency-Key header on POSTs: the first request
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
// secret marks a route whose answer shows a secret: its key is claimed
// only while the request runs, so a concurrent copy is refused (409) and
// no answer is kept. A retry after the answer runs again: for the unit
// webhook that makes a new secret in place of the one the lost answer
// showed, so the caller holds the secret in force (refusing the retry would
// leave the unit signing with a secret nobody received); for a token it
// makes another token, and the one whose answer was lost can be revoked.
func (k *Keys) Handler(secret bool) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			key := r.Header.Get("Idempotency-Key")
			if r.Method != http.MethodPost || key == "" {
				next.ServeHTTP(w, r)
				return
			}
			if len(key) > 200 || !utf8.ValidString(key) || strings.ContainsRune(key, 0) {
				k.Refuse(w, r, &Refusal{Err: policies.FieldError("Idempotency-Key", "Idempotency-Key: teks maksimal 200 karakter"), Status: http.StatusBadRequest})
				return
			}
			owner := k.Owner(r)
			if owner == "" {
				next.ServeHTTP(w, r)
				return
			}
			// A request of this process with the same key still runs: say so
			// without asking the database, which may hold the claim of a request
			// of ours that ended without an answer (taken over below).
			slot := owner + "\x00" + key
			if _, busy := k.running.LoadOrStore(slot, struct{}{}); busy {
				k.Refuse(w, r, &Refusal{Err: errKeyRunning, RetryAfter: "1"})
				return
			}
			defer k.running.Delete(slot)
			claimed, prev, err := k.Store.BeginIdempotent(r.Context(), owner, key, k.Holder, r.Method, r.URL.Path)
			if err != nil {
				k.Refuse(w, r, err)
				return
			}
			if !claimed {
				switch {
				case prev.Method != r.Method || prev.Path != r.URL.Path:
					k.Refuse(w, r, policies.FieldError("Idempotency-Key", "Idempotency-Key ini sudah dipakai untuk permintaan lain"))
				case prev.Status == 0:
					k.Refuse(w, r, &Refusal{Err: errKeyRunning, RetryAfter: "5"})
				case secret:
					// An answer kept before secrets were left out (migration 0010
					// removes them) is never replayed.
					k.Refuse(w, r, &policies.Error{Kind: policies.KindConflict, Field: "Idempotency-Key", Message: "jawaban permintaan ini tidak disimpan; kirim dengan Idempotency-Key baru"})
				default:
					w.Header().Set("Content-Type", prev.ContentType)
					w.Header().Set("Idempotent-Replayed", "true")
					w.WriteHeader(prev.Status)
					w.Write(prev.Body)
				}
				return
			}
			// Bookkeeping writes must happen after the client has gone.
			done := context.WithoutCancel(r.Context())
			if secret {
				defer func() { _ = k.Store.AbortIdempotent(done, owner, key) }()
				next.ServeHTTP(w, r)
				return
			}
			rec := &recorder{ResponseWriter: w}
			defer func() {
				if rec.status == 0 || rec.status >= 500 {
					// Failed: forget the key so a retry runs again.
					_ = k.Store.AbortIdempotent(done, owner, key)
					return
				}
				if err := k.Store.FinishIdempotent(done, owner, key, rec.status, rec.Header().Get("Content-Type"), rec.buf.Bytes()); err != nil {
					k.Log.Error("idempotency: answer not kept", "key", key, "err", err)
				}
			}()
			next.ServeHTTP(rec, r)
		})
	}
}
