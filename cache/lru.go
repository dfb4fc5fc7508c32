package cache

import (
	"container/list"
	"sync"
)

// LRU is a map bounded by bytes that lets the least recently used values
// go first when a new one would pass the bound. A value larger than the
// whole bound is not kept: it would push out everything and then itself.
type LRU[K comparable, V any] struct {
	mu    sync.Mutex
	max   int
	used  int
	order *list.List // of *lruEntry, most recent first
	items map[K]*list.Element
}

type lruEntry[K comparable, V any] struct {
	key  K
	val  V
	size int
}

// NewLRU keeps at most max bytes of values.
func NewLRU[K comparable, V any](max int) *LRU[K, V] {
	return &LRU[K, V]{max: max, order: list.New(), items: map[K]*list.Element{}}
}

// Get is the value kept under k, now the most recently used.
func (c *LRU[K, V]) Get(k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[k]
	if !ok {
		var none V
		return none, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*lruEntry[K, V]).val, true
}

// Has reports whether a value is kept under k, leaving the order as it is.
func (c *LRU[K, V]) Has(k K) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.items[k]
	return ok
}

// Add keeps v, size bytes, under k unless a value is kept there already.
func (c *LRU[K, V]) Add(k K, v V, size int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.items[k]; !ok {
		c.put(k, v, size)
	}
}

// Put keeps v, size bytes, under k in place of any value there.
func (c *LRU[K, V]) Put(k K, v V, size int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.remove(k)
	c.put(k, v, size)
}

// Remove lets the value kept under k go.
func (c *LRU[K, V]) Remove(k K) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.remove(k)
}

// Bytes reports the bytes the values kept take.
func (c *LRU[K, V]) Bytes() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.used
}

func (c *LRU[K, V]) remove(k K) {
	if el, ok := c.items[k]; ok {
		c.used -= el.Value.(*lruEntry[K, V]).size
		c.order.Remove(el)
		delete(c.items, k)
	}
}

func (c *LRU[K, V]) put(k K, v V, size int) {
	if size > c.max {
		return
	}
	c.items[k] = c.order.PushFront(&lruEntry[K, V]{key: k, val: v, size: size})
	c.used += size
	for c.used > c.max {
		last := c.order.Back().Value.(*lruEntry[K, V])
		c.remove(last.key)
	}
}
