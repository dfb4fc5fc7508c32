package policies

import (
	"context"
	"time"
)

// Consultation is a public consultation on one version.
type Consultation struct {
	ID          int64     `db:"id" json:"id"`
	PolicyID    int64     `db:"policy_id" json:"policy_id"`
	VersionID   int64     `db:"version_id" json:"version_id"`
	WorkflowID  string    `db:"workflow_id" json:"workflow_id"`
	OpenedBy    int64     `db:"opened_by" json:"opened_by"`
	OpenedAt    time.Time `db:"opened_at" json:"opened_at"`
	ClosesAt    time.Time `db:"closes_at" json:"closes_at"`
	AllowPublic bool      `db:"allow_public" json:"allow_public"`
	// ShowInvitedAtOnce shows the comments of the stakeholders it invited
	// as soon as they are posted, moderated afterwards; else (the default)
	// they wait for moderation like the public's.
	ShowInvitedAtOnce bool `db:"show_invited_at_once" json:"show_invited_at_once"`
}

// ConsultationRecord is a consultation with its end.
type ConsultationRecord struct {
	Consultation
	VersionNumber int        `db:"version_number" json:"version_number"`
	ClosedAt      *time.Time `db:"closed_at" json:"closed_at,omitempty"`
	ClosedReason  *string    `db:"closed_reason" json:"closed_reason,omitempty"`
	Summary       []byte     `db:"summary" json:"-"` // JSON of ConsultationSummary
}

// InvitedConsultation is an open consultation a user is invited to.
type InvitedConsultation struct {
	ConsultationRecord
	PolicyTitle string `db:"policy_title" json:"policy_title"`
}

// SectionCount is how many comments a section received.
type SectionCount struct {
	Section  string `db:"section_anchor" json:"section"`
	Title    string `db:"-" json:"title,omitempty"` // the heading's text in the consulted version; "" for the general comments
	Comments int    `db:"comments" json:"comments"`
}

// ConsultationSummary is what the drafter receives when a consultation closes.
type ConsultationSummary struct {
	ConsultationID int64          `json:"consultation_id"`
	Sections       []SectionCount `json:"sections"`
	Total          int            `json:"total"`
	Reason         string         `json:"reason"` // deadline, early
	ClosedAt       time.Time      `json:"closed_at"`
}

// ConsultationStore reads consultations and their invitations.
type ConsultationStore interface {
	Consultations(ctx context.Context, policyID int64) ([]ConsultationRecord, error)       // oldest first
	InvitedConsultations(ctx context.Context, userID int64) ([]InvitedConsultation, error) // open ones only
	// OpenConsultations are the consultations open now on public drafts
	// (PublicConsultations), of one region or (regionID 0) of every region,
	// closing soonest first.
	OpenConsultations(ctx context.Context, regionID int64) ([]ConsultationListing, error)
}

// ConsultationListing is an open consultation as the public finds it: its
// policy, city and deadline, and who may take part.
type ConsultationListing struct {
	ID            int64     `db:"id" json:"id"`
	PolicyID      int64     `db:"policy_id" json:"policy_id"`
	PolicyTitle   string    `db:"policy_title" json:"policy_title"`
	PolicyStatus  Status    `db:"policy_status" json:"-"`
	VersionNumber int       `db:"version_number" json:"version_number"`
	RegionName    string    `db:"region_name" json:"region"`
	RegionSlug    string    `db:"region_slug" json:"region_slug"`
	RegionZone    TimeZone  `db:"region_zone" json:"time_zone"`
	OpenedAt      time.Time `db:"opened_at" json:"opened_at"`
	ClosesAt      time.Time `db:"closes_at" json:"closes_at"`
	AllowPublic   bool      `db:"allow_public" json:"allow_public"`
}

// PublicConsultations keeps of the open consultations those anyone may
// read: a consultation is public while its policy is in consultation (the
// consulted version is then the public's, Viewer.LatestVisible); one open
// in the record on a policy in any other status is its region's internal
// draft, shown to nobody here.
func PublicConsultations(list []ConsultationListing) []ConsultationListing {
	out := make([]ConsultationListing, 0, len(list))
	for _, c := range list {
		if c.PolicyStatus == StatusConsultation && IsPublic(c.PolicyStatus) {
			out = append(out, c)
		}
	}
	return out
}

// ConsultationRecorder opens, extends and closes consultations. Only
// activities hold this: a consultation's workflow writes them, so no
// interface of the web layer includes it.
type ConsultationRecorder interface {
	// OpenConsultation records a consultation (once per workflow ID) and
	// its invitees: the given users, or every stakeholder of the policy's
	// region when none are given.
	OpenConsultation(ctx context.Context, c Consultation, invite []int64) (Consultation, []int64, error)
	ExtendConsultation(ctx context.Context, workflowID string, by int64, closesAt time.Time) error // audited as by's
	// CloseConsultation closes a consultation once and returns the comment
	// counts per section made during it (the same summary on a retry).
	CloseConsultation(ctx context.Context, workflowID string, closedAt time.Time, reason string) (ConsultationSummary, error)
}
