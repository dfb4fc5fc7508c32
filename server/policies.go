package server

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/policyflow/policyflow/openapi"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/workflows"
)

const pageSize = 20

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
	if !viewerOf(r).CanSee(p) {
		return policies.PolicySummary{}, notFoundPolicy()
	}
	return p, nil
}

// loadPolicyTopics is loadPolicy with the policy's topics (topics.go).
func (s *Server) loadPolicyTopics(r *http.Request) (policies.PolicySummary, error) {
	p, err := s.loadPolicy(r)
	if err != nil {
		return p, err
	}
	ps := []policies.PolicySummary{p}
	err = s.withTopics(r.Context(), ps)
	return ps[0], err
}

// policyAnd loads the policy the URL names with load (loadPolicy or
// loadRegionPolicy), then reads what read returns of it by ID: how a page
// and its API twin about one policy begin.
func policyAnd[T any](r *http.Request, load func(*http.Request) (policies.PolicySummary, error), read func(context.Context, int64) (T, error)) (policies.PolicySummary, T, error) {
	var v T
	p, err := load(r)
	if err != nil {
		return p, v, err
	}
	v, err = read(r.Context(), p.ID)
	return p, v, err
}

// handlePolicyShow renders a policy: its current version, status and
// timeline, and comments by section.
func (s *Server) handlePolicyShow(w http.ResponseWriter, r *http.Request) error {
	r, err := s.pinRevs(r) // the policy's records from memory while unchanged (factscache.go)
	if err != nil {
		return err
	}
	ctx := r.Context()
	lang := language(w, r)
	p, err := s.loadPolicyTopics(r)
	if err != nil {
		return err
	}
	topicChoices, err := s.policyTopicChoices(ctx, viewerOf(r), p) // topics.go
	if err != nil {
		return err
	}
	v, text, err := s.shownVersion(ctx, viewerOf(r), p)
	if err != nil {
		return err
	}
	doc, err := s.md.Render(v.SHA256, v.Markdown)
	if err != nil {
		return err
	}
	data := map[string]any{"Policy": p}
	maps.Copy(data, s.commentForm(ctx, viewerOf(r), p)) // CanComment, CommentHeld
	comments, err := s.commentThreads(r, lang, p, v, doc, data)
	if err != nil {
		return err
	}
	tl, err := s.pageTimeline(ctx, viewerOf(r), p)
	if err != nil {
		return err
	}
	var pending []policies.Comment
	if viewerOf(r).Is(policies.RoleDrafter) && viewerOf(r).Staff(p.RegionID) {
		if pending, err = s.store.PendingComments(ctx, p.ID); err != nil {
			return err
		}
	}
	// The workflow is asked only while something runs that the record does
	// not show (who is awaited, deadlines): a query is a round trip to a worker.
	// The process (who is awaited, delegations, decisions in progress) is
	// the region's business; others read the record's status.
	var st *workflows.PolicyState
	// An approved policy's workflow follows its legal step (legal_steps.go).
	// A draft's drafters see a consultation scheduled to open (consultation_schedule.go).
	scheduling := viewerOf(r).Is(policies.RoleDrafter) && slices.Contains(policies.Transitions[policies.ActOpenConsultation].From, p.Status)
	if (scheduling || p.Status == policies.StatusInApproval || p.Status == policies.StatusConsultation || p.Status == policies.StatusApproved) && viewerOf(r).Staff(p.RegionID) {
		st = s.state(ctx, p.ID)
	}
	actions := s.actionsFor(viewerOf(r), p, st)
	// Opening a consultation: the drafter picks whom to invite.
	var stakeholders []policies.User
	var groups []policies.StakeholderGroup
	if _, ok := actions[string(policies.ActOpenConsultation)]; ok {
		if stakeholders, err = s.store.UsersByRole(ctx, p.RegionID, policies.RoleStakeholder); err != nil {
			return err
		}
		if groups, err = s.store.StakeholderGroups(ctx, p.RegionID); err != nil {
			return err
		}
	}
	maps.Copy(data, map[string]any{
		"Title": p.Title, "Version": v, "Doc": doc, "Text": text, "InRegion": viewerOf(r).Staff(p.RegionID),
		"TOCHTML": comments.toc, "SectionOptions": comments.options, "Sections": comments.sections, // threadcache.go
		"Timeline": tl, "State": st, "LegalStep": legalStepOf(p, st, time.Now()),
		"Actions":       actions,
		"Stakeholders":  stakeholders,
		"Groups":        groups,
		"PublicComment": viewerOf(r).User == nil && p.Status == policies.StatusConsultation && s.publicAllowed(ctx, p.ID),
		"Now":           time.Now(),
		"Done":          doneText(r, lang),
		"Pending":       pending,
		"Attachments":   s.policyAttachments(r, p),
		"Enactment":     s.policyEnactment(r, p, v.Number), // enactments.go
		"JDIH":          s.policyJDIH(r, p),
		"Feeds":         s.policyFeeds(lang, p), // feeds.go
		"TopicChoices":  topicChoices,
	})
	comments.splices(data, viewerOf(r).CSRF) // "Body" and "SectionsHTML" (splice.go)
	s.render(w, r, lang, http.StatusOK, "policy", data)
	return nil
}

func (s *Server) handleAPIPolicyShow(w http.ResponseWriter, r *http.Request) error {
	p, err := s.loadPolicyTopics(r)
	if err != nil {
		return err
	}
	v, text, err := s.shownVersion(r.Context(), viewerOf(r), p)
	if err != nil {
		return err
	}
	doc, err := s.md.Render(v.SHA256, v.Markdown)
	if err != nil {
		return err
	}
	// version is the text shown as the policy: the text in force once
	// approved; draft_version names a newer revision being drafted.
	// state (the process: who is awaited, decisions in progress) is the
	// region's business, read only while something runs.
	// in_force is true only when the version shown is in force in law
	// (promulgated and taken effect); legal_state says which state the
	// product is in and since when.
	out := map[string]any{"policy": p, "version": v, "in_force": text.InForce, "legal_state": text.Legal,
		"html": string(doc.HTML), "toc": doc.TOC, "state": nil}
	if running := p.Status == policies.StatusInApproval || p.Status == policies.StatusConsultation; running && viewerOf(r).Staff(p.RegionID) {
		if st := s.state(r.Context(), p.ID); st != nil {
			out["state"] = openapi.SnakeCased[workflows.PolicyState]{V: *st}
		}
	}
	if p.Status == policies.StatusApproved && viewerOf(r).Staff(p.RegionID) {
		if step := legalStepOf(p, s.state(r.Context(), p.ID), time.Now()); step != nil {
			out["legal_step"] = step
		}
	}
	if text.Draft > 0 {
		out["draft_version"] = text.Draft
	}
	if text.InForceVersion > 0 {
		out["in_force_version"] = text.InForceVersion
	}
	if text.Revision > 0 {
		out["revision_version"] = text.Revision
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// handlePolicyNew shows the form for a new policy.
func (s *Server) handlePolicyNew(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	regions, err := s.store.Regions(r.Context())
	if err != nil {
		return err
	}
	tpl, md, err := s.newPolicyForm(r) // an empty narrative or the Perwali template (legal.go)
	if err != nil {
		return err
	}
	s.render(w, r, lang, http.StatusOK, "new", map[string]any{"Title": messages[lang]["new_title"], "Regions": regions, "Template": tpl, "Markdown": md})
	return nil
}

// newPolicyInput is a new policy, from the form or the API.
type newPolicyInput struct {
	Region        string `json:"region"`
	Slug          string `json:"slug"`
	Markdown      string `json:"markdown"`
	ChangeSummary string `json:"change_summary" required:"false"`
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
	if err := np.Validate(); err != nil {
		return policies.Policy{}, err
	}
	p, _, err := s.store.CreatePolicy(ctx, np)
	if err != nil {
		return p, err
	}
	if err := s.lc.Start(ctx, p.ID); err != nil {
		// The record is saved; the worker starts missing workflows when it starts.
		s.log.Warn("policy workflow not started yet", "policy", p.ID, "err", err)
	}
	return p, nil
}

// regionChain picks the region's approval chain: the one its other policies use.
func (s *Server) regionChain(ctx context.Context, regionID int64) (int64, error) {
	list, _, err := s.store.SearchPolicies(ctx, policies.SearchFilter{RegionID: regionID, Limit: 1})
	if err != nil {
		return 0, err
	}
	if len(list) == 0 || list[0].ChainID == nil {
		// A region's first policy follows its first current chain, if any
		// (chains are administered in /admin/chains).
		cs, err := s.store.ApprovalChains(ctx, regionID)
		if err != nil || len(cs) == 0 {
			return 0, err
		}
		return cs[0].ID, nil
	}
	return *list[0].ChainID, nil
}

func (s *Server) handlePolicyCreate(w http.ResponseWriter, r *http.Request) error {
	in := newPolicyInput{Region: r.PostFormValue("region"), Slug: r.PostFormValue("slug"),
		Markdown: r.PostFormValue("markdown"), ChangeSummary: r.PostFormValue("change_summary")}
	p, err := s.createPolicy(r.Context(), viewerOf(r).User, in)
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/policies/%d", p.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) handleAPIPolicyCreate(w http.ResponseWriter, r *http.Request) error {
	var in newPolicyInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	p, err := s.createPolicy(r.Context(), viewerOf(r).User, in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/policies/%d", p.ID))
	writeJSON(w, http.StatusCreated, p)
	return nil
}
