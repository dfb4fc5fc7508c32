package server

import (
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/workflows"
)

// A step past its SLA is late ("terlambat" on the pages); a workflow
// following no step shows none.
func TestLegalStepLateOncePastItsSLA(t *testing.T) {
	p := policies.PolicySummary{Policy: policies.Policy{ID: 7, Title: "Perwali"}}
	due := time.Date(2027, time.January, 4, 10, 0, 0, 0, policies.ZoneWIT.Location())
	st := &workflows.PolicyState{Legal: &workflows.LegalStepState{Step: policies.StepEnactment, SLADue: due, SLADays: 5}}
	if got := legalStepOf(p, st, due.Add(-time.Minute)); got == nil || got.Overdue {
		t.Errorf("a minute before its SLA: %+v, want not late", got)
	}
	if got := legalStepOf(p, st, due.Add(time.Minute)); got == nil || !got.Overdue {
		t.Errorf("a minute after its SLA: %+v, want late", got)
	}
	if got := legalStepOf(p, &workflows.PolicyState{}, due); got != nil {
		t.Errorf("no step followed: %+v, want none", got)
	}
}
