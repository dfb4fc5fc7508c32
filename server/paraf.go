package server

import (
	"context"
	"fmt"
	"net/http"
	"slices"

	"github.com/policyflow/policyflow/policies"
)

// Paraf (issue 23): the region's administrator says per legal form who
// initials an approved text before the Wali Kota signs (paraf koordinasi
// in any order, paraf hierarki in sequence); each of those officials
// gives their own paraf on the policy's paraf page, on the approved
// version they read (its SHA-256). The record is read wherever the policy
// is; only the official of a step writes their paraf, in the policy's
// region; enactment is refused while one is missing (postgres.Enact).

// parafGivers are the roles an official who initials has.
var parafGivers = []policies.Role{policies.RoleLeader, policies.RoleLegal}

// parafPages lists the paraf pages (routes.go calls it).
func parafPages() []pageRoute {
	return []pageRoute{
		{"GET", "/policies/{id}/paraf", anyone, (*Server).handleParafPage},
		{"POST", "/policies/{id}/paraf", parafGivers, formWrite(parafFromForm, (*Server).giveParaf, parafSaved)},
		{"GET", "/admin/paraf", regionAdmins, (*Server).handleParafSteps},
		{"POST", "/admin/paraf", regionAdmins, formWrite(parafStepFromForm, (*Server).addParafStep, proposed)},
		{"POST", "/admin/paraf/{psid}/delete", regionAdmins, formWrite(noForm, (*Server).deleteParafStep, proposed)},
	}
}

// parafAPIRoutes are the paraf's API routes (apiRoutes appends them).
func parafAPIRoutes() []apiRoute {
	return []apiRoute{
		{"GET", "/policies/{id}/paraf", "Paraf koordinasi dan hierarki atas versi yang disetujui: siapa yang memaraf, kapan, dan apakah sudah lengkap", anyone, apiRead((*Server).parafOf), nil},
		{"POST", "/policies/{id}/paraf", "Berikan paraf saya atas versi yang disetujui (SHA-256 teks yang dibaca); paraf hierarki berurutan", parafGivers, apiWrite(http.StatusCreated, (*Server).giveParaf), policies.ParafInput{}},
		{"GET", "/admin/paraf", "Siapa yang memaraf per bentuk produk hukum di wilayah saya", regionAdmins, apiRead((*Server).parafStepsOf), nil},
		{"POST", "/admin/paraf", "Usulkan pejabat yang memaraf (paraf koordinasi, atau paraf hierarki dengan urutannya): berlaku setelah dikonfirmasi administrator lain", regionAdmins, apiWrite(http.StatusAccepted, (*Server).addParafStep), policies.ParafStepInput{}},
		{"POST", "/admin/paraf/{psid}/delete", "Usulkan penghapusan pejabat yang memaraf (berlaku setelah dikonfirmasi administrator lain; paraf yang sudah diberikan tetap tercatat)", regionAdmins, apiDoStatus(http.StatusAccepted, (*Server).deleteParafStep), nil},
	}
}

// parafView is the paraf of a policy's approved version.
type parafView struct {
	Version int    `json:"version"` // 0: nothing approved yet
	SHA256  string `json:"sha256,omitempty"`
	policies.ParafProgress
	// Open: the version may still be initialled (approved, not enacted).
	Open bool `json:"open"`
	// AwaitsHarmonisation: the region requires the harmonisation of the
	// form and the version has no "selesai" yet: no paraf until it has
	// (harmonisation.go).
	AwaitsHarmonisation bool `json:"awaits_harmonisation"`
}

// parafProgress is the paraf of the policy's approved version, for the
// form it is drafted in (or enacted as).
func (s *Server) parafProgress(ctx context.Context, p policies.PolicySummary) (parafView, error) {
	lp, err := policies.ReadLegalProgress(ctx, s.store, p)
	if err != nil {
		return parafView{}, err
	}
	return parafViewOf(p, lp), nil
}

// parafViewOf is the paraf part of the version's legal progress.
func parafViewOf(p policies.PolicySummary, lp policies.LegalProgress) parafView {
	if lp.Version == 0 {
		return parafView{ParafProgress: lp.Paraf}
	}
	open := lp.Enactment == nil && p.InForceVersionID != nil && enactable(p, nil)
	pv := parafView{Version: lp.Version, SHA256: lp.SHA256, ParafProgress: lp.Paraf, Open: open}
	pv.AwaitsHarmonisation = open && lp.HarmonisationRequired && !lp.Harmonisation.Done()
	return pv
}

// parafTasks are the region's approved, not yet enacted policies whose
// paraf waits for u now: a step of theirs without a paraf whose turn has
// come (the dashboard lists them).
func (s *Server) parafTasks(ctx context.Context, u *policies.User) ([]policies.PolicySummary, error) {
	if u.RegionID == nil || !slices.Contains(parafGivers, u.Role) {
		return nil, nil
	}
	list, err := s.store.AwaitingEnactment(ctx, *u.RegionID)
	if err != nil {
		return nil, err
	}
	var out []policies.PolicySummary
	for _, p := range list {
		pv, err := s.parafProgress(ctx, p)
		if err != nil {
			return nil, err
		}
		if !pv.AwaitsHarmonisation && slices.ContainsFunc(pv.Rows, func(r policies.ParafRow) bool { return r.UserID == u.ID && r.Paraf == nil && !r.Waiting }) {
			out = append(out, p)
		}
	}
	return out, nil
}

// parafOf is the URL's policy's paraf (page and API).
func (s *Server) parafOf(r *http.Request) (parafView, error) {
	p, err := s.loadPolicy(r)
	if err != nil {
		return parafView{}, err
	}
	return s.parafProgress(r.Context(), p)
}

func (s *Server) handleParafPage(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	p, err := s.loadPolicy(r)
	if err != nil {
		return err
	}
	pv, err := s.parafProgress(r.Context(), p)
	if err != nil {
		return err
	}
	v := viewerOf(r)
	mine := map[int64]bool{}
	for _, row := range pv.Rows {
		mine[row.ID] = pv.Open && !pv.AwaitsHarmonisation && v.User.ID != 0 && row.UserID == v.User.ID && v.Staff(p.RegionID) && row.Paraf == nil && !row.Waiting
	}
	s.render(w, r, lang, http.StatusOK, "paraf", map[string]any{"Title": messages[lang]["paraf_title"] + " — " + p.Title,
		"Policy": p, "Paraf": pv, "Mine": mine, "Saved": r.URL.Query().Get("saved") != ""})
	return nil
}

func parafFromForm(r *http.Request) (policies.ParafInput, error) {
	in := policies.ParafInput{VersionSHA256: r.PostFormValue("version_sha256")}
	var err error
	in.StepID, err = formID(r, "step_id")
	return in, err
}

// giveParaf records the viewer's paraf on the URL's policy of their
// region (page and API).
func (s *Server) giveParaf(r *http.Request, in policies.ParafInput) (policies.Paraf, error) {
	return writeLegalRecord(s, r, in, in.Validate, s.store.GiveParaf)
}

// parafSaved is where an official goes after their paraf: the paraf page.
func parafSaved(p policies.Paraf) string {
	return fmt.Sprintf("/policies/%d/paraf?saved=1#paraf", p.PolicyID)
}

// parafSteps is the administrator's region's steps.
type parafSteps struct {
	Steps []policies.ParafStep `json:"steps"`
}

func (s *Server) parafStepsOf(r *http.Request) (parafSteps, error) {
	_, steps, err := regionOwn(s, r, s.store.ParafSteps)
	return parafSteps{Steps: steps}, err
}

func (s *Server) handleParafSteps(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	reg, steps, err := regionOwn(s, r, s.store.ParafSteps)
	if err != nil {
		return err
	}
	var people []policies.User
	for _, role := range parafGivers {
		us, err := s.store.UsersByRole(r.Context(), reg.ID, role)
		if err != nil {
			return err
		}
		people = append(people, us...)
	}
	pending, err := s.pendingOn(r, lang, "", policies.ChangeParafAdd, policies.ChangeParafDelete)
	if err != nil {
		return err
	}
	s.renderAdmin(w, r, lang, "admin_paraf", messages[lang]["paraf_steps_title"], reg, map[string]any{"Steps": steps, "People": people,
		"Forms": policies.LegalForms, "Kinds": policies.ParafKinds, "Pending": pending})
	return nil
}

func parafStepFromForm(r *http.Request) (policies.ParafStepInput, error) {
	in := policies.ParafStepInput{Form: policies.LegalForm(r.PostFormValue("form")), Kind: policies.ParafKind(r.PostFormValue("kind")),
		Office: r.PostFormValue("office")}
	var err error
	if in.Position, err = formInt(r, "position"); err != nil {
		return in, err
	}
	in.UserID, err = formID(r, "user_id")
	return in, err
}

// addParafStep proposes a step of the region's paraf, for another
// administrator to confirm (page and API).
func (s *Server) addParafStep(r *http.Request, in policies.ParafStepInput) (policies.PendingChange, error) {
	return proposeIn(s, r, policies.ChangeParafAdd, 0, &in, in.Validate)
}

// deleteParafStep proposes removing the URL's step from the region's
// paraf (page and API; no body); another region's step is 404.
func (s *Server) deleteParafStep(r *http.Request, _ struct{}) (policies.PendingChange, error) {
	id, err := pathID(r, "psid")
	if err != nil {
		return policies.PendingChange{}, err
	}
	return proposeIn(s, r, policies.ChangeParafDelete, id, &struct{}{}, func() error { return nil })
}

func init() {
	pageNames = append(pageNames, "paraf", "admin_paraf")
}
