package server

import (
	"net/http"
	"slices"

	"github.com/policyflow/policyflow/policies"
)

// pageZone is the zone a page shows its dates in: the policy's region's
// for a policy's pages, the region's for a region's page (the JP ledger),
// else the viewer's region's, and WIB for the signed-out public.
func (s *Server) pageZone(r *http.Request, v *viewer, data map[string]any) policies.TimeZone {
	var regionID int64
	switch {
	case data["Policy"] != nil:
		if p, ok := data["Policy"].(policies.PolicySummary); ok {
			if p.RegionZone.Valid() { // read with the policy: no second query
				return p.RegionZone
			}
			regionID = p.RegionID
		}
	case data["Region"] != nil:
		if reg, ok := data["Region"].(policies.Region); ok && reg.TimeZone.Valid() {
			return reg.TimeZone
		}
	}
	if regionID == 0 && v != nil && v.User != nil && v.User.RegionID != nil {
		regionID = *v.User.RegionID
	}
	if regionID == 0 || s.store == nil {
		return policies.ZoneWIB
	}
	reg, err := s.store.RegionByID(r.Context(), regionID)
	if err != nil || !reg.TimeZone.Valid() {
		return policies.ZoneWIB
	}
	return reg.TimeZone
}

// sectionPages are the pages that name comments' sections outside the
// document (the approval page's open comments, the consultation summary,
// the moderation queue).
var sectionPages = map[string]bool{"policy": true, "approval": true, "consultation": true}

// addSectionTitles gives a page that names sections their titles, as
// Data["SectionTitles"]: anchor → heading text, from every version of the
// policy (a comment may name a section of an earlier version), the latest
// version's title first.
func (s *Server) addSectionTitles(r *http.Request, name string, data map[string]any) {
	if !sectionPages[name] || s.store == nil || s.md == nil {
		return
	}
	if _, ok := data["SectionTitles"]; ok {
		return
	}
	p, ok := data["Policy"].(policies.PolicySummary)
	if !ok {
		return
	}
	titles := map[string]string{}
	vs, err := s.store.Versions(r.Context(), p.ID)
	if err != nil {
		return
	}
	slices.SortFunc(vs, func(a, b policies.Version) int { return b.Number - a.Number })
	for _, v := range vs {
		// Versions are immutable: a text rendered once is named from the
		// cache, read again only when it has left it.
		doc, ok := s.md.Cached(v.SHA256)
		if !ok {
			if v.Markdown == "" {
				full, err := s.store.VersionByNumber(r.Context(), p.ID, v.Number)
				if err != nil {
					continue
				}
				v = full
			}
			if doc, err = s.md.Render(v.SHA256, v.Markdown); err != nil {
				continue
			}
		}
		for _, e := range doc.TOC {
			if _, seen := titles[e.ID]; !seen {
				titles[e.ID] = e.Text
			}
		}
	}
	data["SectionTitles"] = titles
}
