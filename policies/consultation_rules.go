package policies

import (
	"context"
	"fmt"
	"time"
)

// A region's consultation rules (issue 26): the shortest public
// consultation it allows, and what happens to a shorter one.

// ConsultationMinMode is what a region does with a consultation shorter
// than its minimum: refuse it, or open it with a warning that the drafter
// sees and the audit keeps.
type ConsultationMinMode string

// The modes. The database checks the same list.
const (
	ConsultationWarn   ConsultationMinMode = "warn"
	ConsultationRefuse ConsultationMinMode = "refuse"
)

// ConsultationMinModes lists the modes in the order the settings page offers them.
var ConsultationMinModes = []ConsultationMinMode{ConsultationWarn, ConsultationRefuse}

// Valid reports whether m is a known mode.
func (m ConsultationMinMode) Valid() bool { return m == ConsultationWarn || m == ConsultationRefuse }

// Bounds of the consultation rules (the database's too).
const (
	// DefaultConsultationMinDays is a new region's minimum: the 14 days
	// the consultation page has always proposed (neither UU 13/2022 nor the
	// seeds name a figure).
	DefaultConsultationMinDays = 14
	MaxConsultationMinDays     = 180 // the longest consultation the workflow accepts
	MaxAnswerDeadlineDays      = 365
)

// ConsultationRules are a region's rules for opening a consultation.
type ConsultationRules struct {
	MinDays int
	Mode    ConsultationMinMode
	Zone    TimeZone // the region's: the earliest allowed close is named in it
}

// ConsultationRules are the region's rules for its consultations.
func (r Region) ConsultationRules() ConsultationRules {
	return ConsultationRules{MinDays: r.ConsultationMinDays, Mode: r.ConsultationMinMode, Zone: r.TimeZone}
}

// ShortConsultation is a consultation shorter than its region's minimum:
// refused (as an *Error naming closes_at) or, in warn mode, opened with
// this as its warning.
type ShortConsultation struct {
	MinDays  int
	Earliest time.Time // the earliest close the minimum allows, in the region's zone
}

// Warning is the warning in Indonesian, as the opening's audit row keeps it.
func (s ShortConsultation) Warning() string {
	return fmt.Sprintf("lebih singkat dari minimum wilayah %d hari (paling cepat %s)", s.MinDays, zoneTime(s.Earliest))
}

// CheckPeriod checks a consultation opened at opens and closing at closes
// against the rules: nil when long enough; else, in refuse mode, an
// invalid-input error naming closes_at (worded by the catalogue's
// "crules_refused"), and in warn mode the shortfall with no error.
func (r ConsultationRules) CheckPeriod(opens, closes time.Time) (*ShortConsultation, error) {
	if r.MinDays <= 0 {
		return nil, nil
	}
	earliest := opens.AddDate(0, 0, r.MinDays)
	if !closes.Before(earliest) {
		return nil, nil
	}
	short := &ShortConsultation{MinDays: r.MinDays, Earliest: earliest.In(r.Zone.Location())}
	if r.Mode == ConsultationRefuse {
		when := zoneTime(short.Earliest)
		return nil, &Error{Kind: KindInvalid, Field: "closes_at", Key: "crules_refused", Args: []any{r.MinDays, when},
			Message: fmt.Sprintf("konsultasi di wilayah ini paling singkat %d hari: batas waktu paling cepat %s", r.MinDays, when)}
	}
	return short, nil
}

// zoneTime is t as the refusal and the warning name it: its day and
// minute in its zone, with the zone's name.
func zoneTime(t time.Time) string {
	return InZone(t).Format("2006-01-02 15:04 MST")
}

// AnswerDeadline is what a closed consultation's deadline for its answers
// and report needs (issue 26): the region's days after the close, the
// comments still without a published answer, the drafters reminded and the
// leaders told when it passes.
type AnswerDeadline struct {
	ConsultationID int64
	PolicyID       int64
	PolicyTitle    string
	PolicyStatus   Status
	ClosedAt       *time.Time // nil while open
	Days           int        // the region's answer_deadline_days
	Zone           TimeZone
	Unanswered     int // comments of the consultation without a published answer
	// Drafters are whoever opened it and the active drafters of the
	// policy's owner unit; Supervisors the owner unit's head, else the
	// unit's leaders, else the region's administrators.
	Drafters    []int64
	Supervisors []int64
}

// Due is when the answers and the report are due: Days after the close
// (zero while the consultation is open).
func (d AnswerDeadline) Due() time.Time {
	if d.ClosedAt == nil {
		return time.Time{}
	}
	return d.ClosedAt.AddDate(0, 0, d.Days)
}

// Done reports whether nobody need be reminded any more: every comment has
// a published answer, or the policy was archived.
func (d AnswerDeadline) Done() bool { return d.Unanswered == 0 || d.PolicyStatus == StatusArchived }

// AnswerDeadlineReader reads a consultation's answer deadline, by its
// workflow ID (the consultation's workflow follows it after the close).
type AnswerDeadlineReader interface {
	AnswerDeadline(ctx context.Context, workflowID string) (AnswerDeadline, error)
}

// PolicyEventRecorder audits what a policy's workflow did that changes no
// status (a consultation scheduled, its schedule cancelled). Only
// activities hold it.
type PolicyEventRecorder interface {
	RecordPolicyEvent(ctx context.Context, c AdminChange) error
}
