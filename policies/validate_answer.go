package policies

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Validate trims why a drafter closes a consultation with comments still
// unanswered and checks it: required, at most MaxAnswerReason characters.
func (r *UnansweredReason) Validate() error {
	r.Reason = strings.TrimSpace(r.Reason)
	switch {
	case r.Reason == "":
		return FieldError("reason", "alasan wajib diisi")
	case utf8.RuneCountInString(r.Reason) > MaxAnswerReason:
		return &Error{Kind: KindTooLarge, Field: "reason", Message: fmt.Sprintf("alasan maksimal %d karakter", MaxAnswerReason)}
	}
	return nil
}
