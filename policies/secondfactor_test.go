package policies

import (
	"strings"
	"testing"
	"time"
)

// A code matches its step and one step of drift either way, only after
// the step accepted last; codes of other forms match nothing.
func TestMatchTOTP(t *testing.T) {
	const secret = "JBSWY3DPEHPK3PXP"
	now := time.Unix(1_800_000_015, 0)
	s := TOTPStep(now)
	code := func(step int64) string {
		c, err := TOTPCode(secret, step)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	// RFC 6238's test vector (SHA-1, T = 59 s): 94287082, whose last six digits are the 6-digit code.
	if c, _ := TOTPCode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", 59/TOTPPeriod); c != "287082" {
		t.Errorf("RFC 6238 vector: %s, want 287082", c)
	}
	for _, tc := range []struct {
		name       string
		step, last int64
		ok         bool
	}{
		{"this step", s, 0, true},
		{"one behind", s - 1, 0, true},
		{"one ahead", s + 1, 0, true},
		{"two behind", s - 2, 0, false},
		{"two ahead", s + 2, 0, false},
		{"the step accepted last (a replay)", s, s, false},
		{"a step before the last accepted", s - 1, s, false},
		{"after the last accepted", s + 1, s, true},
	} {
		step, ok := MatchTOTP(secret, code(tc.step), now, tc.last)
		if ok != tc.ok || (ok && step != tc.step) {
			t.Errorf("%s: %d %v, want %v", tc.name, step, ok, tc.ok)
		}
	}
	for _, bad := range []string{"", "12345", "1234567", "12345a", "１２３４５６"} {
		if _, ok := MatchTOTP(secret, bad, now, 0); ok {
			t.Errorf("%q matched", bad)
		}
	}
	u := TOTPURL(secret, "kabid@kota.go.id")
	if !strings.HasPrefix(u, "otpauth://totp/Policyflow:kabid@kota.go.id?") || !strings.Contains(u, "secret="+secret) || !strings.Contains(u, "issuer=Policyflow") {
		t.Errorf("otpauth URL: %s", u)
	}
	codes := NewRecoveryCodes()
	seen := map[string]bool{}
	for _, c := range codes {
		if len(c) != 11 || seen[c] || NormalRecoveryCode(" "+strings.ToUpper(c)+" ") != strings.ReplaceAll(c, "-", "") {
			t.Errorf("recovery code %q", c)
		}
		seen[c] = true
	}
	if len(codes) != RecoveryCodeCount {
		t.Errorf("%d recovery codes", len(codes))
	}
}
