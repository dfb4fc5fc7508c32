package server

import (
	"context"
	"sort"
	"time"

	"github.com/policyflow/policyflow/consolidate"
	"github.com/policyflow/policyflow/policies"
)

// Consolidation (issue 27): the text of an enacted Peraturan Wali Kota as
// it stands on a day after the amendments in force then, computed by
// package consolidate from the text in force and the points of the
// policies that amend it, never kept.

// amendingAct is one enacted policy that amends another, with its points.
type amendingAct struct {
	PolicyID int64
	Act      consolidate.Act // its label, and the day it takes effect
	Known    bool            // the day is known: promulgated (or the day its text sets)
	Points   []policies.AmendmentInstruction
}

// amendingActs are the enacted policies with points on target, except
// the one excluded (a draft that checks its own points), in the order
// they take effect (those whose day is not yet known last).
func (s *Server) amendingActs(ctx context.Context, target policies.PolicySummary, exclude int64) ([]amendingAct, error) {
	all, err := s.store.AmendmentsOf(ctx, target.ID)
	if err != nil {
		return nil, err
	}
	var out []amendingAct
	for _, pt := range all {
		if pt.PolicyID == exclude {
			continue
		}
		if n := len(out); n > 0 && out[n-1].PolicyID == pt.PolicyID {
			out[n-1].Points = append(out[n-1].Points, pt)
			continue
		}
		es, err := s.store.Enactments(ctx, pt.PolicyID)
		if err != nil {
			return nil, err
		}
		if len(es) == 0 { // a draft: no act yet
			out = append(out, amendingAct{PolicyID: pt.PolicyID})
			continue
		}
		from, known := es[0].EffectiveDate()
		out = append(out, amendingAct{PolicyID: pt.PolicyID, Act: consolidate.Act{Title: es[0].Label(target.RegionName), InForce: from}, Known: known,
			Points: []policies.AmendmentInstruction{pt}})
	}
	enacted := out[:0]
	for _, a := range out {
		if a.Act.Title != "" {
			enacted = append(enacted, a)
		}
	}
	sort.SliceStable(enacted, func(i, j int) bool {
		if enacted[i].Known != enacted[j].Known {
			return enacted[i].Known
		}
		return enacted[i].Act.InForce.Before(enacted[j].Act.InForce)
	})
	return enacted, nil
}

// consolidated is target's text in force (md) after the acts whose day is
// known, on day at (YYYY-MM-DD): those in force then are applied, the
// others listed as pending.
func consolidated(md string, acts []amendingAct, at time.Time) consolidate.Result {
	var ins []consolidate.Instruction
	for _, a := range acts {
		if !a.Known {
			continue
		}
		for _, pt := range a.Points {
			ins = append(ins, pt.Instruction(a.Act))
		}
	}
	return consolidate.Consolidate(md, ins, at)
}

// errNotInForce: the policy has no text in force.
var errNotInForce = policies.Errorf(policies.KindConflict, "kebijakan yang diubah belum berlaku")

// inForceText is the text in force of target and its enactment;
// errNotInForce when none is in force.
func (s *Server) inForceText(ctx context.Context, target policies.PolicySummary) (policies.Version, policies.Enactment, error) {
	es, err := s.store.Enactments(ctx, target.ID)
	if err != nil {
		return policies.Version{}, policies.Enactment{}, err
	}
	st := policies.LegalStateOfPolicy(target, es, time.Now())
	if !st.InForce() {
		return policies.Version{}, policies.Enactment{}, errNotInForce
	}
	var en policies.Enactment
	for _, e := range es {
		if e.VersionNumber == st.InForceVersion {
			en = e
			break
		}
	}
	v, err := s.store.VersionByNumber(ctx, target.ID, st.InForceVersion)
	return v, en, err
}
