package server

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/textdiff"
)

// textView says which text a policy page shows, in which legal state,
// and what else there is.
type textView struct {
	InForce bool // the shown version is the text in force (in law: promulgated, taken effect)
	// Legal is the product's legal state (policies.LegalState).
	Legal policies.LegalState
	// StateKey names the shown version's state in the catalogue
	// (legal_state_…), and Since the day it reached it; nil when unknown.
	StateKey string
	Since    *time.Time
	// Draft is a newer working version the viewer may read beside the
	// text in force ("rancangan perubahan"); 0 for none.
	Draft int
	// Revision is an approved version not yet in force, shown apart
	// from the text in force; 0 for none.
	Revision int
	// InForceVersion is the text in force while another is shown; 0 for none.
	InForceVersion int
	// Harmonisation is the approved, not yet enacted version's
	// harmonisation (harmonisation.go); nil for none.
	Harmonisation *policies.Harmonisation
}

// shownVersion picks the text a policy page shows: the text in force
// (promulgated and taken effect) once there is one, with an approved
// revision not yet in force beside it; else the approved text once one
// is approved, while approved, implemented or evaluated; the working
// draft before that, and during a revision to those who may read it (its
// region, or everyone while it is open for consultation).
func (s *Server) shownVersion(ctx context.Context, v *viewer, p policies.PolicySummary) (policies.Version, textView, error) {
	es, err := s.store.Enactments(ctx, p.ID)
	if err != nil {
		return policies.Version{}, textView{}, err
	}
	tv := textView{Legal: policies.LegalStateOfPolicy(p, es, time.Now())}
	if tv.Legal.Stage == policies.LegalApproved { // harmonised on "selesai", initialled once every paraf is given
		lp, err := policies.ReadLegalProgress(ctx, s.store, p)
		if err != nil {
			return policies.Version{}, tv, err
		}
		tv.Harmonisation = lp.Harmonisation
		st := lp.ApprovedState()
		tv.Legal.Stage, tv.Legal.Since = st.Stage, st.Since
	}
	latest := v.LatestVisible(p)
	settled := p.Status == policies.StatusApproved || p.Status == policies.StatusImplementing || p.Status == policies.StatusEvaluating
	shown := latest
	if p.InForceVersion > 0 && (settled || latest == p.InForceVersion) {
		shown = p.InForceVersion
		if tv.Legal.RevisionPending() {
			shown, tv.Revision = tv.Legal.InForceVersion, p.InForceVersion
		}
		if latest > p.InForceVersion {
			tv.Draft = latest
		}
	}
	ver, err := s.store.VersionByNumber(ctx, p.ID, shown)
	tv.InForce = tv.Legal.InForce() && tv.Legal.InForceVersion == shown
	switch {
	case tv.InForce:
		tv.StateKey, tv.Since = "legal_state_"+string(policies.LegalInForce), tv.Legal.InForceSince
	case shown == tv.Legal.Version:
		tv.StateKey, tv.Since = "legal_state_"+string(tv.Legal.Stage), tv.Legal.Since
	default:
		tv.StateKey = "text_draft"
	}
	if tv.Legal.InForce() && !tv.InForce && tv.Revision == 0 {
		tv.InForceVersion = tv.Legal.InForceVersion
	}
	return ver, tv, err
}

// versionInput is a new version from the editor or the API.
type versionInput struct {
	BaseVersion   int    `json:"base_version"`
	Markdown      string `json:"markdown"`
	ChangeSummary string `json:"change_summary"`
}

// saveVersion stores a new immutable version, refusing to overwrite one
// someone else saved since the author opened the editor.
func (s *Server) saveVersion(ctx context.Context, v *viewer, p policies.PolicySummary, in versionInput) (policies.Version, error) {
	if p.Status == policies.StatusArchived {
		return policies.Version{}, policies.Errorf(policies.KindConflict, "kebijakan sudah diarsipkan")
	}
	nv := policies.NewVersion{BaseVersion: in.BaseVersion, Markdown: in.Markdown, ChangeSummary: in.ChangeSummary}
	if err := nv.Validate(); err != nil {
		return policies.Version{}, err
	}
	return s.store.CreateVersion(ctx, p.ID, nv.BaseVersion, nv.Markdown, v.User.ID, nv.ChangeSummary)
}

func (s *Server) handleEdit(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	p, v, err := policyAnd(r, s.loadRegionPolicy, s.store.CurrentVersion)
	if err != nil {
		return err
	}
	doc, _ := s.md.Render(v.SHA256, v.Markdown)
	data := map[string]any{"Title": p.Title, "Policy": p, "Version": v, "Doc": doc}
	extras, err := s.editExtras(r, lang, v) // after a save with structure findings (legal.go)
	if err != nil {
		return err
	}
	for k, x := range extras {
		data[k] = x
	}
	s.render(w, r, lang, http.StatusOK, "edit", data)
	return nil
}

func (s *Server) handleVersionCreate(w http.ResponseWriter, r *http.Request) error {
	p, err := s.loadRegionPolicy(r)
	if err != nil {
		return err
	}
	base, _ := strconv.Atoi(r.PostFormValue("base_version"))
	v, err := s.saveVersion(r.Context(), viewerOf(r), p, versionInput{BaseVersion: base,
		Markdown: r.PostFormValue("markdown"), ChangeSummary: r.PostFormValue("change_summary")})
	if err != nil {
		return err
	}
	prev, err := s.versionText(r.Context(), p.ID, base)
	if err != nil {
		return err
	}
	if len(policies.CheckRevision(prev, v.Markdown)) > 0 { // saved; the editor shows the structure findings (legal.go)
		http.Redirect(w, r, fmt.Sprintf("/policies/%d/edit?saved=%d#findings", p.ID, v.Number), http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, fmt.Sprintf("/policies/%d?version=%d", p.ID, v.Number), http.StatusSeeOther)
	return nil
}

func (s *Server) handleAPIVersionCreate(w http.ResponseWriter, r *http.Request) error {
	p, err := s.loadRegionPolicy(r)
	if err != nil {
		return err
	}
	var in versionInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	v, err := s.saveVersion(r.Context(), viewerOf(r), p, in)
	if err != nil {
		return err
	}
	prev, err := s.versionText(r.Context(), p.ID, in.BaseVersion)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, savedVersion{Version: v, StructureFindings: findingViews(language(w, r), policies.CheckRevision(prev, v.Markdown))})
	return nil
}

func (s *Server) handleVersions(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	p, vs, err := policyAnd(r, s.loadPolicy, s.store.Versions)
	if err != nil {
		return err
	}
	vs = visibleVersions(r, p, vs)
	s.render(w, r, lang, http.StatusOK, "versions", map[string]any{"Title": p.Title, "Policy": p, "Versions": vs})
	return nil
}

// versionList is the versions of the policy of the URL the viewer may
// read, without their text, for the API.
func (s *Server) versionList(r *http.Request) (map[string]any, error) {
	p, vs, err := policyAnd(r, s.loadPolicy, s.store.Versions)
	if err != nil {
		return nil, err
	}
	return map[string]any{"versions": versionSummaries(visibleVersions(r, p, vs))}, nil
}

// versionShown is the version {n} of the policy of the URL, with its text,
// for the API; one past those the viewer may read is not found.
func (s *Server) versionShown(r *http.Request) (policies.Version, error) {
	p, err := s.loadPolicy(r)
	if err != nil {
		return policies.Version{}, err
	}
	n, err := strconv.Atoi(chi.URLParam(r, "n"))
	if err != nil || n > viewerOf(r).LatestVisible(p) {
		return policies.Version{}, errVersionNotFound
	}
	return s.store.VersionByNumber(r.Context(), p.ID, n)
}

// versionSummary is a version in a list: everything but its text, which
// the list does not load (the store's Versions reads no text).
type versionSummary struct {
	ID            int64     `json:"id"`
	PolicyID      int64     `json:"policy_id"`
	Number        int       `json:"number"`
	SHA256        string    `json:"sha256"`
	AuthorID      int64     `json:"author_id"`
	ChangeSummary string    `json:"change_summary"`
	CreatedAt     time.Time `json:"created_at"`
}

func versionSummaries(vs []policies.Version) []versionSummary {
	out := make([]versionSummary, len(vs))
	for i, v := range vs {
		out[i] = versionSummary{ID: v.ID, PolicyID: v.PolicyID, Number: v.Number, SHA256: v.SHA256,
			AuthorID: v.AuthorID, ChangeSummary: v.ChangeSummary, CreatedAt: v.CreatedAt}
	}
	return out
}

// diffOf compares two versions of a policy word by word; it reads only
// those two versions' text.
func (s *Server) diffOf(ctx context.Context, policyID int64, from, to int) (policies.Version, policies.Version, []textdiff.Op, error) {
	a, err := s.store.VersionByNumber(ctx, policyID, from)
	if err != nil {
		return a, a, nil, policies.FieldError("from", "versi %d tidak ada", from)
	}
	b, err := s.store.VersionByNumber(ctx, policyID, to)
	if err != nil {
		return a, b, nil, policies.FieldError("to", "versi %d tidak ada", to)
	}
	return a, b, textdiff.Words(a.Markdown, b.Markdown), nil
}

// versionPair reads ?from=&to=, defaulting to the last two versions the
// viewer may read; a version past those is 404, as if absent (a revision
// drafted after the text in force is its region's until consulted on).
func versionPair(r *http.Request, p policies.PolicySummary) (int, int, error) {
	q := r.URL.Query()
	latest := viewerOf(r).LatestVisible(p)
	from, to := latest-1, latest
	var err error
	if f := q.Get("from"); f != "" {
		if from, err = strconv.Atoi(f); err != nil {
			return 0, 0, policies.FieldError("from", "nomor versi tidak sah")
		}
	}
	if t := q.Get("to"); t != "" {
		if to, err = strconv.Atoi(t); err != nil {
			return 0, 0, policies.FieldError("to", "nomor versi tidak sah")
		}
	}
	if from < 1 {
		from = 1
	}
	if from > latest || to > latest {
		return 0, 0, errVersionNotFound
	}
	return from, to, nil
}

// visibleVersions drops the versions the viewer may not read.
func visibleVersions(r *http.Request, p policies.PolicySummary, vs []policies.Version) []policies.Version {
	latest := viewerOf(r).LatestVisible(p)
	return slices.DeleteFunc(vs, func(v policies.Version) bool { return v.Number > latest })
}

// diffFor reads the policy and the two versions the query names and
// compares them: what the diff page and GET /api/v1/policies/{id}/diff show.
func (s *Server) diffFor(r *http.Request) (p policies.PolicySummary, a, b policies.Version, ops []textdiff.Op, err error) {
	if p, err = s.loadPolicy(r); err != nil {
		return
	}
	from, to, err := versionPair(r, p)
	if err != nil {
		return
	}
	a, b, ops, err = s.diffOf(r.Context(), p.ID, from, to)
	return
}

func (s *Server) handleDiff(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	p, a, b, ops, err := s.diffFor(r)
	if err != nil {
		return err
	}
	ins, del := textdiff.Stats(ops)
	vs, _ := s.store.Versions(r.Context(), p.ID)
	vs = visibleVersions(r, p, vs)
	s.render(w, r, lang, http.StatusOK, "diff", map[string]any{"Title": p.Title, "Policy": p, "From": a, "To": b,
		"Diff": textdiff.HTML(ops), "Inserted": ins, "Deleted": del, "Versions": vs})
	return nil
}

func (s *Server) handleAPIDiff(w http.ResponseWriter, r *http.Request) error {
	_, a, b, ops, err := s.diffFor(r)
	if err != nil {
		return err
	}
	from, to := a.Number, b.Number
	type op struct {
		Op   string `json:"op"`
		Text string `json:"text"`
	}
	out := make([]op, len(ops))
	for i, o := range ops {
		out[i] = op{[]string{"equal", "insert", "delete"}[o.Kind], o.Text}
	}
	ins, del := textdiff.Stats(ops)
	writeJSON(w, http.StatusOK, map[string]any{"from": from, "to": to, "ops": out, "inserted_words": ins, "deleted_words": del})
	return nil
}

// handlePreview renders Markdown for the editor's live preview (an HTML fragment).
func (s *Server) handlePreview(w http.ResponseWriter, r *http.Request) error {
	md := r.PostFormValue("markdown")
	if len(md) > policies.MaxDocumentBytes {
		return &policies.Error{Kind: policies.KindTooLarge, Field: "markdown", Message: "isi kebijakan melebihi batas 512 KB"}
	}
	doc, err := s.md.Render(policies.ContentHash(md), md)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write([]byte(doc.HTML))
	return nil
}

// previewInput is the body of POST /api/v1/preview.
type previewInput struct {
	Markdown string `json:"markdown"`
}

func (s *Server) handleAPIPreview(w http.ResponseWriter, r *http.Request) error {
	var in previewInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if len(in.Markdown) > policies.MaxDocumentBytes {
		return &policies.Error{Kind: policies.KindTooLarge, Field: "markdown", Message: "isi kebijakan melebihi batas 512 KB"}
	}
	doc, err := s.md.Render(policies.ContentHash(in.Markdown), in.Markdown)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"html": string(doc.HTML), "toc": doc.TOC})
	return nil
}
