package download

import (
	"fmt"
	"mime"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/policyflow/policyflow/policies"
)

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// Slug is s as a file name or URL may carry it: lower-case letters and
// digits, every other run one hyphen, none at the ends.
func Slug(s string) string {
	return strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(s), "-"), "-")
}

// Name is the Content-Disposition of a version's file: disposition
// (inline or attachment) and a file name of the slug (letters, digits,
// hyphens; "kebijakan" when none is left) and the version number.
func Name(disposition, slug string, n int, ext string) string {
	safe := Slug(slug)
	if safe == "" {
		safe = "kebijakan"
	}
	return mime.FormatMediaType(disposition, map[string]string{"filename": fmt.Sprintf("%s-v%d.%s", safe, n, ext)})
}

// Write sends a file the viewer downloads; no cache keeps it (the
// version may be a draft only the region reads).
func Write(w http.ResponseWriter, contentType, disposition string, b []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", disposition)
	h.Set("Content-Length", strconv.Itoa(len(b)))
	h.Set("Cache-Control", "private, no-store")
	w.Write(b)
}

// Disposition names an attachment's download: an ASCII fallback and, for any
// other name, its UTF-8 form (RFC 6266).
func Disposition(name string) string {
	name = policies.SafeFileName(name)
	ascii := strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' || r == '%' {
			return '_'
		}
		return r
	}, name)
	v := fmt.Sprintf(`attachment; filename="%s"`, ascii)
	if ascii != name {
		v += "; filename*=UTF-8''" + extValue(name)
	}
	return v
}

// extValue percent-encodes s as an RFC 5987 ext-value: every byte but attr-char.
func extValue(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', strings.IndexByte("!#$&+-.^_`|~", c) >= 0:
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
