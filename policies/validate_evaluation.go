package policies

// EvaluationPlan is a policy's evaluation cadence and IKM threshold as its
// drafter sets them.
type EvaluationPlan struct {
	Months    int     // between rounds, 1–60
	Threshold float64 // IKM below which a result reopens the policy, 25–100
}

// Validate checks the cadence and the threshold.
func (in EvaluationPlan) Validate() error {
	switch {
	case in.Months < 1 || in.Months > 60:
		return FieldError("evaluation_months", "jarak evaluasi 1–60 bulan")
	case in.Threshold < 25 || in.Threshold > 100:
		return FieldError("ikm_threshold", "ambang IKM 25–100")
	}
	return nil
}
