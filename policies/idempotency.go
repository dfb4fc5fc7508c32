package policies

// IdempotentResponse is the stored answer to a POST with an Idempotency-Key,
// as package postgres keeps it and package server replays it. It lives here,
// not in server, because the store returns it and postgres must not import
// the HTTP layer; the interface that uses it is idempotency.Store.
type IdempotentResponse struct {
	Status      int // 0 while the first request is still running
	ContentType string
	Body        []byte
	Method      string
	Path        string
}
