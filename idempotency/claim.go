package idempotency

import (
	"context"

	"github.com/policyflow/policyflow/policies"
)

// Claim is the Idempotency-Key of a request on an Atomic route: the
// route's write claims it in the transaction that makes the write, and the
// answer is stored in that same transaction (Keys.Handler). A store's
// write finds it with ClaimOf and either holds it (Hold) or finds it taken
// (Taken).
type Claim struct {
	Owner, Key, Holder, Method, Path string

	tx    Tx
	taken *policies.IdempotentResponse
}

// Tx is the open transaction in which a write claimed its key. Commit
// stores the answer under the key and commits the write with it: both or
// neither. Rollback undoes the write and frees the key.
type Tx interface {
	Commit(ctx context.Context, status int, contentType string, body []byte) error
	Rollback() error
}

// ErrTaken is what a write returns when its key is another request's: the
// handler stops, and Keys.Handler answers with that request's answer.
var ErrTaken = &policies.Error{Kind: policies.KindConflict, Field: "Idempotency-Key", Message: "Idempotency-Key ini sudah dipakai"}

type claimKey struct{}

// ClaimOf is the unclaimed Idempotency-Key of ctx's request, or nil when
// the request has none to claim, or has claimed it (or found it taken)
// already: a request claims once.
func ClaimOf(ctx context.Context) *Claim {
	c, _ := ctx.Value(claimKey{}).(*Claim)
	if c == nil || c.tx != nil || c.taken != nil {
		return nil
	}
	return c
}

// HeldTx is the transaction in which ctx's request holds its key, or nil.
// A store runs the request's later statements in it.
func HeldTx(ctx context.Context) Tx {
	if c, _ := ctx.Value(claimKey{}).(*Claim); c != nil {
		return c.tx
	}
	return nil
}

// Hold records that the write claimed the key in tx.
func (c *Claim) Hold(tx Tx) { c.tx = tx }

// Taken records that the key belongs to an earlier request, whose answer
// is prev (Status 0 while it runs), and returns ErrTaken.
func (c *Claim) Taken(prev policies.IdempotentResponse) error {
	c.taken = &prev
	return ErrTaken
}
