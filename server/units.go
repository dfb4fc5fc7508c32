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

// unitRecords are the region's units, for the API.
func (s *Server) unitRecords(r *http.Request) (map[string]any, error) {
	reg, err := s.adminRegion(r)
	if err != nil {
		return nil, err
	}
	units, err := s.store.UnitRecords(r.Context(), reg.ID)
	return map[string]any{"units": units}, err
}

// unitRecord is the unit of the URL, for the API.
func (s *Server) unitRecord(r *http.Request) (policies.UnitRecord, error) {
	_, u, err := s.regionUnit(r)
	return u, err
}

// createUnit adds a unit to the administrator's region (page and API).
func (s *Server) createUnit(r *http.Request, in policies.UnitInput) (policies.UnitRecord, error) {
	reg, err := s.adminRegion(r)
	if err != nil {
		return policies.UnitRecord{}, err
	}
	if err := in.Validate(true); err != nil {
		return policies.UnitRecord{}, err
	}
	return s.store.CreateUnit(r.Context(), reg.ID, viewerOf(r).User.ID, in)
}

// saveUnit changes the unit of the URL (page and API).
func (s *Server) saveUnit(r *http.Request, in policies.UnitInput) (policies.UnitRecord, error) {
	reg, u, err := s.regionUnit(r)
	if err != nil {
		return u, err
	}
	if err := in.Validate(false); err != nil {
		return u, err
	}
	return s.store.UpdateUnit(r.Context(), reg.ID, viewerOf(r).User.ID, u.ID, in)
}
