package policies

import (
	"context"
	"slices"
	"time"
)

// Role is what a user may do in Policyflow (DESIGN.md, "Who uses it").
type Role string

// The roles. The database checks the same list.
const (
	RoleDrafter     Role = "drafter"
	RoleStakeholder Role = "stakeholder"
	RoleLeader      Role = "leader"
	RoleUnitOfficer Role = "unit_officer"
	RoleAdmin       Role = "admin"
)

// Roles lists every role.
var Roles = []Role{RoleDrafter, RoleStakeholder, RoleLeader, RoleUnitOfficer, RoleAdmin, RoleLegal}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// Region is a local government (Kota Sawahlunto, Kota Pangkalpinang…)
// with its own settings.
type Region struct {
	ID        int64    `db:"id" json:"id"`
	Slug      string   `db:"slug" json:"slug"`
	Name      string   `db:"name" json:"name"`
	TimeZone  TimeZone `db:"time_zone" json:"time_zone"`   // every date shown and every "due" computed in it
	JPMinPNS  int      `db:"jp_min_pns" json:"jp_min_pns"` // the yearly JP minimum of a PNS
	JPMinPPPK int      `db:"jp_min_pppk" json:"jp_min_pppk"`
	JPMaxPNS  int      `db:"jp_max_pns" json:"jp_max_pns"`   // 0: no maximum
	JPMaxPPPK int      `db:"jp_max_pppk" json:"jp_max_pppk"` // 0: no maximum
	// IKMThresholdDefault is the IKM threshold a new policy starts with.
	IKMThresholdDefault float64 `db:"ikm_threshold_default" json:"ikm_threshold_default"`
	// PaperSize is the paper its legal documents are printed on (F4 or A4).
	PaperSize PaperSize `db:"paper_size" json:"paper_size"`
	// SKMMinRespondents is the fewest SKM respondents whose result may open
	// a revision when the unit entered no service population.
	SKMMinRespondents int `db:"skm_min_respondents" json:"skm_min_respondents"`
	// KPBehaviourMonths and KPResultsMonths are how many months after a
	// program's end its workflow asks for Kirkpatrick levels 3 and 4.
	KPBehaviourMonths int `db:"kp_behaviour_months" json:"kp_behaviour_months"`
	KPResultsMonths   int `db:"kp_results_months" json:"kp_results_months"`
	// ConsultationMinDays and ConsultationMinMode are the shortest
	// consultation the region allows and what a shorter one meets (refused,
	// or opened with a warning): see ConsultationRules.
	ConsultationMinDays int                 `db:"consultation_min_days" json:"consultation_min_days"`
	ConsultationMinMode ConsultationMinMode `db:"consultation_min_mode" json:"consultation_min_mode"`
	// AnswerDeadlineDays is how many days after a consultation closes its
	// answers and report are due.
	AnswerDeadlineDays int       `db:"answer_deadline_days" json:"answer_deadline_days"`
	CreatedAt          time.Time `db:"created_at" json:"created_at"`
}

// TimeZone is one of Indonesia's three time zones.
type TimeZone string

// The time zones. The database checks the same list.
const (
	ZoneWIB  TimeZone = "WIB"  // Waktu Indonesia Barat, UTC+7
	ZoneWITA TimeZone = "WITA" // Waktu Indonesia Tengah, UTC+8
	ZoneWIT  TimeZone = "WIT"  // Waktu Indonesia Timur, UTC+9
)

var zones = map[TimeZone]*time.Location{
	ZoneWIB:  WIB,
	ZoneWITA: time.FixedZone("WITA", 8*60*60),
	ZoneWIT:  time.FixedZone("WIT", 9*60*60),
}

// Valid reports whether z is one of the three zones.
func (z TimeZone) Valid() bool { _, ok := zones[z]; return ok }

// Location is the zone as a time.Location named WIB, WITA or WIT; WIB for
// an unknown one.
func (z TimeZone) Location() *time.Location {
	if l, ok := zones[z]; ok {
		return l
	}
	return WIB
}

// InZone is t in the zone its offset names (WIB, WITA or WIT), so that
// it formats with the zone's name; a moment with any other offset (UTC,
// or a zone lost on the way through JSON) is shown in WIB.
func InZone(t time.Time) time.Time {
	// A switch, not a walk over zones: workflows call this, and their code
	// must not iterate over a map (workflowcheck).
	switch _, offset := t.Zone(); offset {
	case 8 * 60 * 60:
		return t.In(ZoneWITA.Location())
	case 9 * 60 * 60:
		return t.In(ZoneWIT.Location())
	}
	return t.In(WIB)
}

// Unit is an OPD (Perangkat Daerah) of a region, such as BKPSDM or Dinas Kesehatan.
type Unit struct {
	ID        int64     `db:"id" json:"id"`
	RegionID  int64     `db:"region_id" json:"region_id"`
	Code      string    `db:"code" json:"code"`
	Name      string    `db:"name" json:"name"`
	CreatedAt time.Time `db:"created_at" json:"created_at"`
}

// User is a person who signs in to Policyflow.
type User struct {
	ID           int64     `db:"id" json:"id"`
	Email        string    `db:"email" json:"email"`
	Name         string    `db:"name" json:"name"`
	Role         Role      `db:"role" json:"role"`
	RegionID     *int64    `db:"region_id" json:"region_id,omitempty"` // nil: no region (sees only public records)
	UnitID       *int64    `db:"unit_id" json:"unit_id,omitempty"`
	Title        string    `db:"title" json:"title"` // jabatan, e.g. "Kepala BKPSDM"
	PasswordHash string    `db:"password_hash" json:"-"`
	CreatedAt    time.Time `db:"created_at" json:"created_at"`
	// NIP is a civil servant's Nomor Induk Pegawai ("" for none): personal
	// data, read only where the region's administrator lists its people.
	NIP           string     `db:"nip" json:"nip,omitempty"`
	DeactivatedAt *time.Time `db:"deactivated_at" json:"deactivated_at,omitempty"` // nil: active
	Invited       bool       `db:"invited" json:"invited,omitempty"`               // no password set yet (read where people are listed)
	// Lang is the language the person chose for their notices and the
	// email around them: "id" (the default) or "en" (package i18n).
	Lang string `db:"lang" json:"lang,omitempty"`
}

// RoleSystem is the workflows themselves: timers and outcomes, never a person.
const RoleSystem Role = "system"

// UnitContacts are who hears of a unit's work: its active officers (by id)
// and its head (0 when nobody is recorded).
type UnitContacts struct {
	Officers []int64
	Head     int64
}

// UserStore keeps regions, their units and their people.
type UserStore interface {
	Regions(ctx context.Context) ([]Region, error) // by name
	RegionBySlug(ctx context.Context, slug string) (Region, error)
	RegionByID(ctx context.Context, id int64) (Region, error)
	Units(ctx context.Context, regionID int64) ([]Unit, error) // by name
	UnitOfficers(ctx context.Context, unitID int64) ([]int64, error)
	UnitHead(ctx context.Context, unitID int64) (int64, error) // 0 when nobody is recorded
	// UnitContacts returns the officers and head of many units in one read,
	// by unit id (a unit not found is absent).
	UnitContacts(ctx context.Context, unitIDs []int64) (map[int64]UnitContacts, error)
	UserByID(ctx context.Context, id int64) (User, error)
	UserByEmail(ctx context.Context, email string) (User, error)                // case-insensitively
	UsersByRole(ctx context.Context, regionID int64, role Role) ([]User, error) // of a region, by name
	// UserLangs returns the language each of the people chose for their
	// notices ("id" or "en"), by id; a person not found is absent.
	UserLangs(ctx context.Context, ids []int64) (map[int64]string, error)
	// SetUserLang sets the language of a person's notices ("id" or "en";
	// else a refusal naming the field lang), audited as their own change.
	SetUserLang(ctx context.Context, userID int64, lang string) error
}
