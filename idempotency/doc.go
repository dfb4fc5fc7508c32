// Package idempotency honours the Idempotency-Key header of POSTs: the
// first request with a key runs and its answer is kept in a Store
// (postgres implements it); a retry with the same key gets the same answer
// without running again. It is HTTP middleware with no routes of its own:
// the server says whose keys a request's are and writes its refusals.
package idempotency
