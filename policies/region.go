package policies

import "context"

// RegionSettings are what a region's administrator sets for the region.
// The API takes them like a PATCH: a field a request omits keeps its
// stored value (Region.Settings is where a change starts from).
type RegionSettings struct {
	TimeZone  TimeZone `json:"time_zone" required:"false"`
	JPMinPNS  int      `json:"jp_min_pns" required:"false"`
	JPMinPPPK int      `json:"jp_min_pppk" required:"false"`
	// JPMaxPNS and JPMaxPPPK are optional yearly maximums (0: none); the
	// ledger flags hours above them.
	JPMaxPNS            int     `json:"jp_max_pns" required:"false"`
	JPMaxPPPK           int     `json:"jp_max_pppk" required:"false"`
	IKMThresholdDefault float64 `json:"ikm_threshold_default" required:"false"`
	// PaperSize is the paper of its legal documents (F4 or A4); empty keeps the current one.
	PaperSize PaperSize `json:"paper_size,omitempty"`
	// SKMMinRespondents is the fewest SKM respondents whose result may open
	// a revision when a unit entered no service population; 0 keeps the
	// current one.
	SKMMinRespondents int `json:"skm_min_respondents,omitempty"`
	// KPBehaviourMonths and KPResultsMonths are the months after a
	// program's end at which Kirkpatrick levels 3 and 4 are asked; 0 keeps
	// the current ones.
	KPBehaviourMonths int `json:"kp_behaviour_months,omitempty"`
	KPResultsMonths   int `json:"kp_results_months,omitempty"`
	// ConsultationMinDays is the shortest consultation, in days, and
	// ConsultationMinMode what a shorter one meets (warn or refuse); 0 and
	// "" keep the current ones.
	ConsultationMinDays int                 `json:"consultation_min_days,omitempty"`
	ConsultationMinMode ConsultationMinMode `json:"consultation_min_mode,omitempty"`
	// AnswerDeadlineDays is how many days after a consultation closes its
	// answers and report are due; 0 keeps the current one.
	AnswerDeadlineDays int `json:"answer_deadline_days,omitempty"`
}

// Settings are the region's settings as stored: what a change of some of
// them starts from.
func (r Region) Settings() RegionSettings {
	return RegionSettings{TimeZone: r.TimeZone, JPMinPNS: r.JPMinPNS, JPMinPPPK: r.JPMinPPPK, JPMaxPNS: r.JPMaxPNS, JPMaxPPPK: r.JPMaxPPPK,
		IKMThresholdDefault: r.IKMThresholdDefault, PaperSize: r.PaperSize, SKMMinRespondents: r.SKMMinRespondents,
		KPBehaviourMonths: r.KPBehaviourMonths, KPResultsMonths: r.KPResultsMonths,
		ConsultationMinDays: r.ConsultationMinDays, ConsultationMinMode: r.ConsultationMinMode, AnswerDeadlineDays: r.AnswerDeadlineDays}
}

// MaxSKMMinRespondents bounds a region's SKM minimum (the database's too).
const MaxSKMMinRespondents = 100000

// Validate checks the settings.
func (in RegionSettings) Validate() error {
	switch {
	case !in.TimeZone.Valid():
		return FieldError("time_zone", "zona waktu harus WIB, WITA, atau WIT")
	case in.JPMinPNS < 0 || in.JPMinPNS > 1000:
		return FieldError("jp_min_pns", "JP minimum PNS 0–1000")
	case in.JPMinPPPK < 0 || in.JPMinPPPK > 1000:
		return FieldError("jp_min_pppk", "JP minimum PPPK 0–1000")
	case in.JPMaxPNS != 0 && (in.JPMaxPNS < in.JPMinPNS || in.JPMaxPNS > 1000):
		return FieldError("jp_max_pns", "JP maksimum PNS kosong/0 (tanpa batas) atau antara JP minimum PNS dan 1000")
	case in.JPMaxPPPK != 0 && (in.JPMaxPPPK < in.JPMinPPPK || in.JPMaxPPPK > 1000):
		return FieldError("jp_max_pppk", "JP maksimum PPPK kosong/0 (tanpa batas) atau antara JP minimum PPPK dan 1000")
	case !(in.IKMThresholdDefault >= 25 && in.IKMThresholdDefault <= 100):
		return FieldError("ikm_threshold_default", "ambang IKM 25–100")
	case in.SKMMinRespondents < 0 || in.SKMMinRespondents > MaxSKMMinRespondents:
		return FieldError("skm_min_respondents", "jumlah responden SKM minimum 1–%d", MaxSKMMinRespondents)
	case in.KPBehaviourMonths < 0 || in.KPBehaviourMonths > 24:
		return FieldError("kp_behaviour_months", "bulan survei perilaku (Kirkpatrick tingkat 3) 1–24")
	case in.KPResultsMonths < 0 || in.KPResultsMonths > 36:
		return FieldError("kp_results_months", "bulan indikator hasil (Kirkpatrick tingkat 4) 1–36")
	case in.ConsultationMinDays < 0 || in.ConsultationMinDays > MaxConsultationMinDays:
		return FieldError("consultation_min_days", "masa konsultasi minimum 1–%d hari", MaxConsultationMinDays)
	case in.ConsultationMinMode != "" && !in.ConsultationMinMode.Valid():
		return FieldError("consultation_min_mode", "konsultasi di bawah minimum: warn (diperingatkan) atau refuse (ditolak)")
	case in.AnswerDeadlineDays < 0 || in.AnswerDeadlineDays > MaxAnswerDeadlineDays:
		return FieldError("answer_deadline_days", "batas waktu jawaban 1–%d hari setelah konsultasi ditutup", MaxAnswerDeadlineDays)
	case in.PaperSize != "" && !in.PaperSize.Valid():
		return FieldError("paper_size", "ukuran kertas harus F4 atau A4")
	}
	return nil
}

// RegionSettingsStore changes a region's settings, audited.
type RegionSettingsStore interface {
	UpdateRegionSettings(ctx context.Context, regionID, actorID int64, in RegionSettings) (Region, error)
}
