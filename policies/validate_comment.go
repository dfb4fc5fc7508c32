package policies

import (
	"regexp"
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
	return reason, checkLength(reason, "reason", "alasan penolakan wajib diisi", "alasan", MaxDeclineReason)
}

// MaxCommentBody is the most characters one comment may have.
const MaxCommentBody = 10000

// sectionAnchor is the shape of a section's anchor; "" is the general section.
var sectionAnchor = regexp.MustCompile(`^[A-Za-z0-9_-]{0,200}$`)

// ValidateSection checks the shape of a section's anchor (whether the
// section is in a version is for whoever reads the version to say).
func ValidateSection(section string) error {
	if !sectionAnchor.MatchString(section) {
		return FieldError("section", "bagian tidak dikenal")
	}
	return nil
}

// NewComment is a comment's own words as its author sends them: the body
// and the section it is on.
type NewComment struct {
	Body    string
	Section string
}

// Validate trims the body and checks it (required, at most MaxCommentBody
// characters) and the section's anchor.
func (in *NewComment) Validate() error {
	in.Body = strings.TrimSpace(in.Body)
	if err := checkLength(in.Body, "body", "komentar wajib diisi", "komentar", MaxCommentBody); err != nil {
		return err
	}
	return ValidateSection(in.Section)
}

// PublicCommenter is a signed-out member of the public as they sign a
// comment during a consultation that accepts them.
type PublicCommenter struct {
	Name  string
	Email string
}

// Validate trims the name and checks it (required, at most 200
// characters) and the email address.
func (in *PublicCommenter) Validate() error {
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" || utf8.RuneCountInString(in.Name) > 200 {
		return FieldError("name", "nama wajib diisi (maksimal 200 karakter)")
	}
	if IsErasedAuthor(in.Name) { // the name of erased people's comments (privacy_person.go)
		return FieldError("name", "nama ini dipakai untuk komentar orang yang datanya dihapus")
	}
	if !ValidEmail(in.Email) {
		return FieldError("email", "alamat email tidak sah")
	}
	return nil
}

// ProvisionRef is a comment's pointer to a Pasal, and maybe an ayat, of the
// version it is on, by number.
type ProvisionRef struct {
	Pasal, Ayat int
	Reply       bool // the comment answers another: replies point at nothing
}

// Validate checks the numbers (whether the version has that provision is
// LocateProvision's to say): a Pasal for any ayat, no negative ayat, and
// no provision on a reply. A ref with neither number is no ref and valid.
func (in ProvisionRef) Validate() error {
	if in.Pasal == 0 && in.Ayat == 0 {
		return nil
	}
	switch {
	case in.Pasal <= 0:
		return FieldError("pasal", "nomor Pasal wajib diisi bila ayat diisi")
	case in.Ayat < 0:
		return FieldError("ayat", "nomor ayat harus bilangan bulat positif")
	case in.Reply:
		return FieldError("pasal", "balasan tidak menunjuk Pasal; tunjuk pada komentar utama")
	}
	return nil
}
