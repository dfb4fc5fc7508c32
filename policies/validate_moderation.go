package policies

import (
	"strings"
	"unicode/utf8"
)

// Validate trims a reader's report of a comment and checks its reason and
// detail: a known reason, at most MaxReportDetail characters, and words of
// their own for "other".
func (r *CommentReport) Validate() error {
	r.Detail = strings.TrimSpace(r.Detail)
	switch {
	case !r.Reason.Valid():
		return FieldError("reason", "alasan harus spam, abusive, personal_data, off_topic, atau other")
	case utf8.RuneCountInString(r.Detail) > MaxReportDetail:
		return FieldError("detail", "keterangan maksimal %d karakter", MaxReportDetail)
	case r.Reason == ReportOther && r.Detail == "":
		return FieldError("detail", "jelaskan alasan laporan")
	}
	return nil
}

// Validate checks a moderator's decision: approve, hide or keep.
func (d ModerationDecision) Validate() error {
	if !d.Valid() {
		return FieldError("decision", "keputusan harus approve, hide, atau keep")
	}
	return nil
}
