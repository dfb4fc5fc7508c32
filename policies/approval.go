package policies

import (
	"context"
	"time"
)

// Quorum says how many approvers of a stage must approve.
type Quorum string

// Quorum kinds: any one approver, all of them, or N of M (see ApprovalStage.QuorumN).
const (
	QuorumAny  Quorum = "any"
	QuorumAll  Quorum = "all"
	QuorumNOfM Quorum = "n_of_m"
)

// ApprovalChain is the ordered list of stages a version passes to be approved.
type ApprovalChain struct {
	ID        int64           `db:"id" json:"id"`
	RegionID  int64           `db:"region_id" json:"region_id"`
	Name      string          `db:"name" json:"name"`
	CreatedAt time.Time       `db:"created_at" json:"created_at"`
	Stages    []ApprovalStage `db:"-" json:"stages"`
}

// ApprovalStage is one step of a chain with its approvers and deadlines.
type ApprovalStage struct {
	ID             int64   `db:"id" json:"id"`
	ChainID        int64   `db:"chain_id" json:"chain_id"`
	Position       int     `db:"position" json:"position"`
	Name           string  `db:"name" json:"name"`
	Quorum         Quorum  `db:"quorum" json:"quorum"`
	QuorumN        int     `db:"quorum_n" json:"quorum_n"`
	SLADays        int     `db:"sla_days" json:"sla_days"`
	EscalationDays int     `db:"escalation_days" json:"escalation_days"`
	SuperiorID     int64   `db:"superior_id" json:"superior_id,omitempty"` // escalations go here; 0 for none
	ApproverIDs    []int64 `db:"-" json:"approver_ids"`
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

// Decision is one approver's verdict at a stage, bound to the exact content approved.
type Decision struct {
	ID             int64     `db:"id" json:"id"`
	PolicyID       int64     `db:"policy_id" json:"policy_id"`
	VersionID      int64     `db:"version_id" json:"version_id"`
	StageID        int64     `db:"stage_id" json:"stage_id"`
	ApprovalRunID  *int64    `db:"approval_run_id" json:"approval_run_id,omitempty"`
	DeciderID      int64     `db:"decider_id" json:"decider_id"`
	ActingForID    *int64    `db:"acting_for_id" json:"acting_for_id,omitempty"`
	Decision       string    `db:"decision" json:"decision"` // approve, reject, request_changes
	Reason         string    `db:"reason" json:"reason"`
	SHA256Approved string    `db:"sha256_approved" json:"sha256_approved"`
	IdempotencyKey string    `db:"idempotency_key" json:"-"`
	CreatedAt      time.Time `db:"created_at" json:"created_at"`
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

// ApprovalStore keeps approval runs, their decisions and delegations.
type ApprovalStore interface {
	// StartApprovalRun records an approval run once per workflow ID and
	// returns it with the chain it follows.
	StartApprovalRun(ctx context.Context, r ApprovalRun) (ApprovalRun, ApprovalChain, error)
	EndApprovalRun(ctx context.Context, workflowID, outcome string, endedAt time.Time) error // the first outcome recorded stands
	// RecordDecision stores a decision once per idempotency key: a retry
	// returns the row already stored instead of writing another.
	RecordDecision(ctx context.Context, d Decision) (Decision, error)
	RecordDelegation(ctx context.Context, principal, delegate int64, starts, ends time.Time, key string) error // once per key
	ApprovalRuns(ctx context.Context, policyID int64) ([]ApprovalRunRecord, error)                             // oldest first
	DecisionRecords(ctx context.Context, policyID int64) ([]DecisionRecord, error)
}
