package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/policyflow/policyflow/cache"
	"github.com/policyflow/policyflow/policies"
)

// The signed-out policy page is rendered once per change of what it shows,
// not once per request. Every write that changes the page moves the
// policy's page revision in the same transaction (database triggers,
// migration 0025), so one small indexed read per request says whether the
// page kept in memory (cache.Pages) is still the page: several servers on
// one database stay coherent, and an answered action is visible at once on
// all of them. Answers carry a strong ETag (the bytes' hash and the
// token's) and Cache-Control: no-cache, so browsers revalidate every time
// (304 when unchanged).

// PageRevStore reads a policy's page revision (postgres.DB.PolicyPageRev).
// A store without it (none in production) serves every page rendered.
type PageRevStore interface {
	PolicyPageRev(ctx context.Context, policyID int64) (int64, error)
}

// handlePolicyPage serves GET /policies/{id}: a signed-out visitor's page
// from memory while it is still the page, anyone else's rendered
// (handlePolicyShow).
func (s *Server) handlePolicyPage(w http.ResponseWriter, r *http.Request) error {
	revs, ok := s.pageRevs()
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
	k := cache.Key{Policy: id, Lang: lang, Rev: rev, Day: policies.TodayEverywhere(time.Now())}
	e := s.pageCache.Get(k)
	if e == nil {
		// Render with the hole in place of the visitor's token.
		anon := *v
		anon.CSRF = s.pageCache.Hole
		rr := r.WithContext(context.WithValue(r.Context(), viewerKey{}, &anon))
		rec := httptest.NewRecorder()
		s.serve((*Server).handlePolicyShow)(rec, rr) // its refusals are kept as pages too
		if rec.Code != http.StatusOK {
			for name, vals := range rec.Header() {
				w.Header()[name] = vals
			}
			w.WriteHeader(rec.Code)
			w.Write(bytes.ReplaceAll(rec.Body.Bytes(), []byte(s.pageCache.Hole), []byte(v.CSRF)))
			return nil
		}
		if e, err = cache.NewEntry(k, rec.Body.Bytes(), s.pageCache.Hole); err != nil {
			return err
		}
		s.pageCache.Put(e)
	}
	gz := cache.AcceptsGzip(r)
	tok := sha256.Sum256([]byte(v.CSRF))
	etag := `"` + e.ETag() + "-" + hex.EncodeToString(tok[:6])
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
	if inm := r.Header.Get("If-None-Match"); inm != "" && cache.ETagMatch(inm, etag) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	if r.Method == http.MethodHead {
		w.WriteHeader(http.StatusOK)
		return nil
	}
	e.Write(w, v.CSRF, gz)
	return nil
}

// pageRevs is the store's page revisions, when it keeps them.
func (s *Server) pageRevs() (PageRevStore, bool) {
	var st any = s.store
	if cs, wrapped := st.(*cachingStore); wrapped {
		st = cs.Store
	}
	revs, ok := st.(PageRevStore)
	return revs, ok
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
