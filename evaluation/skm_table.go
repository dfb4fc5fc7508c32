package evaluation

import (
	"math/big"
)

// The calculation of PermenPANRB No. 14 Tahun 2017 (Lampiran, Bab III):
// each element's NRR (nilai rata-rata: the sum of its scores over its
// respondents) is weighted by bobot = jumlah bobot / jumlah unsur = 1/9; the
// weighted NRRs add up to the unit's NRR tertimbang, and the IKM is that
// total times the conversion factor 25 (scores 1–4 become 25–100). The
// bands are the regulation's: A 88.31–100.00 (NRR 3.5324–4.00), B
// 76.61–88.30 (3.0644–3.532), C 65.00–76.60 (2.60–3.064), D 25.00–64.99
// (1.00–2.5996).

// SKMConversion is the factor that turns the weighted NRR (1–4) into the
// IKM (25–100).
const SKMConversion = 25

// SKMTableRow is one element's line of the calculation table.
type SKMTableRow struct {
	Code string `json:"code"` // u1..u9
	Name string `json:"name"` // the element's name in the regulation
	// Counts are the respondents who gave the scores 1, 2, 3, 4.
	Counts [4]int `json:"counts"`
	// Answers is the number of respondents of the element; Sum the sum of
	// their scores (Σ score × respondents).
	Answers int `json:"answers"`
	Sum     int `json:"sum"`
	// NRR is Sum / Answers; Weighted is NRR × Weight; Score is NRR × 25,
	// the element's value on the IKM scale. All rounded half-up, NRR and
	// Weighted to 4 decimals (as the regulation's worked example shows
	// them), Score to 2; 0 for an element nobody answered.
	NRR      float64 `json:"nrr"`
	Weighted float64 `json:"weighted_nrr"`
	Score    float64 `json:"score"`
	// Answered is false for an element nobody answered: it is left out of
	// the weights (a free service does not ask about U4 biaya/tarif).
	Answered bool `json:"answered"`
	// Weak marks an answered element whose Score is below the policy's
	// threshold (SKMTable's threshold; never with threshold 0).
	Weak bool `json:"weak"`
}

// SKMTable is the calculation table of one unit's SKM, from which anyone can
// recompute its IKM: per element the answers, the sum, the NRR and the
// weighted NRR, then the total, the IKM, its band and its label.
type SKMTable struct {
	Rows [9]SKMTableRow `json:"elements"`
	// WeightNum/WeightDen is the weight of each answered element: 1/9 when
	// all nine are answered, 1/n when only n are. Weight is its value to 4
	// decimals (0.1111).
	WeightNum int     `json:"weight_numerator"`
	WeightDen int     `json:"weight_denominator"`
	Weight    float64 `json:"weight"`
	// TotalWeighted is the NRR tertimbang, the sum of the weighted NRRs
	// (exact, then rounded to 4 decimals).
	TotalWeighted float64 `json:"total_weighted_nrr"`
	// IKM = TotalWeighted × 25, exact then rounded half-up to 2 decimals;
	// Band and Label are those of the IKM.
	IKM         float64 `json:"ikm"`
	Band        string  `json:"band"`
	Label       string  `json:"band_label"`
	Respondents int     `json:"respondents"`
	// Threshold is the IKM below which an element is weak (0: none given).
	Threshold float64 `json:"threshold"`
}

// WeakElements lists the codes of the table's weak elements, in order.
func (t SKMTable) WeakElements() []string {
	var out []string
	for _, r := range t.Rows {
		if r.Weak {
			out = append(out, r.Code)
		}
	}
	return out
}

// NewSKMTable computes the calculation table of a survey, exactly (the IKM
// is IKM(r)'s), marking weak every answered element whose NRR × 25 is below
// threshold (give 0 for no threshold).
func NewSKMTable(r SKMResponses, threshold float64) (SKMTable, error) {
	res, err := IKM(r)
	if err != nil {
		return SKMTable{}, err
	}
	t := SKMTable{WeightNum: 1, WeightDen: res.Answered, IKM: res.IKM, Band: res.Band, Label: res.Label,
		Respondents: res.Respondents, Threshold: threshold}
	weight := big.NewRat(1, int64(res.Answered))
	t.Weight = round(weight, 4)
	total := new(big.Rat)
	for e, el := range SKMElements {
		row := SKMTableRow{Code: el.Code, Name: el.Name, Counts: r[e], Answers: res.ElementRespondents[e]}
		for k, c := range r[e] {
			row.Sum += (k + 1) * c
		}
		if mean := res.ElementMeans[e]; mean != nil {
			row.Answered = true
			row.NRR = round(mean, 4)
			w := new(big.Rat).Mul(mean, weight)
			total.Add(total, w)
			row.Weighted = round(w, 4)
			score := new(big.Rat).Mul(mean, big.NewRat(SKMConversion, 1))
			row.Score = Round2(score)
			row.Weak = threshold > 0 && row.Score < threshold
		}
		t.Rows[e] = row
	}
	t.TotalWeighted = round(total, 4)
	return t, nil
}

// round rounds r half away from zero to the given decimals, as a float64.
func round(r *big.Rat, decimals int) float64 {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(decimals)), nil)
	num := new(big.Int).Mul(r.Num(), scale)
	num.Mul(num, big.NewInt(2))
	den := new(big.Int).Mul(r.Denom(), big.NewInt(2))
	neg := num.Sign() < 0
	num.Abs(num)
	num.Add(num, r.Denom())
	q := num.Quo(num, den)
	if neg {
		q.Neg(q)
	}
	f, _ := new(big.Rat).SetFrac(q, scale).Float64()
	return f
}
