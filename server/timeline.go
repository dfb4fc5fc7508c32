package server

import (
	"context"
	"net/http"

	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/timeline"
)

// A policy's history as the viewer may read it is package timeline's;
// the OpenAPI document names its parts as before.
type (
	timelineData     = timeline.Timeline
	consultationView = timeline.Consultation
)

// timeline is the policy's history as the viewer may read it.
func (s *Server) timeline(ctx context.Context, v *viewer, p policies.PolicySummary) (timelineData, error) {
	return timeline.Read(ctx, s.store, v.Viewer, p)
}

// pageTimeline is the timeline as the policy page shows it: without the
// audit records, which the page does not show (the history page does), so
// it reads none (issue 25: they were one of a signed-in page's reads).
func (s *Server) pageTimeline(ctx context.Context, v *viewer, p policies.PolicySummary) (timelineData, error) {
	return timeline.Read(ctx, noAudit{s.store}, v.Viewer, p)
}

// noAudit is a timeline's store that reads no audit records.
type noAudit struct{ timeline.Store }

func (noAudit) AuditRecords(context.Context, int64) ([]policies.AuditRecord, error) { return nil, nil }

// timelineOf is the timeline of the policy of the URL, for the API.
func (s *Server) timelineOf(r *http.Request) (timelineData, error) {
	p, err := s.loadPolicy(r)
	if err != nil {
		return timelineData{}, err
	}
	return s.timeline(r.Context(), viewerOf(r), p)
}

func (s *Server) handleHistory(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	p, as, err := policyAnd(r, s.loadRegionPolicy, s.store.AuditRecords)
	if err != nil {
		return err
	}
	s.render(w, r, lang, http.StatusOK, "history", map[string]any{"Title": p.Title, "Policy": p, "Audit": as})
	return nil
}

// auditOf is the audit history of the policy of the URL (its region's
// only), for the API.
func (s *Server) auditOf(r *http.Request) (map[string]any, error) {
	_, as, err := policyAnd(r, s.loadRegionPolicy, s.store.AuditRecords)
	return map[string]any{"audit": as}, err
}
