package policies

import (
	"net/mail"
	"regexp"
	"strings"
	"unicode/utf8"
)

// ValidEmail reports whether s is one plain email address (no display
// name, no angle brackets) of at most 254 characters.
func ValidEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && len(s) <= 254
}

// Validate trims what the administrator gave, drops the spaces of the NIP
// and checks every field (the email only when inviting: an update keeps
// it). Whether the unit exists in the region is the store's to say.
func (in *PersonInput) Validate(inviting bool) error {
	in.Email, in.Name, in.Title, in.Unit = strings.TrimSpace(in.Email), strings.TrimSpace(in.Name), strings.TrimSpace(in.Title), strings.TrimSpace(in.Unit)
	in.NIP = NormalizeNIP(in.NIP)
	for _, f := range []struct{ field, v string }{
		{"email", in.Email}, {"name", in.Name}, {"title", in.Title}, {"unit", in.Unit}, {"nip", in.NIP}, {"role", string(in.Role)},
	} {
		if !utf8.ValidString(f.v) || strings.ContainsRune(f.v, 0) {
			return FieldError(f.field, "isian %s berisi karakter yang tidak sah", f.field)
		}
	}
	if inviting {
		if !ValidEmail(in.Email) {
			return FieldError("email", "email %q bukan alamat email yang sah", in.Email)
		}
	}
	if n := utf8.RuneCountInString(in.Name); n < 1 || n > 200 {
		return FieldError("name", "nama wajib diisi (paling banyak 200 karakter)")
	}
	if utf8.RuneCountInString(in.Title) > 200 {
		return FieldError("title", "jabatan paling banyak 200 karakter")
	}
	if !in.Role.Valid() {
		return FieldError("role", "peran %q tidak dikenal; pilih drafter, stakeholder, leader, unit_officer, admin atau legal", in.Role)
	}
	if in.NIP != "" {
		if err := ValidateASNNumber("", in.NIP); err != nil {
			return err
		}
	}
	if in.Unit != "" && !unitCodeRe.MatchString(in.Unit) {
		return FieldError("unit", "unit %q tidak ada di wilayah ini", in.Unit)
	}
	if in.Unit == "" && (in.Role == RoleDrafter || in.Role == RoleUnitOfficer) {
		return FieldError("unit", "peran %s wajib memiliki unit", in.Role)
	}
	return nil
}

// regionSlug is the shape of a region's slug in URLs.
var regionSlug = regexp.MustCompile(`^[a-z0-9-]{1,60}$`)

// NewRegion is a region as the command line creates it.
type NewRegion struct {
	Slug string
	Name string
	Zone TimeZone // "" for WIB
}

// Validate trims the slug and name, gives a region with no zone WIB and
// checks every field.
func (in *NewRegion) Validate() error {
	in.Slug, in.Name = strings.TrimSpace(in.Slug), strings.TrimSpace(in.Name)
	switch {
	case !regionSlug.MatchString(in.Slug):
		return FieldError("slug", "slug %q harus 1–60 huruf kecil, angka atau tanda hubung (contoh: kota-sawahlunto)", in.Slug)
	case !utf8.ValidString(in.Name) || strings.ContainsRune(in.Name, 0) || utf8.RuneCountInString(in.Name) < 1 || utf8.RuneCountInString(in.Name) > 200:
		return FieldError("name", "nama wilayah wajib diisi (paling banyak 200 karakter)")
	case in.Zone == "":
		in.Zone = ZoneWIB
	case !in.Zone.Valid():
		return FieldError("zone", "zona waktu %q tidak dikenal; pilih WIB, WITA atau WIT", in.Zone)
	}
	return nil
}
