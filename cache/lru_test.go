package cache

import (
	"fmt"
	"testing"
)

// The LRU counts the bytes its entries hold, never holds more than its
// bound, lets the least recently used go first (a Get makes a value recent
// again; Has does not), and keeps no value larger than the whole bound.
func TestLRUBoundedInBytes(t *testing.T) {
	c := NewLRU[string, int](100)
	for i := range 30 {
		c.Put(fmt.Sprint(i), i, 7+i%5)
		if c.Bytes() > 100 {
			t.Fatalf("after %d values the LRU holds %d bytes, over its bound of 100", i+1, c.Bytes())
		}
		sum := 0
		for el := c.order.Front(); el != nil; el = el.Next() {
			sum += el.Value.(*lruEntry[string, int]).size
		}
		if c.Bytes() != sum || len(c.items) != c.order.Len() {
			t.Fatalf("the LRU counts %d bytes, its %d entries (%d listed) hold %d", c.Bytes(), len(c.items), c.order.Len(), sum)
		}
	}
	if !c.Has("29") || c.Has("0") {
		t.Errorf("after 30 values: the newest kept %v, the oldest kept %v", c.Has("29"), c.Has("0"))
	}
	oldest := ""
	for i := range 30 {
		if c.Has(fmt.Sprint(i)) {
			oldest = fmt.Sprint(i)
			break
		}
	}
	c.Get(oldest)
	c.Add("new", 1, 11)
	if !c.Has(oldest) {
		t.Errorf("%s, used just before, went instead of an older one", oldest)
	}
	c.Add("new", 2, 11)
	if v, _ := c.Get("new"); v != 1 {
		t.Errorf("Add over a kept value: %d, want the first (1)", v)
	}
	before := c.Bytes()
	c.Put("huge", 3, 101)
	if c.Has("huge") || c.Bytes() != before {
		t.Errorf("a value over the whole bound: kept %v, bytes %d → %d", c.Has("huge"), before, c.Bytes())
	}
}
