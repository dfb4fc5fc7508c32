package policies

import (
	"context"
	"time"
)

// A consultation scheduled to open later (issue 26) is findable before it
// opens: the public "Segera dibuka" list of /konsultasi and the event of
// its opening in the calendar. The policy's workflow keeps the schedule
// and opens it on time; its audit of each change of the schedule
// (RecordPolicyEvent) keeps this record of it, so a list across every
// city reads the record, not each workflow.

// Audit actions of a consultation's schedule (workflows/consultation_schedule.go).
const (
	ActionConsultationScheduled = "consultation.scheduled"
	ActionScheduleFailed        = "consultation.schedule_failed"
)

// ScheduledOpening is a consultation's scheduled opening as its audit
// record carries it (AdminChange.After of ActionConsultationScheduled).
type ScheduledOpening struct {
	OpensAt     time.Time `json:"opens_at"`
	ClosesAt    time.Time `json:"closes_at"`
	AllowPublic bool      `json:"allow_public"`
	Gen         int       `json:"gen"`
}

// ScheduleStore reads the consultations scheduled to open.
type ScheduleStore interface {
	// ScheduledConsultations returns the consultations scheduled to open
	// to the public (AllowPublic; one for invited stakeholders only stays
	// its region's draft until it opens) on policies not archived nor in
	// consultation now, of one region or (regionID 0) of all, opening
	// soonest first; OpenedAt is the scheduled opening.
	ScheduledConsultations(ctx context.Context, regionID int64) ([]ConsultationListing, error)
}
