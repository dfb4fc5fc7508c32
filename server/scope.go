package server

import (
	"context"
	"net/http"
	"slices"

	"github.com/policyflow/policyflow/policies"
)

// viewer is who makes a request: a signed-in user, or nobody, with what
// the request carries beside (the rules of who may see what are
// policies.Viewer's).
type viewer struct {
	policies.Viewer
	CSRF        string // the token forms must echo
	ViaToken    bool   // an API token: no cookies, so no CSRF check
	sessionHash string
	unread      int  // the person's unread notices, read with the session
	unreadKnown bool // unread was read (a GET's session, sessionview.go)
}

type viewerKey struct{}

func viewerOf(r *http.Request) *viewer {
	if v, ok := r.Context().Value(viewerKey{}).(*viewer); ok {
		return v
	}
	return &viewer{}
}

// errOtherRegion refuses a write, or a read of a region's internal records,
// on a policy the viewer may see but that belongs to another city.
var errOtherRegion = policies.Errorf(policies.KindForbidden, "kebijakan ini milik wilayah lain")

// errStaffOnly refuses the same to a stakeholder of the policy's region:
// they read what the public reads and what they were invited to.
var errStaffOnly = policies.Errorf(policies.KindForbidden, "hanya staf wilayah yang dapat membuka catatan internal kebijakan ini")

// staffOf is nil when the viewer is of the region's staff (policies.Viewer.Staff),
// else the refusal of a policy they may see: another city's, or, for a
// stakeholder of the region, staff only. A policy they may not see at all
// is 404 before this is asked (loadPolicy).
func staffOf(v *viewer, regionID int64) error {
	switch {
	case v.Staff(regionID):
		return nil
	case v.InRegion(regionID):
		return errStaffOnly
	}
	return errOtherRegion
}

// notFoundPolicy is what a policy the viewer may not see looks like.
func notFoundPolicy() error {
	return policies.Errorf(policies.KindNotFound, "kebijakan tidak ditemukan")
}

// loadRegionPolicy reads the policy in the URL for a write or an internal
// read: the viewer must be of its region's staff (404 when the viewer may
// not even see it, 403 when it is another city's published policy or the
// viewer a stakeholder of its region).
func (s *Server) loadRegionPolicy(r *http.Request) (policies.PolicySummary, error) {
	p, err := s.loadPolicy(r)
	if err != nil {
		return p, err
	}
	return p, staffOf(viewerOf(r), p.RegionID)
}

// regionPolicyWith is the URL's policy, of the viewer's region, and what
// read gives of it.
func regionPolicyWith[T any](s *Server, r *http.Request, read func(ctx context.Context, policyID int64) (T, error)) (policies.PolicySummary, T, error) {
	p, err := s.loadRegionPolicy(r)
	if err != nil {
		var none T
		return p, none, err
	}
	v, err := read(r.Context(), p.ID)
	return p, v, err
}

// commentRight is how the viewer may comment on p
// (policies.Viewer.CommentRightOn): asked of its latest consultation and
// whether the viewer was invited to it (in person or through a group).
func (s *Server) commentRight(ctx context.Context, v *viewer, p policies.PolicySummary) (policies.CommentRight, error) {
	if v.Staff(p.RegionID) || p.Status != policies.StatusConsultation {
		return v.CommentRightOn(p, nil, false), nil
	}
	cs, err := s.store.Consultations(ctx, p.ID)
	if err != nil || len(cs) == 0 {
		return policies.CommentRefused, err
	}
	last := &cs[len(cs)-1]
	invited := false
	if v.InRegion(p.RegionID) {
		ics, err := s.store.InvitedConsultations(ctx, v.User.ID)
		if err != nil {
			return policies.CommentRefused, err
		}
		invited = slices.ContainsFunc(ics, func(c policies.InvitedConsultation) bool { return c.ID == last.ID })
	}
	return v.CommentRightOn(p, last, invited), nil
}

// commentForm is what a page offers the signed-in viewer: the comment form
// (CanComment), saying their comment waits for moderation (CommentHeld).
// The public's form is apart (publicAllowed).
func (s *Server) commentForm(ctx context.Context, v *viewer, p policies.PolicySummary) map[string]any {
	right := policies.CommentRefused
	if v.User != nil && p.Status != policies.StatusArchived {
		var err error
		if right, err = s.commentRight(ctx, v, p); err != nil {
			s.log.Error("comment right", "policy", p.ID, "err", err)
		}
	}
	return map[string]any{"CanComment": right != policies.CommentRefused, "CommentHeld": right == policies.CommentHeld}
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
