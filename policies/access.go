package policies

import "slices"

// Who may read and act on what: each city is its own (DESIGN.md, "Rules
// every change keeps"). Every read and write checks the object's region and
// unit against the person's. A published policy or an open consultation may
// be read by anyone; the rest of a region's records only by its people, and
// another city's private record answers 404, as if absent, so its existence
// does not leak. The web layer asks these questions of the person making a
// request (server/scope.go); the rules live here, once.

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

// CanSee reports whether the viewer may read a policy at all. A policy
// with a text in force stays public while a revision is drafted (the
// public reads the text in force, not the draft), until it is archived.
func (v Viewer) CanSee(p PolicySummary) bool {
	return IsPublic(p.Status) || (p.InForceVersion > 0 && p.Status != StatusArchived) || v.InRegion(p.RegionID)
}

// SeesPersonalData reports whether the viewer may read the names, NIPs and
// attendance of a region's civil servants in a unit (UU 27/2022): the
// region's BKPSDM drafters, and the officers of that unit. unitID 0 asks
// for the whole region.
func (v Viewer) SeesPersonalData(regionID, unitID int64) bool {
	if !v.InRegion(regionID) {
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
// working text for the policy's region; for everyone else the version an
// open consultation is on, else the text in force (a version saved since
// is the region's draft until it is consulted on or approved).
func (v Viewer) LatestVisible(p PolicySummary) int {
	switch {
	case v.InRegion(p.RegionID):
		return p.CurrentVersion
	case p.Status == StatusConsultation && p.ConsultedVersion > 0:
		return p.ConsultedVersion
	case p.InForceVersion > 0:
		return p.InForceVersion
	}
	return p.CurrentVersion
}

// CommentVersions bounds the comments the viewer reads to those made on
// versions they may read (0: all of them, for the policy's region).
func (v Viewer) CommentVersions(p PolicySummary) int {
	if v.InRegion(p.RegionID) {
		return 0
	}
	return v.LatestVisible(p)
}
