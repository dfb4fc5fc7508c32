package server

import (
	"context"
	"fmt"
	"net/http"

	"github.com/policyflow/policyflow/idempotency"
)

// idempotent honours the Idempotency-Key header on the POSTs of an API
// route ("METHOD /path"; idempotency.Keys.Handler): a route whose answer
// shows a secret (secretAnswers) never has it kept; a route of
// atomicWrites claims the key, writes and keeps its answer in one
// transaction.
func (s *Server) idempotent(route string) func(http.Handler) http.Handler {
	switch {
	case secretAnswers[route]:
		return s.keys.Handler(idempotency.Secret)
	case atomicWrites[route]:
		return s.keys.Handler(idempotency.Atomic)
	}
	return s.keys.Handler(idempotency.Kept)
}

// atomicWrites are the API routes whose one write claims the
// Idempotency-Key itself (idempotency.Atomic): everything the handler
// writes goes through a store write that claims (postgres.CreateComment),
// or, after it, into its transaction. A comment POST so costs one commit
// instead of three (claim, comment, answer).
var atomicWrites = map[string]bool{
	"POST /policies/{id}/comments": true,
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
