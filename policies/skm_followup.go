package policies

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// FollowUpStatus is where a follow-up (rencana tindak lanjut) stands.
type FollowUpStatus string

// The follow-up statuses: planned, in progress, done. The unit is reminded
// until it is done.
const (
	FollowUpPlanned    FollowUpStatus = "planned"
	FollowUpInProgress FollowUpStatus = "in_progress"
	FollowUpDone       FollowUpStatus = "done"
)

// FollowUpStatuses lists the statuses in their order.
var FollowUpStatuses = []FollowUpStatus{FollowUpPlanned, FollowUpInProgress, FollowUpDone}

// Valid reports whether s is a follow-up status.
func (s FollowUpStatus) Valid() bool { return slices.Contains(FollowUpStatuses, s) }

// SKMFollowUp is a unit's follow-up of one SKM element below the threshold.
type SKMFollowUp struct {
	ID        int64          `db:"id" json:"id"`
	PolicyID  int64          `db:"policy_id" json:"policy_id"`
	Round     int            `db:"number" json:"round"`
	UnitID    int64          `db:"unit_id" json:"unit_id"`
	UnitName  string         `db:"unit_name" json:"unit_name"`
	Element   string         `db:"element" json:"element"`
	Action    string         `db:"action" json:"action"`
	Owner     string         `db:"owner" json:"owner"`
	DueOn     time.Time      `db:"due_on" json:"due_on"`
	Status    FollowUpStatus `db:"status" json:"status"`
	CreatedAt time.Time      `db:"created_at" json:"created_at"`
	DoneAt    *time.Time     `db:"done_at" json:"done_at,omitempty"`
	Zone      TimeZone       `db:"time_zone" json:"-"` // the region's
	// PolicyStatus is its policy's status: an archived policy's
	// follow-ups are moot.
	PolicyStatus Status `db:"policy_status" json:"-"`
}

// Moot says whether the follow-up needs no more reminders: it is done,
// or its policy is archived (nothing is evaluated or revised any more).
func (f SKMFollowUp) Moot() bool {
	return f.Status == FollowUpDone || f.PolicyStatus == StatusArchived
}

// FollowUpInput is a follow-up as a unit records it.
type FollowUpInput struct {
	Element string `json:"element"` // u1..u9
	Action  string `json:"action"`
	Owner   string `json:"owner"`  // who is responsible: a position or a name
	DueOn   string `json:"due_on"` // YYYY-MM-DD
}

var elementCode = regexp.MustCompile(`^u[1-9]$`)

// Validate checks a follow-up against today (in the region's zone): an
// element code, an action and an owner, a due date from today on (and at
// most five years ahead). It returns the due date.
func (in *FollowUpInput) Validate(today time.Time) (time.Time, error) {
	in.Action, in.Owner = strings.TrimSpace(in.Action), strings.TrimSpace(in.Owner)
	switch {
	case !elementCode.MatchString(in.Element):
		return time.Time{}, FieldError("element", "unsur harus u1–u9")
	case in.Action == "":
		return time.Time{}, FieldError("action", "tindak lanjut wajib diisi")
	case utf8.RuneCountInString(in.Action) > 2000:
		return time.Time{}, FieldError("action", "tindak lanjut paling banyak 2000 karakter")
	case in.Owner == "":
		return time.Time{}, FieldError("owner", "penanggung jawab wajib diisi")
	case utf8.RuneCountInString(in.Owner) > 200:
		return time.Time{}, FieldError("owner", "penanggung jawab paling banyak 200 karakter")
	}
	due, err := time.Parse("2006-01-02", in.DueOn)
	y, m, d := today.Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	switch {
	case err != nil:
		return time.Time{}, FieldError("due_on", "tenggat harus tanggal (TTTT-BB-HH)")
	case due.Before(day):
		return time.Time{}, FieldError("due_on", "tenggat tidak boleh sebelum hari ini")
	case due.After(day.AddDate(5, 0, 0)):
		return time.Time{}, FieldError("due_on", "tenggat paling lama lima tahun dari hari ini")
	}
	return due, nil
}

// SKMFollowUpReader reads follow-ups: a unit's of a round, and one by ID
// (for its reminders).
type SKMFollowUpReader interface {
	FollowUps(ctx context.Context, policyID int64, round int, unitID int64) ([]SKMFollowUp, error)
	FollowUpByID(ctx context.Context, id int64) (SKMFollowUp, error)
}

// SKMFollowUpWriter records a unit's follow-ups and their status, audited:
// the unit's own record, which no workflow owns (its reminders only read it).
type SKMFollowUpWriter interface {
	CreateFollowUp(ctx context.Context, policyID int64, round int, unitID int64, in FollowUpInput, due time.Time, actorID int64) (SKMFollowUp, error)
	SetFollowUpStatus(ctx context.Context, policyID, id int64, status FollowUpStatus, actorID int64) (SKMFollowUp, error)
}
