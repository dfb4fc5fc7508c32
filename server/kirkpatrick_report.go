package server

// A policy's Kirkpatrick report page (issue 22): per program, levels 1 to
// 4 in figures with no person in them — reaction and behaviour means per
// item with their counts, the mean pre/post test and gain, the results
// indicator against its baseline and target — and the policy's programs
// pooled; a weak level 3 (an item below the mean the revision rule uses)
// or 4 (the target missed) is marked as the revision reads it. For any
// member of the policy's region, as its API twin.

import (
	"net/http"

	"github.com/policyflow/policyflow/policies"
)

func init() { pageNames = append(pageNames, "kirkpatrick_report") }

// reportRow is one program's row on the report page.
type reportRow struct {
	programFigures
	WeakItems   []string // the behaviour items below the mean, as keys
	ResultsWeak bool     // the measured value misses the target
}

// handleKirkpatrickReport shows the URL's policy's Kirkpatrick report.
func (s *Server) handleKirkpatrickReport(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	p, _, err := s.programsOf(r)
	if err != nil {
		return err
	}
	rep, err := s.policyKirkpatrickReport(r)
	if err != nil {
		return err
	}
	rows := make([]reportRow, len(rep.Programs))
	for i, pf := range rep.Programs {
		rows[i].programFigures = pf
		rows[i].ResultsWeak = pf.Figures.TargetReached != nil && !*pf.Figures.TargetReached
		for _, j := range pf.Figures.WeakBehaviour() {
			rows[i].WeakItems = append(rows[i].WeakItems, policies.BehaviourItems[j])
		}
	}
	s.render(w, r, lang, http.StatusOK, "kirkpatrick_report", map[string]any{"Title": messages[lang]["kp_report_title"] + ": " + p.Title,
		"Policy": p, "Rows": rows, "Overall": rep.Overall, "ReactionItems": policies.ReactionItems, "BehaviourItems": policies.BehaviourItems,
		"WeakMean": policies.WeakBehaviourMean, "MinAnswers": policies.MinBehaviourAnswers})
	return nil
}
