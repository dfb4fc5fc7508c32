package server

import (
	"net/http"

	"github.com/policyflow/policyflow/policies"
)

// Units (OPD) of the administrator's region: list, create, edit names and
// head. A unit with no unit officer is flagged: its evaluation reminders go
// to its head instead.

func unitFromForm(r *http.Request) (policies.UnitInput, error) {
	in := policies.UnitInput{Code: r.PostFormValue("code"), Name: r.PostFormValue("name"), ShortName: r.PostFormValue("short_name")}
	var err error
	in.HeadUserID, err = formID(r, "head_user_id")
	return in, err
}

func (s *Server) handleUnits(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	reg, err := s.adminRegion(r)
	if err != nil {
		return err
	}
	units, err := s.store.UnitRecords(r.Context(), reg.ID)
	if err != nil {
		return err
	}
	people, err := s.store.RegionPeople(r.Context(), reg.ID)
	if err != nil {
		return err
	}
	s.render(w, r, lang, http.StatusOK, "admin_units", map[string]any{"Title": messages[lang]["admin_units"], "Region": reg,
		"Units": units, "People": people, "Saved": r.URL.Query().Get("saved") != ""})
	return nil
}

func (s *Server) handleUnitCreate(w http.ResponseWriter, r *http.Request) error {
	reg, err := s.adminRegion(r)
	if err != nil {
		return err
	}
	in, err := unitFromForm(r)
	if err != nil {
		return err
	}
	if err := in.Validate(true); err != nil {
		return err
	}
	if _, err := s.store.CreateUnit(r.Context(), reg.ID, viewerOf(r).User.ID, in); err != nil {
		return err
	}
	adminDone(w, r, "/admin/units")
	return nil
}

// regionUnit loads the unit named in the URL, of the viewer's region (404 otherwise).
func (s *Server) regionUnit(r *http.Request) (policies.Region, policies.UnitRecord, error) {
	reg, err := s.adminRegion(r)
	if err != nil {
		return reg, policies.UnitRecord{}, err
	}
	id, err := pathID(r, "uid")
	if err != nil {
		return reg, policies.UnitRecord{}, err
	}
	u, err := s.store.UnitRecord(r.Context(), reg.ID, id)
	return reg, u, err
}

func (s *Server) handleUnit(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	reg, u, err := s.regionUnit(r)
	if err != nil {
		return err
	}
	people, err := s.store.RegionPeople(r.Context(), reg.ID)
	if err != nil {
		return err
	}
	var head int64
	if u.HeadUserID != nil {
		head = *u.HeadUserID
	}
	s.render(w, r, lang, http.StatusOK, "admin_unit", map[string]any{"Title": u.Name, "Region": reg, "Unit": u, "People": people, "HeadID": head,
		"Saved": r.URL.Query().Get("saved") != ""})
	return nil
}

func (s *Server) handleUnitSave(w http.ResponseWriter, r *http.Request) error {
	reg, u, err := s.regionUnit(r)
	if err != nil {
		return err
	}
	in, err := unitFromForm(r)
	if err != nil {
		return err
	}
	if err := in.Validate(false); err != nil {
		return err
	}
	if _, err := s.store.UpdateUnit(r.Context(), reg.ID, viewerOf(r).User.ID, u.ID, in); err != nil {
		return err
	}
	adminDone(w, r, "/admin/units")
	return nil
}

func (s *Server) handleAPIUnits(w http.ResponseWriter, r *http.Request) error {
	reg, err := s.adminRegion(r)
	if err != nil {
		return err
	}
	units, err := s.store.UnitRecords(r.Context(), reg.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"units": units})
	return nil
}

func (s *Server) handleAPIUnit(w http.ResponseWriter, r *http.Request) error {
	_, u, err := s.regionUnit(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, u)
	return nil
}

func (s *Server) handleAPIUnitCreate(w http.ResponseWriter, r *http.Request) error {
	reg, err := s.adminRegion(r)
	if err != nil {
		return err
	}
	var in policies.UnitInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if err := in.Validate(true); err != nil {
		return err
	}
	u, err := s.store.CreateUnit(r.Context(), reg.ID, viewerOf(r).User.ID, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, u)
	return nil
}

func (s *Server) handleAPIUnitSave(w http.ResponseWriter, r *http.Request) error {
	reg, u, err := s.regionUnit(r)
	if err != nil {
		return err
	}
	var in policies.UnitInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if err := in.Validate(false); err != nil {
		return err
	}
	out, err := s.store.UpdateUnit(r.Context(), reg.ID, viewerOf(r).User.ID, u.ID, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
