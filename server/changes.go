package server

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/policyflow/policyflow/i18n"
	"github.com/policyflow/policyflow/policies"
)

// Four eyes on power (issue 24): a handler never applies a change of who
// holds legal power; it proposes it (propose), and the change takes effect
// when a second person confirms it on /changes — another administrator
// of the region, or the principal for an acting appointment of their
// office. The store refuses the proposer (403), a decided change and one
// whose state moved since it was proposed (409); every step is audited
// and the people concerned are told (i18n.ChangeWords).

// changeDeciders may see and decide changes: administrators all of their
// region's, a leader those of their office or about them.
var changeDeciders = []policies.Role{policies.RoleAdmin, policies.RoleLeader}

// changesPages lists the changes' pages (routes.go calls it).
func changesPages() []pageRoute {
	return []pageRoute{
		{"GET", "/changes", changeDeciders, (*Server).handleChanges},
		{"POST", "/changes/{cid}/confirm", changeDeciders, formWrite(noForm, (*Server).confirmChange, changeDone("change_done_confirmed"))},
		{"POST", "/changes/{cid}/decline", changeDeciders, formWrite(declineFromForm, (*Server).declineChange, changeDone("change_done_declined"))},
	}
}

// changesAPIRoutes are the changes' API routes (apiRoutes appends them).
func changesAPIRoutes() []apiRoute {
	return []apiRoute{
		{"GET", "/changes", "Perubahan kewenangan di wilayah saya, terbaru dulu: yang menunggu konfirmasi orang kedua dan yang sudah diputuskan (pimpinan: yang menyangkut jabatannya)", changeDeciders, apiRead((*Server).listChanges), nil},
		{"GET", "/changes/{cid}", "Satu perubahan kewenangan: apa yang berubah, sebelum dan sesudah, siapa mengusulkan dan kapan", changeDeciders, apiRead((*Server).changeOf), nil},
		{"POST", "/changes/{cid}/confirm", "Konfirmasi perubahan sebagai orang kedua: berlaku seketika (bukan pengusulnya; 409 bila keadaan sudah berubah sejak diusulkan)", changeDeciders, apiDo((*Server).confirmChange), nil},
		{"POST", "/changes/{cid}/decline", "Tolak perubahan (atau tarik usulan sendiri): tidak ada yang berubah", changeDeciders, apiWrite(http.StatusOK, (*Server).declineChange), policies.DeclineInput{}},
	}
}

// changeList is the changes the viewer may see, for the API.
type changeList struct {
	Changes []policies.PendingChange `json:"changes"`
}

// changeScope is the viewer's region and, for a leader, themself (whose
// changes they see); 0 for an administrator, who sees the region's.
func changeScope(r *http.Request) (int64, int64, error) {
	v := viewerOf(r)
	if v.RegionID() == 0 {
		return 0, 0, policies.Errorf(policies.KindForbidden, "Anda tidak termasuk wilayah mana pun")
	}
	if v.User.Role == policies.RoleAdmin {
		return v.RegionID(), 0, nil
	}
	return v.RegionID(), v.User.ID, nil
}

func (s *Server) listChanges(r *http.Request) (changeList, error) {
	region, self, err := changeScope(r)
	if err != nil {
		return changeList{}, err
	}
	cs, err := s.store.PendingChanges(r.Context(), region, self)
	return changeList{Changes: cs}, err
}

// changeOf is the change of the URL: another region's, or for a leader one
// that does not concern them, is 404.
func (s *Server) changeOf(r *http.Request) (policies.PendingChange, error) {
	region, self, err := changeScope(r)
	if err != nil {
		return policies.PendingChange{}, err
	}
	id, err := pathID(r, "cid")
	if err != nil {
		return policies.PendingChange{}, err
	}
	c, err := s.store.PendingChangeByID(r.Context(), region, id)
	if err != nil {
		return c, err
	}
	if self != 0 && !slices.ContainsFunc([]*int64{c.PrincipalID, c.BeneficiaryID, c.ProposedBy}, func(p *int64) bool { return p != nil && *p == self }) {
		return policies.PendingChange{}, errNotFound
	}
	return c, nil
}

// changesAwaiting counts the changes the viewer may confirm now.
func (s *Server) changesAwaiting(r *http.Request) (int, error) {
	list, err := s.listChanges(r)
	v := viewerOf(r)
	n := 0
	for _, c := range list.Changes {
		if c.MayDecide(v.User.ID, v.User.Role == policies.RoleAdmin, true) == nil {
			n++
		}
	}
	return n, err
}

// confirmChange confirms the change of the URL as the viewer's (page and
// API). A confirmed invitation sends its one-time link then.
func (s *Server) confirmChange(r *http.Request, _ struct{}) (policies.PendingChange, error) {
	c, err := s.changeOf(r)
	if err != nil {
		return c, err
	}
	token := randomToken()
	link := policies.InviteLink{TokenHash: hashToken(token), Notice: func(region, by string) policies.Notification {
		return linkNotice(policies.NoticeInvitation, region, by, "/invite/"+token, i18n.ID)
	}}
	return s.store.ConfirmChange(r.Context(), c.RegionID, viewerOf(r).User.ID, c.ID, link, i18n.ChangeWords)
}

func declineFromForm(r *http.Request) (policies.DeclineInput, error) {
	return policies.DeclineInput{Reason: r.PostFormValue("reason")}, nil
}

// declineChange declines the change of the URL (page and API).
func (s *Server) declineChange(r *http.Request, in policies.DeclineInput) (policies.PendingChange, error) {
	c, err := s.changeOf(r)
	if err != nil {
		return c, err
	}
	if err := in.Validate(); err != nil {
		return c, err
	}
	return s.store.DeclineChange(r.Context(), c.RegionID, viewerOf(r).User.ID, c.ID, in, i18n.ChangeWords)
}

// propose records a change of power of the viewer's region for a second
// person to confirm; input passed its Validate.
func (s *Server) propose(r *http.Request, kind policies.ChangeKind, subjectID int64, input any) (policies.PendingChange, error) {
	v := viewerOf(r)
	if v.RegionID() == 0 {
		return policies.PendingChange{}, policies.Errorf(policies.KindForbidden, "Anda tidak termasuk wilayah mana pun")
	}
	return s.store.ProposeChange(r.Context(), v.RegionID(), v.User.ID, policies.ChangeProposal{Kind: kind, SubjectID: subjectID, Input: input}, i18n.ChangeWords)
}

// proposeIn is createInRegion for a change of power: input checked with
// validate, then proposed in the administrator's region.
func proposeIn[In any](s *Server, r *http.Request, kind policies.ChangeKind, subjectID int64, in *In, validate func() error) (policies.PendingChange, error) {
	if _, err := s.adminRegion(r); err != nil {
		return policies.PendingChange{}, err
	}
	if err := validate(); err != nil {
		return policies.PendingChange{}, err
	}
	return s.propose(r, kind, subjectID, *in)
}

// changeDone is the changes page after a step, saying what was done.
func changeDone(key string) func(policies.PendingChange) string {
	return func(c policies.PendingChange) string { return saying(fmt.Sprintf("/changes#change-%d", c.ID), key) }
}

// proposed is where a proposal's form goes: the changes page.
func proposed(c policies.PendingChange) string { return changeDone("change_done_proposed")(c) }

// The changes page's template and notices.
func init() {
	pageNames = append(pageNames, "changes")
	for _, k := range []string{"change_done_proposed", "change_done_confirmed", "change_done_declined"} {
		if _, ok := messages[i18n.ID][k]; !ok {
			panic("server: notice key not in the catalogue: " + k)
		}
		doneKeys[k] = true
	}
}
