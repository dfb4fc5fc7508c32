package server

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/textdiff"
)

// Every page action has its JSON equivalent here, with the same checks.

func (s *Server) handleAPIMe(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, viewerOf(r).User)
}

func (s *Server) handleAPIDashboard(w http.ResponseWriter, r *http.Request) {
	d, err := s.dashboardFor(r.Context(), viewerOf(r).User)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

func (s *Server) handleAPIPolicyList(w http.ResponseWriter, r *http.Request) {
	f, _, err := s.searchFilter(r)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	list, total, err := s.store.SearchPolicies(r.Context(), f)
	if err != nil {
		s.apiFail(w, r, err)
		return
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
}

func (s *Server) handleAPIPolicyCreate(w http.ResponseWriter, r *http.Request) {
	var in newPolicyInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiFail(w, r, err)
		return
	}
	p, err := s.createPolicy(r.Context(), viewerOf(r).User, in)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/policies/%d", p.ID))
	writeJSON(w, http.StatusCreated, p)
}

func (s *Server) handleAPIPolicyShow(w http.ResponseWriter, r *http.Request) {
	p, err := s.loadPolicy(r)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	v, text, err := s.shownVersion(r.Context(), viewerOf(r), p)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	doc, err := s.md.Render(v.SHA256, v.Markdown)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	// version is the text shown as the policy: the text in force once
	// approved; draft_version names a newer revision being drafted.
	// state (the process: who is awaited, decisions in progress) is the
	// region's business, read only while something runs.
	out := map[string]any{"policy": p, "version": v, "in_force": text.InForce, "html": string(doc.HTML), "toc": doc.TOC, "state": nil}
	if running := p.Status == policies.StatusInApproval || p.Status == policies.StatusConsultation; running && viewerOf(r).inRegion(p.RegionID) {
		out["state"] = s.state(r.Context(), p.ID)
	}
	if text.Draft > 0 {
		out["draft_version"] = text.Draft
	}
	if text.InForceVersion > 0 {
		out["in_force_version"] = text.InForceVersion
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) handleAPITimeline(w http.ResponseWriter, r *http.Request) {
	p, err := s.loadPolicy(r)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	tl, err := s.timeline(r.Context(), viewerOf(r), p)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, tl)
}

func (s *Server) handleAPIVersions(w http.ResponseWriter, r *http.Request) {
	p, err := s.loadPolicy(r)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	vs, err := s.store.Versions(r.Context(), p.ID)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"versions": versionSummaries(visibleVersions(r, p, vs))})
}

func (s *Server) handleAPIVersionCreate(w http.ResponseWriter, r *http.Request) {
	p, err := s.loadRegionPolicy(r)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	var in versionInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiFail(w, r, err)
		return
	}
	v, err := s.saveVersion(r.Context(), viewerOf(r), p, in)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, v)
}

func (s *Server) handleAPIVersionShow(w http.ResponseWriter, r *http.Request) {
	p, err := s.loadPolicy(r)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	n, err := strconv.Atoi(chi.URLParam(r, "n"))
	if err != nil || n > viewerOf(r).latestVisible(p) {
		s.apiFail(w, r, errVersionNotFound)
		return
	}
	v, err := s.store.VersionByNumber(r.Context(), p.ID, n)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) handleAPIDiff(w http.ResponseWriter, r *http.Request) {
	p, err := s.loadPolicy(r)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	from, to, err := versionPair(r, p)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	_, _, ops, err := s.diffOf(r.Context(), p.ID, from, to)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
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
}

func (s *Server) handleAPICommentList(w http.ResponseWriter, r *http.Request) {
	p, err := s.loadPolicy(r)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	q := r.URL.Query()
	section := q.Get("section")
	if _, given := q["section"]; !given {
		section = policies.AllSections // no section named: all of them
	} else if !anchorRe.MatchString(section) {
		s.apiFail(w, r, policies.FieldError("section", "bagian tidak dikenal"))
		return
	}
	after, err := queryInt(r, "after")
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	limit, err := queryInt(r, "limit")
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if limit <= 0 || limit > 100 {
		limit = pageSize
	}
	cs, err := s.store.Threads(r.Context(), p.ID, viewerOf(r).commentVersions(p), section, after, int(limit))
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	counts, err := s.store.CommentCounts(r.Context(), p.ID, viewerOf(r).commentVersions(p))
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	ts := threads(cs)
	if ts == nil {
		ts = []threadView{}
	}
	res := map[string]any{"threads": ts, "counts": counts}
	if len(ts) == int(limit) {
		res["next_after"] = ts[len(ts)-1].ID
	}
	writeJSON(w, http.StatusOK, res)
}

func (s *Server) handleAPICommentCreate(w http.ResponseWriter, r *http.Request) {
	p, err := s.loadPolicy(r)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	var in commentInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiFail(w, r, err)
		return
	}
	c, err := s.addComment(r.Context(), viewerOf(r), p, in, r.Header.Get("Idempotency-Key"))
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, c)
}

func (s *Server) handleAPICommentStatus(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(chi.URLParam(r, "cid"), 10, 64)
	if err != nil {
		s.apiFail(w, r, policies.Errorf(policies.KindNotFound, "komentar tidak ditemukan"))
		return
	}
	var in struct {
		Status string `json:"status"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiFail(w, r, err)
		return
	}
	c, err := s.setCommentStatus(r.Context(), viewerOf(r), id, policies.CommentStatus(in.Status))
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, c)
}

func (s *Server) handleAPIAction(w http.ResponseWriter, r *http.Request) {
	p, err := s.loadRegionPolicy(r)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if action := chi.URLParam(r, "action"); !clientAction(policies.Action(action)) {
		s.apiFail(w, r, policies.Errorf(policies.KindNotFound, "aksi %q tidak dikenal", action))
		return
	}
	var in actionInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiFail(w, r, err)
		return
	}
	res, err := s.act(r.Context(), viewerOf(r), p, chi.URLParam(r, "action"), r.Header.Get("Idempotency-Key"), in)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

func (s *Server) handleAPIAudit(w http.ResponseWriter, r *http.Request) {
	p, err := s.loadRegionPolicy(r)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	as, err := s.store.AuditRecords(r.Context(), p.ID)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"audit": as})
}

func (s *Server) handleAPINotifications(w http.ResponseWriter, r *http.Request) {
	ns, err := s.store.Notifications(r.Context(), viewerOf(r).User.ID)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if ns == nil {
		ns = []policies.Notification{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"notifications": ns})
}

func (s *Server) handleAPINotificationRead(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(chi.URLParam(r, "nid"), 10, 64)
	if err != nil {
		s.apiFail(w, r, policies.Errorf(policies.KindNotFound, "notifikasi tidak ditemukan"))
		return
	}
	if err := s.store.MarkRead(r.Context(), viewerOf(r).User.ID, id); err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"read": id})
}

func (s *Server) handleAPIPreview(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Markdown string `json:"markdown"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiFail(w, r, err)
		return
	}
	if len(in.Markdown) > policies.MaxDocumentBytes {
		s.apiFail(w, r, &policies.Error{Kind: policies.KindTooLarge, Field: "markdown", Message: "isi kebijakan melebihi batas 512 KB"})
		return
	}
	doc, err := s.md.Render(policies.ContentHash(in.Markdown), in.Markdown)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"html": string(doc.HTML), "toc": doc.TOC})
}
