package policies

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// RosterPerson is one civil servant (ASN) of a region's roster, as BKPSDM
// keeps it from the SIASN/MyASN export: personal data (UU 27/2022), read
// only by the region's drafters and the officers of the person's unit.
type RosterPerson struct {
	ID        int64     `db:"id" json:"id"`
	RegionID  int64     `db:"region_id" json:"-"`
	NIP       string    `db:"nip" json:"nip"` // a PNS NIP or an NI PPPK, by Kind
	Name      string    `db:"name" json:"name"`
	Kind      ASNKind   `db:"kind" json:"kind"`
	UnitID    int64     `db:"unit_id" json:"unit_id"`
	UnitCode  string    `db:"unit_code" json:"unit_code"`
	Jabatan   string    `db:"jabatan" json:"jabatan"`
	Golongan  string    `db:"golongan" json:"golongan"` // golongan/ruang or pangkat, as the export writes it
	Email     string    `db:"email" json:"email"`       // optional; "" when not known
	Active    bool      `db:"active" json:"active"`
	UpdatedAt time.Time `db:"updated_at" json:"updated_at"`
}

// RosterInput is a person as BKPSDM adds or corrects them by hand, or as
// one line of a roster file gives them.
type RosterInput struct {
	NIP      string  `json:"nip"`
	Name     string  `json:"name"`
	Kind     ASNKind `json:"kind" required:"false"` // PNS or PPPK; empty: what the number's form says
	Unit     string  `json:"unit"`                  // the unit's code
	Jabatan  string  `json:"jabatan" required:"false"`
	Golongan string  `json:"golongan" required:"false"`
	Active   *bool   `json:"active,omitempty" required:"false"` // absent: active
	// Email is the person's address; absent (nil): kept as it is (none for
	// a new person), "": removed.
	Email *string `json:"email,omitempty" required:"false"`
}

// EmailText is the input's email, "" when not given.
func (in RosterInput) EmailText() string {
	if in.Email == nil {
		return ""
	}
	return *in.Email
}

// IsActive is the input's active flag, true when not given.
func (in RosterInput) IsActive() bool { return in.Active == nil || *in.Active }

// Limits of a roster person's text fields, in characters.
const (
	maxRosterName = 200
	maxRosterText = 200
)

// Problems normalizes the input (spaces trimmed, the number's spaces
// removed, the kind in upper case or, when empty, taken from the number's
// form) and returns every field that is wrong, in field order: nip, name,
// kind, unit, jabatan, golongan, email. A PPPK is checked against the NI PPPK
// form, a PNS against the NIP form. Whether the unit exists is the
// caller's to say.
func (in *RosterInput) Problems() []*Error {
	in.NIP = NormalizeNIP(in.NIP)
	in.Name, in.Unit = strings.TrimSpace(in.Name), strings.TrimSpace(in.Unit)
	in.Jabatan, in.Golongan = strings.TrimSpace(in.Jabatan), strings.TrimSpace(in.Golongan)
	in.Kind = ASNKind(strings.ToUpper(strings.TrimSpace(string(in.Kind))))
	var email string
	if in.Email != nil {
		email = strings.TrimSpace(*in.Email)
		in.Email = &email
	}
	var errs []*Error
	for _, f := range []struct{ field, v string }{
		{"nip", in.NIP}, {"name", in.Name}, {"kind", string(in.Kind)}, {"unit", in.Unit}, {"jabatan", in.Jabatan}, {"golongan", in.Golongan}, {"email", email},
	} {
		if !utf8.ValidString(f.v) || strings.ContainsRune(f.v, 0) {
			errs = append(errs, FieldError(f.field, "isian %s berisi karakter yang tidak sah", f.field))
		}
	}
	if len(errs) > 0 {
		return errs
	}
	if in.Kind == "" {
		in.Kind = KindOfNumber(in.NIP)
	}
	numberKind := in.Kind
	if !numberKind.Valid() {
		numberKind = "" // an unknown kind is named below; the number is checked in either form
	}
	if err := ValidateASNNumber(numberKind, in.NIP); err != nil {
		errs = append(errs, err.(*Error))
	}
	if n := utf8.RuneCountInString(in.Name); n < 1 || n > maxRosterName {
		errs = append(errs, FieldError("name", "nama wajib diisi (paling banyak %d karakter)", maxRosterName))
	}
	if in.Kind != "" && !in.Kind.Valid() {
		errs = append(errs, FieldError("kind", "jenis ASN %q tidak dikenal; gunakan PNS atau PPPK", in.Kind))
	}
	if in.Unit == "" {
		errs = append(errs, FieldError("unit", "unit wajib diisi"))
	}
	if utf8.RuneCountInString(in.Jabatan) > maxRosterText {
		errs = append(errs, FieldError("jabatan", "jabatan paling banyak %d karakter", maxRosterText))
	}
	if utf8.RuneCountInString(in.Golongan) > maxRosterText {
		errs = append(errs, FieldError("golongan", "golongan/pangkat paling banyak %d karakter", maxRosterText))
	}
	if email != "" && !ValidEmail(email) {
		errs = append(errs, FieldError("email", "email %q bukan alamat email yang sah", email))
	}
	return errs
}

// Validate normalizes the input as Problems does and returns its first
// problem, or nil.
func (in *RosterInput) Validate() error { return problems(in.Problems()).first() }

// RosterFilter narrows a roster read.
type RosterFilter struct {
	UnitID     int64 // 0: the whole region
	ActiveOnly bool
}

// RosterStore keeps a region's ASN roster. Every write is audited.
type RosterStore interface {
	Roster(ctx context.Context, regionID int64, f RosterFilter) ([]RosterPerson, error) // by unit code, name
	RosterPersonByID(ctx context.Context, regionID, id int64) (RosterPerson, error)
	// SaveRosterPerson adds (id 0) or corrects a person; in passed Validate
	// and in.Unit names a unit of the region (else a field error on unit).
	SaveRosterPerson(ctx context.Context, regionID, actorID, id int64, in RosterInput) (RosterPerson, error)
	// PreviewRosterImport keeps rows (which passed Problems, units
	// resolved) as a pending import of the file fileHash and says what
	// applying it would change; nothing on the roster changes.
	PreviewRosterImport(ctx context.Context, regionID, actorID int64, fileHash string, rows []RosterInput) (RosterPreview, error)
	// ApplyRosterImport applies the pending import token names, in one
	// transaction, audited: a conflict if the roster changed since its
	// preview, not found if there is no such preview.
	ApplyRosterImport(ctx context.Context, regionID, actorID int64, token string) (RosterPreview, error)
}
