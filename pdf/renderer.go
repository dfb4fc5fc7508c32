package pdf

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"runtime"
	"sync"
	"time"

	"github.com/policyflow/policyflow/cache"
	"github.com/policyflow/policyflow/naskah"
	"github.com/policyflow/policyflow/policies"
)

// cacheBytes bounds the rendered PDFs a Renderer keeps in memory.
const cacheBytes = 64 << 20

// renderWait is how long a render waits for a slot before it is refused
// (policies.KindUnavailable: 503 with Retry-After).
const renderWait = 10 * time.Second

// Renderer renders naskah PDFs once per document and a few at a time,
// for a public route where a render takes up to a second of one core:
// renders are bounded to the machine's cores (like pandoc's slots in
// docx/), and each rendered file is kept by the digest of everything it is
// made from (Render is deterministic: the same document gives the same
// bytes). The key is the content, never the policy or the version: an
// enactment, a promulgation or a new paper size makes another document
// and so another key, which keeps the cache correct on every server. The
// zero value is ready to use.
type Renderer struct {
	once    sync.Once
	slots   chan struct{}
	wait    time.Duration
	files   *cache.Bounded[[32]byte, []byte]
	mu      sync.Mutex
	renders int // renders done, for tests
}

func (c *Renderer) init() {
	c.once.Do(func() {
		if c.slots == nil {
			c.slots = make(chan struct{}, max(1, runtime.NumCPU()))
		}
		if c.wait == 0 {
			c.wait = renderWait
		}
		c.files = cache.NewBounded[[32]byte, []byte](cacheBytes)
	})
}

// Render answers d's PDF from memory, or renders it in a free slot.
func (c *Renderer) Render(ctx context.Context, d naskah.Document) ([]byte, error) {
	c.init()
	js, err := json.Marshal(d)
	if err != nil {
		return nil, err
	}
	key := sha256.Sum256(js)
	if b, ok := c.files.Get(key); ok {
		return b, nil
	}
	t := time.NewTimer(c.wait)
	defer t.Stop()
	select {
	case c.slots <- struct{}{}:
		defer func() { <-c.slots }()
	case <-t.C:
		return nil, policies.Errorf(policies.KindUnavailable, "terlalu banyak dokumen PDF sedang dibuat; coba lagi sebentar lagi")
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	// Another request may have rendered it while this one waited.
	if b, ok := c.files.Get(key); ok {
		return b, nil
	}
	var buf bytes.Buffer
	if err := Render(&buf, d); err != nil {
		return nil, err
	}
	b := buf.Bytes()
	c.mu.Lock()
	c.renders++
	c.mu.Unlock()
	c.files.Put(key, b, len(b))
	return b, nil
}
