package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/policyflow/policyflow/i18n"
	"github.com/policyflow/policyflow/markdown"
	"github.com/policyflow/policyflow/policies"
)

// The comment threads of a policy page are its heaviest part to render
// (issue 25: most of a signed-in page's time went to the template walking
// the threads). They are rendered once per page revision and shared by
// every reader who sees the same threads: the same policy, revision,
// version shown, comment versions readable, language and zone, and the
// same buttons (a drafter of the region resolves, a reader who may comment
// replies). The reader's own CSRF token goes into the kept bytes in place
// of a hole, as on the signed-out page (pagecache.go). The revision moves
// in every writing transaction, so an answered action is visible on the
// very next request on every server; a store without revisions renders
// the threads every time.

// threadsCacheBytes bounds the threads kept in memory.
const threadsCacheBytes = 32 << 20

// threadsKey names one rendering of a policy's threads.
type threadsKey struct {
	policy, rev, version int64
	versions             int    // the comment versions readable (policies.Viewer.CommentVersions)
	locale               string // language and zone (i18n.Locale.Key)
	drafter, canComment  bool   // the buttons shown
}

// commentsPart is a policy page's comments: their counts per section, the
// sections (the comment form lists them) and the threads as HTML with the
// CSRF hole; and the parts of the page around them that depend on nothing
// else the key does not name, as HTML: the document with each section's
// comment count, its table of contents, and the comment form's list of
// sections (issue 25: the loops over a long text's sections were most of
// the template's time on a signed-in page).
type commentsPart struct {
	counts   map[string]int
	sections []sectionView
	html     []byte
	segs     [][]byte      // html split at the CSRF holes
	body     template.HTML // the document with the comment links (withCommentLinks)
	toc      template.HTML // policy.html's "policy-toc"
	options  template.HTML // policy.html's "comment-options"
}

// splices are the document and the threads of policy page data, written
// in place of their markers (splice.go) with the reader's token in the
// threads' holes.
func (c commentsPart) splices(data map[string]any, token string) {
	data["Body"] = spliced(0)
	sps := []splice{{marker: spliceMarkers[0], segs: [][]byte{[]byte(c.body)}}}
	if len(c.html) > 0 { // none: the template renders the sections itself
		data["SectionsHTML"] = spliced(1)
		sps = append(sps, splice{marker: spliceMarkers[1], segs: c.segs, token: token})
	}
	data[splicesKey] = sps
}

// commentThreads is the comments part of policy p's page showing version
// shown (rendered as doc), for the reader of r; data holds the page's
// Policy and CanComment (newSectionsCtx reads them).
func (s *Server) commentThreads(r *http.Request, lang string, p policies.PolicySummary, shown policies.Version, doc markdown.Rendered, data map[string]any) (commentsPart, error) {
	ctx, v := r.Context(), viewerOf(r)
	loc := i18n.Locale{Lang: lang, Zone: s.pageZone(r, v, data)}
	sc := newSectionsCtx(page{T: messages[lang], User: v.User, CSRF: s.pageCache.Hole, Data: data})
	key := threadsKey{policy: p.ID, rev: -1, version: shown.ID, versions: v.CommentVersions(p), locale: loc.Key(),
		drafter: sc.Drafter, canComment: sc.CanComment}
	if revs, ok := s.pageRevs(); ok {
		// Read before the threads (pinned at the request's start, or
		// now): a write landing in between leaves threads newer than
		// their key, never older.
		var rev int64
		var err error
		if pin, ok := pinned(ctx, p.ID); ok {
			rev = pin.page
		} else if rev, err = revs.PolicyPageRev(ctx, p.ID); err != nil {
			return commentsPart{}, err
		}
		key.rev = rev
		if c, ok := s.threads.Get(key); ok {
			return c, nil
		}
	}
	counts, err := s.store.CommentCounts(ctx, p.ID, key.versions)
	if err != nil {
		return commentsPart{}, err
	}
	sections := []sectionView{{ID: "", Title: messages[lang]["comments_general"]}}
	for _, e := range doc.TOC {
		if e.Level == 2 || e.Level == 3 && counts[e.ID] > 0 { // a Pasal commented on by number is its own section
			sections = append(sections, sectionView{ID: e.ID, Title: e.Text})
		}
	}
	first, err := s.store.FirstThreads(ctx, p.ID, key.versions, threadsShown)
	if err != nil {
		return commentsPart{}, err
	}
	bySection := map[string][]policies.Comment{}
	for _, c := range first {
		bySection[c.SectionID] = append(bySection[c.SectionID], c)
	}
	for i := range sections {
		sv := &sections[i]
		sv.Count = counts[sv.ID]
		sv.Threads = threads(bySection[sv.ID])
		if len(sv.Threads) == threadsShown {
			sv.More = fmt.Sprintf("/policies/%d/comments?section=%s&after=%d", p.ID, url.QueryEscape(sv.ID), sv.Threads[threadsShown-1].ID)
		}
	}
	if sections, err = s.passageSections(ctx, p.ID, sections, first, counts, shown, lang); err != nil {
		return commentsPart{}, err
	}
	tmpl := s.pages[loc.Key()+"/policy"]
	for i := range sections {
		if sections[i].ThreadsHTML, err = s.threadsHTML(tmpl, sc, loc.Key(), sections[i].Threads); err != nil {
			return commentsPart{}, err
		}
	}
	sc.Sections = sections
	html, err := s.sectionsHTML(tmpl, sc, loc.Key()) // each section kept per its data (sectioncache.go)
	if err != nil {
		return commentsPart{}, err
	}
	// The sections are kept for the comment form's list: without their
	// threads, which the HTML holds.
	kept := make([]sectionView, len(sections))
	for i, sv := range sections {
		kept[i] = sectionView{ID: sv.ID, Title: sv.Title, Count: sv.Count, More: sv.More}
	}
	c := commentsPart{counts: counts, sections: kept, html: html, segs: bytes.Split(html, []byte(s.pageCache.Hole)),
		body: template.HTML(withCommentLinks(string(doc.HTML), counts, messages[lang]["comments"]))}
	// The table of contents is the version's, the list its sections' (kept
	// per their data too, sectioncache.go).
	if c.toc, err = s.keptHTML(sc, loc.Key(), func() (template.HTML, error) {
		return fragment(tmpl, "policy-toc", page{T: messages[lang], Data: map[string]any{"Doc": doc}})
	}, "toc", shown.SHA256); err != nil {
		return commentsPart{}, err
	}
	ids := make([]string, 0, 2*len(kept))
	for _, sv := range kept {
		ids = append(ids, sv.ID, sv.Title)
	}
	if c.options, err = s.keptHTML(sc, loc.Key(), func() (template.HTML, error) {
		return fragment(tmpl, "comment-options", page{T: messages[lang], Data: map[string]any{"Sections": kept}})
	}, append([]string{"options"}, ids...)...); err != nil {
		return commentsPart{}, err
	}
	if key.rev >= 0 {
		s.threads.Put(key, c, 256+len(c.html)+len(c.body)+len(c.toc)+len(c.options)+64*len(counts)+128*len(sections))
	}
	return c, nil
}

// fragment is the template name of tmpl executed with p.
func fragment(tmpl *template.Template, name string, p page) (template.HTML, error) {
	var b strings.Builder
	if err := tmpl.ExecuteTemplate(&b, name, p); err != nil {
		return "", fmt.Errorf("render %s: %w", name, err)
	}
	return template.HTML(b.String()), nil
}

// Under a burst of comments the page revision moves between most reads,
// and the threads above were rendered again each time, all fifty of them,
// though a new comment changes one thread or none (the page shows each
// section's first threads; issue 25: the threads' templates were most of
// the server's time in the burst). So each thread is also kept as HTML
// under a digest of everything its template reads (the thread's data as
// JSON: the comment, its replies, its passage and decision) and of who
// reads it (language and zone, the policy, the buttons): a changed thread
// has another digest, so nothing is invalidated and nothing is stale.

// threadCacheBytes bounds the threads kept.
const threadCacheBytes = 16 << 20

// threadKey names one thread's rendering.
type threadKey struct {
	locale              string
	policy              int64
	drafter, canComment bool
	data                [sha256.Size]byte
}

// threadsHTML is the threads of a section as HTML (with the CSRF hole of
// sc), each rendered once per its data.
func (s *Server) threadsHTML(tmpl *template.Template, sc sectionsCtx, locale string, ts []threadView) (template.HTML, error) {
	var out strings.Builder
	for _, t := range ts {
		data, err := json.Marshal(t)
		if err != nil {
			return "", err
		}
		k := threadKey{locale: locale, policy: sc.PolicyID, drafter: sc.Drafter, canComment: sc.CanComment, data: sha256.Sum256(data)}
		h, ok := s.thread.Get(k)
		if !ok {
			var b bytes.Buffer
			one := sc
			one.Threads = []threadView{t}
			if err := tmpl.ExecuteTemplate(&b, "threads", one); err != nil {
				return "", fmt.Errorf("render comment thread %d: %w", t.ID, err)
			}
			h = template.HTML(b.String())
			s.thread.Put(k, h, 128+len(h))
		}
		out.WriteString(string(h))
	}
	return template.HTML(out.String()), nil
}
