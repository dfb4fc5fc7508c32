package policies

import (
	"strings"
	"unicode/utf8"
)

// NewAPIToken is an API token as its owner asks for it: a name and a
// lifetime in days.
type NewAPIToken struct {
	Name string
	Days int
}

// Validate names an unnamed token "api" and checks the name's length and
// the lifetime (1–APITokenMaxDays days).
func (t *NewAPIToken) Validate() error {
	if strings.TrimSpace(t.Name) == "" {
		t.Name = "api"
	}
	if utf8.RuneCountInString(t.Name) > 100 {
		return FieldError("name", "nama token maksimal 100 karakter")
	}
	if t.Days < 1 || t.Days > APITokenMaxDays {
		return FieldError("expires_in_days", "masa berlaku token 1–%d hari", APITokenMaxDays)
	}
	return nil
}
