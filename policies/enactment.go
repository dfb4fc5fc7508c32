package policies

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// Enactment (penetapan and pengundangan): after the last approval, the
// region's legal unit (Bagian Hukum, role legal) enacts the approved
// version as a Peraturan Wali Kota or a Keputusan Wali Kota. The number
// is taken from the region's register for the year (no gaps, no
// duplicates), the signer signs in their own right or as Plt./Plh. or
// a.n. of the principal, and later the Sekretaris Daerah promulgates it
// in the Berita Daerah. The enacted version is immutable (every version
// is). It is in force from the day it is promulgated, or the day its text
// sets (legal_state.go); a Keputusan from the day it is enacted.

// RoleLegal is the region's legal unit (Bagian Hukum Sekretariat Daerah):
// records enactments, promulgations, relations and JDIH metadata.
const RoleLegal Role = "legal"

// LegalForm is the kind of regional legal product a policy is enacted as.
type LegalForm string

// The legal forms. The database checks the same list.
const (
	FormPerwali LegalForm = "perwali" // Peraturan Wali Kota: regulates (Pasal, BAB)
	FormKepwali LegalForm = "kepwali" // Keputusan Wali Kota: decides (KESATU, KEDUA…)
)

// LegalForms lists the forms in the order forms offer them.
var LegalForms = []LegalForm{FormPerwali, FormKepwali}

// Valid reports whether f is a known form.
func (f LegalForm) Valid() bool { return f == FormPerwali || f == FormKepwali }

// Name is the form's full name: "Peraturan Wali Kota".
func (f LegalForm) Name() string {
	switch f {
	case FormPerwali:
		return "Peraturan Wali Kota"
	case FormKepwali:
		return "Keputusan Wali Kota"
	}
	return ""
}

// Abbrev is the form's short name (singkatan jenis) as JDIH lists it: "Perwali".
func (f LegalForm) Abbrev() string {
	switch f {
	case FormPerwali:
		return "Perwali"
	case FormKepwali:
		return "Kepwali"
	}
	return ""
}

// SignCapacity is how the signer signs: in their own right, or for the
// principal as Plt. or Plh. (from the acting-official record), or a.n.
// (atas nama: on the principal's behalf, under the signer's own office).
type SignCapacity string

// The capacities. The database checks the same list.
const (
	SignOwn      SignCapacity = "own"
	SignPlt      SignCapacity = "plt"
	SignPlh      SignCapacity = "plh"
	SignOnBehalf SignCapacity = "an"
)

// Prefix is what precedes the principal's office in the signature block:
// "", "Plt. ", "Plh. " or "a.n. ".
func (c SignCapacity) Prefix() string {
	switch c {
	case SignPlt:
		return "Plt. "
	case SignPlh:
		return "Plh. "
	case SignOnBehalf:
		return "a.n. "
	}
	return ""
}

// Enactment is the enactment record of one approved version.
type Enactment struct {
	ID            int64     `db:"id" json:"id"`
	PolicyID      int64     `db:"policy_id" json:"policy_id"`
	RegionID      int64     `db:"region_id" json:"region_id"`
	VersionID     int64     `db:"version_id" json:"version_id"`
	VersionNumber int       `db:"version_number" json:"version_number"`
	SHA256        string    `db:"sha256" json:"sha256"` // of the enacted version
	Form          LegalForm `db:"form" json:"form"`
	Number        int       `db:"number" json:"number"` // in the region's register for Year and Form
	Year          int       `db:"year" json:"year"`
	Title         string    `db:"title" json:"title"` // "tentang …", as enacted
	Place         string    `db:"place" json:"place"` // ditetapkan di
	EnactedOn     time.Time `db:"enacted_on" json:"enacted_on"`
	// EffectiveOn is the day the text sets for its taking effect ("mulai
	// berlaku pada tanggal …"); nil when it takes effect on promulgation
	// (a Keputusan: on enactment).
	EffectiveOn *time.Time `db:"effective_on" json:"effective_on,omitempty"`
	// The principal is the official the form names (the Wali Kota); the
	// signer signs in Capacity. Names and offices are copied at enactment:
	// the record keeps them as signed.
	PrincipalID    int64        `db:"principal_id" json:"principal_id"`
	PrincipalTitle string       `db:"principal_title" json:"principal_title"` // "Wali Kota Sawahlunto"
	SignerID       int64        `db:"signer_id" json:"signer_id"`
	SignerName     string       `db:"signer_name" json:"signer_name"`
	SignerTitle    string       `db:"signer_title" json:"signer_title"` // own office, shown under a.n.
	Capacity       SignCapacity `db:"capacity" json:"capacity"`
	ActingID       *int64       `db:"acting_id" json:"acting_id,omitempty"` // the Plt./Plh. appointment
	// Promulgation (pengundangan) in the Berita Daerah; nil until recorded.
	PromulgatedOn     *time.Time `db:"promulgated_on" json:"promulgated_on,omitempty"`
	GazetteNumber     *int       `db:"gazette_number" json:"gazette_number,omitempty"` // Berita Daerah nomor
	GazetteYear       *int       `db:"gazette_year" json:"gazette_year,omitempty"`
	PromulgatorID     *int64     `db:"promulgator_id" json:"promulgator_id,omitempty"`
	PromulgatorName   *string    `db:"promulgator_name" json:"promulgator_name,omitempty"`
	PromulgatorTitle  *string    `db:"promulgator_title" json:"promulgator_title,omitempty"`
	PromulgatorPrefix *string    `db:"promulgator_prefix" json:"promulgator_prefix,omitempty"` // "Plt. " for an acting Sekda
	RecordedBy        int64      `db:"recorded_by" json:"-"`                                   // the legal unit's officer: in the audit log, not in public answers
	CreatedAt         time.Time  `db:"created_at" json:"created_at"`
}

// Label is how the product is cited: "Peraturan Wali Kota Sawahlunto Nomor 3 Tahun 2026".
func (e Enactment) Label(regionName string) string {
	return e.Form.Name() + " " + CityName(regionName) + " Nomor " + strconv.Itoa(e.Number) + " Tahun " + strconv.Itoa(e.Year)
}

// CityName is a region's name without "Kota ": "Sawahlunto".
func CityName(regionName string) string {
	return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(regionName), "Kota "))
}

// EnactmentInput is an enactment as the legal unit records it.
type EnactmentInput struct {
	Form      LegalForm `json:"form"`
	Place     string    `json:"place" required:"false"` // ditetapkan di; the city's name when empty
	EnactedOn string    `json:"enacted_on"`             // YYYY-MM-DD, in the region's zone; the register's year is its year
	// EffectiveOn (YYYY-MM-DD): the day the text sets for its taking
	// effect, when not the day of promulgation (of enactment, for a
	// Keputusan); not before the enactment.
	EffectiveOn string `json:"effective_on,omitempty" required:"false"`
	PrincipalID int64  `json:"principal_id"`
	SignerID    int64  `json:"signer_id"`
	// OnBehalf: the signer signs a.n. the principal (a Keputusan signed by
	// the Sekda for the Wali Kota). Otherwise a signer other than the
	// principal must hold a Plt./Plh. appointment for the principal that
	// covers EnactedOn.
	OnBehalf bool `json:"on_behalf,omitempty"`
	// Strategic: the Keputusan changes legal status in organisation,
	// staffing or budget (UU 30/2014 Pasal 14 ayat (7)); the region's rules
	// bar acting and a.n. signers from it by default.
	Strategic bool `json:"strategic,omitempty"`
}

// PromulgationInput is the promulgation as the legal unit records it; the
// Berita Daerah number is reserved from the region's gazette register for
// the year of PromulgatedOn.
type PromulgationInput struct {
	PromulgatedOn string `json:"promulgated_on"` // YYYY-MM-DD, not before the enactment
	PromulgatorID int64  `json:"promulgator_id"` // the Sekretaris Daerah (or their Plt./Plh.)
}

// EnactmentStore keeps enactments and the registers their numbers come from.
type EnactmentStore interface {
	// Enact records the enactment of the policy's in-force (last approved)
	// version, reserving the next number of the region's register for the
	// form and year in the same transaction (a failed enactment leaves no
	// gap; two at once never share a number). KindConflict when the policy
	// has no approved version or that version is already enacted;
	// KindInvalid naming the field for a bad signer or date.
	Enact(ctx context.Context, regionID, actorID, policyID int64, in EnactmentInput) (Enactment, error)
	// Promulgate records the promulgation of the policy's latest
	// enactment once; KindConflict when already promulgated.
	Promulgate(ctx context.Context, regionID, actorID, policyID int64, in PromulgationInput) (Enactment, error)
	// Enactments lists a policy's enactments, newest first.
	Enactments(ctx context.Context, policyID int64) ([]Enactment, error)
	// EnactmentOfVersion is the enactment of one version; KindNotFound when none.
	EnactmentOfVersion(ctx context.Context, versionID int64) (Enactment, error)
}

// EnactmentIfAny is the enactment of a version, nil when it has none.
func EnactmentIfAny(ctx context.Context, st interface {
	EnactmentOfVersion(ctx context.Context, versionID int64) (Enactment, error)
}, versionID int64) (*Enactment, error) {
	e, err := st.EnactmentOfVersion(ctx, versionID)
	if IsKind(err, KindNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &e, nil
}
