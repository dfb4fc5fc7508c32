package server

import (
	"bytes"
	"compress/flate"
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash/crc32"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"

	"github.com/go-chi/chi/v5"
)

// The signed-out policy page is rendered once per change of what it shows,
// not once per request. Every write that changes the page moves the
// policy's page revision in the same transaction (database triggers,
// migration 0025), so one small indexed read per request says whether the
// page kept in memory is still the page: several servers on one database
// stay coherent, and an answered action is visible at once on all of them.
//
// The page is kept per (policy, language, revision), with the visitor's
// CSRF token (the one per-visitor part of a signed-out page: its forms and
// data-csrf) cut out, and compressed once: the gzip form is kept as DEFLATE
// pieces around the cuts, each ending on a byte boundary, so a visitor's
// token goes in as a stored block and only the CRC is computed per request.
// Answers carry a strong ETag (the bytes' hash and the token's) and
// Cache-Control: no-cache, so browsers revalidate every time (304 when
// unchanged).

// PageRevStore reads a policy's page revision (postgres.DB.PolicyPageRev).
// A store without it (none in production) serves every page rendered.
type PageRevStore interface {
	PolicyPageRev(ctx context.Context, policyID int64) (int64, error)
}

// DefaultPageCacheBytes bounds the memory the signed-out pages take.
const DefaultPageCacheBytes = 64 << 20

type pageKey struct {
	policyID int64
	lang     string
	rev      int64
}

// pageEntry is a rendered page with the CSRF token cut out: segs are the
// bytes between the cuts, gz the DEFLATE pieces compressing each segment.
type pageEntry struct {
	key   pageKey
	segs  [][]byte
	gz    [][]byte
	size  int    // uncompressed length without the tokens
	etag  string // hash of the page with the cuts
	bytes int
}

// pageCache is an LRU of pages bounded by bytes.
type pageCache struct {
	mu      sync.Mutex
	max     int
	used    int
	lru     *list.List // of *pageEntry, most recent first
	entries map[pageKey]*list.Element
	// hole stands for the visitor's CSRF token while a page renders: random
	// per process, so no text a user wrote can forge a cut.
	hole string
}

func newPageCache(max int) *pageCache {
	return &pageCache{max: max, lru: list.New(), entries: map[pageKey]*list.Element{}, hole: "pfcsrf" + randomToken()[:24]}
}

func (c *pageCache) get(k pageKey) *pageEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[k]
	if !ok {
		return nil
	}
	c.lru.MoveToFront(el)
	return el.Value.(*pageEntry)
}

func (c *pageCache) put(e *pageEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e.bytes > c.max/4 {
		return
	}
	if el, ok := c.entries[e.key]; ok {
		c.used -= el.Value.(*pageEntry).bytes
		c.lru.Remove(el)
	}
	// An older revision of the same page will never be asked again.
	for _, old := range []int64{e.key.rev - 1, e.key.rev - 2} {
		if el, ok := c.entries[pageKey{e.key.policyID, e.key.lang, old}]; ok {
			c.used -= el.Value.(*pageEntry).bytes
			c.lru.Remove(el)
			delete(c.entries, pageKey{e.key.policyID, e.key.lang, old})
		}
	}
	c.entries[e.key] = c.lru.PushFront(e)
	c.used += e.bytes
	for c.used > c.max {
		last := c.lru.Back()
		le := last.Value.(*pageEntry)
		c.lru.Remove(last)
		delete(c.entries, le.key)
		c.used -= le.bytes
	}
}

// newPageEntry cuts a rendered page at the holes and compresses it.
func newPageEntry(k pageKey, page []byte, hole string) (*pageEntry, error) {
	e := &pageEntry{key: k, segs: bytes.Split(page, []byte(hole))}
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

// write serves the page with token in each cut, gzipped or not.
func (e *pageEntry) write(w http.ResponseWriter, token string, gzipped bool) {
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

// acceptsGzip reports whether the client takes gzip (and does not refuse it with q=0).
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") {
			q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}

// etagMatch reports whether If-None-Match names etag (or is "*").
func etagMatch(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || t == etag || strings.TrimPrefix(t, "W/") == etag {
			return true
		}
	}
	return false
}

// handlePolicyPage serves GET /policies/{id}: a signed-out visitor's page
// from memory while it is still the page, anyone else's rendered
// (handlePolicyShow).
func (s *Server) handlePolicyPage(w http.ResponseWriter, r *http.Request) error {
	var st any = s.store
	if cs, wrapped := st.(*cachingStore); wrapped {
		st = cs.Store
	}
	revs, ok := st.(PageRevStore)
	v := viewerOf(r)
	if !ok || s.pageCache == nil || v.User != nil || !cacheableQuery(r) || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		return s.handlePolicyShow(w, r)
	}
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil || id <= 0 {
		return s.handlePolicyShow(w, r)
	}
	lang := language(w, r)
	// The revision is read before the page renders: a write landing in
	// between leaves a page newer than its key, never older.
	rev, err := revs.PolicyPageRev(r.Context(), id)
	if err != nil {
		return err
	}
	k := pageKey{policyID: id, lang: lang, rev: rev}
	e := s.pageCache.get(k)
	if e == nil {
		// Render with the hole in place of the visitor's token.
		anon := *v
		anon.CSRF = s.pageCache.hole
		rr := r.WithContext(context.WithValue(r.Context(), viewerKey{}, &anon))
		rec := httptest.NewRecorder()
		s.serve((*Server).handlePolicyShow)(rec, rr) // its refusals are kept as pages too
		if rec.Code != http.StatusOK {
			for name, vals := range rec.Header() {
				w.Header()[name] = vals
			}
			w.WriteHeader(rec.Code)
			w.Write(bytes.ReplaceAll(rec.Body.Bytes(), []byte(s.pageCache.hole), []byte(v.CSRF)))
			return nil
		}
		if e, err = newPageEntry(k, rec.Body.Bytes(), s.pageCache.hole); err != nil {
			return err
		}
		s.pageCache.put(e)
	}
	gz := acceptsGzip(r)
	tok := sha256.Sum256([]byte(v.CSRF))
	etag := `"` + e.etag + "-" + hex.EncodeToString(tok[:6])
	if gz {
		etag += "-gz"
	}
	etag += `"`
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Language", lang)
	h.Set("ETag", etag)
	h.Set("Cache-Control", "no-cache")
	h.Set("Vary", "Accept-Encoding, Cookie")
	if inm := r.Header.Get("If-None-Match"); inm != "" && etagMatch(inm, etag) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	if r.Method == http.MethodHead {
		w.WriteHeader(http.StatusOK)
		return nil
	}
	e.write(w, v.CSRF, gz)
	return nil
}

// cacheableQuery: only the plain page (optionally ?lang=) is kept; notices
// such as ?done= are rendered per request.
func cacheableQuery(r *http.Request) bool {
	for k := range r.URL.Query() {
		if k != "lang" {
			return false
		}
	}
	return true
}
