package evaluation

import (
	"sort"
	"strconv"

	"github.com/policyflow/policyflow/policies"
)

// PlanLine is one row of the plan-versus-realisation report: the targets
// of a group of plan items (a unit's, or a policy's) against what the
// programs that realise them achieved.
type PlanLine struct {
	Key                string `json:"key"` // the unit's code, or the policy's ID ("" for items of no policy)
	Label              string `json:"label"`
	Items              int    `json:"items"`
	Programs           int    `json:"programs"`
	TargetParticipants int    `json:"target_participants"`
	Participants       int    `json:"participants"` // distinct ASN who completed a realising program
	TargetJP           int    `json:"target_jp"`    // Σ target participants × target JP
	JP                 int    `json:"jp"`           // Σ JP of completed participations
	Budget             int64  `json:"budget"`       // the items' budget, rupiah
	Realised           int64  `json:"realised"`     // Σ realisation of the distinct realising programs, rupiah
	ParticipantsPct    int    `json:"participants_pct"`
	JPPct              int    `json:"jp_pct"`
}

// PlanReport is the plan against its realisation, per unit and per policy,
// with the whole plan's total.
type PlanReport struct {
	Units    []PlanLine `json:"units"`
	Policies []PlanLine `json:"policies"`
	Total    PlanLine   `json:"total"`
}

// Realisation compares the plan items with the completed participations
// in the programs that realise them, and their budget with what those
// programs spent (each program once per group). A participation counts once per group
// even when its program realises two items of the group; a person counts
// once per group however many programs they completed.
func Realisation(items []policies.PlanItem, done []policies.PlanCompletion) PlanReport {
	byItem := map[int64][]policies.PlanCompletion{}
	for _, c := range done {
		byItem[c.ItemID] = append(byItem[c.ItemID], c)
	}
	type group struct {
		line     PlanLine
		programs map[int64]bool
		seen     map[[2]any]bool
		people   map[string]bool
	}
	groups := func() map[string]*group { return map[string]*group{} }
	units, pols, total := groups(), groups(), groups()
	add := func(gs map[string]*group, key, label string, it policies.PlanItem) {
		g, ok := gs[key]
		if !ok {
			g = &group{line: PlanLine{Key: key, Label: label}, programs: map[int64]bool{}, seen: map[[2]any]bool{}, people: map[string]bool{}}
			gs[key] = g
		}
		g.line.Items++
		g.line.TargetParticipants += it.TargetParticipants
		g.line.TargetJP += it.TargetParticipants * it.TargetJP
		g.line.Budget += it.Budget
		for _, p := range it.Programs {
			if !g.programs[p.ProgramID] {
				g.line.Realised += p.Realisation
			}
			g.programs[p.ProgramID] = true
		}
		for _, c := range byItem[it.ID] {
			k := [2]any{c.ProgramID, c.NIP}
			if g.seen[k] {
				continue
			}
			g.seen[k] = true
			g.people[c.NIP] = true
			g.line.JP += c.JP
		}
	}
	for _, it := range items {
		add(units, it.UnitCode, it.UnitCode, it)
		key, label := "", ""
		if it.PolicyID != nil {
			key, label = strconv.FormatInt(*it.PolicyID, 10), it.PolicyTitle
		}
		add(pols, key, label, it)
		add(total, "", "", it)
	}
	lines := func(gs map[string]*group) []PlanLine {
		out := make([]PlanLine, 0, len(gs))
		for _, g := range gs {
			l := g.line
			l.Programs, l.Participants = len(g.programs), len(g.people)
			l.ParticipantsPct, l.JPPct = pct(l.Participants, l.TargetParticipants), pct(l.JP, l.TargetJP)
			out = append(out, l)
		}
		sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
		return out
	}
	r := PlanReport{Units: lines(units), Policies: lines(pols)}
	if t := lines(total); len(t) == 1 {
		r.Total = t[0]
	}
	return r
}

// pct is n of target in whole percent, rounded down (0 for no target).
func pct(n, target int) int {
	if target <= 0 {
		return 0
	}
	return n * 100 / target
}
