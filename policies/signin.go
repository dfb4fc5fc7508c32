package policies

import "time"

// The sign-in limits. They are kept per account *and address*, so a
// stranger failing on someone's account from elsewhere never locks its
// owner out. An account may fail PairFree times from one address; after n
// failures there, the next try waits 2^n seconds (at most PairMaxWait)
// after the last. Failures count since the pair's last success, within
// PairMemory. An address may fail MaxPerAddress times within
// AddressWindow, over every account: guessing one password on many
// accounts is refused too.
const (
	PairFree      = 3
	PairMaxWait   = 15 * time.Minute
	PairMemory    = 24 * time.Hour
	AddressWindow = 15 * time.Minute
	MaxPerAddress = 20
)

// Wait is how long sign-ins with these failures must still wait: the
// pair's growing delay, or until the address's oldest failure in the
// window leaves it; 0 when a try is allowed now.
func (f LoginFailures) Wait(now time.Time) time.Duration {
	var wait time.Duration
	if f.Pair >= PairFree {
		wait = f.PairLast.Add(pairDelay(f.Pair)).Sub(now)
	}
	if f.Address >= MaxPerAddress {
		// At least a second: the window's edge may be a clock tick away.
		wait = max(wait, f.AddressFirst.Add(AddressWindow).Sub(now), time.Second)
	}
	return max(wait, 0)
}

// pairDelay is the wait after an account's n-th failure from one address:
// none for the first PairFree, then 2^n seconds, at most PairMaxWait.
func pairDelay(n int) time.Duration {
	switch {
	case n < PairFree:
		return 0
	case n >= 20: // 2^20 s is far past the cap; no overflow
		return PairMaxWait
	}
	return min(time.Duration(1<<n)*time.Second, PairMaxWait)
}
