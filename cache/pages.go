package cache

import (
	"bytes"
	"compress/flate"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"hash/crc32"
	"net/http"
	"strconv"
	"strings"
)

// The signed-out policy page is kept per (policy, language, revision, day),
// with the visitor's CSRF token (the one per-visitor part of a signed-out
// page: its forms and data-csrf) cut out, and compressed once: the gzip
// form is kept as DEFLATE pieces around the cuts, each ending on a byte
// boundary, so a visitor's token goes in as a stored block and only the
// CRC is computed per request.

// PageBytes bounds the memory the signed-out pages take.
const PageBytes = 64 << 20

// Key names one rendered page: the policy, the language, the policy's
// page revision (moved by every write that changes the page) and the day
// (what changes with no write: a promulgated text takes effect at
// midnight in its region's zone).
type Key struct {
	Policy int64
	Lang   string
	Rev    int64
	Day    string
}

// Entry is a rendered page with the CSRF token cut out: segs are the
// bytes between the cuts, gz the DEFLATE pieces compressing each segment.
type Entry struct {
	key   Key
	segs  [][]byte
	gz    [][]byte
	size  int    // uncompressed length without the tokens
	etag  string // hash of the page with the cuts
	bytes int
}

// ETag is the hash of the page with the cuts, the same on every server
// with the same build.
func (e *Entry) ETag() string { return e.etag }

// Pages is an LRU of pages bounded by bytes.
type Pages struct {
	max int
	lru *LRU[Key, *Entry]
	// Hole stands for the visitor's CSRF token while a page renders: random
	// per process, so no text a user wrote can forge a cut.
	Hole string
}

// NewPages keeps at most max bytes of pages.
func NewPages(max int) *Pages {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // the system's randomness failed: nothing safe to do
	}
	return &Pages{max: max, lru: NewLRU[Key, *Entry](max), Hole: "pfcsrf" + base64.RawURLEncoding.EncodeToString(b)[:24]}
}

// Get is the page kept under k, or nil.
func (c *Pages) Get(k Key) *Entry {
	e, _ := c.lru.Get(k)
	return e
}

// Put keeps e, dropping the two revisions before it and the least
// recently used pages past the bound.
func (c *Pages) Put(e *Entry) {
	if e.bytes > c.max/4 {
		return
	}
	// An older revision of the same page will never be asked again.
	for _, old := range []int64{e.key.Rev - 1, e.key.Rev - 2} {
		c.lru.Remove(Key{e.key.Policy, e.key.Lang, old, e.key.Day})
	}
	c.lru.Put(e.key, e, e.bytes)
}

// NewEntry cuts a rendered page at the holes and compresses it.
func NewEntry(k Key, page []byte, hole string) (*Entry, error) {
	e := &Entry{key: k, segs: bytes.Split(page, []byte(hole))}
	// The hole is random per process: the hash is taken over the segments,
	// so every server with the same build gives the same page the same tag.
	h := sha256.New()
	for _, seg := range e.segs {
		h.Write(seg)
		h.Write([]byte{0})
	}
	e.etag = hex.EncodeToString(h.Sum(nil)[:12])
	var buf bytes.Buffer
	for i, seg := range e.segs {
		buf.Reset()
		fw, err := flate.NewWriter(&buf, flate.DefaultCompression)
		if err != nil {
			return nil, err
		}
		fw.Write(seg)
		if i == len(e.segs)-1 {
			err = fw.Close() // the final block
		} else {
			err = fw.Flush() // ends on a byte boundary, the stream open
		}
		if err != nil {
			return nil, err
		}
		e.gz = append(e.gz, bytes.Clone(buf.Bytes()))
		e.size += len(seg)
		e.bytes += len(seg) + buf.Len()
	}
	return e, nil
}

// Write serves the page with token in each cut, gzipped or not.
func (e *Entry) Write(w http.ResponseWriter, token string, gzipped bool) {
	if !gzipped {
		w.Header().Set("Content-Length", strconv.Itoa(e.size+len(token)*(len(e.segs)-1)))
		w.WriteHeader(http.StatusOK)
		for i, seg := range e.segs {
			if i > 0 {
				w.Write([]byte(token))
			}
			w.Write(seg)
		}
		return
	}
	// gzip (RFC 1952): header, the DEFLATE pieces with the token in a
	// stored block between them (RFC 1951 3.2.4), CRC-32 and length.
	stored := make([]byte, 5, 5+len(token))
	stored[0] = 0 // BFINAL 0, BTYPE 00, padded to the byte
	binary.LittleEndian.PutUint16(stored[1:], uint16(len(token)))
	binary.LittleEndian.PutUint16(stored[3:], ^uint16(len(token)))
	stored = append(stored, token...)
	crc := uint32(0)
	n := 10 + 8
	for i, seg := range e.segs {
		if i > 0 {
			crc = crc32.Update(crc, crc32.IEEETable, []byte(token))
			n += len(stored)
		}
		crc = crc32.Update(crc, crc32.IEEETable, seg)
		n += len(e.gz[i])
	}
	var trailer [8]byte
	binary.LittleEndian.PutUint32(trailer[:4], crc)
	binary.LittleEndian.PutUint32(trailer[4:], uint32(e.size+len(token)*(len(e.segs)-1)))
	w.Header().Set("Content-Encoding", "gzip")
	w.Header().Set("Content-Length", strconv.Itoa(n))
	w.WriteHeader(http.StatusOK)
	w.Write([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255})
	for i, piece := range e.gz {
		if i > 0 {
			w.Write(stored)
		}
		w.Write(piece)
	}
	w.Write(trailer[:])
}

// AcceptsGzip reports whether the client takes gzip (and does not refuse it with q=0).
func AcceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") {
			q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}

// ETagMatch reports whether If-None-Match names etag (or is "*").
func ETagMatch(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || t == etag || strings.TrimPrefix(t, "W/") == etag {
			return true
		}
	}
	return false
}
