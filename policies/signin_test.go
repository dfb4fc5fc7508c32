package policies

import (
	"testing"
	"time"
)

// TestLoginFailuresWait was the table of server's TestLoginWait.
func TestLoginFailuresWait(t *testing.T) {
	now := time.Now()
	for _, tc := range []struct {
		name string
		f    LoginFailures
		want time.Duration
	}{
		{"none", LoginFailures{}, 0},
		{"two", LoginFailures{Pair: 2, PairLast: now}, 0},
		{"three, just now", LoginFailures{Pair: 3, PairLast: now}, 8 * time.Second},
		{"three, 5 s ago", LoginFailures{Pair: 3, PairLast: now.Add(-5 * time.Second)}, 3 * time.Second},
		{"three, long ago", LoginFailures{Pair: 3, PairLast: now.Add(-time.Minute)}, 0},
		{"four", LoginFailures{Pair: 4, PairLast: now}, 16 * time.Second},
		{"nine", LoginFailures{Pair: 9, PairLast: now}, 512 * time.Second},
		{"ten: capped", LoginFailures{Pair: 10, PairLast: now}, 15 * time.Minute},
		{"a thousand: capped", LoginFailures{Pair: 1000, PairLast: now}, 15 * time.Minute},
		{"address under its limit", LoginFailures{Address: 19, AddressFirst: now}, 0},
		{"address at its limit", LoginFailures{Address: 20, AddressFirst: now.Add(-10 * time.Minute)}, 5 * time.Minute},
		{"both: the longer", LoginFailures{Pair: 3, PairLast: now, Address: 20, AddressFirst: now.Add(-14 * time.Minute)}, time.Minute},
	} {
		if got := tc.f.Wait(now); got != tc.want {
			t.Errorf("%s: Wait = %v, want %v", tc.name, got, tc.want)
		}
	}
}
