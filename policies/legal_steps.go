package policies

import "context"

// Legal steps: after the last approval, the policy's workflow follows the
// approved version through the steps the law sets before it can take
// effect: harmonisation by the Kanwil where the region requires it
// (harmonisation.go), paraf where the region has paraf steps (paraf.go),
// enactment (penetapan, with its number) and, for a Peraturan,
// promulgation in the Berita Daerah (pengundangan). Each step has an SLA
// and an escalation limit in working days of the region's calendar
// (calendar.go); the records themselves are written by Bagian Hukum and
// the officials, and the workflow is told of each.

// LegalStep is a step between approval and promulgation.
type LegalStep string

// The steps, in order.
const (
	StepHarmonisation LegalStep = "harmonisation"
	StepParaf         LegalStep = "paraf"
	StepEnactment     LegalStep = "enactment"
	StepPromulgation  LegalStep = "promulgation"
)

// LegalSteps lists the steps in order.
var LegalSteps = []LegalStep{StepHarmonisation, StepParaf, StepEnactment, StepPromulgation}

// LegalSLA is a step's time in working days: a reminder to Bagian Hukum
// one working day before SLADays, a reminder when SLADays have passed,
// and an escalation to the region's administrators after EscalationDays.
type LegalSLA struct {
	SLADays        int
	EscalationDays int
}

// LegalStepSLA are the steps' times. They are Policyflow's defaults, not
// the law's: no regulation read sets a number of days for Bagian Hukum
// to obtain a harmonisation, paraf, enactment or promulgation (the
// README says so).
var LegalStepSLA = map[LegalStep]LegalSLA{
	StepHarmonisation: {SLADays: 15, EscalationDays: 20},
	StepParaf:         {SLADays: 5, EscalationDays: 7},
	StepEnactment:     {SLADays: 5, EscalationDays: 7},
	StepPromulgation:  {SLADays: 3, EscalationDays: 5},
}

// LegalProgress is where a policy's approved version stands between its
// approval and its promulgation.
type LegalProgress struct {
	Version   int // 0: nothing approved
	VersionID int64
	SHA256    string
	Form      LegalForm // drafted in, or enacted as
	// HarmonisationRequired: the region requires the form's harmonisation.
	HarmonisationRequired bool
	// Harmonisation is the version's (nil for none); Harmonisations every
	// harmonisation of the policy, newest first.
	Harmonisation  *Harmonisation
	Harmonisations []Harmonisation
	Paraf          ParafProgress
	Enactment      *Enactment // the version's, nil before it is enacted
}

// Step is the step the approved version waits for; "" when nothing is
// approved or every step is done (a Peraturan promulgated, a Keputusan
// enacted: it is not promulgated).
func (lp LegalProgress) Step() LegalStep {
	switch {
	case lp.Version == 0:
		return ""
	case lp.Enactment != nil && (lp.Enactment.Form == FormKepwali || lp.Enactment.PromulgatedOn != nil):
		return ""
	case lp.Enactment != nil:
		return StepPromulgation
	case lp.HarmonisationRequired && !lp.Harmonisation.Done():
		return StepHarmonisation
	case !lp.Paraf.Complete:
		return StepParaf
	}
	return StepEnactment
}

// ApprovedState is the legal state of the approved version before its
// enactment: approved, harmonised once the Kanwil answered "selesai", or
// initialled once every paraf is given; since when.
func (lp LegalProgress) ApprovedState() LegalState {
	s := LegalState{Stage: LegalApproved, Version: lp.Version}
	s.Harmonised(lp.Harmonisation)
	s.Initialled(lp.Paraf)
	return s
}

// ParafAwaited are the officials whose paraf the version waits for now:
// every coordination step without one, and the hierarchy step whose turn
// it is.
func (lp LegalProgress) ParafAwaited() []int64 {
	var out []int64
	for _, r := range lp.Paraf.Rows {
		if r.Paraf == nil && !r.Waiting {
			out = append(out, r.UserID)
		}
	}
	return out
}

// HarmonisationOf says whether settings require the harmonisation of form,
// and picks the harmonisation of version n from hs (nil for none).
func HarmonisationOf(settings []HarmonisationSetting, hs []Harmonisation, form LegalForm, n int) (bool, *Harmonisation) {
	required := false
	for _, st := range settings {
		required = required || (st.Form == form && st.Required)
	}
	var current *Harmonisation
	for i := range hs {
		if hs[i].VersionNumber == n {
			current = &hs[i]
		}
	}
	return required, current
}

// LegalProgressReader reads what LegalProgress is made of.
type LegalProgressReader interface {
	VersionByNumber(ctx context.Context, policyID int64, n int) (Version, error)
	ParafSteps(ctx context.Context, regionID int64) ([]ParafStep, error)
	Parafs(ctx context.Context, versionID int64) ([]Paraf, error)
	EnactmentOfVersion(ctx context.Context, versionID int64) (Enactment, error)
	HarmonisationSettings(ctx context.Context, regionID int64) ([]HarmonisationSetting, error)
	Harmonisations(ctx context.Context, policyID int64) ([]Harmonisation, error)
}

// ReadLegalProgress reads where the policy's approved version stands.
func ReadLegalProgress(ctx context.Context, r LegalProgressReader, p PolicySummary) (LegalProgress, error) {
	lp := LegalProgress{Form: FormPerwali, Paraf: ProgressOf(FormPerwali, nil, nil)}
	hs, err := r.Harmonisations(ctx, p.ID)
	if err != nil || p.InForceVersion == 0 {
		lp.Harmonisations = hs
		return lp, err
	}
	v, err := r.VersionByNumber(ctx, p.ID, p.InForceVersion)
	if err != nil {
		return lp, err
	}
	steps, err := r.ParafSteps(ctx, p.RegionID)
	if err != nil {
		return lp, err
	}
	given, err := r.Parafs(ctx, v.ID)
	if err != nil {
		return lp, err
	}
	if lp.Enactment, err = EnactmentIfAny(ctx, r, v.ID); err != nil {
		return lp, err
	}
	settings, err := r.HarmonisationSettings(ctx, p.RegionID)
	if err != nil {
		return lp, err
	}
	lp.Version, lp.VersionID, lp.SHA256, lp.Form = v.Number, v.ID, v.SHA256, DraftForm(v.Markdown)
	if lp.Enactment != nil {
		lp.Form = lp.Enactment.Form
	}
	lp.Paraf = ProgressOf(lp.Form, steps, given)
	lp.Harmonisations = hs
	lp.HarmonisationRequired, lp.Harmonisation = HarmonisationOf(settings, hs, lp.Form, v.Number)
	return lp, nil
}
