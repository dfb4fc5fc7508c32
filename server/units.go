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
	reg, units, err := regionOwn(s, r, s.store.UnitRecords)
	if err != nil {
		return err
	}
	people, err := s.store.RegionPeople(r.Context(), reg.ID)
	if err != nil {
		return err
	}
	s.renderAdmin(w, r, lang, "admin_units", messages[lang]["admin_units"], reg, map[string]any{"Units": units, "People": people})
	return nil
}

// regionUnit loads the unit named in the URL, of the viewer's region (404 otherwise).
func (s *Server) regionUnit(r *http.Request) (policies.Region, policies.UnitRecord, error) {
	return regionRecord(s, r, "uid", s.store.UnitRecord)
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
	s.renderAdmin(w, r, lang, "admin_unit", u.Name, reg, map[string]any{"Unit": u, "People": people, "HeadID": head})
	return nil
}

// unitRecords are the region's units, for the API.
func (s *Server) unitRecords(r *http.Request) (map[string]any, error) {
	return regionList(s, r, "units", s.store.UnitRecords)
}

// unitRecord is the unit of the URL, for the API.
func (s *Server) unitRecord(r *http.Request) (policies.UnitRecord, error) {
	_, u, err := s.regionUnit(r)
	return u, err
}

// createUnit adds a unit to the administrator's region (page and API).
func (s *Server) createUnit(r *http.Request, in policies.UnitInput) (policies.UnitRecord, error) {
	return createInRegion(s, r, &in, func() error { return in.Validate(true) }, s.store.CreateUnit)
}

// saveUnit changes the unit of the URL (page and API).
func (s *Server) saveUnit(r *http.Request, in policies.UnitInput) (policies.UnitRecord, error) {
	return saveInRegion(s, r, "uid", s.store.UnitRecord, &in, func() error { return in.Validate(false) }, s.store.UpdateUnit)
}
