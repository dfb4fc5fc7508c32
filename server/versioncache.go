package server

import (
	"context"

	"github.com/policyflow/policyflow/cache"
	"github.com/policyflow/policyflow/policies"
)

// A version is immutable once saved (the database refuses any change to
// it, migration 0001's trigger): read by number, it is kept in memory, so
// that a comment POST, which checks the section against the text its
// author reads, does not fetch 30 KB of Markdown each time. Correct on
// every server without invalidation; bounded by bytes (emptied when full).
const versionCacheBytes = 32 << 20

// docxCacheBytes bounds the .docx downloads kept (docx.Documents).
const docxCacheBytes = 16 << 20

type versionKey struct {
	policyID int64
	number   int
}

// VersionByNumber reads a version once, then from memory.
func (c *cachingStore) VersionByNumber(ctx context.Context, policyID int64, n int) (policies.Version, error) {
	k := versionKey{policyID, n}
	if v, ok := c.versions.Get(k); ok {
		return v, nil
	}
	v, err := c.Store.VersionByNumber(ctx, policyID, n)
	if err == nil {
		c.versions.Put(k, v, len(v.Markdown)+len(v.ChangeSummary)+256)
	}
	return v, err
}

// cachingStore is the server's store with the immutable versions kept in
// memory, and the records of a policy whose page pinned its revision.
type cachingStore struct {
	Store
	versions *cache.Bounded[versionKey, policies.Version]
	facts    *cache.Bounded[factsKey, any] // a pinned policy's records (factscache.go)
}
