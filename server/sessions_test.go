package server

import (
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
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
func TestLoginWait(t *testing.T) {
	now := time.Now()
	for _, tc := range []struct {
		name string
		f    policies.LoginFailures
		want time.Duration
	}{
		{"none", policies.LoginFailures{}, 0},
		{"two", policies.LoginFailures{Pair: 2, PairLast: now}, 0},
		{"three, just now", policies.LoginFailures{Pair: 3, PairLast: now}, 8 * time.Second},
		{"three, 5 s ago", policies.LoginFailures{Pair: 3, PairLast: now.Add(-5 * time.Second)}, 3 * time.Second},
		{"three, long ago", policies.LoginFailures{Pair: 3, PairLast: now.Add(-time.Minute)}, 0},
		{"four", policies.LoginFailures{Pair: 4, PairLast: now}, 16 * time.Second},
		{"nine", policies.LoginFailures{Pair: 9, PairLast: now}, 512 * time.Second},
		{"ten: capped", policies.LoginFailures{Pair: 10, PairLast: now}, 15 * time.Minute},
		{"a thousand: capped", policies.LoginFailures{Pair: 1000, PairLast: now}, 15 * time.Minute},
		{"address under its limit", policies.LoginFailures{Address: 19, AddressFirst: now}, 0},
		{"address at its limit", policies.LoginFailures{Address: 20, AddressFirst: now.Add(-10 * time.Minute)}, 5 * time.Minute},
		{"both: the longer", policies.LoginFailures{Pair: 3, PairLast: now, Address: 20, AddressFirst: now.Add(-14 * time.Minute)}, time.Minute},
	} {
		if got := loginWait(tc.f, now); got != tc.want {
			t.Errorf("%s: loginWait = %v, want %v", tc.name, got, tc.want)
		}
	}
	e := tooManyError{wait: 7200 * time.Millisecond}
	if got := e.retryAfter(); got != "8" {
		t.Errorf("Retry-After for 7.2 s = %q, want 8 (rounded up)", got)
	}
}
