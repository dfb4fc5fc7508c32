package policies

import "unicode/utf8"

// NewVersion is a new version as its author saves it from the editor or
// the API: the text, on top of the version they opened.
type NewVersion struct {
	BaseVersion   int // the number of the version the author opened
	Markdown      string
	ChangeSummary string
}

// Validate checks the base version and the change summary (the text
// itself is the store's to refuse when empty or too large).
func (in NewVersion) Validate() error {
	switch {
	case in.BaseVersion < 1:
		return FieldError("base_version", "versi dasar wajib diisi")
	case len(in.ChangeSummary) > 2000:
		return FieldError("change_summary", "ringkasan perubahan maksimal 2000 karakter")
	case in.ChangeSummary == "":
		return FieldError("change_summary", "ringkasan perubahan wajib diisi")
	}
	return nil
}

// MaxAcceptAtOnce bounds how many suggestions go into one version.
const MaxAcceptAtOnce = 50

// SuggestionAcceptance is a drafter's choice of suggestions to accept into
// one new version.
type SuggestionAcceptance struct {
	CommentIDs    []int64 // each once
	BaseVersion   int
	ChangeSummary string // "" for the summary made from the suggestions
}

// Validate checks how many suggestions are chosen, the base version and the
// summary's length.
func (in SuggestionAcceptance) Validate() error {
	switch {
	case len(in.CommentIDs) == 0:
		return FieldError("comment_ids", "pilih setidaknya satu usulan untuk diterima")
	case len(in.CommentIDs) > MaxAcceptAtOnce:
		return FieldError("comment_ids", "paling banyak %d usulan dalam satu versi", MaxAcceptAtOnce)
	case in.BaseVersion < 1:
		return FieldError("base_version", "versi dasar wajib diisi")
	case utf8.RuneCountInString(in.ChangeSummary) > 1000:
		return FieldError("change_summary", "ringkasan perubahan maksimal 1000 karakter")
	}
	return nil
}
