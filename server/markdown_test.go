package server

import (
	"strings"
	"testing"
)

func TestRendererDropsScriptAndRawHTML(t *testing.T) {
	r := NewRenderer(8)
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
	r := NewRenderer(8)
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
	r := NewRenderer(2)
	a, _ := r.Render("a", "# A")
	// Same hash: the cached rendering is returned even if the text differs,
	// since a hash names one immutable version.
	again, _ := r.Render("a", "# Something else")
	if again.HTML != a.HTML {
		t.Errorf("cache miss for the same hash: got %q, want %q", again.HTML, a.HTML)
	}
	r.Render("b", "# B")
	r.Render("c", "# C") // evicts "a", the least recently used
	if _, ok := r.cache["a"]; ok {
		t.Error("cache kept more entries than its limit")
	}
	if n := r.order.Len(); n != 2 {
		t.Errorf("cache holds %d entries, want 2", n)
	}
}
