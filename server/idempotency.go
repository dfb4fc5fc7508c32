package server

import (
	"context"
	"fmt"
	"net/http"
)

// idempotent honours the Idempotency-Key header on a route's POSTs
// (idempotency.Keys.Handler); secret marks a route whose answer shows a
// secret (secretAnswers), which is never kept.
func (s *Server) idempotent(secret bool) func(http.Handler) http.Handler {
	return s.keys.Handler(secret)
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
