package cache

import "sync"

// Bounded is a map of immutable values bounded by bytes. A value larger
// than an eighth of the bound is not kept; when the next value would pass
// the bound the map is emptied (what is asked again is read again, once).
// It is correct on every server without invalidation, as long as a key
// always names the same value. The zero value is not usable: see NewBounded.
type Bounded[K comparable, V any] struct {
	mu    sync.Mutex
	max   int
	m     map[K]V
	bytes int
}

// NewBounded keeps at most max bytes of values.
func NewBounded[K comparable, V any](max int) *Bounded[K, V] {
	return &Bounded[K, V]{max: max}
}

// Get is the value kept for k.
func (b *Bounded[K, V]) Get(k K) (V, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	v, ok := b.m[k]
	return v, ok
}

// Put keeps v, size bytes, under k; a value already kept under k stays.
func (b *Bounded[K, V]) Put(k K, v V, size int) {
	if size > b.max/8 {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.m == nil || b.bytes+size > b.max {
		b.m, b.bytes = map[K]V{}, 0
	}
	if _, ok := b.m[k]; !ok {
		b.m[k] = v
		b.bytes += size
	}
}
