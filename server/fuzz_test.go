package server

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/policyflow/policyflow/markdown"
	"github.com/policyflow/policyflow/policies"
)

var (
	dangerousTag  = regexp.MustCompile(`(?i)<(script|iframe|object|embed|style|svg|form|input|base|meta|link)\b`)
	eventAttr     = regexp.MustCompile(`(?i)<[a-z][^>]*\son[a-z]+\s*=`)
	dangerousHref = regexp.MustCompile(`(?i)(href|src)="\s*(javascript|vbscript|data):`)
)

// FuzzRender: whatever Markdown a drafter writes, the rendered HTML carries
// no tag that runs script, no event handler and no script URL, and every
// heading anchor is safe to use in an id and a URL fragment.
func FuzzRender(f *testing.F) {
	for _, s := range []string{
		"# Judul\n\n## Bagian <script>alert(1)</script>\n",
		"<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))",
		"<a href=\"jav&#x09;ascript:alert(1)\">x</a>", "![x](data:text/html;base64,PHNjcmlwdD4=)",
		"<svg onload=alert(1)>", "## <b onmouseover=alert(1)>x</b>", "| a |\n|---|\n| <script> |",
		"```\n<script>alert(1)</script>\n```", "<https://example.org>", "`<iframe>`",
	} {
		f.Add(s)
	}
	r := markdown.NewRenderer(1 << 16) // small: the fuzzer also goes through eviction
	f.Fuzz(func(t *testing.T, md string) {
		doc, err := r.Render(policies.ContentHash(md), md)
		if err != nil {
			return
		}
		html := string(doc.HTML)
		if m := dangerousTag.FindString(html); m != "" {
			t.Fatalf("rendered HTML has %q:\n%s", m, html)
		}
		if m := eventAttr.FindString(html); m != "" {
			t.Fatalf("rendered HTML has an event handler %q:\n%s", m, html)
		}
		if m := dangerousHref.FindString(html); m != "" {
			t.Fatalf("rendered HTML has a script URL %q:\n%s", m, html)
		}
		for _, e := range doc.TOC {
			if policies.ValidateSection(e.ID) != nil && e.ID != "" {
				t.Fatalf("heading anchor %q is not safe", e.ID)
			}
		}
		_ = withCommentLinks(html, map[string]int{}, "komentar")
	})
}

// decoders are the request bodies the API decodes, one of each type.
var decoders = []func() any{
	func() any { return &commentInput{} },
	func() any { return &actionInput{} },
	func() any { return &newPolicyInput{} },
	func() any { return &versionInput{} },
	func() any { return &skmInput{} },
	func() any { return &kirkpatrickInput{} },
	func() any { return &map[string]any{} },
}

// FuzzDecodeJSON: any body, decoded as each of the API's request types,
// gets a clear error of a known kind or a value, never a panic or an
// unclassified error.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{`{"section":"a","body":"x"}`, `{"body":1}`, `{`, `[]`, `{"x":1}`, `{"body":"x"} {}`, `null`, "\x00", `{"parent_id":"1"}`,
		`{"version_sha256":"x","closes_at":"kemarin"}`, `{"elements":[[1,2]],"respondents":-1}`, `{"levels":[1,2,3,4,5]}`, `{"program":{"jp":"x"}}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		for _, newInput := range decoders {
			req := httptest.NewRequest(http.MethodPost, "/api/v1/x", bytes.NewBufferString(body))
			req.Header.Set("Content-Type", "application/json")
			in := newInput()
			err := decodeJSON(httptest.NewRecorder(), req, in)
			if err == nil {
				continue
			}
			switch policies.KindOf(err) {
			case policies.KindInvalid, policies.KindBadRequest, policies.KindTooLarge:
			default:
				var mbe *http.MaxBytesError
				if !strings.Contains(err.Error(), "http: request body too large") && !asMaxBytes(err, &mbe) {
					t.Fatalf("unclassified error %v for %q decoded as %T", err, body, in)
				}
			}
		}
	})
}

func asMaxBytes(err error, target **http.MaxBytesError) bool {
	e, ok := err.(*http.MaxBytesError)
	if ok {
		*target = e
	}
	return ok
}
