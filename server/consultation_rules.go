package server

import (
	"context"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// A region's consultation rules as the server applies them (issue 26):
// a consultation shorter than the region's minimum is refused before its
// workflow hears of it, or (warn mode) sent with a warning the opening's
// audit row keeps; its page tells the drafter while it runs. The rules
// themselves are policies.ConsultationRules, set on /admin/settings.

// checkConsultationPeriod checks a consultation of policy p opened at
// opens and closing at closes against its region's rules: the warning
// for the workflow to record ("" when long enough), or the refusal (422
// naming closes_at) in refuse mode.
func (s *Server) checkConsultationPeriod(ctx context.Context, p policies.PolicySummary, opens, closes time.Time) (string, error) {
	reg, err := s.store.RegionByID(ctx, p.RegionID)
	if err != nil {
		return "", err
	}
	short, err := reg.ConsultationRules().CheckPeriod(opens, closes)
	if err != nil || short == nil {
		return "", err
	}
	return short.Warning(), nil
}

// consultationRules is what the consultation page tells the region's
// staff of its rules: a running consultation's shortfall against the
// minimum, a closed one's deadline for its answers and report.
type consultationRules struct {
	Short      *policies.ShortConsultation
	AnswersDue time.Time // zero: none shown
	Overdue    bool      // past it with comments still unanswered
}

// rulesOf is the rules' view of consultation k for the viewer: nothing
// for the public or another region's people.
func (s *Server) rulesOf(ctx context.Context, v *viewer, p policies.PolicySummary, k *consultationView, links *answerLinks) (consultationRules, error) {
	var out consultationRules
	if k == nil || !v.Staff(p.RegionID) {
		return out, nil
	}
	reg, err := s.store.RegionByID(ctx, p.RegionID)
	if err != nil {
		return out, err
	}
	if k.ClosedAt != nil {
		if links != nil && links.Counts.Unanswered > 0 { // every comment answered: nothing is due
			out.AnswersDue = k.ClosedAt.AddDate(0, 0, reg.AnswerDeadlineDays)
			out.Overdue = time.Now().After(out.AnswersDue)
		}
		return out, nil
	}
	rules := reg.ConsultationRules()
	rules.Mode = policies.ConsultationWarn // a consultation that is open was allowed: say how short it is
	out.Short, err = rules.CheckPeriod(k.OpenedAt, k.ClosesAt)
	return out, err
}
