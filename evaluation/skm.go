package evaluation

import (
	"fmt"
	"math"
	"math/big"

	"github.com/policyflow/policyflow/policies"
)

// SKMElement is one of the nine service elements (unsur pelayanan) of the SKM.
type SKMElement struct {
	Code string // "u1".."u9"; also the field name of errors about the element
	Name string // the element's name as the regulation words it
}

// SKMElements lists the nine elements U1..U9 of PermenPANRB No. 14 Tahun 2017.
var SKMElements = [9]SKMElement{
	{"u1", "Persyaratan"},
	{"u2", "Sistem, mekanisme dan prosedur"},
	{"u3", "Waktu penyelesaian"},
	{"u4", "Biaya/tarif"},
	{"u5", "Produk spesifikasi jenis pelayanan"},
	{"u6", "Kompetensi pelaksana"},
	{"u7", "Perilaku pelaksana"},
	{"u8", "Penanganan pengaduan, saran dan masukan"},
	{"u9", "Sarana dan prasarana"},
}

// SKMResponses counts the answers of a survey: r[e][k] is the number of
// respondents who gave element e (0 = U1 … 8 = U9) the score k+1 (1–4).
type SKMResponses [9][4]int

// MaxElementRespondents bounds the respondents of one element, far above any
// real survey, so that sums cannot overflow an int.
const MaxElementRespondents = 10_000_000

// NoAnswer marks, in IKMFromAnswers, an element a respondent did not answer.
const NoAnswer = 0

// The SKM bands (mutu pelayanan) and the unit performance (kinerja unit) they
// stand for.
const (
	BandA = "A" // Sangat Baik, 88.31–100.00
	BandB = "B" // Baik, 76.61–88.30
	BandC = "C" // Kurang Baik, 65.00–76.60
	BandD = "D" // Tidak Baik, 25.00–64.99
)

// Result is a computed IKM.
type Result struct {
	// ElementMeans holds the exact NRR (nilai rata-rata: sum of scores divided by
	// the element's respondents) of each element, as a *big.Rat; nil when no
	// respondent answered the element.
	ElementMeans [9]*big.Rat
	// ElementNRR is ElementMeans rounded half-up to 2 decimals, for display;
	// 0 for an unanswered element.
	ElementNRR [9]float64
	// ElementRespondents is the number of respondents of each element.
	ElementRespondents [9]int
	// Answered is the number of elements with at least one respondent: the
	// divisor of the mean of the element means.
	Answered int
	// Exact is the exact IKM: (sum of ElementMeans / Answered) × 25.
	Exact *big.Rat
	// IKM is Exact rounded half-up to 2 decimals; the band is taken from it.
	IKM float64
	// Band is the mutu pelayanan, "A" … "D".
	Band string
	// Label is the kinerja unit: "Sangat Baik", "Baik", "Kurang Baik", "Tidak Baik".
	Label string
	// Respondents is the number of respondents of the survey: for IKM the
	// largest ElementRespondents, for IKMFromAnswers the number of answer rows.
	Respondents int
}

// IKM computes the Indeks Kepuasan Masyarakat of a survey: the mean of each
// element (NRR), then the mean of the element means times 25, exactly, and the
// band of the value rounded half-up to 2 decimals.
//
// An element nobody answered is left out of the mean (a free service, for
// instance, may not ask about U4 biaya/tarif); a survey without any respondent
// is an error, as is a negative count.
func IKM(r SKMResponses) (Result, error) {
	var res Result
	sum := new(big.Rat)
	for e := range r {
		code := SKMElements[e].Code
		n := 0
		scores := new(big.Int)
		for k, c := range r[e] {
			if c < 0 {
				return Result{}, policies.FieldError(code,
					"jumlah responden yang memberi nilai %d pada unsur %s (%s) tidak boleh negatif (%d)",
					k+1, upper(code), SKMElements[e].Name, c)
			}
			if c > MaxElementRespondents {
				return Result{}, policies.FieldError(code,
					"jumlah responden pada unsur %s (%s) terlalu besar (paling banyak %d)",
					upper(code), SKMElements[e].Name, MaxElementRespondents)
			}
			n += c
			scores.Add(scores, new(big.Int).Mul(big.NewInt(int64(k+1)), big.NewInt(int64(c))))
		}
		if n > MaxElementRespondents {
			return Result{}, policies.FieldError(code,
				"jumlah responden pada unsur %s (%s) terlalu besar (paling banyak %d)",
				upper(code), SKMElements[e].Name, MaxElementRespondents)
		}
		res.ElementRespondents[e] = n
		if n == 0 {
			continue
		}
		mean := new(big.Rat).SetFrac(scores, big.NewInt(int64(n)))
		res.ElementMeans[e] = mean
		res.ElementNRR[e] = Round2(mean)
		res.Answered++
		sum.Add(sum, mean)
		res.Respondents = max(res.Respondents, n)
	}
	if res.Answered == 0 {
		return Result{}, policies.FieldError("responses",
			"belum ada responden: tidak satu pun unsur SKM (U1–U9) memiliki jawaban")
	}
	res.Exact = sum.Mul(sum, big.NewRat(25, int64(res.Answered)))
	h := hundredths(res.Exact)
	res.IKM = hundredthsFloat(h)
	res.Band, res.Label = bandOfHundredths(h.Int64())
	return res, nil
}

// IKMFromAnswers computes the IKM from raw answers, one [9]int per respondent
// holding the scores 1–4 given to U1..U9, or NoAnswer for an element the
// respondent skipped. A score outside 1–4 and a respondent who answered
// nothing are errors; the first error found is returned.
func IKMFromAnswers(answers [][9]int) (Result, error) {
	var r SKMResponses
	if len(answers) > MaxElementRespondents {
		return Result{}, policies.FieldError("responses",
			"jumlah responden terlalu besar (paling banyak %d)", MaxElementRespondents)
	}
	for i, a := range answers {
		answered := false
		for e, s := range a {
			if s == NoAnswer {
				continue
			}
			if s < 1 || s > 4 {
				code := SKMElements[e].Code
				return Result{}, policies.FieldError(code,
					"jawaban responden ke-%d untuk unsur %s (%s) harus 1–4, bukan %d",
					i+1, upper(code), SKMElements[e].Name, s)
			}
			r[e][s-1]++
			answered = true
		}
		if !answered {
			return Result{}, policies.FieldError("responses",
				"responden ke-%d tidak menjawab satu pun unsur SKM", i+1)
		}
	}
	res, err := IKM(r)
	if err != nil {
		return Result{}, err
	}
	res.Respondents = len(answers)
	return res, nil
}

// BandOf returns the band (mutu pelayanan) and label (kinerja unit) of an IKM
// given with 2 decimals, such as Result.IKM: A "Sangat Baik" 88.31–100.00,
// B "Baik" 76.61–88.30, C "Kurang Baik" 65.00–76.60, D "Tidak Baik"
// 25.00–64.99. The value is first rounded to hundredths, so a float64 close to
// a 2-decimal value is banded as that value. Outside 25.00–100.00 (or NaN) it
// returns "", "".
func BandOf(ikm float64) (band, label string) {
	if math.IsNaN(ikm) || math.IsInf(ikm, 0) || ikm < 0 || ikm > 1000 {
		return "", ""
	}
	return bandOfHundredths(int64(math.Round(ikm * 100)))
}

// bandOfHundredths bands an IKM given in hundredths (7661 for 76.61).
func bandOfHundredths(h int64) (band, label string) {
	switch {
	case h > 10000 || h < 2500:
		return "", ""
	case h >= 8831:
		return BandA, "Sangat Baik"
	case h >= 7661:
		return BandB, "Baik"
	case h >= 6500:
		return BandC, "Kurang Baik"
	default:
		return BandD, "Tidak Baik"
	}
}

// Round2 rounds r half-up (halves away from zero) to 2 decimals and returns
// the nearest float64: 76.605 gives 76.61, 76.6049… gives 76.60. A nil r
// gives 0.
func Round2(r *big.Rat) float64 {
	if r == nil {
		return 0
	}
	return hundredthsFloat(hundredths(r))
}

// hundredths returns r×100 rounded half away from zero, as an integer.
func hundredths(r *big.Rat) *big.Int {
	num := new(big.Int).Mul(r.Num(), big.NewInt(200)) // 2·100·num
	den := new(big.Int).Mul(r.Denom(), big.NewInt(2)) // 2·den (den > 0)
	neg := num.Sign() < 0
	num.Abs(num)
	num.Add(num, r.Denom()) // floor((200·|num| + den) / (2·den)) = round(|r|·100)
	q := num.Quo(num, den)
	if neg {
		q.Neg(q)
	}
	return q
}

// hundredthsFloat returns h/100 as the nearest float64.
func hundredthsFloat(h *big.Int) float64 {
	f, _ := new(big.Rat).SetFrac(h, big.NewInt(100)).Float64()
	return f
}

// upper returns an element code as printed in messages: "u3" → "U3".
func upper(code string) string { return fmt.Sprintf("U%s", code[1:]) }
