package evaluation

import "github.com/policyflow/policyflow/policies"

// Sample sufficiency of an SKM. PermenPANRB No. 14 Tahun 2017 takes the
// number of respondents from the Krejcie and Morgan table for the unit's
// service population (people served in the period); without a population,
// the region's configured minimum applies.

// MaxPopulation bounds a unit's service population (a city's population
// many times over), so that the arithmetic stays in an int64.
const MaxPopulation = 100_000_000

// KrejcieMorgan returns the sample size for a population of n people, by
// Krejcie and Morgan (1970): s = X²NP(1−P) / (d²(N−1) + X²P(1−P)) with
// X² = 3.841 (chi-square, 1 degree of freedom, 95%), P = 0.5 and d = 0.05.
// In integers: s = 3841·N / (10·(N−1) + 3841) = 3841·N / (10·N + 3831)
// (both terms times 4000), rounded to the nearest person, halves up: so
// it gives the published table that PermenPANRB 14/2017 refers to, value
// for value (N=50: 44.34 → 44, N=100: 79.51 → 80, N=1000: 277.7 → 278).
// Rounding up instead would ask one respondent more than the table for
// many N (50 → 45, 500 → 218, 2000 → 323) and refuse surveys the
// regulation accepts. It is never more than n; 0 for n ≤ 0.
func KrejcieMorgan(n int) int {
	if n <= 0 {
		return 0
	}
	num := int64(3841) * int64(n)
	den := int64(10)*int64(n) + 3831
	return int((2*num + den) / (2 * den))
}

// SKMSample is what a unit's SKM needed and had.
type SKMSample struct {
	Respondents int `json:"respondents"`
	// Population is the service population the unit entered (0: none).
	Population int `json:"population,omitempty"`
	// Required is KrejcieMorgan(Population) when a population was entered,
	// else the region's minimum.
	Required int `json:"required"`
	// FromPopulation says Required came from the population.
	FromPopulation bool `json:"from_population"`
	Sufficient     bool `json:"sufficient"`
}

// SampleOf judges whether respondents suffice: against the Krejcie–Morgan
// size of population when one is given (> 0), else against the region's
// minimum (at least 1).
func SampleOf(respondents, population, regionMinimum int) SKMSample {
	s := SKMSample{Respondents: respondents, Population: population, Required: max(regionMinimum, 1)}
	if population > 0 {
		s.Required, s.FromPopulation = KrejcieMorgan(population), true
	}
	s.Sufficient = respondents >= s.Required
	return s
}

// ValidatePopulation checks an entered service population: none (0), or
// 1 to MaxPopulation people, and never fewer than the respondents.
func ValidatePopulation(population, respondents int) error {
	switch {
	case population == 0:
		return nil
	case population < 0 || population > MaxPopulation:
		return policies.FieldError("population", "jumlah populasi penerima layanan harus 1–%d orang", MaxPopulation)
	case population < respondents:
		return policies.FieldError("population", "jumlah populasi penerima layanan (%d) lebih kecil dari jumlah responden (%d)", population, respondents)
	}
	return nil
}
