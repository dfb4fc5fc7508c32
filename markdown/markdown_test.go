package markdown

import (
	"fmt"
	"strings"
	"testing"
)

func TestRendererDropsScriptAndRawHTML(t *testing.T) {
	r := NewRenderer(1 << 20)
	md := strings.Join([]string{
		"# Judul",
		"",
		"## Bagian <script>alert(1)</script> Satu",
		"",
		"<script>alert('xss')</script>",
		"",
		"<img src=x onerror=alert(1)>",
		"",
		"Teks dengan <b onmouseover=alert(1)>tebal</b> dan <iframe src=javascript:alert(1)></iframe>.",
		"",
		"[tautan jahat](javascript:alert(1)) [vb](vbscript:msgbox) [data](data:text/html;base64,PHNjcmlwdD4=)",
		"",
		"[aman](https://example.org/kebijakan)",
		"",
		"<a href=\"javascript:alert(1)\">klik</a>",
		"",
		"| Kolom | Nilai |",
		"|---|---|",
		"| JP | 20 |",
	}, "\n")
	got, err := r.Render("h1", md)
	if err != nil {
		t.Fatal(err)
	}
	html := string(got.HTML)
	for _, bad := range []string{"<script", "onerror", "onmouseover", "<iframe", "javascript:", "vbscript:", "data:text/html", "<img", "<b "} {
		if strings.Contains(strings.ToLower(html), bad) {
			t.Errorf("rendered HTML contains %q:\n%s", bad, html)
		}
	}
	for _, want := range []string{`<a href="https://example.org/kebijakan">aman</a>`, "<table>", `<h1 id="judul">Judul</h1>`} {
		if !strings.Contains(html, want) {
			t.Errorf("rendered HTML lacks %q:\n%s", want, html)
		}
	}
}

func TestRendererTOCAndAnchors(t *testing.T) {
	r := NewRenderer(1 << 20)
	md := "# Kebijakan\n\n## Pendahuluan\n\nTeks.\n\n## Tujuan `Kebijakan`\n\n### Rincian *khusus*\n\n## Pendahuluan\n"
	got, err := r.Render("h2", md)
	if err != nil {
		t.Fatal(err)
	}
	want := []TOCEntry{
		{1, "kebijakan", "Kebijakan"},
		{2, "pendahuluan", "Pendahuluan"},
		{2, "tujuan-kebijakan", "Tujuan Kebijakan"},
		{3, "rincian-khusus", "Rincian khusus"},
		{2, "pendahuluan-1", "Pendahuluan"},
	}
	if len(got.TOC) != len(want) {
		t.Fatalf("TOC has %d entries, want %d: %+v", len(got.TOC), len(want), got.TOC)
	}
	for i := range want {
		if got.TOC[i] != want[i] {
			t.Errorf("TOC[%d] = %+v, want %+v", i, got.TOC[i], want[i])
		}
		if !strings.Contains(string(got.HTML), `id="`+want[i].ID+`"`) {
			t.Errorf("HTML lacks anchor id %q", want[i].ID)
		}
	}
}

func TestRendererCachesPerHash(t *testing.T) {
	r := NewRenderer(1 << 20)
	a, _ := r.Render("a", "# A")
	// Same hash: the cached rendering is returned even if the text differs,
	// since a hash names one immutable version.
	again, _ := r.Render("a", "# Something else")
	if again.HTML != a.HTML {
		t.Errorf("cache miss for the same hash: got %q, want %q", again.HTML, a.HTML)
	}
}

// bigPolicy is a policy of about n bytes of Markdown, distinct per seed.
func bigPolicy(seed, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Kebijakan %d\n\n", seed)
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "## Pasal %d\n\nAparatur sipil negara wajib mengikuti pengembangan kompetensi %d-%d.\n\n", i, seed, i)
	}
	return b.String()
}

// The cache is bounded in bytes, not documents: filled with large
// documents it never holds more than its budget, keeps the most recently
// used ones, and does not keep one larger than the whole budget.
func TestRendererCacheBoundedInBytes(t *testing.T) {
	const budget = 1 << 20
	r := NewRenderer(budget)
	one, err := r.Render("doc-0", bigPolicy(0, 100_000))
	if err != nil {
		t.Fatal(err)
	}
	perDoc := renderedSize("doc-0", one)
	if perDoc < 100_000 {
		t.Fatalf("a 100 KB document renders to %d bytes; the test needs large entries", perDoc)
	}
	fits := budget / perDoc // how many documents of this size the budget holds
	for i := 1; i < 40; i++ {
		if _, err := r.Render(fmt.Sprintf("doc-%d", i), bigPolicy(i, 100_000)); err != nil {
			t.Fatal(err)
		}
		if got := r.CacheBytes(); got > budget {
			t.Fatalf("after %d documents the cache holds %d bytes, over its budget of %d", i+1, got, budget)
		}
	}
	// That the count is the sum of the entries' sizes is the cache's own
	// test (cache.TestLRUBoundedInBytes).
	// The most recent documents stay: the last fits-1 of them at least
	// (sizes differ slightly between documents).
	for i := 39; i > 39-(fits-1); i-- {
		if !r.cache.Has(fmt.Sprintf("doc-%d", i)) {
			t.Errorf("recent document doc-%d was evicted (budget holds about %d)", i, fits)
		}
	}
	if r.cache.Has("doc-0") {
		t.Error("the oldest document is still cached after 40 documents over a budget of about", fits)
	}
	// A hit makes a document recent again: it outlives newer ones.
	oldest := fmt.Sprintf("doc-%d", 39-(fits-2))
	r.Render(oldest, "")
	r.Render("doc-new", bigPolicy(99, 100_000))
	if !r.cache.Has(oldest) {
		t.Errorf("%s, used just before, was evicted instead of an older one", oldest)
	}

	// A document bigger than the whole budget is rendered, but not kept.
	huge := bigPolicy(1000, 2*budget)
	before := r.CacheBytes()
	doc, err := r.Render("huge", huge)
	if err != nil || !strings.Contains(string(doc.HTML), "Kebijakan 1000") {
		t.Fatalf("huge document: %v, %d bytes of HTML", err, len(doc.HTML))
	}
	if r.cache.Has("huge") {
		t.Error("a document over the whole budget was cached")
	}
	if got := r.CacheBytes(); got != before {
		t.Errorf("caching nothing changed the cache from %d to %d bytes", before, got)
	}
}
