package policies

import (
	"strings"
)

// Validate trims why a drafter closes a consultation with comments still
// unanswered and checks it: required, at most MaxAnswerReason characters.
func (r *UnansweredReason) Validate() error {
	r.Reason = strings.TrimSpace(r.Reason)
	return checkLength(r.Reason, "reason", "alasan wajib diisi", "alasan", MaxAnswerReason)
}
