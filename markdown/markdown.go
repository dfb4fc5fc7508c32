// Package markdown renders a policy's Markdown to safe HTML through the one
// goldmark instance (GFM, heading IDs as policies.Sections makes them, no
// raw HTML), cached per version hash within a byte bound.
package markdown

import (
	"bytes"
	"html/template"
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"

	"github.com/policyflow/policyflow/cache"
	"github.com/policyflow/policyflow/policies"
)

// TOCEntry is one heading of a rendered document.
type TOCEntry struct {
	Level int    `json:"level"`
	ID    string `json:"id"`
	Text  string `json:"text"`
}

// Rendered is a policy version as HTML with its table of contents.
type Rendered struct {
	HTML template.HTML
	TOC  []TOCEntry
}

// Renderer turns policy Markdown into safe HTML: GitHub-flavoured Markdown,
// heading IDs for anchors, and no raw HTML (goldmark drops it and refuses
// javascript:, vbscript:, file: and data: links unless told otherwise, which
// this renderer never is). Results are cached per content hash, since
// versions are immutable, least recently used first out, within a budget of
// bytes: a document may be up to 512 KB of Markdown, so a count of entries
// would bound nothing.
type Renderer struct {
	md    goldmark.Markdown
	cache *cache.LRU[string, Rendered] // by content hash
}

// DefaultRenderCacheBytes is the render cache's budget in a server: 64 MB.
const DefaultRenderCacheBytes = 64 << 20

// NewRenderer returns a renderer whose cache holds at most maxBytes of
// rendered HTML and tables of contents; a rendering larger than that is
// returned but not kept.
func NewRenderer(maxBytes int) *Renderer {
	return &Renderer{
		md: goldmark.New(
			goldmark.WithExtensions(extension.GFM),
			goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		),
		cache: cache.NewLRU[string, Rendered](maxBytes),
	}
}

// tocEntryBytes is a TOCEntry's fixed part on 64-bit: an int and two
// string headers.
const tocEntryBytes = 40

// renderedSize is what a cached rendering holds: its key, its HTML and its
// table of contents.
func renderedSize(key string, out Rendered) int {
	n := len(key) + len(out.HTML)
	for _, e := range out.TOC {
		n += tocEntryBytes + len(e.ID) + len(e.Text)
	}
	return n
}

// CacheBytes reports the bytes the cache holds, for tests and metrics.
func (r *Renderer) CacheBytes() int { return r.cache.Bytes() }

// Render renders markdown whose SHA-256 is hash.
func (r *Renderer) Render(hash, markdown string) (Rendered, error) {
	if out, ok := r.cache.Get(hash); ok {
		return out, nil
	}

	src := []byte(markdown)
	var toc []TOCEntry
	doc := policies.ParseHeadings(r.md.Parser(), src, func(h *ast.Heading, anchor string) {
		toc = append(toc, TOCEntry{Level: h.Level, ID: anchor, Text: policies.HeadingText(h, src)})
	})
	var buf bytes.Buffer
	if err := r.md.Renderer().Render(&buf, src, doc); err != nil {
		return Rendered{}, err
	}
	out := Rendered{HTML: template.HTML(buf.String()), TOC: toc} // safe: goldmark escapes text and drops raw HTML

	// Rendered meanwhile by another request: the first stays.
	r.cache.Add(hash, out, renderedSize(hash, out))
	return out, nil
}

// Cached returns the rendering of a version already in the cache, by its
// content hash, without needing its text.
func (r *Renderer) Cached(hash string) (Rendered, bool) { return r.cache.Get(hash) }

var headingRe = regexp.MustCompile(`<h([2-6]) id="([A-Za-z0-9_-]+)">`)

// AfterHeadings adds after each section heading (h2–h6) of rendered HTML
// what insert gives for its anchor. Heading IDs come from goldmark
// (letters, digits, - and _); insert's markup is the caller's to make safe.
func AfterHeadings(html string, insert func(id string) string) string {
	var b strings.Builder
	rest := html
	for {
		loc := headingRe.FindStringSubmatchIndex(rest)
		if loc == nil {
			b.WriteString(rest)
			return b.String()
		}
		level, id := rest[loc[2]:loc[3]], rest[loc[4]:loc[5]]
		end := strings.Index(rest[loc[1]:], "</h"+level+">")
		if end < 0 {
			b.WriteString(rest)
			return b.String()
		}
		end += loc[1] + len("</h"+level+">")
		b.WriteString(rest[:end])
		b.WriteString(insert(id))
		rest = rest[end:]
	}
}
