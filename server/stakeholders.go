package server

import (
	"context"
	"net/http"

	"github.com/policyflow/policyflow/policies"
)

// Stakeholder groups of the administrator's region (akademisi, praktisi,
// OPD, masyarakat, or the region's own), invited to a consultation together:
// the consultation form offers them, and the server expands a group to its
// members (same region only) before the workflow sees the invitation.

func groupFromForm(r *http.Request) (policies.GroupInput, error) {
	in := policies.GroupInput{Name: r.PostFormValue("name"), Kind: policies.GroupKind(r.PostFormValue("kind"))}
	var err error
	in.MemberIDs, err = formIDs(r, "member_ids")
	return in, err
}

// groupPage renders the groups' page of the region reg with data, titled
// title (the groups' title when empty).
func (s *Server) groupPage(w http.ResponseWriter, r *http.Request, reg policies.Region, title string, data map[string]any) error {
	lang := language(w, r)
	people, err := s.store.RegionPeople(r.Context(), reg.ID)
	if err != nil {
		return err
	}
	data["People"], data["Kinds"] = people, policies.GroupKinds
	if title == "" {
		title = messages[lang]["admin_groups"]
	}
	s.renderAdmin(w, r, lang, "admin_groups", title, reg, data)
	return nil
}

func (s *Server) handleGroups(w http.ResponseWriter, r *http.Request) error {
	reg, gs, err := regionOwn(s, r, s.store.StakeholderGroups)
	if err != nil {
		return err
	}
	return s.groupPage(w, r, reg, "", map[string]any{"Groups": gs})
}

// regionGroup loads the group named in the URL, of the viewer's region (404 otherwise).
func (s *Server) regionGroup(r *http.Request) (policies.Region, policies.StakeholderGroup, error) {
	return regionRecord(s, r, "gid", s.store.StakeholderGroup)
}

func (s *Server) handleGroup(w http.ResponseWriter, r *http.Request) error {
	reg, g, err := s.regionGroup(r)
	if err != nil {
		return err
	}
	return s.groupPage(w, r, reg, g.Name, map[string]any{"Group": g})
}

// groupList is the region's stakeholder groups, for the API.
func (s *Server) groupList(r *http.Request) (map[string]any, error) {
	return regionList(s, r, "groups", s.store.StakeholderGroups)
}

// groupOf is the group of the URL with its members, for the API.
func (s *Server) groupOf(r *http.Request) (policies.StakeholderGroup, error) {
	_, g, err := s.regionGroup(r)
	return g, err
}

// createGroup adds a stakeholder group to the region (page and API).
func (s *Server) createGroup(r *http.Request, in policies.GroupInput) (policies.StakeholderGroup, error) {
	return createInRegion(s, r, &in, in.Validate, s.store.CreateStakeholderGroup)
}

// saveGroup changes the group of the URL and its members (page and API).
func (s *Server) saveGroup(r *http.Request, in policies.GroupInput) (policies.StakeholderGroup, error) {
	return saveInRegion(s, r, "gid", s.store.StakeholderGroup, &in, in.Validate, s.store.UpdateStakeholderGroup)
}

// deleteGroup removes the group of the URL (page and API; no body).
func (s *Server) deleteGroup(r *http.Request, _ struct{}) (map[string]any, error) {
	reg, g, err := s.regionGroup(r)
	if err != nil {
		return nil, err
	}
	if err := s.store.DeleteStakeholderGroup(r.Context(), reg.ID, viewerOf(r).User.ID, g.ID); err != nil {
		return nil, err
	}
	return map[string]any{"deleted": g.ID}, nil
}

// inviteGroups adds the members of the groups a consultation invites to its
// invitees, server-side: only groups of the policy's region (422 naming
// group_ids otherwise), each person once.
func (s *Server) inviteGroups(ctx context.Context, regionID int64, in *actionInput) error {
	if len(in.GroupIDs) == 0 {
		return nil
	}
	if len(in.GroupIDs) > 100 {
		return policies.FieldError("group_ids", "paling banyak 100 kelompok")
	}
	ids, err := s.store.GroupMemberIDs(ctx, regionID, in.GroupIDs)
	if err != nil {
		return err
	}
	seen := map[int64]bool{}
	for _, id := range in.InviteUserIDs {
		seen[id] = true
	}
	for _, id := range ids {
		if !seen[id] {
			in.InviteUserIDs = append(in.InviteUserIDs, id)
			seen[id] = true
		}
	}
	if len(in.InviteUserIDs) == 0 {
		// An empty list invites every stakeholder: never what choosing empty groups means.
		return policies.FieldError("group_ids", "kelompok yang dipilih belum beranggota")
	}
	return nil
}
