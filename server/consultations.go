package server

import (
	"net/http"
	"time"

	"github.com/policyflow/policyflow/workflows"
)

// The consultation page: the consulted version, who was invited, the
// timeline of the consultation and the links to its answers and report.

// handleConsultationPage shows the consultation: deadline, invitees, comments per section, summary.
func (s *Server) handleConsultationPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	lang := language(w, r)
	p, err := s.loadPolicy(r)
	if err != nil {
		return err
	}
	tl, err := s.timeline(ctx, viewerOf(r), p)
	if err != nil {
		return err
	}
	counts, err := s.store.CommentCounts(ctx, p.ID, viewerOf(r).CommentVersions(p))
	if err != nil {
		return err
	}
	var current *consultationView
	if n := len(tl.Consultations); n > 0 {
		current = &tl.Consultations[n-1]
	}
	links := s.answerLinksFor(ctx, viewerOf(r), p, current)      // answers and report (report.go)
	rules, err := s.rulesOf(ctx, viewerOf(r), p, current, links) // consultation_rules.go
	if err != nil {
		return err
	}
	var st *workflows.PolicyState
	if viewerOf(r).Staff(p.RegionID) {
		st = s.state(ctx, p.ID)
	}
	s.render(w, r, lang, http.StatusOK, "consultation", map[string]any{"Title": p.Title, "Policy": p, "Current": current,
		"All": tl.Consultations, "Counts": counts, "State": st, "Actions": s.actionsFor(viewerOf(r), p, st),
		"AnswerLinks": links, "Rules": rules,
		"DefaultClose": time.Now().In(p.RegionZone.Location()).Add(14 * 24 * time.Hour).Format(formTime), "Done": doneText(r, lang)})
	return nil
}
