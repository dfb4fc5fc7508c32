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

// errNotInForce: the policy has no text in force.
var errNotInForce = policies.Errorf(policies.KindConflict, "kebijakan yang diubah belum berlaku")

// lawText is one enacted text of a policy and the days it is the text in
// force: from the day it takes effect to the day a later enacted text of
// the same policy does (nil: none has yet).
type lawText struct {
	Enactment policies.Enactment
	From      time.Time
	Until     *time.Time
	Next      *policies.Enactment // the text that takes effect on Until
	// First: no text of the policy took effect before it, so acts that
	// name an earlier day apply to it from its own.
	First bool
}

// lawTexts are the enacted texts of a policy (its enactments, newest
// first) whose day is known, in the order they take effect.
func lawTexts(es []policies.Enactment) []lawText {
	var out []lawText
	for i := len(es) - 1; i >= 0; i-- {
		if from, ok := es[i].EffectiveDate(); ok {
			out = append(out, lawText{Enactment: es[i], From: from})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].From.Before(out[j].From) })
	if len(out) > 0 {
		out[0].First = true
	}
	for i := 0; i+1 < len(out); i++ {
		u, next := out[i+1].From, out[i+1].Enactment
		out[i].Until, out[i].Next = &u, &next
	}
	return out
}

// law is the text of a policy on a day: the enacted text in force then
// (or, before any took effect, the first to), its Markdown and the
// amending acts that apply to it: those taking effect while it is the
// text in force, and those whose day is not yet known when it is the
// latest.
type law struct {
	Text     lawText
	Markdown string
	Acts     []amendingAct
}

// lawOn is p's law on day at, without the points of the policy exclude
// (an amending act reading the text it amends); ok false when p has no
// enacted text whose day is known.
func (s *Server) lawOn(ctx context.Context, p policies.PolicySummary, at time.Time, exclude int64) (law, bool, error) {
	es, err := s.store.Enactments(ctx, p.ID)
	if err != nil {
		return law{}, false, err
	}
	texts := lawTexts(es)
	if len(texts) == 0 {
		return law{}, false, nil
	}
	lt := texts[0]
	for _, t := range texts {
		if !t.From.After(at) {
			lt = t
		}
	}
	l, err := s.lawWith(ctx, p, lt, exclude)
	return l, err == nil, err
}

// lawWith is p's law while lt is its text in force.
func (s *Server) lawWith(ctx context.Context, p policies.PolicySummary, lt lawText, exclude int64) (law, error) {
	v, err := s.store.VersionByNumber(ctx, p.ID, lt.Enactment.VersionNumber)
	if err != nil {
		return law{}, err
	}
	acts, err := s.amendingActs(ctx, p, exclude)
	if err != nil {
		return law{}, err
	}
	l := law{Text: lt, Markdown: v.Markdown}
	for _, a := range acts {
		switch {
		case !a.Known && lt.Until == nil,
			a.Known && (lt.First || !a.Act.InForce.Before(lt.From)) && (lt.Until == nil || a.Act.InForce.Before(*lt.Until)):
			l.Acts = append(l.Acts, a)
		}
	}
	return l, nil
}

// consolidated is the text on day at: the points of the acts in force
// then applied, the others pending.
func (l law) consolidated(at time.Time) consolidate.Result {
	return consolidate.Consolidate(l.Markdown, l.instructions(), at)
}

// instructions are the points of the acts whose day is known, in order.
func (l law) instructions() []consolidate.Instruction {
	var ins []consolidate.Instruction
	for _, a := range l.Acts {
		if !a.Known {
			continue
		}
		for _, pt := range a.Points {
			ins = append(ins, pt.Instruction(a.Act))
		}
	}
	return ins
}

// inForceText is the text in force of target today, with the acts that
// apply to it (not those of exclude); errNotInForce when none is in force.
func (s *Server) inForceText(ctx context.Context, target policies.PolicySummary, exclude int64) (law, error) {
	today, _ := time.Parse(time.DateOnly, policies.Today(time.Now(), target.RegionZone))
	l, ok, err := s.lawOn(ctx, target, today, exclude)
	if err == nil && (!ok || l.Text.From.After(today)) {
		err = errNotInForce
	}
	return l, err
}
