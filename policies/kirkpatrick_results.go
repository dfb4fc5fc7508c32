package policies

import (
	"context"
	"math"
	"strings"
	"time"
)

// Kirkpatrick level 4 (results) of a training program: the unit's chosen
// indicator — what the program should move, from its baseline to its
// target — and, months after the end (the region's kp_results_months,
// default 6), the value the unit measured. The indicator may be set when
// the program is planned or later; the program's workflow asks for the
// value and reminds the unit while it is missing.

// ResultInput is a program's level 4 indicator as the unit sets it.
type ResultInput struct {
	Indicator     string  `db:"indicator" json:"indicator"`
	UnitOfMeasure string  `db:"unit_of_measure" json:"unit_of_measure"`
	Baseline      float64 `db:"baseline" json:"baseline"`
	Target        float64 `db:"target" json:"target"`
	// LowerIsBetter: the target is below the baseline (complaints, days).
	LowerIsBetter bool `db:"lower_is_better" json:"lower_is_better" required:"false"`
	// Actual is the measured value, on MeasuredOn (both or neither).
	Actual     *float64   `db:"actual" json:"actual,omitempty"`
	MeasuredOn *time.Time `db:"measured_on" json:"measured_on,omitempty"`
}

// ProgramResult is a program's level 4 indicator as the record keeps it.
type ProgramResult struct {
	ProgramID int64 `db:"program_id" json:"program_id"`
	ResultInput
	UpdatedAt time.Time `db:"updated_at" json:"updated_at"`
}

// maxIndicatorValue bounds a value (the database keeps 12 digits before
// the decimal point).
const maxIndicatorValue = 1e12

// Validate checks an indicator as the unit sends it: its name (1–300
// characters) and unit of measure (1–60), finite values, a target on the
// better side of the baseline, and an actual value with the day it was
// measured (not in the future) or neither.
func (r *ResultInput) Validate(now time.Time) error {
	r.Indicator, r.UnitOfMeasure = strings.TrimSpace(r.Indicator), strings.TrimSpace(r.UnitOfMeasure)
	if err := checkText("indicator", r.Indicator, 300, "nama indikator wajib diisi"); err != nil {
		return err
	}
	if err := checkText("unit_of_measure", r.UnitOfMeasure, 60, "satuan wajib diisi"); err != nil {
		return err
	}
	for _, f := range []struct {
		name string
		v    *float64
	}{{"baseline", &r.Baseline}, {"target", &r.Target}, {"actual", r.Actual}} {
		if f.v != nil && (math.IsNaN(*f.v) || math.Abs(*f.v) >= maxIndicatorValue) {
			return FieldError(f.name, "nilai harus angka kurang dari 1 triliun")
		}
	}
	if r.Target == r.Baseline || (r.Target < r.Baseline) != r.LowerIsBetter {
		return FieldError("target", "target harus lebih baik dari nilai awal (lebih tinggi, atau lebih rendah bila makin rendah makin baik)")
	}
	switch {
	case (r.Actual == nil) != (r.MeasuredOn == nil):
		return FieldError("measured_on", "nilai capaian dan tanggal pengukurannya diisi bersama")
	case r.MeasuredOn != nil && r.MeasuredOn.After(now):
		return FieldError("measured_on", "tanggal pengukuran tidak boleh di masa depan")
	}
	return nil
}

// Reached says whether the measured value reaches the target (false when
// none is measured).
func (r ResultInput) Reached() bool {
	if r.Actual == nil {
		return false
	}
	if r.LowerIsBetter {
		return *r.Actual <= r.Target
	}
	return *r.Actual >= r.Target
}

// ActualValue is the measured value (0 when none).
func (r ResultInput) ActualValue() float64 {
	if r.Actual == nil {
		return 0
	}
	return *r.Actual
}

// CheckResultOpen says whether a program's indicator may be recorded: not
// for a cancelled program, and a measured value only once it is done (409).
func CheckResultOpen(s ProgramStatus, measured bool) error {
	switch {
	case s == ProgramCancelled:
		return Errorf(KindConflict, "program dibatalkan: indikator hasil tidak dicatat")
	case measured && s != ProgramDone:
		return Errorf(KindConflict, "nilai capaian dicatat setelah program selesai")
	}
	return nil
}

// ResultStore keeps a program's level 4 indicator.
type ResultStore interface {
	// ProgramResultOf reads the program's indicator (not found: none set).
	ProgramResultOf(ctx context.Context, programID int64) (ProgramResult, error)
	// SaveProgramResult sets or changes the indicator, audited with its before.
	SaveProgramResult(ctx context.Context, programID, actorID int64, r ResultInput) (ProgramResult, error)
}
