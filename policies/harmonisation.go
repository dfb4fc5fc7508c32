package policies

import (
	"context"
	"strings"
	"time"
)

// Harmonisation: before a draft Peraturan Wali Kota is initialled and
// signed, the regional office (Kanwil) of the Ministry of Law harmonises
// it. UU 13/2022 Pasal 58 gives the ministry the harmonisation of a
// Ranperda and Pasal 97D applies it to a Raperkada; Permenkum 40/2025
// (Tata Cara Pengharmonisasian … Ranperda dan Ranperkada), whose Pasal 1
// angka 4 defines a Ranperkada as a draft Peraturan Gubernur or
// Bupati/Wali Kota, sets the e-Harmonisasi procedure. The region says per
// legal form whether harmonisation is required (by default: a Perwali
// yes, a Kepwali no). Bagian Hukum records, on the approved version, the
// request (its date and letter number; the package is the version's
// draft PDF and the policy's attachments) and then the Kanwil's answer
// (letter number and date, the Berita Acara as an attachment, "selesai"
// or "perlu perbaikan" with notes). A version answered "perlu perbaikan"
// is not harmonised: a corrected version is drafted through a revision
// (the workflow's open_revision), approved again and harmonised anew.
// Paraf is on the harmonised text: it waits for "selesai" where required,
// as does the enactment.

// HarmonisationResult is the Kanwil's answer.
type HarmonisationResult string

// The results. The database checks the same list.
const (
	HarmonisationDone       HarmonisationResult = "selesai"
	HarmonisationCorrection HarmonisationResult = "perlu_perbaikan"
)

// HarmonisationResults lists the results in the order forms offer them.
var HarmonisationResults = []HarmonisationResult{HarmonisationDone, HarmonisationCorrection}

// Valid reports whether r is a known result.
func (r HarmonisationResult) Valid() bool {
	return r == HarmonisationDone || r == HarmonisationCorrection
}

// HarmonisationRequiredByDefault says whether a form is harmonised when
// the region has not said: a Perwali is (a Raperkada), a Kepwali is not.
func HarmonisationRequiredByDefault(f LegalForm) bool { return f == FormPerwali }

// HarmonisationSetting is whether the region requires harmonisation of a form.
type HarmonisationSetting struct {
	Form     LegalForm `db:"form" json:"form"`
	Required bool      `db:"required" json:"required"`
	// Default: the region has not said; Required is the default.
	Default bool `db:"is_default" json:"default"`
}

// HarmonisationSettingInput is a setting as the administrator saves it.
type HarmonisationSettingInput struct {
	Form     LegalForm `json:"form"`
	Required bool      `json:"required" required:"false"`
}

// Validate checks the setting's form.
func (in *HarmonisationSettingInput) Validate() error {
	if !in.Form.Valid() {
		return FieldError("form", "bentuk produk hukum harus Peraturan Wali Kota atau Keputusan Wali Kota")
	}
	return nil
}

// Harmonisation is the request of one approved version and its answer.
type Harmonisation struct {
	ID            int64     `db:"id" json:"id"`
	PolicyID      int64     `db:"policy_id" json:"policy_id"`
	VersionID     int64     `db:"version_id" json:"-"`
	VersionNumber int       `db:"version_number" json:"version"`
	RequestedOn   time.Time `db:"requested_on" json:"requested_on"`
	RequestLetter string    `db:"request_letter" json:"request_letter"`
	RequestedBy   string    `db:"requested_by_name" json:"requested_by"`
	// The answer; nil/empty while the Kanwil has not answered.
	AnswerLetter  *string              `db:"answer_letter" json:"answer_letter,omitempty"`
	AnsweredOn    *time.Time           `db:"answered_on" json:"answered_on,omitempty"`
	BeritaAcaraID *int64               `db:"berita_acara_id" json:"berita_acara_id,omitempty"`
	Result        *HarmonisationResult `db:"result" json:"result,omitempty"`
	Notes         string               `db:"notes" json:"notes,omitempty"`
}

// Done reports whether the Kanwil answered "selesai".
func (h *Harmonisation) Done() bool {
	return h != nil && h.Result != nil && *h.Result == HarmonisationDone
}

// NeedsCorrection reports whether the Kanwil answered "perlu perbaikan".
func (h *Harmonisation) NeedsCorrection() bool {
	return h != nil && h.Result != nil && *h.Result == HarmonisationCorrection
}

// HarmonisationRequestInput is the request as Bagian Hukum records it.
type HarmonisationRequestInput struct {
	RequestedOn   string `json:"requested_on"`   // YYYY-MM-DD, not after today
	RequestLetter string `json:"request_letter"` // the request letter's number
}

// Validate checks the request's fields (the date against today is the store's).
func (in *HarmonisationRequestInput) Validate() error {
	in.RequestLetter = strings.TrimSpace(in.RequestLetter)
	if err := dateField("requested_on", in.RequestedOn, "tanggal permohonan"); err != nil {
		return err
	}
	return checkText("request_letter", in.RequestLetter, 200, "nomor surat permohonan wajib diisi")
}

// HarmonisationAnswerInput is the Kanwil's answer as Bagian Hukum records it.
type HarmonisationAnswerInput struct {
	AnswerLetter  string              `json:"answer_letter"`
	AnsweredOn    string              `json:"answered_on"`     // YYYY-MM-DD, not before the request nor after today
	BeritaAcaraID int64               `json:"berita_acara_id"` // an attachment of the policy
	Result        HarmonisationResult `json:"result"`
	Notes         string              `json:"notes" required:"false"` // required for "perlu_perbaikan"
}

// Validate checks the answer's fields.
func (in *HarmonisationAnswerInput) Validate() error {
	in.AnswerLetter, in.Notes = strings.TrimSpace(in.AnswerLetter), strings.TrimSpace(in.Notes)
	switch {
	case dateField("answered_on", in.AnsweredOn, "tanggal surat jawaban") != nil:
		return dateField("answered_on", in.AnsweredOn, "tanggal surat jawaban")
	case in.BeritaAcaraID <= 0:
		return FieldError("berita_acara_id", "Berita Acara harmonisasi wajib dipilih dari lampiran kebijakan")
	case !in.Result.Valid():
		return FieldError("result", "hasil harmonisasi harus selesai atau perlu perbaikan")
	case in.Result == HarmonisationCorrection && in.Notes == "":
		return FieldError("notes", "catatan perbaikan wajib diisi bila hasilnya perlu perbaikan")
	case len(in.Notes) > 4000:
		return FieldError("notes", "catatan paling panjang 4000 karakter")
	}
	return checkText("answer_letter", in.AnswerLetter, 200, "nomor surat jawaban wajib diisi")
}

// dateField checks that v is a date (YYYY-MM-DD); whether it is not after
// today in the region's zone is the store's to say.
func dateField(field, v, what string) error {
	if strings.TrimSpace(v) == "" {
		return FieldError(field, "%s wajib diisi", what)
	}
	if _, err := time.Parse(time.DateOnly, strings.TrimSpace(v)); err != nil {
		return FieldError(field, "%s tidak sah (TTTT-BB-HH)", what)
	}
	return nil
}

// HarmonisationPending is the refusal of a paraf or an enactment while the
// form requires harmonisation and the approved version has no "selesai".
func HarmonisationPending(form LegalForm, h *Harmonisation, act string) error {
	why := "belum dimohonkan"
	switch {
	case h.NeedsCorrection():
		why = "hasilnya perlu perbaikan: susun versi perbaikan, setujui, lalu mohonkan harmonisasi lagi"
	case h != nil:
		why = "belum dijawab Kanwil Kementerian Hukum"
	}
	return Errorf(KindConflict, "%s ditolak: harmonisasi %s versi ini wajib selesai lebih dahulu (UU 13/2022 Pasal 58 dan 97D), tetapi %s", act, form.Name(), why)
}

// HarmonisationStore keeps the region's settings and the harmonisations.
type HarmonisationStore interface {
	// HarmonisationSettings lists the region's setting of every form.
	HarmonisationSettings(ctx context.Context, regionID int64) ([]HarmonisationSetting, error)
	// Harmonisations lists a policy's harmonisations, newest first.
	Harmonisations(ctx context.Context, policyID int64) ([]Harmonisation, error)
	// RequestHarmonisation records the request of the policy's approved,
	// not yet enacted version, audited: KindConflict when it has one.
	RequestHarmonisation(ctx context.Context, regionID, actorID, policyID int64, in HarmonisationRequestInput) (Harmonisation, error)
	// AnswerHarmonisation records the Kanwil's answer to the request of
	// the approved version, audited: KindConflict when there is no
	// request or it is answered already; KindInvalid naming the field for
	// a Berita Acara not of the policy or a date before the request.
	AnswerHarmonisation(ctx context.Context, regionID, actorID, policyID int64, in HarmonisationAnswerInput) (Harmonisation, error)
}
