package server

import (
	"net/http"
	"slices"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// The approval page: what a leader reads before deciding (the decision
// itself is an action, actions.go).

// handleApprovalPage shows a leader the exact version under review, the
// decisions so far, the unresolved comments, and the decision form.
func (s *Server) handleApprovalPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	lang := language(w, r)
	p, err := s.loadRegionPolicy(r)
	if err != nil {
		return err
	}
	st := s.state(ctx, p.ID)
	data := map[string]any{"Title": p.Title, "Policy": p, "State": st, "RequestID": randomToken(), "Done": doneText(r, lang)}
	if st != nil && st.Approval != nil {
		ver, err := s.store.VersionByNumber(ctx, p.ID, st.Approval.VersionNumber)
		if err != nil {
			return err
		}
		doc, err := s.md.Render(ver.SHA256, ver.Markdown)
		if err != nil {
			return err
		}
		data["Version"], data["Doc"] = ver, doc
		u := viewerOf(r).User
		data["MyTurn"] = slices.Contains(st.Approval.Awaiting, u.ID)
		if by := st.Approval.Delegator(u.ID, time.Now()); by != 0 {
			data["OnBehalf"] = by
		}
		if data["OnBehalf"] == nil && !slices.Contains(st.Approval.Awaiting, u.ID) {
			if principal := firstAwaited(s.actingOffices(ctx, p.RegionID, u.ID), st.Approval.Awaiting); principal != 0 {
				data["OnBehalf"] = principal
			}
		}
	}
	tl, err := s.timeline(ctx, viewerOf(r), p)
	if err != nil {
		return err
	}
	var open []policies.Comment
	all, err := s.store.Threads(ctx, p.ID, 0, policies.AllSections, 0, 100)
	if err != nil {
		return err
	}
	for _, c := range all {
		if c.Status == policies.CommentOpen {
			open = append(open, c)
		}
	}
	data["Timeline"], data["OpenComments"] = tl, open
	if data["Report"], err = s.approvalReport(ctx, lang, p); err != nil { // the consultation's report (report.go)
		return err
	}
	s.render(w, r, lang, http.StatusOK, "approval", data)
	return nil
}
