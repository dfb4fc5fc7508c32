// Package policies holds Policyflow's domain: policies and their immutable
// versions, the people and units around them, the lifecycle states, the
// errors every layer shares, and the Store interface the database implements.
package policies

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
)

// Status is where a policy stands in its lifecycle (DESIGN.md, "Lifecycle").
type Status string

// The lifecycle states. The database checks the same list.
const (
	StatusDraft        Status = "draft"
	StatusConsultation Status = "consultation"
	StatusDrafting     Status = "drafting"
	StatusInApproval   Status = "in_approval"
	StatusApproved     Status = "approved"
	StatusImplementing Status = "implementing"
	StatusEvaluating   Status = "evaluating"
	StatusRevision     Status = "revision"
	StatusArchived     Status = "archived"
)

// Statuses lists every status in lifecycle order, for filters and listings.
var Statuses = []Status{
	StatusDraft, StatusConsultation, StatusDrafting, StatusInApproval, StatusApproved,
	StatusImplementing, StatusEvaluating, StatusRevision, StatusArchived,
}

// Valid reports whether s is one of the lifecycle states.
func (s Status) Valid() bool {
	for _, v := range Statuses {
		if s == v {
			return true
		}
	}
	return false
}

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
var Roles = []Role{RoleDrafter, RoleStakeholder, RoleLeader, RoleUnitOfficer, RoleAdmin}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, v := range Roles {
		if r == v {
			return true
		}
	}
	return false
}

// Region is a local government (Kota Sawahlunto, Kota Pangkalpinang…).
type Region struct {
	ID        int64     `db:"id" json:"id"`
	Slug      string    `db:"slug" json:"slug"`
	Name      string    `db:"name" json:"name"`
	CreatedAt time.Time `db:"created_at" json:"created_at"`
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
}

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

// Policy is a policy document under management; its text lives in Versions.
type Policy struct {
	ID               int64     `db:"id" json:"id"`
	RegionID         int64     `db:"region_id" json:"region_id"`
	OwnerUnitID      int64     `db:"owner_unit_id" json:"owner_unit_id"`
	ChainID          *int64    `db:"chain_id" json:"chain_id,omitempty"`
	Slug             string    `db:"slug" json:"slug"`
	Title            string    `db:"title" json:"title"`
	Status           Status    `db:"status" json:"status"`
	CurrentVersionID *int64    `db:"current_version_id" json:"current_version_id,omitempty"`
	InForceVersionID *int64    `db:"in_force_version_id" json:"in_force_version_id,omitempty"`
	CreatedBy        int64     `db:"created_by" json:"created_by"`
	CreatedAt        time.Time `db:"created_at" json:"created_at"`
	UpdatedAt        time.Time `db:"updated_at" json:"updated_at"`
}

// PolicySummary is a policy as listed: with its region name and current version number.
type PolicySummary struct {
	Policy
	RegionName     string `db:"region_name" json:"region_name"`
	UnitName       string `db:"unit_name" json:"unit_name"`
	CurrentVersion int    `db:"current_version" json:"current_version"`
	// InForceVersion is the number of the version the last approval stage
	// approved: the text in force. 0 before any approval.
	InForceVersion int `db:"in_force_version" json:"in_force_version"`
	// ConsultedVersion is the version an open consultation is on; 0 for none.
	ConsultedVersion int `db:"consulted_version" json:"consulted_version,omitempty"`
}

// Version is one immutable text of a policy. Its SHA-256 is what approvers approve.
type Version struct {
	ID            int64     `db:"id" json:"id"`
	PolicyID      int64     `db:"policy_id" json:"policy_id"`
	Number        int       `db:"number" json:"number"`
	Markdown      string    `db:"markdown" json:"markdown"`
	SHA256        string    `db:"sha256" json:"sha256"`
	AuthorID      int64     `db:"author_id" json:"author_id"`
	ChangeSummary string    `db:"change_summary" json:"change_summary"`
	CreatedAt     time.Time `db:"created_at" json:"created_at"`
}

// ContentHash returns the hex SHA-256 of a version's Markdown.
func ContentHash(markdown string) string {
	sum := sha256.Sum256([]byte(markdown))
	return hex.EncodeToString(sum[:])
}

// Comment is a stakeholder's remark on a section of a version, possibly a reply.
type Comment struct {
	ID          int64  `db:"id" json:"id"`
	PolicyID    int64  `db:"policy_id" json:"policy_id"`
	VersionID   int64  `db:"version_id" json:"version_id"`
	ParentID    *int64 `db:"parent_id" json:"parent_id,omitempty"`
	SectionID   string `db:"section_anchor" json:"section_anchor"`
	AuthorID    *int64 `db:"author_id" json:"author_id,omitempty"`
	AuthorName  string `db:"author_name" json:"author_name"`
	AuthorEmail string `db:"author_email" json:"-"`
	Body        string `db:"body" json:"body"`
	Status      string `db:"status" json:"status"` // open, resolved, pending_moderation, rejected
	// IdempotencyKey makes a retried POST store the comment once, even
	// across a crash of the server between the write and its answer.
	IdempotencyKey string    `db:"-" json:"-"`
	CreatedAt      time.Time `db:"created_at" json:"created_at"`
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

// Notification is an outbox row: a message to deliver to one user, at most once per key.
type Notification struct {
	ID          int64      `db:"id" json:"id"`
	DedupKey    string     `db:"dedup_key" json:"-"`
	UserID      int64      `db:"user_id" json:"user_id"`
	PolicyID    *int64     `db:"policy_id" json:"policy_id,omitempty"`
	Kind        string     `db:"kind" json:"kind"`
	Subject     string     `db:"subject" json:"subject"`
	Body        string     `db:"body" json:"body"`
	Link        string     `db:"link" json:"link"`
	CreatedAt   time.Time  `db:"created_at" json:"created_at"`
	DeliveredAt *time.Time `db:"delivered_at" json:"delivered_at,omitempty"`
	ReadAt      *time.Time `db:"read_at" json:"read_at,omitempty"`
}

// AuditEntry records who did what to a policy, and from which version.
type AuditEntry struct {
	ID        int64     `db:"id" json:"id"`
	PolicyID  *int64    `db:"policy_id" json:"policy_id,omitempty"`
	VersionID *int64    `db:"version_id" json:"version_id,omitempty"`
	ActorID   *int64    `db:"actor_id" json:"actor_id,omitempty"`
	Action    string    `db:"action" json:"action"`
	Detail    string    `db:"detail" json:"detail"`
	CreatedAt time.Time `db:"created_at" json:"created_at"`
}

// TitleOf returns the text of a Markdown document's first level-1 heading,
// or "" when it has none.
func TitleOf(markdown string) string {
	for _, line := range strings.Split(markdown, "\n") {
		if t, ok := strings.CutPrefix(strings.TrimSpace(line), "# "); ok {
			return strings.TrimSpace(t)
		}
	}
	return ""
}
