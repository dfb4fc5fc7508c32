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

// shortConsultation is the running consultation k's shortfall against
// its region's minimum, for the consultation page to warn its region's
// staff; nil when it is long enough, closed, or not theirs.
func (s *Server) shortConsultation(ctx context.Context, v *viewer, p policies.PolicySummary, k *consultationView) (*policies.ShortConsultation, error) {
	if k == nil || k.ClosedAt != nil || !v.Staff(p.RegionID) {
		return nil, nil
	}
	reg, err := s.store.RegionByID(ctx, p.RegionID)
	if err != nil {
		return nil, err
	}
	rules := reg.ConsultationRules()
	rules.Mode = policies.ConsultationWarn // a consultation that is open was allowed: say how short it is
	return rules.CheckPeriod(k.OpenedAt, k.ClosesAt)
}
