package server

import (
	"strings"
	"testing"
	"time"
)

// next after sign-in is followed only when it is a path of this site.
func TestSafeNext(t *testing.T) {
	for _, tc := range []struct{ next, want string }{
		{"/dashboard", "/dashboard"},
		{"/policies/12?lang=en#pendahuluan", "/policies/12?lang=en#pendahuluan"},
		{"/policies?q=a//b", "/policies?q=a//b"},
		{"/a/b//c", "/a/b//c"},
		{"/%2F%2Fevil.example", "/%2F%2Fevil.example"}, // an escaped slash is no separator
		{"", "/dashboard"},
		{"dashboard", "/dashboard"},
		{"evil.example", "/dashboard"},
		{"//evil.example", "/dashboard"},
		{"///evil.example", "/dashboard"},
		{"/\\evil.example", "/dashboard"},
		{"\\\\evil.example", "/dashboard"},
		{"\\/evil.example", "/dashboard"},
		{"/x\\y", "/dashboard"},
		{"/\t/evil.example", "/dashboard"},
		{"/\n/evil.example", "/dashboard"},
		{"/\r/evil.example", "/dashboard"},
		{"/\x00/evil.example", "/dashboard"},
		{"/\x7f/evil.example", "/dashboard"},
		{"/\u0085/evil.example", "/dashboard"},
		{"/settings\t", "/dashboard"},
		{"\t//evil.example", "/dashboard"},
		{" //evil.example", "/dashboard"},
		{"https://evil.example/", "/dashboard"},
		{"http:/evil.example", "/dashboard"},
		{"javascript:alert(1)", "/dashboard"},
		{"JaVaScRiPt:alert(1)", "/dashboard"},
		{"data:text/html,<script>alert(1)</script>", "/dashboard"},
		{"mailto:x@evil.example", "/dashboard"},
		{"/" + strings.Repeat("a", 3000), "/dashboard"},
	} {
		if got := safeNext(tc.next); got != tc.want {
			t.Errorf("safeNext(%q) = %q, want %q", tc.next, got, tc.want)
		}
	}
}

// The wait after failed sign-ins of one account from one address: none for
// the first three, then doubling, at most 15 minutes; the address's limit
// over every account waits for its oldest failure to leave the window.
// The waits themselves are policies' (TestLoginFailuresWait); the server
// says them in Retry-After.
func TestTooManyRetryAfter(t *testing.T) {
	e := tooManyError{wait: 7200 * time.Millisecond}
	if got := e.retryAfter(); got != "8" {
		t.Errorf("Retry-After for 7.2 s = %q, want 8 (rounded up)", got)
	}
}
