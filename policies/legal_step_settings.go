package policies

import "context"

// A region's own times for the legal steps (legal_steps.go): the SLA and
// the escalation limit of each step, in working days, set by the region's
// administrator; a step the region has not set keeps LegalStepSLA.

// Limits of a step's times, in working days.
const (
	MaxLegalSLADays        = 60
	MaxLegalEscalationDays = 90
)

// LegalStepSetting is a region's times for one step.
type LegalStepSetting struct {
	Step           LegalStep `db:"step" json:"step"`
	SLADays        int       `db:"sla_days" json:"sla_working_days"`
	EscalationDays int       `db:"escalation_days" json:"escalation_working_days"`
	// Default: the region has not set it; the times are LegalStepSLA's.
	Default bool `db:"-" json:"default"`
}

// LegalStepSettingInput is a step's times as the administrator saves them.
type LegalStepSettingInput struct {
	Step           LegalStep `json:"step"`
	SLADays        int       `json:"sla_working_days"`
	EscalationDays int       `json:"escalation_working_days"`
}

// Valid reports whether s is a known step.
func (s LegalStep) Valid() bool {
	_, ok := LegalStepSLA[s]
	return ok
}

// Validate checks the step and its times: an SLA of 1 to 60 working days,
// an escalation after it, at most 90.
func (in *LegalStepSettingInput) Validate() error {
	switch {
	case !in.Step.Valid():
		return FieldError("step", "langkah harus harmonisasi, paraf, penetapan atau pengundangan")
	case in.SLADays < 1 || in.SLADays > MaxLegalSLADays:
		return FieldError("sla_working_days", "tenggat harus 1 sampai %d hari kerja", MaxLegalSLADays)
	case in.EscalationDays <= in.SLADays || in.EscalationDays > MaxLegalEscalationDays:
		return FieldError("escalation_working_days", "eskalasi harus sesudah tenggat (%d hari kerja) dan paling lama %d hari kerja", in.SLADays, MaxLegalEscalationDays)
	}
	return nil
}

// LegalStepSettingsOf completes a region's saved settings with the
// defaults, in the steps' order.
func LegalStepSettingsOf(saved []LegalStepSetting) []LegalStepSetting {
	out := make([]LegalStepSetting, 0, len(LegalSteps))
	for _, step := range LegalSteps {
		d := LegalStepSLA[step]
		st := LegalStepSetting{Step: step, SLADays: d.SLADays, EscalationDays: d.EscalationDays, Default: true}
		for _, s := range saved {
			if s.Step == step {
				st = s
			}
		}
		out = append(out, st)
	}
	return out
}

// SLAOf is the times of step among a region's settings (LegalStepSettingsOf).
func SLAOf(settings []LegalStepSetting, step LegalStep) LegalSLA {
	for _, s := range settings {
		if s.Step == step {
			return LegalSLA{SLADays: s.SLADays, EscalationDays: s.EscalationDays}
		}
	}
	return LegalStepSLA[step]
}

// LegalStepSettingReader reads a region's times of the legal steps (every
// step, the defaults where the region has not set them).
type LegalStepSettingReader interface {
	LegalStepSettings(ctx context.Context, regionID int64) ([]LegalStepSetting, error)
}

// LegalStepSettingStore keeps a region's times of the legal steps.
type LegalStepSettingStore interface {
	LegalStepSettingReader
	// SetLegalStepSetting saves a step's times, audited with before and after.
	SetLegalStepSetting(ctx context.Context, regionID, actorID int64, in LegalStepSettingInput) (LegalStepSetting, error)
}
