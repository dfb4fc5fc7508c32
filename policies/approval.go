package policies

import (
	"context"
	"fmt"
	"strings"
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
	ID        int64     `db:"id" json:"id"`
	RegionID  int64     `db:"region_id" json:"region_id"`
	Name      string    `db:"name" json:"name"`
	CreatedAt time.Time `db:"created_at" json:"created_at"`
	// LineageID is the first version's ID, shared by every version of the
	// chain; Version counts them from 1. A chain a running approval follows
	// is never edited under it: editing it writes the next version, and
	// SupersededBy then names it.
	LineageID    int64           `db:"lineage_id" json:"lineage_id,omitempty"`
	Version      int             `db:"version" json:"version,omitempty"`
	SupersededBy *int64          `db:"superseded_by" json:"superseded_by,omitempty"`
	Stages       []ApprovalStage `db:"-" json:"stages"`
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
	ID            int64  `db:"id" json:"id"`
	PolicyID      int64  `db:"policy_id" json:"policy_id"`
	VersionID     int64  `db:"version_id" json:"version_id"`
	StageID       int64  `db:"stage_id" json:"stage_id"`
	ApprovalRunID *int64 `db:"approval_run_id" json:"approval_run_id,omitempty"`
	DeciderID     int64  `db:"decider_id" json:"decider_id"`
	ActingForID   *int64 `db:"acting_for_id" json:"acting_for_id,omitempty"`
	// ActingKind: an acting official appointed for a period decided (plt, plh); "" otherwise.
	ActingKind     ActingKind `db:"acting_kind" json:"acting_kind,omitempty"`
	Decision       string     `db:"decision" json:"decision"` // approve, reject, request_changes
	Reason         string     `db:"reason" json:"reason"`
	SHA256Approved string     `db:"sha256_approved" json:"sha256_approved"`
	IdempotencyKey string     `db:"idempotency_key" json:"-"`
	CreatedAt      time.Time  `db:"created_at" json:"created_at"`
}

// DecisionRecord is a decision with the names people know.
type DecisionRecord struct {
	ID            int64   `db:"id" json:"id"`
	ApprovalRunID *int64  `db:"approval_run_id" json:"approval_run_id,omitempty"`
	StagePosition int     `db:"stage_position" json:"stage"`
	StageName     string  `db:"stage_name" json:"stage_name"`
	Decider       string  `db:"decider" json:"decider"`
	ActingFor     *string `db:"acting_for" json:"acting_for,omitempty"`
	// ActingKind is set when an acting official appointed for a period
	// (Plt. or Plh.) decided for ActingFor, whose jabatan is ActingForTitle.
	ActingKind     *ActingKind `db:"acting_kind" json:"acting_kind,omitempty"`
	ActingForTitle *string     `db:"acting_for_title" json:"acting_for_title,omitempty"`
	ActingAs       string      `db:"-" json:"acting_as,omitempty"` // "Plt. Sekretaris Daerah — Budi", see SetActingAs
	Decision       string      `db:"decision" json:"decision"`
	Reason         string      `db:"reason" json:"reason"`
	SHA256         string      `db:"sha256_approved" json:"sha256_approved"`
	CreatedAt      time.Time   `db:"created_at" json:"created_at"`
}

// LatestApprovalRun is where a policy stands and its latest approval run,
// as the database has them: the run records itself (StartApprovalRun)
// before the submit that started it answers, so a decision goes straight
// to the run's workflow without asking Temporal first.
type LatestApprovalRun struct {
	Status     Status `db:"status"`
	WorkflowID string `db:"workflow_id"` // "" when the policy has had no approval run
	Outcome    string `db:"outcome"`     // "" while the run is open
}

// ApprovalStore reads approval runs and their decisions.
type ApprovalStore interface {
	ApprovalRuns(ctx context.Context, policyID int64) ([]ApprovalRunRecord, error) // oldest first
	DecisionRecords(ctx context.Context, policyID int64) ([]DecisionRecord, error)
}

// ApprovalRecorder records approval runs, their decisions and delegations.
// Only activities hold this: an approval run's workflow writes them, so no
// interface of the web layer includes it.
type ApprovalRecorder interface {
	// StartApprovalRun records an approval run once per workflow ID and
	// returns it with the chain it follows.
	StartApprovalRun(ctx context.Context, r ApprovalRun) (ApprovalRun, ApprovalChain, error)
	// EndApprovalRun records a run's outcome (the first recorded stands)
	// and returns the run's policy (0 for no such run).
	EndApprovalRun(ctx context.Context, workflowID, outcome string, endedAt time.Time) (policyID int64, err error)
	// RecordDecision stores a decision once per idempotency key: a retry
	// returns the row already stored instead of writing another.
	RecordDecision(ctx context.Context, d Decision) (Decision, error)
	// DecideAndEnd records the decision that ends run workflowID, the
	// policy's move (move) and the run's outcome in one transaction, each
	// once: the last decision's writes.
	DecideAndEnd(ctx context.Context, d Decision, move StatusChange, workflowID, outcome string, endedAt time.Time) (Decision, error)
	RecordDelegation(ctx context.Context, policyID, principal, delegate int64, starts, ends time.Time, key string) error // once per key, audited
}

// SetActingAs fills ActingAs for a decision of an acting official appointed
// for a period: "Plt. <the principal's jabatan> — <the acting person's name>".
func (d *DecisionRecord) SetActingAs() {
	if d.ActingKind == nil {
		return
	}
	job := ""
	if d.ActingForTitle != nil && *d.ActingForTitle != "" {
		job = *d.ActingForTitle
	} else if d.ActingFor != nil {
		job = *d.ActingFor
	}
	d.ActingAs = d.ActingKind.Abbrev() + " " + job + " — " + d.Decider
}

// StageInput is one stage of a chain as an administrator writes it.
type StageInput struct {
	Name           string  `json:"name"`
	Quorum         Quorum  `json:"quorum"`
	QuorumN        int     `json:"quorum_n" required:"false"` // for n_of_m: how many of the approvers
	SLADays        int     `json:"sla_days"`                  // working days before a reminder
	EscalationDays int     `json:"escalation_days"`
	SuperiorID     int64   `json:"superior_id,omitempty"` // escalations go here; 0 for none
	ApproverIDs    []int64 `json:"approver_ids"`
}

// ChainInput is an approval chain as an administrator creates or edits it.
type ChainInput struct {
	Name   string       `json:"name"`
	Stages []StageInput `json:"stages" minItems:"1"`
}

// MaxStages is the most stages a chain may have.
const MaxStages = 20

// Validate checks a chain: a name, at least one stage, each with a name,
// approvers, a quorum they can reach, and escalation no sooner than the
// SLA. Whether the people are the region's the store checks.
func (in *ChainInput) Validate() error {
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" || len(in.Name) > 200 {
		return FieldError("name", "nama rantai wajib diisi, paling panjang 200 karakter")
	}
	if len(in.Stages) == 0 {
		return FieldError("stages", "rantai persetujuan harus memiliki paling sedikit satu tahap")
	}
	if len(in.Stages) > MaxStages {
		return FieldError("stages", "paling banyak %d tahap", MaxStages)
	}
	for i := range in.Stages {
		st := &in.Stages[i]
		f := func(name string) string { return fmt.Sprintf("stages[%d].%s", i, name) }
		st.Name = strings.TrimSpace(st.Name)
		seen := map[int64]bool{}
		for _, id := range st.ApproverIDs {
			if id <= 0 || seen[id] {
				return FieldError(f("approver_ids"), "penyetuju tahap %d tidak sah atau berulang", i+1)
			}
			seen[id] = true
		}
		switch {
		case st.Name == "" || len(st.Name) > 200:
			return FieldError(f("name"), "nama tahap %d wajib diisi, paling panjang 200 karakter", i+1)
		case len(st.ApproverIDs) == 0:
			return FieldError(f("approver_ids"), "tahap %d harus memiliki paling sedikit satu penyetuju", i+1)
		case len(st.ApproverIDs) > 50:
			return FieldError(f("approver_ids"), "tahap %d: paling banyak 50 penyetuju", i+1)
		case st.Quorum != QuorumAny && st.Quorum != QuorumAll && st.Quorum != QuorumNOfM:
			return FieldError(f("quorum"), "kuorum tahap %d harus salah satu, semua, atau N dari M", i+1)
		case st.Quorum == QuorumNOfM && (st.QuorumN < 1 || st.QuorumN > len(st.ApproverIDs)):
			return FieldError(f("quorum_n"), "kuorum tahap %d: N harus 1 sampai %d (jumlah penyetuju)", i+1, len(st.ApproverIDs))
		case st.SLADays < 1 || st.SLADays > 365:
			return FieldError(f("sla_days"), "SLA tahap %d: 1–365 hari kerja", i+1)
		case st.EscalationDays < st.SLADays || st.EscalationDays > 365:
			return FieldError(f("escalation_days"), "eskalasi tahap %d tidak boleh lebih cepat dari SLA (%d hari kerja), paling lama 365", i+1, st.SLADays)
		case st.SuperiorID < 0:
			return FieldError(f("superior_id"), "atasan tahap %d tidak sah", i+1)
		}
		if st.Quorum != QuorumNOfM {
			st.QuorumN = 1
		}
	}
	return nil
}

// ChainStore keeps a region's approval chains for its administrator. Every
// change is audited in its own transaction.
type ChainStore interface {
	// ApprovalChains lists the region's current chains (no superseded
	// version), by name, with their stages.
	ApprovalChains(ctx context.Context, regionID int64) ([]ApprovalChain, error)
	// RegionApprovalChain returns one chain of the region (any version).
	RegionApprovalChain(ctx context.Context, regionID, chainID int64) (ApprovalChain, error)
}
