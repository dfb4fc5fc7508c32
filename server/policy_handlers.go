package server

import (
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/policyflow/policyflow/policies"
)

// regionGroup is one region's policies on the index page.
type regionGroup struct {
	Name     string
	Policies []policies.PolicySummary
}

// handlePolicyIndex lists policies grouped by region, with region and status filters.
func (s *Server) handlePolicyIndex(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	lang := language(w, r)
	f := policies.PolicyFilter{Status: policies.Status(r.URL.Query().Get("status")), Limit: 500}
	if f.Status != "" && !f.Status.Valid() {
		s.writeError(w, r, policies.FieldError("status", "status %q tidak dikenal", f.Status))
		return
	}
	regions, err := s.store.Regions(ctx)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	selRegion := r.URL.Query().Get("region")
	for _, rg := range regions {
		if rg.Slug == selRegion {
			f.RegionID = rg.ID
		}
	}
	if selRegion != "" && f.RegionID == 0 {
		s.writeError(w, r, policies.FieldError("region", "wilayah %q tidak dikenal", selRegion))
		return
	}
	list, err := s.store.Policies(ctx, f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var groups []regionGroup
	for _, p := range list {
		if len(groups) == 0 || groups[len(groups)-1].Name != p.RegionName {
			groups = append(groups, regionGroup{Name: p.RegionName})
		}
		groups[len(groups)-1].Policies = append(groups[len(groups)-1].Policies, p)
	}
	s.render(w, r, lang, http.StatusOK, "index", map[string]any{
		"Title":     messages[lang]["index_title"],
		"Groups":    groups,
		"Regions":   regions,
		"Statuses":  policies.Statuses,
		"SelRegion": selRegion,
		"SelStatus": string(f.Status),
	})
}

// handlePolicyShow renders a policy's current version with its status.
func (s *Server) handlePolicyShow(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	lang := language(w, r)
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil || id <= 0 {
		s.renderError(w, r, http.StatusNotFound, "error_not_found")
		return
	}
	p, err := s.store.PolicyByID(ctx, id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	v, err := s.store.CurrentVersion(ctx, id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	doc, err := s.md.Render(v.SHA256, v.Markdown)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.render(w, r, lang, http.StatusOK, "policy", map[string]any{
		"Title":   p.Title,
		"Policy":  p,
		"Version": v,
		"Doc":     doc,
	})
}
