// Package requestid names the requests a server answers: an ID per
// request, a trusted proxy's X-Request-ID when it is of a tame form, else a
// new one unique in this process, carried in the request's context so that
// every line logged for it can say which request it was.
package requestid

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"sync/atomic"
)

type key struct{}

// prefix and seq make new IDs: unique in this process (the prefix is
// random) and cheap.
var (
	prefix = func() string {
		b := make([]byte, 4)
		rand.Read(b)
		return hex.EncodeToString(b)
	}()
	seq atomic.Uint64
)

// New is a new request ID.
func New() string { return prefix + "-" + strconv.FormatUint(seq.Add(1), 36) }

// Valid accepts a proxy's X-Request-ID of a tame form: at most 64
// letters, digits, '-', '_' and '.'.
func Valid(v string) bool {
	if v == "" || len(v) > 64 {
		return false
	}
	for _, c := range v {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// With is ctx carrying the request ID id.
func With(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, key{}, id)
}

// Of is the ID of the request ctx belongs to, "" outside a request.
func Of(ctx context.Context) string {
	id, _ := ctx.Value(key{}).(string)
	return id
}
