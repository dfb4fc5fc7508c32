package policies

import "time"

// PolicyFacts is what a policy's workflow loads from the record.
type PolicyFacts struct {
	ID               int64   `db:"id"`
	RegionID         int64   `db:"region_id"`
	OwnerUnitID      int64   `db:"owner_unit_id"`
	CreatedBy        int64   `db:"created_by"`
	ChainID          int64   `db:"chain_id"`
	Title            string  `db:"title"`
	Status           Status  `db:"status"`
	EvaluationMonths int     `db:"evaluation_months"`
	IKMThreshold     float64 `db:"ikm_threshold"`
	InForceVersionID int64   `db:"in_force_version_id"`
	VersionID        int64   `db:"version_id"`
	VersionNumber    int     `db:"version_number"`
	VersionSHA256    string  `db:"version_sha256"`
}

// StatusChange moves a policy between states, audited once per Key.
type StatusChange struct {
	PolicyID  int64
	From, To  Status
	Action    Action
	ActorID   int64 // 0 for the system
	VersionID int64 // the version concerned; becomes the one in force on approval
	Detail    string
	Key       string
}

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
}

// SectionCount is how many comments a section received.
type SectionCount struct {
	Section  string `db:"section_anchor" json:"section"`
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

// ApprovalRun is one pass of one version through the approval chain.
type ApprovalRun struct {
	ID          int64
	PolicyID    int64
	VersionID   int64
	SHA256      string
	WorkflowID  string
	SubmittedBy int64
	StartedAt   time.Time
}
