package policies

import (
	"context"
	"regexp"
	"strings"
	"time"
)

// UnitRecord is a unit (OPD) as its region's administrator manages it: its
// names, its head, and whether anyone receives its evaluation reminders.
type UnitRecord struct {
	ID         int64     `db:"id" json:"id"`
	RegionID   int64     `db:"region_id" json:"region_id"`
	Code       string    `db:"code" json:"code"`
	Name       string    `db:"name" json:"name"`
	ShortName  string    `db:"short_name" json:"short_name"`
	HeadUserID *int64    `db:"head_user_id" json:"head_user_id,omitempty"`
	HeadName   *string   `db:"head_name" json:"head_name,omitempty"`
	Officers   int       `db:"officers" json:"officers"` // unit officers: who gets the evaluation reminders
	CreatedAt  time.Time `db:"created_at" json:"created_at"`
}

// NoOfficer reports whether nobody is the unit's officer: its evaluation
// reminders then go to its head.
func (u UnitRecord) NoOfficer() bool { return u.Officers == 0 }

// UnitInput is a unit as an administrator creates or edits it.
type UnitInput struct {
	Code       string `json:"code" required:"false"` // at creation only; lower case, digits and hyphens
	Name       string `json:"name"`
	ShortName  string `json:"short_name" required:"false"`
	HeadUserID int64  `json:"head_user_id,omitempty"` // 0: nobody
}

var unitCodeRe = regexp.MustCompile(`^[a-z0-9-]{1,60}$`)

// Validate checks a unit's fields; creating also checks the code.
func (in *UnitInput) Validate(creating bool) error {
	in.Code, in.Name, in.ShortName = strings.TrimSpace(in.Code), strings.TrimSpace(in.Name), strings.TrimSpace(in.ShortName)
	switch {
	case creating && !unitCodeRe.MatchString(in.Code):
		return FieldError("code", "kode unit 1–60 huruf kecil, angka, atau tanda hubung")
	case in.Name == "" || len(in.Name) > 200:
		return FieldError("name", "nama unit wajib diisi, paling panjang 200 karakter")
	case len(in.ShortName) > 60:
		return FieldError("short_name", "nama singkat paling panjang 60 karakter")
	case in.HeadUserID < 0:
		return FieldError("head_user_id", "kepala unit tidak sah")
	}
	return nil
}

// Person is one of a region's people as administration pages choose them.
type Person struct {
	ID     int64  `db:"id" json:"id"`
	Name   string `db:"name" json:"name"`
	Title  string `db:"title" json:"title"`
	Role   Role   `db:"role" json:"role"`
	UnitID *int64 `db:"unit_id" json:"unit_id,omitempty"`
}

// UnitAdminStore keeps a region's units for its administrator. Every change
// is audited (AdminChange) in its own transaction.
type UnitAdminStore interface {
	UnitRecords(ctx context.Context, regionID int64) ([]UnitRecord, error) // by name
	UnitRecord(ctx context.Context, regionID, unitID int64) (UnitRecord, error)
	CreateUnit(ctx context.Context, regionID, actorID int64, in UnitInput) (UnitRecord, error)
	UpdateUnit(ctx context.Context, regionID, actorID, unitID int64, in UnitInput) (UnitRecord, error)
	RegionPeople(ctx context.Context, regionID int64) ([]Person, error) // by name
}
