package policies

import (
	"strings"
	"testing"
)

// RETENTION_DAYS: named kinds take their days, the others keep their
// defaults; an unknown kind or days out of range are refused naming them.
func TestParseRetention(t *testing.T) {
	rs, err := ParseRetention(" sign_in_attempts=30, notifications = 800 ")
	if err != nil {
		t.Fatal(err)
	}
	for kind, want := range map[RetentionKind]int{RetainSignInAttempts: 30, RetainNotifications: 800, RetainSessions: 30, RetainCommenterEmail: 730} {
		if r, ok := rs.Of(kind); !ok || r.Days != want {
			t.Errorf("%s: %+v, want %d days", kind, r, want)
		}
	}
	for in, names := range map[string]string{"sesi=3": "sesi", "sessions=0": "sessions", "sessions=x": "sessions", "sessions=40000": "sessions"} {
		if _, err := ParseRetention(in); err == nil || !strings.Contains(err.Error(), names) {
			t.Errorf("ParseRetention(%q): %v, want an error naming %s", in, err, names)
		}
	}
	// A region may go up to the installation's days, not past them.
	in := RetentionInput{Days: map[RetentionKind]int{RetainNotifications: 700}, Rules: rs}
	if err := in.Validate(); err != nil {
		t.Errorf("700 days under an installation's 800: %v", err)
	}
	in.Rules = nil
	if err := in.Validate(); err == nil {
		t.Error("700 days under the default 365: accepted")
	}
}
