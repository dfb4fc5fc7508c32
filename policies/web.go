package policies

import (
	"context"
	"time"
)

// The record as the web app and the JSON API read it.

// SearchFilter narrows the policy list: filters, full-text query, paging.
type SearchFilter struct {
	RegionID int64
	UnitID   int64
	Status   Status
	Statuses []Status // when set, only these (the public sees published ones)…
	// OwnRegionID: …except in this region, whose policies show in any status.
	OwnRegionID int64
	Query       string // full text (Indonesian stemming) over title and current text
	Limit       int
	Offset      int
}

// IdempotentResponse is the stored answer to a POST with an Idempotency-Key.
type IdempotentResponse struct {
	Status      int // 0 while the first request is still running
	ContentType string
	Body        []byte
	Method      string
	Path        string
}

// ApprovalRunRecord is an approval run as the timeline shows it.
type ApprovalRunRecord struct {
	ID            int64      `db:"id" json:"id"`
	WorkflowID    string     `db:"workflow_id" json:"workflow_id"`
	VersionNumber int        `db:"version_number" json:"version_number"`
	SHA256        string     `db:"sha256" json:"sha256"`
	SubmittedBy   string     `db:"submitted_by" json:"submitted_by"` // name
	StartedAt     time.Time  `db:"started_at" json:"started_at"`
	EndedAt       *time.Time `db:"ended_at" json:"ended_at,omitempty"`
	Outcome       *string    `db:"outcome" json:"outcome,omitempty"`
}

// DecisionRecord is a decision with the names people know.
type DecisionRecord struct {
	ID            int64     `db:"id" json:"id"`
	ApprovalRunID *int64    `db:"approval_run_id" json:"approval_run_id,omitempty"`
	StagePosition int       `db:"stage_position" json:"stage"`
	StageName     string    `db:"stage_name" json:"stage_name"`
	Decider       string    `db:"decider" json:"decider"`
	ActingFor     *string   `db:"acting_for" json:"acting_for,omitempty"`
	Decision      string    `db:"decision" json:"decision"`
	Reason        string    `db:"reason" json:"reason"`
	SHA256        string    `db:"sha256_approved" json:"sha256_approved"`
	CreatedAt     time.Time `db:"created_at" json:"created_at"`
}

// ConsultationRecord is a consultation with its end.
type ConsultationRecord struct {
	Consultation
	VersionNumber int        `db:"version_number" json:"version_number"`
	ClosedAt      *time.Time `db:"closed_at" json:"closed_at,omitempty"`
	ClosedReason  *string    `db:"closed_reason" json:"closed_reason,omitempty"`
	Summary       []byte     `db:"summary" json:"-"` // JSON of ConsultationSummary
}

// AuditRecord is an audit entry with the actor's name and the version number.
type AuditRecord struct {
	ID            int64     `db:"id" json:"id"`
	Actor         *string   `db:"actor" json:"actor,omitempty"` // nil: the system
	Action        string    `db:"action" json:"action"`
	Detail        string    `db:"detail" json:"detail"`
	VersionNumber *int      `db:"version_number" json:"version_number,omitempty"`
	CreatedAt     time.Time `db:"created_at" json:"created_at"`
}

// RoundDue is an open evaluation round of a unit, for its officer's dashboard.
type RoundDue struct {
	EvaluationRound
	PolicyTitle string `db:"policy_title" json:"policy_title"`
}

// InvitedConsultation is an open consultation a user is invited to.
type InvitedConsultation struct {
	ConsultationRecord
	PolicyTitle string `db:"policy_title" json:"policy_title"`
}

// EvaluationRow is one unit's round of a policy's evaluation, with its results.
type EvaluationRow struct {
	Round       int       `db:"number" json:"round"`
	UnitID      int64     `db:"unit_id" json:"unit_id"`
	UnitName    string    `db:"unit_name" json:"unit_name"`
	DueAt       time.Time `db:"due_at" json:"due_at"`
	Status      string    `db:"status" json:"status"`
	SKM         *float64  `db:"skm" json:"ikm,omitempty"`
	Kirkpatrick *float64  `db:"kirkpatrick" json:"kirkpatrick,omitempty"`
}

// JPEntry is one civil servant's participation in a program, for the JP ledger.
type JPEntry struct {
	NIP       string    `db:"nip"`
	Name      string    `db:"name"`
	UnitCode  string    `db:"unit_code"`
	Date      time.Time `db:"ends_on"`
	JP        int       `db:"jp"`
	Completed bool      `db:"completed"`
}

// AllSections asks Threads for the comments of every section.
const AllSections = "*"

// WebStore is what the web server needs of the record, beyond Store.
type WebStore interface {
	Store

	UserByID(ctx context.Context, id int64) (User, error)
	UsersByRole(ctx context.Context, regionID int64, role Role) ([]User, error) // of a region, by name

	CreateSession(ctx context.Context, userID int64, tokenHash, csrf string, expires time.Time) error
	// SessionUser returns a live session's user and CSRF token, and slides its
	// idle end (SessionIdle); KindNotFound if unknown, idle too long or expired.
	SessionUser(ctx context.Context, tokenHash string) (User, string, error)
	DeleteSession(ctx context.Context, tokenHash string) error
	CreateAPIToken(ctx context.Context, userID int64, name, tokenHash string, expires time.Time) (int64, error)
	APITokenUser(ctx context.Context, tokenHash string) (User, error)            // KindNotFound if unknown, revoked or expired
	APITokens(ctx context.Context, userID int64) ([]APIToken, error)             // not revoked, newest first
	RevokeAPIToken(ctx context.Context, userID, tokenID int64) (APIToken, error) // KindNotFound if not the user's
	RecordLoginAttempt(ctx context.Context, email, ip string, ok bool) error
	// LoginFailures counts failed sign-ins of (email, ip) since pairSince and
	// the pair's last success, and of ip over every account since addressSince.
	LoginFailures(ctx context.Context, email, ip string, pairSince, addressSince time.Time) (LoginFailures, error)

	// BeginIdempotent claims (owner, key) for holder, the calling server
	// process. claimed is true when this request owns it; otherwise prev is
	// the earlier request's stored answer (Status 0 while it still runs). An
	// unanswered claim of the same holder is taken over: the caller must not
	// call while a request of its own with that key still runs.
	BeginIdempotent(ctx context.Context, owner, key, holder, method, path string) (claimed bool, prev IdempotentResponse, err error)
	FinishIdempotent(ctx context.Context, owner, key string, status int, contentType string, body []byte) error
	AbortIdempotent(ctx context.Context, owner, key string) error // forget a claim whose request failed (5xx)

	// SearchPolicies returns one page and the number of matches, counted up
	// to f.Offset+CountCap+1: a total above f.Offset+CountCap means "more".
	SearchPolicies(ctx context.Context, f SearchFilter) ([]PolicySummary, int, error)
	VersionByNumber(ctx context.Context, policyID int64, n int) (Version, error)

	CreateComment(ctx context.Context, c Comment) (Comment, error)
	CommentByID(ctx context.Context, id int64) (Comment, error)
	PendingComments(ctx context.Context, policyID int64) ([]Comment, error)                    // public comments awaiting moderation
	CommentCounts(ctx context.Context, policyID int64, maxVersion int) (map[string]int, error) // visible comments (open, resolved) per section anchor
	// Threads returns a section's ("" the general one, AllSections every one) top-level comments with id > afterID, oldest
	// first, at most limit, each followed by its replies (ParentID set).
	Threads(ctx context.Context, policyID int64, maxVersion int, section string, afterID int64, limit int) ([]Comment, error)
	FirstThreads(ctx context.Context, policyID int64, maxVersion int, perSection int) ([]Comment, error) // every section's first threads, one query
	SetCommentStatus(ctx context.Context, id int64, status string, by int64) (Comment, error)

	ApprovalRuns(ctx context.Context, policyID int64) ([]ApprovalRunRecord, error)
	DecisionRecords(ctx context.Context, policyID int64) ([]DecisionRecord, error)
	Consultations(ctx context.Context, policyID int64) ([]ConsultationRecord, error)
	AuditRecords(ctx context.Context, policyID int64) ([]AuditRecord, error)

	EvaluationRows(ctx context.Context, policyID int64) ([]EvaluationRow, error) // by round, then unit name

	Programs(ctx context.Context, policyID int64) ([]Program, error)
	ProgramCompletions(ctx context.Context, policyID int64) ([]ProgramCompletion, error) // by start date

	UnitWebhook(ctx context.Context, unitID int64) (string, error)              // "" when none
	SetUnitWebhook(ctx context.Context, unitID int64, url, secret string) error // url "" removes it
	ProgramByID(ctx context.Context, id int64) (Program, error)
	Participants(ctx context.Context, programID int64) ([]Participant, error)
	SaveParticipants(ctx context.Context, programID int64, ps []Participant) (int, error) // all or none
	JPEntries(ctx context.Context, regionID int64, year int) ([]JPEntry, error)
	EvaluationPlan(ctx context.Context, policyID int64) (months int, ikmThreshold float64, err error)
	SetEvaluationPlan(ctx context.Context, policyID int64, months int, ikmThreshold float64, actorID int64) error
	NotifyMode(ctx context.Context, userID int64) (string, error)
	SetNotifyMode(ctx context.Context, userID int64, mode string) error // immediate, digest, none

	InvitedConsultations(ctx context.Context, userID int64) ([]InvitedConsultation, error) // open ones only
	RoundsDue(ctx context.Context, unitID int64) ([]RoundDue, error)                       // pending or overdue
	Notifications(ctx context.Context, userID int64) ([]Notification, error)
	UnreadCount(ctx context.Context, userID int64) (int, error)
	MarkRead(ctx context.Context, userID, notificationID int64) error // KindNotFound if not theirs
}

// CountCap is how many matches past a page's start the policy list counts:
// an exact total would cost a scan of every match (20 ms for 15,000 of
// 100,000 policies, measured by make bench); beyond it the list says "more
// than".
const CountCap = 1000
