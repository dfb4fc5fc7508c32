package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/policyflow/policyflow/cache"
	"github.com/policyflow/policyflow/policies"
)

// The Atom feeds and the calendar of consultations are made once per
// change of what they show, not once per request (issue 26: "cached like
// the public page and correct at once after a change"). Every write that
// changes what a feed or the calendar of a region shows moves the
// region's feed revision in the writing transaction (triggers, migration
// 0067), so one small read per request says whether the bytes kept in
// memory are still the feed: several servers on one database stay
// coherent, and an answered action shows in the very next feed on all of
// them. The feeds of every city key on the sum of the regions'
// revisions. The revision is read before the feed is made: a write
// landing in between leaves bytes newer than their key, never older. A
// calendar also stops at the first deadline or scheduled opening it
// lists (time alone changes it then); every key names the day, on which
// a text's coming into force depends.

// feedCacheBytes bounds the feeds kept per server.
const feedCacheBytes = 8 << 20

// FeedRevStore reads the feeds' revisions (postgres.DB). A store without
// it makes every feed afresh.
type FeedRevStore interface {
	// RegionFeedRev is a region's revision and id by its slug; for "" the
	// sum of every region's (id 0); KindNotFound for no region.
	RegionFeedRev(ctx context.Context, slug string) (regionID, rev int64, err error)
	// PolicyFeedRev is the revision of a policy's region (KindNotFound
	// for no policy).
	PolicyFeedRev(ctx context.Context, policyID int64) (int64, error)
}

// feedKey names one feed's bytes at a revision.
type feedKey struct {
	kind           string // "city", "policy", "calendar", "produk-hukum"
	region, policy int64
	topic, lang    string
	filter         string // the legal products' year and form
	rev            int64
	day            string
}

// feedBytes is a feed or calendar as answered, with its strong ETag.
type feedBytes struct {
	body                     []byte
	contentType, disposition string
	etag                     string
	until                    time.Time // zero: while the revision stands
}

// newFeedBytes is body to answer as contentType, kept until until (zero:
// while the revision stands).
func newFeedBytes(body []byte, contentType, disposition string, until time.Time) *feedBytes {
	sum := sha256.Sum256(body)
	return &feedBytes{body: body, contentType: contentType, disposition: disposition,
		etag: `"` + hex.EncodeToString(sum[:16]) + `"`, until: until}
}

// feedCache is a server's feeds kept in memory.
type feedCache struct {
	kept *cache.Bounded[feedKey, *feedBytes]
}

func newFeedCache() *feedCache {
	return &feedCache{kept: cache.NewBounded[feedKey, *feedBytes](feedCacheBytes)}
}

// feedRevs is the store's feed revisions, when it keeps them.
func (s *Server) feedRevs() (FeedRevStore, bool) {
	var st any = s.store
	if cs, wrapped := st.(*cachingStore); wrapped {
		st = cs.Store
	}
	revs, ok := st.(FeedRevStore)
	return revs, ok
}

// feedRev reads the revision that k's feed keys on (k.region by the
// query's "region" slug, or k.policy's region's); ok false when there is
// none to key on (no such region or policy: make will refuse).
func (s *Server) feedRev(r *http.Request, k *feedKey) (bool, error) {
	revs, ok := s.feedRevs()
	if !ok || s.feeds == nil {
		return false, nil
	}
	var err error
	if k.policy != 0 {
		k.rev, err = revs.PolicyFeedRev(r.Context(), k.policy)
	} else if slug := r.URL.Query().Get("region"); plainSlug(slug) {
		k.region, k.rev, err = revs.RegionFeedRev(r.Context(), slug)
	} else {
		return false, nil // no region's: make refuses it
	}
	if policies.KindOf(err) == policies.KindNotFound {
		return false, nil
	}
	return err == nil, err
}

// plainSlug: s may be a region's slug (lower-case ASCII letters, digits
// and hyphens), or "" for none.
func plainSlug(s string) bool {
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return len(s) <= 100
}

// serveFeed answers the feed k names (kind, policy and topic set): from
// memory while its revision stands, else made by make and kept.
func (s *Server) serveFeed(w http.ResponseWriter, r *http.Request, k feedKey, make func(lang string) (*feedBytes, error)) error {
	k.lang = language(w, r)
	ok, err := s.feedRev(r, &k)
	if err != nil {
		return err
	}
	if !ok {
		f, err := make(k.lang)
		if err != nil {
			return err
		}
		return f.write(w, r)
	}
	now := time.Now()
	k.day = policies.TodayEverywhere(now)
	if f, kept := s.feeds.kept.Get(k); kept && (f.until.IsZero() || now.Before(f.until)) {
		return f.write(w, r)
	}
	f, err := make(k.lang)
	if err != nil {
		return err
	}
	s.feeds.kept.Put(k, f, len(f.body)+256)
	return f.write(w, r)
}

// write answers the bytes with their ETag and Cache-Control: no-cache: a
// feed reader that polls gets 304 while nothing changed.
func (f *feedBytes) write(w http.ResponseWriter, r *http.Request) error {
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	if f.disposition != "" {
		h.Set("Content-Disposition", f.disposition)
	}
	h.Set("ETag", f.etag)
	h.Set("Cache-Control", "no-cache")
	if inm := r.Header.Get("If-None-Match"); inm != "" && cache.ETagMatch(inm, f.etag) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	if r.Method == http.MethodHead {
		return nil
	}
	_, err := w.Write(f.body)
	return err
}

// routePolicyID is the URL's policy id, 0 for none.
func routePolicyID(r *http.Request) int64 {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil || id <= 0 {
		return 0
	}
	return id
}

// queryTopicSlug is the query's topic as the feed's key names it.
func queryTopicSlug(r *http.Request) string { return strings.TrimSpace(r.URL.Query().Get("topic")) }
