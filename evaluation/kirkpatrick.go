package evaluation

import (
	"math/big"

	"github.com/policyflow/policyflow/policies"
)

// KirkpatrickLevels names the four levels as shown to users: reaction,
// learning, behaviour and results.
var KirkpatrickLevels = [4]string{"Reaksi", "Pembelajaran", "Perilaku", "Hasil"}

// KirkpatrickResult is the outcome of a Kirkpatrick evaluation.
type KirkpatrickResult struct {
	// LevelMeans is the mean score (1–5) of each level rounded half-up to
	// 2 decimals; 0 for a level without scores.
	LevelMeans [4]float64
	// ExactMeans is the exact mean of each level; nil for a level without scores.
	ExactMeans [4]*big.Rat
	// Counts is the number of scores of each level.
	Counts [4]int
	// Evaluated is the number of levels with at least one score.
	Evaluated int
	// Exact is the exact index: (mean of the exact level means − 1) / 4 × 100.
	Exact *big.Rat
	// Index is Exact rounded half-up to 2 decimals, 0–100.
	Index float64
}

// Kirkpatrick computes the mean of each level (scores[0] = level 1, reaction …
// scores[3] = level 4, results), each score a 1–5 Likert value, and an overall
// 0–100 index: the mean of the level means m, scaled as (m − 1) / 4 × 100.
// A level without scores is left out (level 4 is often not measured); no
// scores at all, or a score outside 1–5, is an error naming the level
// ("level1" … "level4").
func Kirkpatrick(scores [4][]int) (KirkpatrickResult, error) {
	var res KirkpatrickResult
	sum := new(big.Rat)
	for l, ss := range scores {
		if len(ss) == 0 {
			continue
		}
		field := "level" + string(rune('1'+l))
		total := new(big.Int)
		for i, s := range ss {
			if s < 1 || s > 5 {
				return KirkpatrickResult{}, policies.FieldError(field,
					"skor ke-%d pada level %d (%s) harus 1–5, bukan %d", i+1, l+1, KirkpatrickLevels[l], s)
			}
			total.Add(total, big.NewInt(int64(s)))
		}
		mean := new(big.Rat).SetFrac(total, big.NewInt(int64(len(ss))))
		res.ExactMeans[l] = mean
		res.LevelMeans[l] = Round2(mean)
		res.Counts[l] = len(ss)
		res.Evaluated++
		sum.Add(sum, mean)
	}
	if res.Evaluated == 0 {
		return KirkpatrickResult{}, policies.FieldError("levels",
			"belum ada skor: tidak satu pun level Kirkpatrick (1–4) memiliki skor")
	}
	m := sum.Quo(sum, big.NewRat(int64(res.Evaluated), 1))
	m.Sub(m, big.NewRat(1, 1))
	res.Exact = m.Mul(m, big.NewRat(25, 1)) // (m−1)/4×100 = (m−1)×25
	res.Index = Round2(res.Exact)
	return res, nil
}
