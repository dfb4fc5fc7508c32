package server

import (
	"net/http"

	"github.com/policyflow/policyflow/policies"
)

// viewer is who makes a request: a signed-in user, or nobody.
type viewer struct {
	User        *policies.User
	CSRF        string // the token forms must echo
	ViaToken    bool   // an API token: no cookies, so no CSRF check
	sessionHash string
}

type viewerKey struct{}

func viewerOf(r *http.Request) *viewer {
	if v, ok := r.Context().Value(viewerKey{}).(*viewer); ok {
		return v
	}
	return &viewer{}
}

// is reports whether the viewer is signed in with one of roles (any role when none given).
func (v *viewer) is(roles ...policies.Role) bool {
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

// publicStatuses are what people who are not signed in may read: open
// consultations and published policies.
var publicStatuses = []policies.Status{policies.StatusConsultation, policies.StatusApproved,
	policies.StatusImplementing, policies.StatusEvaluating}

func isPublic(s policies.Status) bool {
	for _, p := range publicStatuses {
		if s == p {
			return true
		}
	}
	return false
}

// Each city is its own (DESIGN.md, "Rules every change keeps"): every read
// and write checks the object's region and unit against the person's. A
// published policy or an open consultation may be read by anyone; the rest
// of a region's records only by its people, and another city's private
// record answers 404, as if absent, so its existence does not leak.

// inRegion reports whether the viewer is signed in and belongs to region.
func (v *viewer) inRegion(regionID int64) bool {
	return v.User != nil && v.User.RegionID != nil && *v.User.RegionID == regionID
}

// inUnit reports whether the viewer is signed in and belongs to unit.
func (v *viewer) inUnit(unitID int64) bool {
	return v.User != nil && v.User.UnitID != nil && *v.User.UnitID == unitID
}

// regionID is the viewer's region, 0 for none.
func (v *viewer) regionID() int64 {
	if v.User == nil || v.User.RegionID == nil {
		return 0
	}
	return *v.User.RegionID
}

// canSee reports whether the viewer may read a policy at all.
// A policy with a text in force stays public while a revision is drafted
// (the public reads the text in force, not the draft), until it is archived.
func (v *viewer) canSee(p policies.PolicySummary) bool {
	return isPublic(p.Status) || (p.InForceVersion > 0 && p.Status != policies.StatusArchived) || v.inRegion(p.RegionID)
}

// errOtherRegion refuses a write, or a read of a region's internal records,
// on a policy the viewer may see but that belongs to another city.
var errOtherRegion = policies.Errorf(policies.KindForbidden, "kebijakan ini milik wilayah lain")

// notFoundPolicy is what a policy the viewer may not see looks like.
func notFoundPolicy() error {
	return policies.Errorf(policies.KindNotFound, "kebijakan tidak ditemukan")
}

// loadRegionPolicy reads the policy in the URL for a write or an internal
// read: it must belong to the viewer's region (404 when the viewer may not
// even see it, 403 when it is another city's published policy).
func (s *Server) loadRegionPolicy(r *http.Request) (policies.PolicySummary, error) {
	p, err := s.loadPolicy(r)
	if err != nil {
		return p, err
	}
	if !viewerOf(r).inRegion(p.RegionID) {
		return p, errOtherRegion
	}
	return p, nil
}

// seesPersonalData reports whether the viewer may read the names, NIPs and
// attendance of a region's civil servants in a unit (UU 27/2022): the
// region's BKPSDM drafters, and the officers of that unit. unitID 0 asks
// for the whole region.
func (v *viewer) seesPersonalData(regionID, unitID int64) bool {
	if !v.inRegion(regionID) {
		return false
	}
	switch v.User.Role {
	case policies.RoleDrafter:
		return true
	case policies.RoleUnitOfficer:
		return unitID != 0 && v.inUnit(unitID)
	}
	return false
}

// latestVisible is the newest version number the viewer may read: the
// working text for the policy's region; for everyone else the version an
// open consultation is on, else the text in force (a version saved since
// is the region's draft until it is consulted on or approved).
func (v *viewer) latestVisible(p policies.PolicySummary) int {
	switch {
	case v.inRegion(p.RegionID):
		return p.CurrentVersion
	case p.Status == policies.StatusConsultation && p.ConsultedVersion > 0:
		return p.ConsultedVersion
	case p.InForceVersion > 0:
		return p.InForceVersion
	}
	return p.CurrentVersion
}

// commentVersions bounds the comments the viewer reads to those made on
// versions they may read (0: all of them, for the policy's region).
func (v *viewer) commentVersions(p policies.PolicySummary) int {
	if v.inRegion(p.RegionID) {
		return 0
	}
	return v.latestVisible(p)
}

// errVersionNotFound is a version the viewer may not read, as if absent.
var errVersionNotFound = policies.Errorf(policies.KindNotFound, "versi tidak ditemukan")

func containsUnit(us []policies.Unit, id int64) bool {
	for _, u := range us {
		if u.ID == id {
			return true
		}
	}
	return false
}
