package policies

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// ValidateManualStatus checks a status that a person sets on a comment by
// hand: resolved, open or rejected (moderation hides and shows through its
// own decisions).
func (s CommentStatus) ValidateManualStatus() error {
	switch s {
	case CommentResolved, CommentOpen, CommentRejected:
		return nil
	}
	return FieldError("status", "status harus resolved, open, atau rejected")
}

// MaxDeclineReason is the most characters a reason for declining a
// suggestion may have.
const MaxDeclineReason = 2000

// DeclineReason trims the reason a drafter gives for declining a suggestion
// and checks it: required, at most MaxDeclineReason characters.
func DeclineReason(reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return reason, FieldError("reason", "alasan penolakan wajib diisi")
	case utf8.RuneCountInString(reason) > MaxDeclineReason:
		return reason, &Error{Kind: KindTooLarge, Field: "reason", Message: fmt.Sprintf("alasan maksimal %d karakter", MaxDeclineReason)}
	}
	return reason, nil
}
