package server

import (
	"context"
	"sync"

	"github.com/policyflow/policyflow/policies"
)

// A version is immutable once saved (the database refuses any change to
// it, migration 0001's trigger): read by number, it is kept in memory, so
// that a comment POST, which checks the section against the text its
// author reads, does not fetch 30 KB of Markdown each time. Correct on
// every server without invalidation; bounded by bytes (emptied when full).
const versionCacheBytes = 32 << 20

type versionKey struct {
	policyID int64
	number   int
}

type versionCache struct {
	mu    sync.Mutex
	m     map[versionKey]policies.Version
	bytes int
}

func (c *versionCache) get(k versionKey) (policies.Version, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[k]
	return v, ok
}

func (c *versionCache) put(k versionKey, v policies.Version) {
	size := len(v.Markdown) + len(v.ChangeSummary) + 256
	if size > versionCacheBytes/8 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || c.bytes+size > versionCacheBytes {
		c.m, c.bytes = map[versionKey]policies.Version{}, 0
	}
	if _, ok := c.m[k]; !ok {
		c.m[k] = v
		c.bytes += size
	}
}

// VersionByNumber reads a version once, then from memory.
func (c *cachingStore) VersionByNumber(ctx context.Context, policyID int64, n int) (policies.Version, error) {
	k := versionKey{policyID, n}
	if v, ok := c.versions.get(k); ok {
		return v, nil
	}
	v, err := c.Store.VersionByNumber(ctx, policyID, n)
	if err == nil {
		c.versions.put(k, v)
	}
	return v, err
}

// cachingStore is the server's store with the immutable versions kept in
// memory.
type cachingStore struct {
	Store
	versions versionCache
}
