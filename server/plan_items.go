package server

import (
	"net/http"

	"github.com/policyflow/policyflow/policies"
)

// A plan item after it is added: BKPSDM edits it, deletes it while no
// program realises it, and unlinks a program that does not realise it
// after all. Each is audited by the store.

// planItemOf is the URL's plan item of the viewer's region (another
// region's is not found).
func (s *Server) planItemOf(r *http.Request) (policies.PlanItem, error) {
	_, it, err := recordIn(s.planRegion, r, "iid", s.store.PlanItemByID)
	return it, err
}

// updatePlanItem changes an item of the drafter's region's plan.
func (s *Server) updatePlanItem(r *http.Request, it policies.PlanItem, in policies.PlanItemInput) (policies.PlanItem, error) {
	if err := in.Validate(); err != nil {
		return policies.PlanItem{}, err
	}
	return s.store.UpdatePlanItem(r.Context(), regionOfItem(r), viewerOf(r).User.ID, it.ID, in)
}

// deletePlanItem deletes an item no program realises.
func (s *Server) deletePlanItem(r *http.Request, it policies.PlanItem) (policies.PlanItem, error) {
	return s.store.DeletePlanItem(r.Context(), regionOfItem(r), viewerOf(r).User.ID, it.ID)
}

// unlinkPlanProgram records that a program no longer realises the item.
func (s *Server) unlinkPlanProgram(r *http.Request, it policies.PlanItem, in policies.PlanUnlinkInput) (policies.PlanItem, error) {
	if err := in.Validate(); err != nil {
		return policies.PlanItem{}, err
	}
	return s.store.UnlinkPlanProgram(r.Context(), regionOfItem(r), viewerOf(r).User.ID, policies.PlanLinkInput{ItemID: it.ID, ProgramID: in.ProgramID})
}

// regionOfItem is the region whose plan the viewer writes: their own
// (planItemOf found the item there).
func regionOfItem(r *http.Request) int64 { return viewerOf(r).RegionID() }

func (s *Server) handleAPIPlanItemDelete(w http.ResponseWriter, r *http.Request) error {
	it, err := s.planItemOf(r)
	if err != nil {
		return err
	}
	out, err := s.deletePlanItem(r, it)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) handlePlanItemEdit(w http.ResponseWriter, r *http.Request) error {
	it, err := s.planItemOf(r)
	if err != nil {
		return err
	}
	in := planItemFromForm(r)
	_, err = s.updatePlanItem(r, it, in)
	return s.planFormDone(w, r, in.Year, err)
}

func (s *Server) handlePlanItemDelete(w http.ResponseWriter, r *http.Request) error {
	it, err := s.planItemOf(r)
	if err != nil {
		return err
	}
	_, err = s.deletePlanItem(r, it)
	return s.planFormDone(w, r, it.Year, err)
}

func (s *Server) handlePlanUnlink(w http.ResponseWriter, r *http.Request) error {
	it, err := s.planItemOf(r)
	if err != nil {
		return err
	}
	_, err = s.unlinkPlanProgram(r, it, policies.PlanUnlinkInput{ProgramID: int64(planInt(r, "program_id"))})
	return s.planFormDone(w, r, it.Year, err)
}
