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
	// KeepIdempotent claims (owner, key) and stores the answer at once, for
	// an Atomic route's request that wrote nothing (a refusal): kept is
	// false when the key is another request's, whose answer is prev (Status
	// 0 while it runs). Its claims are taken over as BeginIdempotent's are.
	KeepIdempotent(ctx context.Context, owner, key, holder, method, path string, status int, contentType string, body []byte) (kept bool, prev policies.IdempotentResponse, err error)
}

// Mode is how a route honours the Idempotency-Key (Keys.Handler).
type Mode int

const (
	// Kept: the key is claimed before the handler runs, and its answer
	// stored after it, each in a statement of its own.
	Kept Mode = iota
	// Secret: the answer shows a secret and is never kept (see Handler).
	Secret
	// Atomic: the route's one write claims the key in its own transaction
	// (ClaimOf, Claim.Hold), and the answer is stored and committed with it
	// before it is sent; a refusal that wrote nothing is stored on its own.
	// The handler must write only through such a claiming write.
	Atomic
)

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
// mode Secret marks a route whose answer shows a secret: its key is claimed
// only while the request runs, so a concurrent copy is refused (409) and
// no answer is kept. A retry after the answer runs again: for the unit
// webhook that makes a new secret in place of the one the lost answer
// showed, so the caller holds the secret in force (refusing the retry would
// leave the unit signing with a secret nobody received); for a token it
// makes another token, and the one whose answer was lost can be revoked.
//
// mode Atomic makes the key claim, the route's write and the stored answer
// one transaction (atomic): nothing is claimed up front, the answer waits
// for the commit, and a crash at any point leaves either nothing (the retry
// runs again) or the write with its answer (the retry gets the answer).
func (k *Keys) Handler(mode Mode) func(http.Handler) http.Handler {
	secret := mode == Secret
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
			if mode == Atomic {
				k.atomic(w, r, next, &Claim{Owner: owner, Key: key, Holder: k.Holder, Method: r.Method, Path: r.URL.Path})
				return
			}
			claimed, prev, err := k.Store.BeginIdempotent(r.Context(), owner, key, k.Holder, r.Method, r.URL.Path)
			if err != nil {
				k.Refuse(w, r, err)
				return
			}
			if !claimed {
				k.answerTaken(w, r, prev, secret)
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

// answerTaken answers a request whose key an earlier request claimed, whose
// answer is prev (Status 0 while it runs).
func (k *Keys) answerTaken(w http.ResponseWriter, r *http.Request, prev policies.IdempotentResponse, secret bool) {
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
}

// atomic runs an Atomic route's request: the handler's write claims the
// key in its transaction (c), the answer is held back until it is stored
// and committed with the write, so an answer sent is an answer kept.
func (k *Keys) atomic(w http.ResponseWriter, r *http.Request, next http.Handler, c *Claim) {
	done := context.WithoutCancel(r.Context())
	buf := &held{header: w.Header()}
	defer func() {
		if c.tx != nil { // the handler panicked: nothing happened
			_ = c.tx.Rollback()
		}
	}()
	next.ServeHTTP(buf, r.WithContext(context.WithValue(r.Context(), claimKey{}, c)))
	if buf.status == 0 {
		buf.status = http.StatusOK
	}
	tx := c.tx
	c.tx = nil
	switch {
	case c.taken != nil:
		k.answerTaken(w, r, *c.taken, false)
	case buf.status >= 500:
		if tx != nil {
			_ = tx.Rollback()
		}
		buf.send(w)
	case tx != nil:
		if err := tx.Commit(done, buf.status, w.Header().Get("Content-Type"), buf.body.Bytes()); err != nil {
			// Not known to have happened: a retry with the key gets the
			// answer if the commit went through, else runs again.
			k.Refuse(w, r, err)
			return
		}
		buf.send(w)
	default: // nothing written: the refusal is kept unless the key is taken
		kept, prev, err := k.Store.KeepIdempotent(done, c.Owner, c.Key, c.Holder, c.Method, c.Path, buf.status, w.Header().Get("Content-Type"), buf.body.Bytes())
		switch {
		case err != nil:
			k.Log.Error("idempotency: answer not kept", "key", c.Key, "err", err)
			buf.send(w)
		case kept:
			buf.send(w)
		default:
			k.answerTaken(w, r, prev, false)
		}
	}
}

// held is a response held back until the transaction it answers commits.
type held struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (h *held) Header() http.Header { return h.header }

func (h *held) WriteHeader(code int) {
	if h.status == 0 {
		h.status = code
	}
}

func (h *held) Write(b []byte) (int, error) {
	if h.status == 0 {
		h.status = http.StatusOK
	}
	return h.body.Write(b)
}

func (h *held) send(w http.ResponseWriter) {
	w.WriteHeader(h.status)
	w.Write(h.body.Bytes())
}
