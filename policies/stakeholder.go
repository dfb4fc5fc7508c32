package policies

import (
	"context"
	"slices"
	"strings"
	"time"
)

// GroupKind is what a stakeholder group is.
type GroupKind string

// The kinds of stakeholder group. The database checks the same list.
const (
	GroupAcademics    GroupKind = "akademisi"
	GroupPractitioner GroupKind = "praktisi"
	GroupUnits        GroupKind = "opd"
	GroupPublic       GroupKind = "masyarakat"
	GroupOther        GroupKind = "other"
)

// GroupKinds lists every kind of group.
var GroupKinds = []GroupKind{GroupAcademics, GroupPractitioner, GroupUnits, GroupPublic, GroupOther}

// Valid reports whether k is a known kind.
func (k GroupKind) Valid() bool { return slices.Contains(GroupKinds, k) }

// StakeholderGroup is a region's group of people invited to a consultation together.
type StakeholderGroup struct {
	ID        int64     `db:"id" json:"id"`
	RegionID  int64     `db:"region_id" json:"region_id"`
	Name      string    `db:"name" json:"name"`
	Kind      GroupKind `db:"kind" json:"kind"`
	CreatedAt time.Time `db:"created_at" json:"created_at"`
	MemberIDs []int64   `db:"-" json:"member_ids"`
}

// GroupInput is a group as an administrator creates or edits it.
type GroupInput struct {
	Name      string    `json:"name"`
	Kind      GroupKind `json:"kind"`
	MemberIDs []int64   `json:"member_ids" required:"false"`
}

// Validate checks a group's fields.
func (in *GroupInput) Validate() error {
	in.Name = strings.TrimSpace(in.Name)
	switch {
	case in.Name == "" || len(in.Name) > 200:
		return FieldError("name", "nama kelompok wajib diisi, paling panjang 200 karakter")
	case !in.Kind.Valid():
		return FieldError("kind", "jenis kelompok tidak dikenal")
	case len(in.MemberIDs) > 1000:
		return FieldError("member_ids", "paling banyak 1000 anggota")
	}
	for _, id := range in.MemberIDs {
		if id <= 0 {
			return FieldError("member_ids", "anggota tidak sah")
		}
	}
	return nil
}

// StakeholderStore keeps a region's stakeholder groups. Every change is
// audited in its own transaction.
type StakeholderStore interface {
	StakeholderGroups(ctx context.Context, regionID int64) ([]StakeholderGroup, error) // by name
	StakeholderGroup(ctx context.Context, regionID, groupID int64) (StakeholderGroup, error)
	CreateStakeholderGroup(ctx context.Context, regionID, actorID int64, in GroupInput) (StakeholderGroup, error)
	UpdateStakeholderGroup(ctx context.Context, regionID, actorID, groupID int64, in GroupInput) (StakeholderGroup, error)
	DeleteStakeholderGroup(ctx context.Context, regionID, actorID, groupID int64) error
	// GroupMemberIDs returns the members of the region's groups named,
	// each once; a group of another region is not found.
	GroupMemberIDs(ctx context.Context, regionID int64, groupIDs []int64) ([]int64, error)
}
