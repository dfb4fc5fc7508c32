package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/policyflow/policyflow/policies"
)

// The list of policies: the index page and the API's search, one filter.

// searchFilter reads the list filters from the query string.
func (s *Server) searchFilter(r *http.Request) (policies.SearchFilter, map[string]string, error) {
	q := r.URL.Query()
	f := policies.SearchFilter{Status: policies.Status(q.Get("status")), Query: strings.TrimSpace(q.Get("q")), Limit: pageSize}
	sel := map[string]string{"region": q.Get("region"), "status": q.Get("status"), "unit": q.Get("unit"), "q": f.Query, "topic": q.Get("topic")}
	if err := f.Validate(); err != nil {
		return f, sel, err
	}
	var err error
	if f.Offset, err = queryOffset(r, pageSize); err != nil {
		return f, sel, err
	}
	if f.RegionID, err = s.queryRegion(r); err != nil {
		return f, sel, err
	}
	if f.Topic, err = s.queryTopic(r, f.RegionID); err != nil {
		return f, sel, err
	}
	if u := q.Get("unit"); u != "" {
		id, err := strconv.ParseInt(u, 10, 64)
		if err != nil || id <= 0 {
			return f, sel, policies.FieldError("unit", "unit tidak sah")
		}
		f.UnitID = id
	}
	// Everyone sees what is published; a region's staff also its drafts.
	f.Statuses = policies.PublicStatuses
	f.OwnRegionID = viewerOf(r).StaffRegionID()
	return f, sel, nil
}

// queryRegion is the region the query's "region" names by its slug: 0
// for none, refused naming the field when it names none.
func (s *Server) queryRegion(r *http.Request) (int64, error) {
	rg, err := s.queryRegionRecord(r)
	return rg.ID, err
}

// queryRegionRecord is the region the query's "region" names by its slug:
// the zero Region for none, refused naming the field when it names none.
func (s *Server) queryRegionRecord(r *http.Request) (policies.Region, error) {
	reg := r.URL.Query().Get("region")
	if reg == "" {
		return policies.Region{}, nil
	}
	rg, err := s.store.RegionBySlug(r.Context(), reg)
	if err != nil {
		return rg, policies.FieldError("region", "wilayah %q tidak dikenal", reg)
	}
	return rg, nil
}

// queryOffset is where the query's "page" (from 1, at most 10000) starts,
// size a page: 0 for none, refused naming the field when it is no page.
func queryOffset(r *http.Request, size int) (int, error) {
	p := r.URL.Query().Get("page")
	if p == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(p)
	if err != nil || n < 1 || n > 10000 {
		return 0, policies.FieldError("page", "halaman tidak sah")
	}
	return (n - 1) * size, nil
}

// regionGroup is one region's policies on the index page.
type regionGroup struct {
	Name     string
	Policies []policies.PolicySummary
}

// handlePolicyIndex lists policies grouped by region, with filters, full-text search and pages.
func (s *Server) handlePolicyIndex(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	lang := language(w, r)
	f, sel, err := s.searchFilter(r)
	if err != nil {
		return err
	}
	list, total, err := s.store.SearchPolicies(ctx, f)
	if err == nil {
		err = s.withApprovedStates(ctx, list)
	}
	if err == nil {
		err = s.withTopics(ctx, list)
	}
	if err != nil {
		return err
	}
	regions, err := s.store.Regions(ctx)
	if err != nil {
		return err
	}
	var groups []regionGroup
	for _, p := range list {
		if len(groups) == 0 || groups[len(groups)-1].Name != p.RegionName {
			groups = append(groups, regionGroup{Name: p.RegionName})
		}
		groups[len(groups)-1].Policies = append(groups[len(groups)-1].Policies, p)
	}
	page := f.Offset/pageSize + 1
	pageURL := func(n int) string {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(n))
		return "/policies?" + q.Encode()
	}
	// Past the count cap the total reads "more than".
	more := total > f.Offset+policies.CountCap
	shown := total
	if more {
		shown = f.Offset + policies.CountCap
	}
	data := map[string]any{
		"Title": messages[lang]["index_title"], "Groups": groups, "Regions": regions, "Statuses": policies.Statuses,
		"Sel": sel, "Total": shown, "TotalMore": more, "Page": page,
	}
	// The feed of the city chosen (of every city without one) (feeds.go).
	var city policies.Region
	for _, rg := range regions {
		if rg.ID == f.RegionID {
			city = rg
		}
	}
	data["Feeds"] = []feedLink{s.cityFeedLink(lang, city)}
	// A city's topics to filter by, and the one chosen to follow (topics.go).
	if city.ID != 0 {
		ts, err := s.store.Topics(ctx, city.ID, f.OwnRegionID)
		if err != nil {
			return err
		}
		data["Topics"] = ts
		for _, t := range ts {
			if t.Slug == f.Topic {
				data["Topic"] = t
				data["Feeds"] = []feedLink{s.topicFeedLink(lang, city, t)}
			}
		}
	}
	if page > 1 {
		data["PrevURL"] = pageURL(page - 1)
	}
	if f.Offset+len(list) < total {
		data["NextURL"] = pageURL(page + 1)
	}
	s.render(w, r, lang, http.StatusOK, "index", data)
	return nil
}

func (s *Server) handleAPIPolicyList(w http.ResponseWriter, r *http.Request) error {
	f, _, err := s.searchFilter(r)
	if err != nil {
		return err
	}
	list, total, err := s.store.SearchPolicies(r.Context(), f)
	if err == nil {
		err = s.withApprovedStates(r.Context(), list)
	}
	if err == nil {
		err = s.withTopics(r.Context(), list)
	}
	if err != nil {
		return err
	}
	if list == nil {
		list = []policies.PolicySummary{}
	}
	// Past the count cap, total is a lower bound: "more than".
	more := total > f.Offset+policies.CountCap
	if more {
		total = f.Offset + policies.CountCap
	}
	writeJSON(w, http.StatusOK, map[string]any{"policies": list, "total": total, "total_is_lower_bound": more,
		"page": f.Offset/pageSize + 1, "page_size": pageSize})
	return nil
}
