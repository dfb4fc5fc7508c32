package policies

import (
	"context"
	"strings"
	"time"
)

// ActingKind is how an acting official stands in: Plt. (pelaksana tugas,
// for a vacancy or a long absence) or Plh. (pelaksana harian, for a short
// absence).
type ActingKind string

// The kinds of acting official. The database checks the same list.
const (
	ActingPlt ActingKind = "plt"
	ActingPlh ActingKind = "plh"
)

// Valid reports whether k is a known kind.
func (k ActingKind) Valid() bool { return k == ActingPlt || k == ActingPlh }

// Abbrev is the kind as offices write it before the principal's jabatan: "Plt." or "Plh.".
func (k ActingKind) Abbrev() string {
	switch k {
	case ActingPlt:
		return "Plt."
	case ActingPlh:
		return "Plh."
	}
	return ""
}

// ActingAppointment appoints an acting official for a principal over a
// period, by a mandate letter. It covers every approval in that period.
type ActingAppointment struct {
	ID           int64      `db:"id" json:"id"`
	RegionID     int64      `db:"region_id" json:"region_id"`
	PrincipalID  int64      `db:"principal_id" json:"principal_id"`
	Principal    string     `db:"principal" json:"principal"`             // name
	PrincipalJob string     `db:"principal_title" json:"principal_title"` // jabatan
	ActingID     int64      `db:"acting_id" json:"acting_id"`
	Acting       string     `db:"acting" json:"acting"`             // name
	ActingJob    string     `db:"acting_title" json:"acting_title"` // their own jabatan
	Kind         ActingKind `db:"kind" json:"kind"`
	LetterNumber string     `db:"letter_number" json:"letter_number"`
	LetterDate   time.Time  `db:"letter_date" json:"letter_date"`
	StartsOn     time.Time  `db:"starts_on" json:"starts_on"`
	EndsOn       time.Time  `db:"ends_on" json:"ends_on"` // the last day covered
	AppointedBy  int64      `db:"appointed_by" json:"appointed_by"`
	RevokedAt    *time.Time `db:"revoked_at" json:"revoked_at,omitempty"`
	CreatedAt    time.Time  `db:"created_at" json:"created_at"`
}

// Period is the appointment's period as instants in zone: from the first
// day's midnight to the midnight after the last day.
func (a ActingAppointment) Period(zone *time.Location) (from, until time.Time) {
	day := func(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, zone) }
	return day(a.StartsOn), day(a.EndsOn).AddDate(0, 0, 1)
}

// ActingInput is an appointment as it is made.
type ActingInput struct {
	PrincipalID  int64      `json:"principal_id" required:"false"`
	ActingID     int64      `json:"acting_id"`
	Kind         ActingKind `json:"kind"`
	LetterNumber string     `json:"letter_number"`
	LetterDate   string     `json:"letter_date"` // YYYY-MM-DD
	StartsOn     string     `json:"starts_on"`
	EndsOn       string     `json:"ends_on"`
	// Dates are the three dates parsed, as Validate leaves them for the store.
	Dates ActingDates `json:"-"`
}

// ActingDates are an input's dates, parsed.
type ActingDates struct{ LetterDate, StartsOn, EndsOn time.Time }

// Validate checks an appointment and keeps its dates, parsed, in Dates.
func (in *ActingInput) Validate() error {
	d, err := in.validate()
	in.Dates = d
	return err
}

func (in *ActingInput) validate() (ActingDates, error) {
	var d ActingDates
	in.LetterNumber = strings.TrimSpace(in.LetterNumber)
	switch {
	case in.PrincipalID <= 0:
		return d, FieldError("principal_id", "pejabat yang digantikan wajib dipilih")
	case in.ActingID <= 0:
		return d, FieldError("acting_id", "pejabat pelaksana wajib dipilih")
	case in.ActingID == in.PrincipalID:
		return d, FieldError("acting_id", "pejabat tidak dapat menjadi Plt./Plh. bagi dirinya sendiri")
	case !in.Kind.Valid():
		return d, FieldError("kind", "jenis harus Plt. atau Plh.")
	case in.LetterNumber == "" || len(in.LetterNumber) > 100:
		return d, FieldError("letter_number", "nomor surat perintah wajib diisi, paling panjang 100 karakter")
	}
	var err error
	for _, f := range []struct {
		name, v string
		dst     *time.Time
	}{{"letter_date", in.LetterDate, &d.LetterDate}, {"starts_on", in.StartsOn, &d.StartsOn}, {"ends_on", in.EndsOn, &d.EndsOn}} {
		if *f.dst, err = time.Parse(time.DateOnly, strings.TrimSpace(f.v)); err != nil {
			return d, FieldError(f.name, "tanggal tidak sah (TTTT-BB-HH)")
		}
	}
	switch {
	case d.EndsOn.Before(d.StartsOn):
		return d, FieldError("ends_on", "tanggal selesai tidak boleh sebelum tanggal mulai")
	case d.EndsOn.Sub(d.StartsOn) > 366*24*time.Hour:
		return d, FieldError("ends_on", "masa tugas paling lama satu tahun")
	case d.LetterDate.After(d.StartsOn.AddDate(0, 0, 366)):
		return d, FieldError("letter_date", "tanggal surat tidak sah")
	}
	return d, nil
}

// ActingStore keeps acting appointments. Every change is audited in its
// own transaction.
type ActingStore interface {
	// ActingAppointments lists a region's appointments, newest first;
	// personID ≠ 0 keeps those where they are principal or acting.
	ActingAppointments(ctx context.Context, regionID, personID int64) ([]ActingAppointment, error)
	// RevokeActing ends an appointment early; principalID ≠ 0 allows only
	// that principal's own appointments (KindForbidden to their acting
	// official, KindNotFound to anyone else).
	RevokeActing(ctx context.Context, regionID, actorID, principalID, id int64, at time.Time) (ActingAppointment, error)
	// ActingFor returns the appointment of acting for principal that is not
	// revoked and covers day (a date in the region's zone), or else the latest
	// such appointment; not found when there is none at all.
	ActingFor(ctx context.Context, principalID, actingID int64, day time.Time) (ActingAppointment, error)
}
