package server

import (
	"context"
	"net/http"

	"github.com/policyflow/policyflow/policies"
)

// The records of the administrator's region (units, stakeholder groups,
// approval chains) are read, listed and created alike: the region first
// (403 for a viewer who administers none), then the record of the URL (404
// for another region's), then the store.

// regionRecord reads with read the record whose ID the URL parameter param
// names, of the administrator's region, and returns it with the region.
func regionRecord[T any](s *Server, r *http.Request, param string, read func(ctx context.Context, regionID, id int64) (T, error)) (policies.Region, T, error) {
	return recordIn(s.adminRegion, r, param, read)
}

// recordIn is regionRecord in the region that region finds for the viewer.
func recordIn[T any](region func(*http.Request) (policies.Region, error), r *http.Request, param string,
	read func(ctx context.Context, regionID, id int64) (T, error)) (policies.Region, T, error) {
	var v T
	reg, err := region(r)
	if err != nil {
		return reg, v, err
	}
	id, err := pathID(r, param)
	if err != nil {
		return reg, v, err
	}
	v, err = read(r.Context(), reg.ID, id)
	return reg, v, err
}

// regionOwn reads with read what the administrator's region holds (its
// settings, its lists), and returns it with the region.
func regionOwn[T any](s *Server, r *http.Request, read func(ctx context.Context, regionID int64) (T, error)) (policies.Region, T, error) {
	var v T
	reg, err := s.adminRegion(r)
	if err != nil {
		return reg, v, err
	}
	v, err = read(r.Context(), reg.ID)
	return reg, v, err
}

// regionList is the API's answer listing what list reads of the
// administrator's region, under key.
func regionList[T any](s *Server, r *http.Request, key string, list func(ctx context.Context, regionID int64) (T, error)) (map[string]any, error) {
	_, v, err := regionOwn(s, r, list)
	if err != nil {
		return nil, err
	}
	return map[string]any{key: v}, nil
}

// renderAdmin renders an administration page of the region reg: data with
// the page's title, the region, and whether a change was just saved (the
// "saved=1" a saved form comes back with).
func (s *Server) renderAdmin(w http.ResponseWriter, r *http.Request, lang, name, title string, reg policies.Region, data map[string]any) {
	data["Title"], data["Region"], data["Saved"] = title, reg, r.URL.Query().Get("saved") != ""
	s.render(w, r, lang, http.StatusOK, name, data)
}

// createInRegion checks in with validate (which may tidy *in) and writes
// it with create (a new record, or the region's settings) in the
// administrator's region, audited as the viewer's.
func createInRegion[In, Out any](s *Server, r *http.Request, in *In, validate func() error, create func(ctx context.Context, regionID, actorID int64, in In) (Out, error)) (Out, error) {
	return createIn(s.adminRegion, r, in, validate, create)
}

// createIn is createInRegion in the region that region finds for the
// viewer (the one they administer, or whose plan they write).
func createIn[In, Out any](region func(*http.Request) (policies.Region, error), r *http.Request, in *In, validate func() error,
	create func(ctx context.Context, regionID, actorID int64, in In) (Out, error)) (Out, error) {
	var out Out
	reg, err := region(r)
	if err != nil {
		return out, err
	}
	if err := validate(); err != nil {
		return out, err
	}
	return create(r.Context(), reg.ID, viewerOf(r).User.ID, *in)
}

// saveInRegion reads the record of the URL as regionRecord does, checks in
// with validate (which may tidy *in) and changes the record with update,
// audited as the viewer's.
func saveInRegion[In, Out any](s *Server, r *http.Request, param string, read func(ctx context.Context, regionID, id int64) (Out, error),
	in *In, validate func() error, update func(ctx context.Context, regionID, actorID, id int64, in In) (Out, error)) (Out, error) {
	reg, v, err := regionRecord(s, r, param, read)
	if err != nil {
		return v, err
	}
	if err := validate(); err != nil {
		return v, err
	}
	id, _ := pathID(r, param) // the ID read found
	return update(r.Context(), reg.ID, viewerOf(r).User.ID, id, *in)
}

// writeOnRegionPolicy is a write of the legal unit on the URL's policy of
// its region (loadRegionPolicy): in checked against the policy (validate),
// then written as the viewer.
func writeOnRegionPolicy[In, Out any](s *Server, r *http.Request, in In, validate func(policyID int64) error,
	write func(ctx context.Context, regionID, actorID, policyID int64, in In) (Out, error)) (policies.PolicySummary, Out, error) {
	var none Out
	p, err := s.loadRegionPolicy(r)
	if err != nil {
		return p, none, err
	}
	if err := validate(p.ID); err != nil {
		return p, none, err
	}
	out, err := write(r.Context(), p.RegionID, viewerOf(r).User.ID, p.ID, in)
	return p, out, err
}
