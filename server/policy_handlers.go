package server

import (
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/workflows"
)

// publicStatuses are what people who are not signed in may read: open
// consultations and published policies.
var publicStatuses = []policies.Status{policies.StatusConsultation, policies.StatusApproved,
	policies.StatusImplementing, policies.StatusEvaluating}

func isPublic(s policies.Status) bool {
	for _, p := range publicStatuses {
		if s == p {
			return true
		}
	}
	return false
}

const pageSize = 20

// threadsShown is how many threads of each section the policy page shows before "load more".
const threadsShown = 5

// searchFilter reads the list filters from the query string.
func (s *Server) searchFilter(r *http.Request) (policies.SearchFilter, map[string]string, error) {
	q := r.URL.Query()
	f := policies.SearchFilter{Status: policies.Status(q.Get("status")), Query: strings.TrimSpace(q.Get("q")), Limit: pageSize}
	sel := map[string]string{"region": q.Get("region"), "status": q.Get("status"), "unit": q.Get("unit"), "q": f.Query}
	if len(f.Query) > 200 {
		return f, sel, policies.FieldError("q", "pencarian maksimal 200 karakter")
	}
	if f.Status != "" && !f.Status.Valid() {
		return f, sel, policies.FieldError("status", "status %q tidak dikenal", f.Status)
	}
	if p := q.Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 10000 {
			return f, sel, policies.FieldError("page", "halaman tidak sah")
		}
		f.Offset = (n - 1) * pageSize
	}
	if reg := q.Get("region"); reg != "" {
		rg, err := s.store.RegionBySlug(r.Context(), reg)
		if err != nil {
			return f, sel, policies.FieldError("region", "wilayah %q tidak dikenal", reg)
		}
		f.RegionID = rg.ID
	}
	if u := q.Get("unit"); u != "" {
		id, err := strconv.ParseInt(u, 10, 64)
		if err != nil || id <= 0 {
			return f, sel, policies.FieldError("unit", "unit tidak sah")
		}
		f.UnitID = id
	}
	// Everyone sees what is published; a region's people also its drafts.
	f.Statuses = publicStatuses
	f.OwnRegionID = viewerOf(r).regionID()
	return f, sel, nil
}

// regionGroup is one region's policies on the index page.
type regionGroup struct {
	Name     string
	Policies []policies.PolicySummary
}

// handlePolicyIndex lists policies grouped by region, with filters, full-text search and pages.
func (s *Server) handlePolicyIndex(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	lang := language(w, r)
	f, sel, err := s.searchFilter(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	list, total, err := s.store.SearchPolicies(ctx, f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	regions, err := s.store.Regions(ctx)
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
	if page > 1 {
		data["PrevURL"] = pageURL(page - 1)
	}
	if f.Offset+len(list) < total {
		data["NextURL"] = pageURL(page + 1)
	}
	s.render(w, r, lang, http.StatusOK, "index", data)
}

// loadPolicy reads a policy the viewer may see: a published one or an open
// consultation, or any of the viewer's own region. Another city's drafts
// are 404, as if absent.
func (s *Server) loadPolicy(r *http.Request) (policies.PolicySummary, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil || id <= 0 {
		return policies.PolicySummary{}, notFoundPolicy()
	}
	p, err := s.store.PolicyByID(r.Context(), id)
	if err != nil {
		return p, err
	}
	if !viewerOf(r).canSee(p) {
		return policies.PolicySummary{}, notFoundPolicy()
	}
	return p, nil
}

// textView says which text a policy page shows and what else there is.
type textView struct {
	InForce bool // the shown version is the text in force
	// Draft is a newer working version the viewer may read beside the
	// text in force ("rancangan perubahan"); 0 for none.
	Draft int
	// InForceVersion is the text in force while a draft is shown; 0 for none.
	InForceVersion int
}

// shownVersion picks the text a policy page shows: the text in force once
// one is approved, and while approved, implemented or evaluated; the
// working draft before that, and during a revision to those who may read
// it (its region, or everyone while it is open for consultation).
func (s *Server) shownVersion(ctx context.Context, v *viewer, p policies.PolicySummary) (policies.Version, textView, error) {
	var tv textView
	latest := v.latestVisible(p)
	settled := p.Status == policies.StatusApproved || p.Status == policies.StatusImplementing || p.Status == policies.StatusEvaluating
	if p.InForceVersion > 0 && (settled || latest == p.InForceVersion) {
		ver, err := s.store.VersionByNumber(ctx, p.ID, p.InForceVersion)
		tv.InForce = true
		if latest > p.InForceVersion {
			tv.Draft = latest
		}
		return ver, tv, err
	}
	ver, err := s.store.VersionByNumber(ctx, p.ID, latest)
	if p.InForceVersion > 0 && p.InForceVersion != ver.Number {
		tv.InForceVersion = p.InForceVersion
	}
	tv.InForce = p.InForceVersion > 0 && p.InForceVersion == ver.Number
	return ver, tv, err
}

// state asks the policy's workflow where it stands; a workflow that does
// not answer leaves the page with the record's status only.
func (s *Server) state(ctx context.Context, id int64) *workflows.PolicyState {
	if s.lc == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	st, err := s.lc.State(ctx, id)
	if err != nil {
		s.log.Warn("policy state unavailable", "policy", id, "err", err)
		return nil
	}
	return &st
}

// sectionView is one section of the document with its comment threads.
type sectionView struct {
	ID, Title string
	Count     int
	Threads   []threadView
	More      string // URL of the next page of threads
}

type threadView struct {
	policies.Comment
	Replies []policies.Comment
}

// threads groups comments (parents followed by replies) into threads.
func threads(cs []policies.Comment) []threadView {
	var out []threadView
	idx := map[int64]int{}
	for _, c := range cs {
		if c.ParentID == nil {
			idx[c.ID] = len(out)
			out = append(out, threadView{Comment: c})
		} else if i, ok := idx[*c.ParentID]; ok {
			out[i].Replies = append(out[i].Replies, c)
		}
	}
	return out
}

var headingRe = regexp.MustCompile(`<h([2-6]) id="([A-Za-z0-9_-]+)">`)

// withCommentLinks adds, after each section heading, a link to its comments
// with their count. Heading IDs come from goldmark (letters, digits, - and _).
func withCommentLinks(html string, counts map[string]int, label string) string {
	var b strings.Builder
	rest := html
	for {
		loc := headingRe.FindStringSubmatchIndex(rest)
		if loc == nil {
			b.WriteString(rest)
			return b.String()
		}
		level, id := rest[loc[2]:loc[3]], rest[loc[4]:loc[5]]
		end := strings.Index(rest[loc[1]:], "</h"+level+">")
		if end < 0 {
			b.WriteString(rest)
			return b.String()
		}
		end += loc[1] + len("</h"+level+">")
		b.WriteString(rest[:end])
		fmt.Fprintf(&b, `<p class="cc"><a class="ccount" href="#komentar-%s">%d %s</a></p>`, id, counts[id], label)
		rest = rest[end:]
	}
}

// handlePolicyShow renders a policy: its current version, status and
// timeline, and comments by section.
func (s *Server) handlePolicyShow(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	lang := language(w, r)
	p, err := s.loadPolicy(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	v, text, err := s.shownVersion(ctx, viewerOf(r), p)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	doc, err := s.md.Render(v.SHA256, v.Markdown)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	counts, err := s.store.CommentCounts(ctx, p.ID, viewerOf(r).commentVersions(p))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	sections := []sectionView{{ID: "", Title: messages[lang]["comments_general"]}}
	for _, e := range doc.TOC {
		if e.Level == 2 {
			sections = append(sections, sectionView{ID: e.ID, Title: e.Text})
		}
	}
	first, err := s.store.FirstThreads(ctx, p.ID, viewerOf(r).commentVersions(p), threadsShown)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	bySection := map[string][]policies.Comment{}
	for _, c := range first {
		bySection[c.SectionID] = append(bySection[c.SectionID], c)
	}
	for i := range sections {
		sv := &sections[i]
		sv.Count = counts[sv.ID]
		sv.Threads = threads(bySection[sv.ID])
		if len(sv.Threads) == threadsShown {
			sv.More = fmt.Sprintf("/policies/%d/comments?section=%s&after=%d", p.ID, url.QueryEscape(sv.ID), sv.Threads[threadsShown-1].ID)
		}
	}
	tl, err := s.timeline(ctx, viewerOf(r), p)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var pending []policies.Comment
	if viewerOf(r).is(policies.RoleDrafter) && viewerOf(r).inRegion(p.RegionID) {
		if pending, err = s.store.PendingComments(ctx, p.ID); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	// The workflow is asked only while something runs that the record does
	// not show (who is awaited, deadlines): a query is a round trip to a worker.
	// The process (who is awaited, delegations, decisions in progress) is
	// the region's business; others read the record's status.
	var st *workflows.PolicyState
	if (p.Status == policies.StatusInApproval || p.Status == policies.StatusConsultation) && viewerOf(r).inRegion(p.RegionID) {
		st = s.state(ctx, p.ID)
	}
	actions := s.actionsFor(viewerOf(r), p, st)
	// Opening a consultation: the drafter picks whom to invite.
	var stakeholders []policies.User
	if _, ok := actions[string(policies.ActOpenConsultation)]; ok {
		if stakeholders, err = s.store.UsersByRole(ctx, p.RegionID, policies.RoleStakeholder); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	s.render(w, r, lang, http.StatusOK, "policy", map[string]any{
		"Title": p.Title, "Policy": p, "Version": v, "Doc": doc, "Text": text, "InRegion": viewerOf(r).inRegion(p.RegionID),
		"Body":     template.HTML(withCommentLinks(string(doc.HTML), counts, messages[lang]["comments"])),
		"Sections": sections, "Timeline": tl, "State": st,
		"Actions":      actions,
		"Stakeholders": stakeholders,
		"CanComment": (viewerOf(r).inRegion(p.RegionID) && p.Status != policies.StatusArchived) ||
			(viewerOf(r).User != nil && p.Status == policies.StatusConsultation && s.publicAllowed(ctx, p.ID)),
		"PublicComment": viewerOf(r).User == nil && p.Status == policies.StatusConsultation && s.publicAllowed(ctx, p.ID),
		"Now":           time.Now(),
		"Done":          r.URL.Query().Get("done"),
		"Pending":       pending,
	})
}

// publicAllowed says whether the open consultation takes comments from the public.
func (s *Server) publicAllowed(ctx context.Context, policyID int64) bool {
	cs, err := s.store.Consultations(ctx, policyID)
	if err != nil || len(cs) == 0 {
		return false
	}
	last := cs[len(cs)-1]
	return last.ClosedAt == nil && last.AllowPublic
}

// timelineData is a policy's history as people read it.
type timelineData struct {
	Consultations []consultationView     `json:"consultations"`
	Runs          []runView              `json:"approval_runs"`
	Audit         []policies.AuditRecord `json:"audit"`
}

type consultationView struct {
	policies.ConsultationRecord
	Summary *policies.ConsultationSummary `json:"summary,omitempty"`
}

type runView struct {
	policies.ApprovalRunRecord
	Decisions []policies.DecisionRecord `json:"decisions"`
}

// timeline is a policy's history as the viewer may read it: consultations
// and approval decisions for anyone who may see the policy, the audit log
// (every action, by whom) for its region's people only.
func (s *Server) timeline(ctx context.Context, v *viewer, p policies.PolicySummary) (timelineData, error) {
	policyID := p.ID
	var tl timelineData
	cs, err := s.store.Consultations(ctx, policyID)
	if err != nil {
		return tl, err
	}
	for _, c := range cs {
		cv := consultationView{ConsultationRecord: c}
		if len(c.Summary) > 0 {
			var sum policies.ConsultationSummary
			if json.Unmarshal(c.Summary, &sum) == nil {
				cv.Summary = &sum
			}
		}
		tl.Consultations = append(tl.Consultations, cv)
	}
	runs, err := s.store.ApprovalRuns(ctx, policyID)
	if err != nil {
		return tl, err
	}
	ds, err := s.store.DecisionRecords(ctx, policyID)
	if err != nil {
		return tl, err
	}
	for _, run := range runs {
		rv := runView{ApprovalRunRecord: run}
		for _, d := range ds {
			if d.ApprovalRunID != nil && *d.ApprovalRunID == run.ID {
				rv.Decisions = append(rv.Decisions, d)
			}
		}
		tl.Runs = append(tl.Runs, rv)
	}
	if !v.inRegion(p.RegionID) {
		// Others read the history of the versions they may read: nothing
		// of a revision drafted after the text in force, nor the audit log.
		latest := v.latestVisible(p)
		tl.Consultations = slices.DeleteFunc(tl.Consultations, func(c consultationView) bool { return c.VersionNumber > latest })
		tl.Runs = slices.DeleteFunc(tl.Runs, func(r runView) bool { return r.VersionNumber > latest })
		return tl, nil
	}
	tl.Audit, err = s.store.AuditRecords(ctx, policyID)
	return tl, err
}

// handlePolicyNew shows the form for a new policy.
func (s *Server) handlePolicyNew(w http.ResponseWriter, r *http.Request) {
	lang := language(w, r)
	regions, err := s.store.Regions(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.render(w, r, lang, http.StatusOK, "new", map[string]any{"Title": messages[lang]["new_title"], "Regions": regions})
}

// newPolicyInput is a new policy, from the form or the API.
type newPolicyInput struct {
	Region        string `json:"region"`
	Slug          string `json:"slug"`
	Markdown      string `json:"markdown"`
	ChangeSummary string `json:"change_summary"`
}

// slugRe is what the database takes as a policy's slug.
var slugRe = regexp.MustCompile(`^[a-z0-9-]{1,120}$`)

// createPolicy stores a policy in the drafter's region and unit, and starts its workflow.
func (s *Server) createPolicy(ctx context.Context, u *policies.User, in newPolicyInput) (policies.Policy, error) {
	if u.UnitID == nil {
		return policies.Policy{}, policies.Errorf(policies.KindForbidden, "penyusun tanpa unit tidak dapat membuat kebijakan")
	}
	var rg policies.Region
	var err error
	if in.Region == "" && u.RegionID != nil {
		rg, err = s.store.RegionByID(ctx, *u.RegionID) // the drafter's own region by default
	} else {
		rg, err = s.store.RegionBySlug(ctx, in.Region)
	}
	if err != nil {
		return policies.Policy{}, policies.FieldError("region", "wilayah %q tidak dikenal", in.Region)
	}
	if u.RegionID == nil || *u.RegionID != rg.ID {
		return policies.Policy{}, policies.Errorf(policies.KindForbidden, "Anda hanya dapat membuat kebijakan di wilayah Anda sendiri")
	}
	units, err := s.store.Units(ctx, rg.ID)
	if err != nil {
		return policies.Policy{}, err
	}
	owned := false
	for _, un := range units {
		if un.ID == *u.UnitID {
			owned = true
		}
	}
	if !owned {
		return policies.Policy{}, policies.Errorf(policies.KindForbidden, "unit Anda tidak berada di wilayah ini")
	}
	if !slugRe.MatchString(in.Slug) {
		return policies.Policy{}, policies.FieldError("slug", "slug hanya boleh huruf kecil, angka dan tanda hubung (maksimal 120 karakter)")
	}
	title := policies.TitleOf(in.Markdown)
	if title == "" {
		return policies.Policy{}, policies.FieldError("markdown", "dokumen harus diawali judul tingkat 1 (# Judul)")
	}
	var chainID *int64
	if id, err := s.regionChain(ctx, rg.ID); err == nil && id > 0 {
		chainID = &id
	}
	np := policies.NewPolicy{RegionID: rg.ID, OwnerUnitID: *u.UnitID, ChainID: chainID, Slug: in.Slug, Title: title,
		Markdown: in.Markdown, AuthorID: u.ID, ChangeSummary: in.ChangeSummary}
	p, _, err := s.store.CreatePolicy(ctx, np)
	if err != nil {
		return p, err
	}
	if s.lc != nil {
		if err := s.lc.Start(ctx, p.ID); err != nil {
			// The record is saved; the worker starts missing workflows when it starts.
			s.log.Warn("policy workflow not started yet", "policy", p.ID, "err", err)
		}
	}
	return p, nil
}

// regionChain picks the region's approval chain: the one its other policies use.
func (s *Server) regionChain(ctx context.Context, regionID int64) (int64, error) {
	list, _, err := s.store.SearchPolicies(ctx, policies.SearchFilter{RegionID: regionID, Limit: 1})
	if err != nil || len(list) == 0 || list[0].ChainID == nil {
		return 0, err
	}
	return *list[0].ChainID, nil
}

func (s *Server) handlePolicyCreate(w http.ResponseWriter, r *http.Request) {
	in := newPolicyInput{Region: r.PostFormValue("region"), Slug: r.PostFormValue("slug"),
		Markdown: r.PostFormValue("markdown"), ChangeSummary: r.PostFormValue("change_summary")}
	p, err := s.createPolicy(r.Context(), viewerOf(r).User, in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/policies/%d", p.ID), http.StatusSeeOther)
}
