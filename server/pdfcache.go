package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"runtime"
	"sync"
	"time"

	"github.com/policyflow/policyflow/naskah"
	"github.com/policyflow/policyflow/pdf"
	"github.com/policyflow/policyflow/policies"
)

// pdfCacheBytes bounds the rendered PDFs a server keeps in memory.
const pdfCacheBytes = 64 << 20

// pdfRenderWait is how long a PDF request waits for a render slot before
// it is answered 503 with Retry-After.
const pdfRenderWait = 10 * time.Second

// pdfRenderer renders naskah PDFs once per document and a few at a time.
// The route is public and a render takes up to a second of one core, so
// renders are bounded to the machine's cores (like pandoc's slots in
// docx/), and each rendered file is kept by the digest of everything it is
// made from (pdf.Render is deterministic: the same document gives the same
// bytes). The key is the content, never the policy or the version: an
// enactment, a promulgation or a new paper size makes another document
// and so another key, which keeps the cache correct on every server.
type pdfRenderer struct {
	once    sync.Once
	slots   chan struct{}
	wait    time.Duration
	mu      sync.Mutex
	files   map[[32]byte][]byte
	bytes   int
	renders int // renders done, for tests
}

func (c *pdfRenderer) init() {
	c.once.Do(func() {
		if c.slots == nil {
			c.slots = make(chan struct{}, max(1, runtime.NumCPU()))
		}
		if c.wait == 0 {
			c.wait = pdfRenderWait
		}
	})
}

// render answers d's PDF from memory, or renders it in a free slot.
func (c *pdfRenderer) render(ctx context.Context, d naskah.Document) ([]byte, error) {
	c.init()
	js, err := json.Marshal(d)
	if err != nil {
		return nil, err
	}
	key := sha256.Sum256(js)
	c.mu.Lock()
	b, ok := c.files[key]
	c.mu.Unlock()
	if ok {
		return b, nil
	}
	t := time.NewTimer(c.wait)
	defer t.Stop()
	select {
	case c.slots <- struct{}{}:
		defer func() { <-c.slots }()
	case <-t.C:
		return nil, &refusal{err: policies.Errorf(policies.KindUnavailable, "terlalu banyak dokumen PDF sedang dibuat; coba lagi sebentar lagi"), retryAfter: "5"}
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	// Another request may have rendered it while this one waited.
	c.mu.Lock()
	b, ok = c.files[key]
	c.mu.Unlock()
	if ok {
		return b, nil
	}
	var buf bytes.Buffer
	if err := pdf.Render(&buf, d); err != nil {
		return nil, err
	}
	b = buf.Bytes()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.renders++
	if len(b) <= pdfCacheBytes/8 {
		if c.files == nil || c.bytes+len(b) > pdfCacheBytes {
			c.files, c.bytes = map[[32]byte][]byte{}, 0
		}
		c.files[key] = b
		c.bytes += len(b)
	}
	return b, nil
}
