package policies

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"
)

// Four eyes on power (issue 24; DESIGN.md "No one acts alone on a
// leader's power"): a change of who holds legal power in a region is
// proposed by one person and takes effect only when a second person
// confirms it — the principal for an acting appointment, or another
// administrator of the region. The proposal keeps what exactly would
// change and the state it was proposed against; the confirmation applies
// it in one transaction, or refuses it when that state has moved. The
// command-line bootstrap of a region's first administrator is the one
// change no second person confirms.

// ChangeKind is what a proposed change does.
type ChangeKind string

// The kinds of change that need a second person. The database checks the
// same list.
const (
	ChangeActing        ChangeKind = "acting.appoint"    // appoint a Plt./Plh. (ActingInput)
	ChangeInvite        ChangeKind = "person.invite"     // invite someone as leader, legal or admin (PersonInput)
	ChangeRole          ChangeKind = "person.role"       // give someone the leader, legal or admin role (PersonInput)
	ChangeReactivate    ChangeKind = "person.reactivate" // let a leader, legal officer or admin sign in again (no input)
	ChangeChainCreate   ChangeKind = "chain.create"      // a new approval chain (ChainInput)
	ChangeChainUpdate   ChangeKind = "chain.update"      // a chain's stages and approvers (ChainInput)
	ChangeActingRules   ChangeKind = "acting_rules.set"  // the region's rules for acting officials (ActingRules)
	ChangeParafAdd      ChangeKind = "paraf_step.add"    // an official who initials (ParafStepInput)
	ChangeParafDelete   ChangeKind = "paraf_step.delete" // an official who no longer initials
	ChangeHarmonisation ChangeKind = "harmonisation.set" // whether a form is harmonised (HarmonisationSettingInput)
)

// ChangeKinds lists every kind, in the order pages explain them.
var ChangeKinds = []ChangeKind{ChangeActing, ChangeInvite, ChangeRole, ChangeReactivate, ChangeChainCreate, ChangeChainUpdate,
	ChangeActingRules, ChangeParafAdd, ChangeParafDelete, ChangeHarmonisation}

// ChangeStatus is where a proposed change stands.
type ChangeStatus string

// The statuses of a change.
const (
	ChangePending   ChangeStatus = "pending"
	ChangeConfirmed ChangeStatus = "confirmed"
	ChangeDeclined  ChangeStatus = "declined"
	// ChangeExpired is a change left pending past its ExpiresAt: the
	// store reads it so, and nobody decides it any more.
	ChangeExpired ChangeStatus = "expired"
)

// ChangeLifetime is how long a proposal waits for its decision.
const ChangeLifetime = 14 * 24 * time.Hour

// PowerRoles are the roles that hold legal power: granting one needs a
// second person.
var PowerRoles = []Role{RoleLeader, RoleLegal, RoleAdmin}

// Power reports whether r is one of PowerRoles.
func (r Role) Power() bool { return slices.Contains(PowerRoles, r) }

// GrantsPower reports whether changing a person's role from before to
// after gives them a power role they did not have.
func GrantsPower(before, after Role) bool { return after.Power() && after != before }

// PendingChange is a change of power as proposed, and its decision.
type PendingChange struct {
	ID       int64      `db:"id" json:"id"`
	RegionID int64      `db:"region_id" json:"region_id"`
	Kind     ChangeKind `db:"kind" json:"kind"`
	// Subject is the record changed ("user:5", "chain:3", "paraf_step:2");
	// "" for a record the change would make.
	Subject string `db:"subject" json:"subject"`
	// Payload is what exactly would be done: the input of Kind.
	Payload json.RawMessage `db:"payload" json:"payload"`
	// Before is the record as the proposer saw it (null for a new one);
	// the change is refused at confirmation when it is no longer so.
	Before json.RawMessage `db:"before" json:"before,omitempty"`
	// PrincipalID is the official whose office an acting appointment
	// fills: they may confirm it, as may another administrator.
	PrincipalID *int64 `db:"principal_id" json:"principal_id,omitempty"`
	Principal   string `db:"principal" json:"principal,omitempty"`
	// BeneficiaryID is the person who would gain the power (the acting
	// official, the person given a role, the official who would initial):
	// told of it, never its confirmer.
	BeneficiaryID *int64 `db:"beneficiary_id" json:"beneficiary_id,omitempty"`
	Beneficiary   string `db:"beneficiary" json:"beneficiary,omitempty"`
	// ProposedBy is nil for the command line.
	ProposedBy *int64    `db:"proposed_by" json:"proposed_by,omitempty"`
	Proposer   string    `db:"proposer" json:"proposer"`
	ProposedAt time.Time `db:"proposed_at" json:"proposed_at"`
	// ExpiresAt ends a pending change's wait (ChangeLifetime after it was
	// proposed): past it the change reads as expired.
	ExpiresAt time.Time    `db:"expires_at" json:"expires_at"`
	Status    ChangeStatus `db:"status" json:"status"`
	DecidedBy *int64       `db:"decided_by" json:"decided_by,omitempty"`
	Decider   string       `db:"decider" json:"decider,omitempty"`
	DecidedAt *time.Time   `db:"decided_at" json:"decided_at,omitempty"`
	Reason    string       `db:"reason" json:"reason,omitempty"` // why it was declined
	// Result is the record a confirmation made or changed ("acting:7").
	Result string `db:"result" json:"result,omitempty"`
}

// MayDecide says who may decide a change: its proposer never confirms it,
// nor does the person who would gain the power; an administrator of the
// region confirms any, the principal an acting appointment for their own
// office. Declining is open to the same people and to the proposer, who
// withdraws it so.
func (c PendingChange) MayDecide(actorID int64, actorIsAdmin, confirm bool) error {
	switch {
	case c.Status == ChangeExpired:
		return Errorf(KindConflict, "perubahan #%d kedaluwarsa: tidak diputuskan dalam %d hari sejak diusulkan; usulkan kembali bila masih diperlukan", c.ID, int(ChangeLifetime.Hours()/24))
	case c.Status != ChangePending:
		return Errorf(KindConflict, "perubahan #%d sudah diputuskan (%s)", c.ID, c.Status)
	case confirm && c.ProposedBy != nil && *c.ProposedBy == actorID:
		return Errorf(KindForbidden, "Anda yang mengusulkan perubahan #%d: orang kedua (administrator lain%s) yang mengonfirmasinya", c.ID, c.principalClause())
	case c.BeneficiaryID != nil && *c.BeneficiaryID == actorID:
		return Errorf(KindForbidden, "perubahan #%d memberi Anda sendiri kewenangan: orang lain yang memutuskannya", c.ID)
	case actorIsAdmin, c.PrincipalID != nil && *c.PrincipalID == actorID:
		return nil
	case !confirm && c.ProposedBy != nil && *c.ProposedBy == actorID:
		return nil
	}
	return Errorf(KindForbidden, "hanya administrator wilayah%s yang dapat memutuskan perubahan #%d", c.principalClause(), c.ID)
}

func (c PendingChange) principalClause() string {
	if c.PrincipalID != nil {
		return " atau pejabat yang digantikan"
	}
	return ""
}

// ChangeProposal is a change as it is proposed: its kind, the record it
// changes (0 for a new one) and its input, which passed its Validate.
type ChangeProposal struct {
	Kind      ChangeKind
	SubjectID int64
	Input     any
}

// DeclineInput is a decline's reason.
type DeclineInput struct {
	Reason string `json:"reason" required:"false"`
}

// Validate trims the reason and keeps it short.
func (in *DeclineInput) Validate() error {
	in.Reason = strings.TrimSpace(in.Reason)
	if len(in.Reason) > 1000 {
		return FieldError("reason", "alasan paling panjang 1000 karakter")
	}
	return nil
}

// ChangeEvent is what happened to a change, for its notices.
type ChangeEvent string

// The events of a change.
const (
	ChangeProposed ChangeEvent = "proposed"
	// ChangeWithdrawn is a decline by the proposer.
	ChangeWithdrawn ChangeEvent = "withdrawn"
)

// ChangeAudience is why a person is told of a change.
type ChangeAudience string

// The audiences of a change's notices.
const (
	AudienceConfirmer ChangeAudience = "confirmer" // may confirm it (another administrator, the principal)
	AudienceAffected  ChangeAudience = "affected"  // gains the power, or is the principal
	AudienceProposer  ChangeAudience = "proposer"  // proposed it: told of the decision
)

// ChangeNotice is one person's notice of a change: the store says who is
// told and why, the web layer words it (ChangeWording).
type ChangeNotice struct {
	Change   PendingChange
	Event    ChangeEvent // proposed, confirmed, declined, withdrawn
	Audience ChangeAudience
}

// ChangeWording words a change's notice for its recipient (subject, body
// and link; the store sets the recipient and the key).
type ChangeWording func(ChangeNotice) Notification

// InviteLink is the one-time link a confirmed invitation sends: the
// token's hash to keep, and the email carrying the token, worded with the
// region's and the confirmer's names.
type InviteLink struct {
	TokenHash string
	Notice    func(region, by string) Notification
}

// ChangeStore keeps proposed changes of power. Each step is audited
// (change.proposed, change.confirmed, change.declined) and the people
// concerned are told, in the transaction that makes it.
type ChangeStore interface {
	// ProposeChange records a change for a second person to confirm;
	// KindInvalid naming the field when the records it names are not
	// the region's (so a proposal that cannot be applied is refused now).
	ProposeChange(ctx context.Context, regionID, actorID int64, p ChangeProposal, words ChangeWording) (PendingChange, error)
	// PendingChanges lists the region's changes, newest first; personID ≠
	// 0 keeps those the person proposed, may confirm as principal, or
	// would gain power by.
	PendingChanges(ctx context.Context, regionID, personID int64) ([]PendingChange, error)
	// PendingChangeByID returns one change of the region.
	PendingChangeByID(ctx context.Context, regionID, id int64) (PendingChange, error)
	// ConfirmChange applies the change as its confirmer's: KindForbidden
	// for its proposer (PendingChange.MayDecide), KindConflict when it is
	// decided or the state it was proposed against has moved.
	ConfirmChange(ctx context.Context, regionID, actorID, id int64, link InviteLink, words ChangeWording) (PendingChange, error)
	// DeclineChange ends the change with nothing applied.
	DeclineChange(ctx context.Context, regionID, actorID, id int64, in DeclineInput, words ChangeWording) (PendingChange, error)
}

// PowerWriter are the writes a confirmed change makes (ConfirmChange
// applies them in its transaction). No interface the web layer holds has
// them: a handler can only propose. The command line, the demo's seeding
// and tests of the store itself use them directly.
type PowerWriter interface {
	AppointActing(ctx context.Context, regionID, actorID int64, in ActingInput) (ActingAppointment, error)
	CreateApprovalChain(ctx context.Context, regionID, actorID int64, in ChainInput) (ApprovalChain, error)
	// UpdateApprovalChain edits a chain in place when no approval has
	// followed it; otherwise it writes the next version, moves the
	// policies that follow the chain to it (their next submission follows
	// it) and leaves the old version's stages to the runs that loaded them.
	// Only the current version may be edited (409 otherwise).
	UpdateApprovalChain(ctx context.Context, regionID, actorID, chainID int64, in ChainInput) (ApprovalChain, error)
	SetActingRules(ctx context.Context, regionID, actorID int64, in ActingRules) (RegionActingRules, error)
	// AddParafStep adds a step, audited; KindInvalid naming user_id for a
	// person not active in the region, KindConflict for a hierarchy
	// position the form has already.
	AddParafStep(ctx context.Context, regionID, actorID int64, in ParafStepInput) (ParafStep, error)
	// DeleteParafStep removes a step, audited (the parafs given keep
	// their office and name).
	DeleteParafStep(ctx context.Context, regionID, actorID, id int64) error
	SetHarmonisation(ctx context.Context, regionID, actorID int64, in HarmonisationSettingInput) (HarmonisationSetting, error)
}
