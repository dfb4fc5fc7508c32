// Package policies holds Policyflow's domain, one file per noun: policies
// and their immutable versions, comments, consultations, approvals,
// programs, evaluations, notifications and the people and units around
// them; the lifecycle's transition table; the errors every layer shares;
// and, beside each noun, the small store interface the database implements
// for it.
//
// What is valid is decided here, once: each input type has a Validate
// method (NewPolicy, NewVersion, NewComment, PersonInput, UnitInput,
// ChainInput, ActingInput, EnactmentInput…, most in validate_*.go) that
// trims what it keeps and names the first field at fault. The web layer
// parses a request, calls Validate and renders the refusal; the stores take
// validated inputs and check only what needs the database.
package policies

import (
	"context"
	"slices"
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
func (s Status) Valid() bool { return slices.Contains(Statuses, s) }

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
	RegionName string `db:"region_name" json:"region_name"`
	// RegionZone is the region's time zone: its dates are shown and read in it.
	RegionZone     TimeZone `db:"region_zone" json:"-"`
	UnitName       string   `db:"unit_name" json:"unit_name"`
	CurrentVersion int      `db:"current_version" json:"current_version"`
	// InForceVersion is the number of the version the last approval stage
	// approved (the text the region settled on; in law it is in force
	// only once enacted and promulgated: LegalState). 0 before any approval.
	InForceVersion int `db:"in_force_version" json:"in_force_version"`
	// ConsultedVersion is the version an open consultation is on; 0 for none.
	ConsultedVersion int `db:"consulted_version" json:"consulted_version,omitempty"`
	// Enactments are the policy's enactments, newest first, from which
	// SetLegal words the legal state as lists show it.
	Enactments EnactmentFacts `db:"enactments" json:"-"`
	// LegalStage is the approved version's legal state, LegalSince the day
	// it reached it (nil while only approved): set by SetLegal.
	LegalStage LegalStage `db:"-" json:"legal_stage"`
	LegalSince *time.Time `db:"-" json:"legal_since,omitempty"`
	// EffectiveVersion is the text in force (0 for none) and
	// EffectiveSince the day it took effect: an older text than the
	// approved one while a revision is on its way (set by SetLegal).
	EffectiveVersion int        `db:"-" json:"effective_version,omitempty"`
	EffectiveSince   *time.Time `db:"-" json:"effective_since,omitempty"`
	// Topics are the policy's topics (topic.go), where a page or list reads them.
	Topics []TopicTag `db:"-" json:"topics,omitempty"`
}

// RevisionPending reports whether an older text is in force while the
// approved version is not yet.
func (p PolicySummary) RevisionPending() bool {
	return p.EffectiveVersion > 0 && p.EffectiveVersion != p.InForceVersion
}

// SetLegal sets the legal state on the day now is in the region's zone,
// from the policy's enactments, as the policy's own page has it
// (LegalStateOf).
func (p *PolicySummary) SetLegal(now time.Time) {
	s := LegalStateOf(p.InForceVersion, p.Enactments, p.RegionName, Today(now, p.RegionZone))
	p.LegalStage, p.LegalSince = s.Stage, s.Since
	p.EffectiveVersion, p.EffectiveSince = s.InForceVersion, s.InForceSince
}

// SearchFilter narrows the policy list: filters, full-text query, paging.
type SearchFilter struct {
	RegionID int64
	UnitID   int64
	Status   Status
	Statuses []Status // when set, only these (the public sees published ones)…
	// OwnRegionID: …except in this region, whose policies show in any status.
	OwnRegionID int64
	Query       string // full text (Indonesian stemming) over title and current text
	// Topic: only policies carrying a topic of this slug (of RegionID's
	// list, of any region's without one).
	Topic  string
	Limit  int
	Offset int
}

// CountCap is how many matches past a page's start the policy list counts:
// an exact total would cost a scan of every match (20 ms for 15,000 of
// 100,000 policies, measured by make bench); beyond it the list says "more
// than".
const CountCap = 1000

// NewPolicy is what it takes to create a policy with its first version.
type NewPolicy struct {
	RegionID      int64
	OwnerUnitID   int64
	ChainID       *int64
	Slug          string
	Title         string
	Markdown      string
	AuthorID      int64
	ChangeSummary string
}

// Validate checks a new policy's fields, naming the first one at fault.
func (p NewPolicy) Validate() error {
	switch {
	case p.RegionID <= 0:
		return FieldError("region_id", "wilayah wajib diisi")
	case p.OwnerUnitID <= 0:
		return FieldError("owner_unit_id", "unit pemilik wajib diisi")
	case p.Slug == "" || len(p.Slug) > 120:
		return FieldError("slug", "slug wajib diisi (maksimal 120 karakter)")
	case p.Title == "" || len(p.Title) > 300:
		return FieldError("title", "judul wajib diisi (maksimal 300 karakter)")
	case p.Markdown == "":
		return FieldError("markdown", "isi kebijakan wajib diisi")
	case len(p.Markdown) > MaxDocumentBytes:
		return &Error{Kind: KindTooLarge, Field: "markdown", Message: "isi kebijakan melebihi batas 512 KB"}
	case p.AuthorID <= 0:
		return FieldError("author_id", "penulis wajib diisi")
	}
	return nil
}

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
	// Zone is the region's time zone: the dates the workflows write into
	// notices are in it ("" in facts recorded before it was loaded).
	Zone TimeZone `db:"region_zone" json:",omitempty"`
	// Legal is the product's legal state when loaded: implementation
	// starts only from a policy in force.
	Legal LegalState `db:"-"`
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

// AuditRecord is an audit entry with the actor's name and the version number.
type AuditRecord struct {
	ID            int64     `db:"id" json:"id"`
	Actor         *string   `db:"actor" json:"actor,omitempty"` // nil: the system
	Action        string    `db:"action" json:"action"`
	Detail        string    `db:"detail" json:"detail"`
	Subject       string    `db:"subject" json:"subject,omitempty"` // what it is about, e.g. "comment:7"
	VersionNumber *int      `db:"version_number" json:"version_number,omitempty"`
	CreatedAt     time.Time `db:"created_at" json:"created_at"`
	// Changes are the fields the change changed that the history shows.
	Changes []AuditFieldChange `db:"-" json:"changes,omitempty"`
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

// PolicyStore keeps policies, their state and their audit trail.
type PolicyStore interface {
	CreatePolicy(ctx context.Context, np NewPolicy) (Policy, Version, error)
	PolicyByID(ctx context.Context, id int64) (PolicySummary, error)
	PolicyIDs(ctx context.Context) ([]int64, error)
	// SearchPolicies returns one page and the number of matches, counted up
	// to f.Offset+CountCap+1: a total above f.Offset+CountCap means "more".
	SearchPolicies(ctx context.Context, f SearchFilter) ([]PolicySummary, int, error)
	PolicyFacts(ctx context.Context, id int64) (PolicyFacts, error)
	AuditRecords(ctx context.Context, policyID int64) ([]AuditRecord, error)
}

// PolicyStatusWriter moves a policy to another status. Only activities hold
// this: a policy's status changes in its workflow, never behind it, so no
// interface of the web layer includes it.
type PolicyStatusWriter interface {
	SetStatus(ctx context.Context, in StatusChange) error
}
