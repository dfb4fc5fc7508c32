package policies

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Validate checks an enactment's fields and trims its place. Whether the
// people may sign, and the date against the region's today, are the
// store's to say (they need the region).
func (in *EnactmentInput) Validate() error {
	in.Place = strings.TrimSpace(in.Place)
	switch {
	case !in.Form.Valid():
		return FieldError("form", "bentuk produk hukum harus Peraturan Wali Kota atau Keputusan Wali Kota")
	case utf8.RuneCountInString(in.Place) > 100:
		return FieldError("place", "tempat penetapan paling panjang 100 karakter")
	case in.PrincipalID <= 0:
		return FieldError("principal_id", "pejabat yang menetapkan wajib dipilih")
	case in.SignerID <= 0:
		return FieldError("signer_id", "penandatangan wajib dipilih")
	}
	if err := CheckNoOnBehalfOnPeraturan(in.Form, in.OnBehalf); err != nil {
		return err
	}
	enacted, err := time.Parse(time.DateOnly, strings.TrimSpace(in.EnactedOn))
	if err != nil {
		return FieldError("enacted_on", "tanggal penetapan tidak sah (TTTT-BB-HH)")
	}
	_, err = EffectiveDay(in.EffectiveOn, enacted)
	return err
}

// EffectiveDay is the day an enactment's text sets for its taking effect
// (effective_on): nil when empty (the default: promulgation, or enactment
// for a Keputusan), else a date not before the enactment; it may lie ahead.
func EffectiveDay(v string, enacted time.Time) (*time.Time, error) {
	if strings.TrimSpace(v) == "" {
		return nil, nil
	}
	d, err := time.Parse(time.DateOnly, strings.TrimSpace(v))
	if err != nil {
		return nil, FieldError("effective_on", "tanggal mulai berlaku tidak sah (TTTT-BB-HH)")
	}
	if d.Before(enacted) {
		return nil, FieldError("effective_on", "tanggal mulai berlaku tidak boleh sebelum tanggal penetapan (%s)", enacted.Format(time.DateOnly))
	}
	return &d, nil
}

// Validate checks a promulgation's date and promulgator.
func (in PromulgationInput) Validate() error {
	if _, err := time.Parse(time.DateOnly, strings.TrimSpace(in.PromulgatedOn)); err != nil {
		return FieldError("promulgated_on", "tanggal pengundangan tidak sah (TTTT-BB-HH)")
	}
	if in.PromulgatorID <= 0 {
		return FieldError("promulgator_id", "pejabat yang mengundangkan wajib dipilih")
	}
	return nil
}
