package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/policyflow/policyflow/evaluation"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/workflows"
)

// skm builds a unit's SKM answers: 20 respondents per element, most
// answering good or very good; better shifts them up, a weak unit down.
func skm(better int) [9][4]int {
	var rs [9][4]int
	for e := range rs {
		switch {
		case better < 0:
			rs[e] = [4]int{3, 9, 6, 2}
		default:
			four := 6 + better + e%3
			rs[e] = [4]int{0, 1, 19 - four, four}
		}
	}
	return rs
}

// demoPopulation is the service population each demo unit enters with its
// SKM: 20 people, of whom Krejcie–Morgan asks 19 respondents.
const demoPopulation = 20

// demoProfile is the profile of a demo unit's 20 respondents: the 3 under
// 25 and the 2 with a diploma are never shown as such (fewer than 5).
var demoProfile = &evaluation.SKMProfile{Gender: [2]int{9, 11}, Age: [4]int{3, 8, 6, 3}, Education: [5]int{0, 6, 2, 12, 0}}

// report records a unit's result as its officer, scored from the answers
// by workflows.SKMReport or workflows.KirkpatrickReport, as the forms do.
func (r *runner) report(ctx context.Context, p *policy, officer string, unitID int64, round int, rep workflows.EvaluationReport) (workflows.Result, error) {
	return r.do(ctx, p, officer, policies.ActRecordEvaluation, fmt.Sprintf("%s-r%d-%s", rep.Instrument, round, officer),
		workflows.Request{Evaluation: &rep})
}

// evaluated records that the policy has been implemented for a year and a
// half: three evaluation rounds past, SKM results from every unit each
// round (improving), Kirkpatrick results, and Dinas Kesehatan overdue on
// the last one.
func (r *runner) evaluated(ctx context.Context, p *policy) error {
	y, m, d := r.now.In(policies.WIB).AddDate(0, -6*EvaluatedRounds, -20).Date()
	startedOn := time.Date(y, m, d, 0, 0, 0, 0, policies.WIB)
	codes := []string{"bkpsdm", "disdukcapil", "dinkes"}
	officers := []string{"petugas.bkpsdm", "opd", "petugas.dinkes"}
	if err := r.approveAndStart(ctx, p, startedOn, codes...); err != nil {
		return err
	}
	units, err := r.units(ctx, p, codes...)
	if err != nil {
		return err
	}
	for round := 1; round <= EvaluatedRounds; round++ {
		for i, unitID := range units {
			if round == EvaluatedRounds && codes[i] == "dinkes" {
				continue // overdue
			}
			rep, _, err := workflows.SKMReport(unitID, round, skm(round+i), demoPopulation, demoProfile)
			if err != nil {
				return err
			}
			if _, err := r.report(ctx, p, officers[i], unitID, round, rep); err != nil {
				return err
			}
			if round > 1 {
				levels := [4][]int{{4, 5, 4, 5, 4}, {3, 4, 4, 4}, {3 + i%2, 4, 3}, {3, 4}}
				rep, _, err := workflows.KirkpatrickReport(unitID, round, levels)
				if err != nil {
					return err
				}
				if _, err := r.report(ctx, p, officers[i], unitID, round, rep); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// revision approves and starts the policy, then a unit's weak SKM result
// (below the policy's IKM threshold) reopens it for revision, and the unit
// records a follow-up of a weak element (year.go).
func (r *runner) revision(ctx context.Context, p *policy) error {
	if err := r.approveAndStart(ctx, p, time.Time{}, "disdukcapil"); err != nil {
		return err
	}
	units, err := r.units(ctx, p, "disdukcapil")
	if err != nil {
		return err
	}
	// 20 respondents of a population of 20 served: Krejcie–Morgan asks 19,
	// so the weak result is a sufficient sample and reopens the policy.
	rep, _, err := workflows.SKMReport(units[0], 1, skm(-1), demoPopulation, demoProfile)
	if err != nil {
		return err
	}
	res, err := r.report(ctx, p, "opd", units[0], 1, rep)
	if err != nil {
		return err
	}
	if res.Status != policies.StatusRevision {
		return fmt.Errorf("a weak result (IKM %.2f) left the policy %s, want revision", rep.Score, res.Status)
	}
	return r.followUp(ctx, p, units[0], 1)
}
