package evaluation

import "github.com/policyflow/policyflow/policies"

// The respondents' profile of an SKM (PermenPANRB 14/2017 asks the survey
// to record it): how many respondents per gender, age band and education,
// as the unit counts them. Only aggregates are kept, and a page never shows
// a cell of fewer than MinProfileCell people.

// MinProfileCell is the fewest people a shown profile cell may count.
const MinProfileCell = 5

// SKMProfile counts the respondents by category; every category is
// optional (all zero: not asked).
type SKMProfile struct {
	Gender    [2]int `json:"gender"`    // laki-laki, perempuan
	Age       [4]int `json:"age"`       // < 25, 25–39, 40–54, ≥ 55
	Education [5]int `json:"education"` // ≤ SMP, SMA/SMK, D1–D3, D4/S1, S2/S3
}

// ProfileCategory names a category of the profile and its cells' codes.
type ProfileCategory struct {
	Code  string   // gender, age, education: also the field of errors
	Cells []string // the cells' codes, for their names
}

// ProfileCategories are the profile's categories in order.
var ProfileCategories = []ProfileCategory{
	{"gender", []string{"male", "female"}},
	{"age", []string{"under25", "25to39", "40to54", "55plus"}},
	{"education", []string{"smp", "sma", "diploma", "s1", "s2"}},
}

// counts returns the category's cells.
func (p SKMProfile) counts(cat int) []int {
	switch cat {
	case 0:
		return p.Gender[:]
	case 1:
		return p.Age[:]
	}
	return p.Education[:]
}

// Validate checks the profile against the respondents: no negative cell,
// and no category counting more people than responded.
func (p SKMProfile) Validate(respondents int) error {
	for i, c := range ProfileCategories {
		sum := 0
		for _, n := range p.counts(i) {
			if n < 0 {
				return policies.FieldError("profile."+c.Code, "jumlah responden pada profil tidak boleh negatif")
			}
			sum += n
		}
		if sum > respondents {
			return policies.FieldError("profile."+c.Code, "profil %s menghitung %d orang, lebih dari %d responden", c.Code, sum, respondents)
		}
	}
	return nil
}

// ProfileCell is one shown cell: its count, or Suppressed.
type ProfileCell struct {
	Code       string `json:"code"`
	Count      int    `json:"count"` // 0 when Suppressed
	Suppressed bool   `json:"suppressed"`
}

// ProfileRow is one category as shown.
type ProfileRow struct {
	Code  string        `json:"code"`
	Cells []ProfileCell `json:"cells"`
}

// Shown returns the profile as a page may show it: a cell of 1 to
// MinProfileCell−1 people is suppressed; when a category has exactly one
// suppressed cell, the smallest other non-zero cell is suppressed too, so
// the hidden one cannot be worked out from the respondents' total.
// Categories nobody was counted in are left out.
func (p SKMProfile) Shown() []ProfileRow {
	var out []ProfileRow
	for i, c := range ProfileCategories {
		counts := p.counts(i)
		row := ProfileRow{Code: c.Code}
		hidden, total := 0, 0
		for k, n := range counts {
			cell := ProfileCell{Code: c.Cells[k], Count: n}
			if n > 0 && n < MinProfileCell {
				cell.Suppressed, cell.Count = true, 0
				hidden++
			}
			total += n
			row.Cells = append(row.Cells, cell)
		}
		if total == 0 {
			continue
		}
		if hidden == 1 {
			smallest := -1
			for k, cell := range row.Cells {
				if !cell.Suppressed && cell.Count > 0 && (smallest < 0 || cell.Count < row.Cells[smallest].Count) {
					smallest = k
				}
			}
			if smallest >= 0 {
				row.Cells[smallest].Suppressed, row.Cells[smallest].Count = true, 0
			}
		}
		out = append(out, row)
	}
	return out
}
