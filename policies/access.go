package policies

import "slices"

// Who may read and act on what: each city is its own (DESIGN.md, "Rules
// every change keeps"). Every read and write checks the object's region and
// unit against the person's. A published policy or an open consultation may
// be read by anyone; the rest of a region's records only by its staff, and
// a private record answers 404, as if absent, so its existence does not
// leak. A stakeholder account (akademisi, praktisi, masyarakat: the
// stakeholder role) belongs to a region but is not its staff: it reads what
// the public reads, comments where it is invited (or the consultation is
// open to the public), and its comments wait for moderation as the
// public's do. The web layer and the store's queries ask these questions
// of the person making a request (server/scope.go); the rules live here,
// once.

// Viewer is the person a request is made for: a signed-in user, or nobody
// (User nil).
type Viewer struct {
	User *User
}

// PublicStatuses are what people who are not signed in may read: open
// consultations and published policies.
var PublicStatuses = []Status{StatusConsultation, StatusApproved, StatusImplementing, StatusEvaluating}

// IsPublic reports whether a policy in status s may be read by anyone.
func IsPublic(s Status) bool { return slices.Contains(PublicStatuses, s) }

// Is reports whether the viewer is signed in with one of roles (any role when none given).
func (v Viewer) Is(roles ...Role) bool {
	if v.User == nil {
		return false
	}
	if len(roles) == 0 {
		return true
	}
	for _, r := range roles {
		if v.User.Role == r {
			return true
		}
	}
	return false
}

// InRegion reports whether the viewer is signed in and belongs to region.
func (v Viewer) InRegion(regionID int64) bool {
	return v.User != nil && v.User.RegionID != nil && *v.User.RegionID == regionID
}

// Staff reports whether the viewer is one of region's staff: signed in,
// of the region, in any role but stakeholder. Only staff read a region's
// internal records: drafts, the audit log, internal comments, attachments
// of drafts, programs and evaluations.
func (v Viewer) Staff(regionID int64) bool {
	return v.InRegion(regionID) && v.User.Role != RoleStakeholder
}

// InUnit reports whether the viewer is signed in and belongs to unit.
func (v Viewer) InUnit(unitID int64) bool {
	return v.User != nil && v.User.UnitID != nil && *v.User.UnitID == unitID
}

// RegionID is the viewer's region, 0 for none.
func (v Viewer) RegionID() int64 {
	if v.User == nil || v.User.RegionID == nil {
		return 0
	}
	return *v.User.RegionID
}

// StaffRegionID is the region whose policies the viewer reads in any
// status (its drafts too): the region of its staff, 0 for anyone else (a
// stakeholder of the region reads what the public reads). Lists ask the
// store with it (SearchFilter.OwnRegionID).
func (v Viewer) StaffRegionID() int64 {
	if id := v.RegionID(); v.Staff(id) {
		return id
	}
	return 0
}

// CanSee reports whether the viewer may read a policy at all. A policy
// with a text in force stays public while a revision is drafted (the
// public reads the text in force, not the draft), until it is archived.
func (v Viewer) CanSee(p PolicySummary) bool {
	return IsPublic(p.Status) || (p.InForceVersion > 0 && p.Status != StatusArchived) || v.Staff(p.RegionID)
}

// SeesPersonalData reports whether the viewer may read the names, NIPs and
// attendance of a region's civil servants in a unit (UU 27/2022): the
// region's BKPSDM drafters, and the officers of that unit. unitID 0 asks
// for the whole region.
func (v Viewer) SeesPersonalData(regionID, unitID int64) bool {
	if !v.Staff(regionID) {
		return false
	}
	switch v.User.Role {
	case RoleDrafter:
		return true
	case RoleUnitOfficer:
		return unitID != 0 && v.InUnit(unitID)
	}
	return false
}

// LatestVisible is the newest version number the viewer may read: the
// working text for the policy's region's staff; for everyone else (a
// stakeholder of the region too) the version an
// open consultation is on, else the text in force (a version saved since
// is the region's draft until it is consulted on or approved).
func (v Viewer) LatestVisible(p PolicySummary) int {
	switch {
	case v.Staff(p.RegionID):
		return p.CurrentVersion
	case p.Status == StatusConsultation && p.ConsultedVersion > 0:
		return p.ConsultedVersion
	case p.InForceVersion > 0:
		return p.InForceVersion
	}
	return p.CurrentVersion
}

// CommentVersions bounds the comments the viewer reads to those made on
// versions they may read (0: all of them, for the policy's region's staff).
// Attachments are bounded alike: each belongs to the version that was the
// working text when it was uploaded, and is read with it.
func (v Viewer) CommentVersions(p PolicySummary) int {
	if v.Staff(p.RegionID) {
		return 0
	}
	return v.LatestVisible(p)
}

// CommentRight is how the viewer's comment on a policy is taken.
type CommentRight int

// The rights: none, held for a moderator (the public's, another city's
// people's and stakeholders'), or shown at once (the region's staff).
const (
	CommentRefused CommentRight = iota
	CommentHeld
	CommentShown
)

// CommentRightOn decides how the viewer may comment on p: the region's
// staff comment at once (an archived policy takes none, which the caller
// says after checking the text); anyone else only
// on an open consultation (open its latest consultation, nil for none)
// that is open to the public, or, for a stakeholder, that invited them
// (in person or through a stakeholder group). Their comment waits for
// moderation, unless the consultation shows its invited stakeholders'
// comments at once (ShowInvitedAtOnce) and they are one of them: the
// public's always waits.
func (v Viewer) CommentRightOn(p PolicySummary, open *ConsultationRecord, invited bool) CommentRight {
	switch {
	case v.Staff(p.RegionID):
		return CommentShown
	case p.Status != StatusConsultation || open == nil || open.ClosedAt != nil:
		return CommentRefused
	case invited && v.InRegion(p.RegionID) && open.ShowInvitedAtOnce:
		return CommentShown
	case open.AllowPublic || (invited && v.InRegion(p.RegionID)):
		return CommentHeld
	}
	return CommentRefused
}
