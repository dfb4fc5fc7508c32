package evaluation

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// The table is recomputed here from raw answers (one row of nine scores
// per respondent) with plain float arithmetic, the way an inspector would
// with a spreadsheet: per element the answers, the sum and NRR = sum /
// answers, NRR × 1/9, their total, × 25, and the band of the regulation.
func TestSKMTableRecomputedFromRawAnswers(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 2017))
	for trial := 0; trial < 200; trial++ {
		n := 1 + rng.IntN(400)
		answers := make([][9]int, n)
		var counts SKMResponses
		for i := range answers {
			for e := range answers[i] {
				s := 1 + rng.IntN(4)
				if trial%3 == 0 {
					s = 2 + rng.IntN(3) // some surveys lean better
				}
				answers[i][e] = s
				counts[e][s-1]++
			}
		}
		tab, err := NewSKMTable(counts, 76.61)
		if err != nil {
			t.Fatal(err)
		}
		total := 0.0
		for e := 0; e < 9; e++ {
			sum := 0
			for _, a := range answers {
				sum += a[e]
			}
			nrr := float64(sum) / float64(n)
			total += nrr * (1.0 / 9)
			row := tab.Rows[e]
			if row.Answers != n || row.Sum != sum {
				t.Fatalf("trial %d %s: answers %d sum %d, want %d %d", trial, row.Code, row.Answers, row.Sum, n, sum)
			}
			if math.Abs(row.NRR-nrr) > 0.00005+1e-12 || math.Abs(row.Weighted-nrr/9) > 0.00005+1e-12 {
				t.Fatalf("trial %d %s: NRR %v weighted %v, want %.6f %.6f", trial, row.Code, row.NRR, row.Weighted, nrr, nrr/9)
			}
			if weak := nrr*25 < 76.61-0.005; weak != row.Weak && math.Abs(nrr*25-76.61) > 0.01 {
				t.Errorf("trial %d %s: weak %v, want %v (score %.4f)", trial, row.Code, row.Weak, weak, nrr*25)
			}
		}
		ikm := total * 25
		if math.Abs(tab.TotalWeighted-total) > 0.00005+1e-9 || math.Abs(tab.IKM-ikm) > 0.005+1e-9 {
			t.Fatalf("trial %d: total %v IKM %v, want %.6f %.6f", trial, tab.TotalWeighted, tab.IKM, total, ikm)
		}
		var band string
		switch h := math.Round(ikm * 100); {
		case h >= 8831:
			band = "A"
		case h >= 7661:
			band = "B"
		case h >= 6500:
			band = "C"
		default:
			band = "D"
		}
		if tab.Band != band || tab.Respondents != n || tab.WeightDen != 9 || tab.Weight != 0.1111 {
			t.Fatalf("trial %d: band %s respondents %d weight %d/%d=%v, want %s %d 1/9=0.1111", trial, tab.Band, tab.Respondents, tab.WeightNum, tab.WeightDen, tab.Weight, band, n)
		}
		// The table agrees with the IKM computed from the same raw answers.
		res, err := IKMFromAnswers(answers)
		if err != nil || res.IKM != tab.IKM || res.Band != tab.Band {
			t.Fatalf("trial %d: IKMFromAnswers %v %s (%v), table %v %s", trial, res.IKM, res.Band, err, tab.IKM, tab.Band)
		}
	}
}

// A hand-worked table: 4 respondents; U4 not asked (weight 1/8).
func TestSKMTableWorked(t *testing.T) {
	var r SKMResponses
	r[0] = [4]int{0, 0, 2, 2} // sum 14, NRR 3.5, score 87.50
	r[1] = [4]int{0, 4, 0, 0} // sum 8, NRR 2, score 50.00: weak
	r[2] = [4]int{0, 1, 3, 0} // sum 11, NRR 2.75, score 68.75: weak
	for e := 4; e < 9; e++ {
		r[e] = [4]int{0, 0, 0, 4} // NRR 4, score 100
	}
	tab, err := NewSKMTable(r, 76.61)
	if err != nil {
		t.Fatal(err)
	}
	// Total = (3.5 + 2 + 2.75 + 5×4) / 8 = 28.25/8 = 3.53125 → 3.5313; IKM 88.28125 → 88.28 B.
	if tab.WeightDen != 8 || tab.Weight != 0.125 || tab.TotalWeighted != 3.5313 || tab.IKM != 88.28 || tab.Band != "B" || tab.Label != "Baik" {
		t.Errorf("table = weight 1/%d (%v), total %v, IKM %v %s %s; want 1/8 (0.125), 3.5313, 88.28 B Baik",
			tab.WeightDen, tab.Weight, tab.TotalWeighted, tab.IKM, tab.Band, tab.Label)
	}
	if got, want := tab.WeakElements(), []string{"u2", "u3"}; !slices.Equal(got, want) {
		t.Errorf("weak = %v, want %v", got, want)
	}
	if u4 := tab.Rows[3]; u4.Answered || u4.Weak || u4.NRR != 0 {
		t.Errorf("U4 unanswered = %+v", u4)
	}
	if u3 := tab.Rows[2]; u3.Sum != 11 || u3.Answers != 4 || u3.NRR != 2.75 || u3.Weighted != 0.3438 || u3.Score != 68.75 {
		t.Errorf("U3 = %+v, want sum 11, 4 answers, NRR 2.75, weighted 0.3438, score 68.75", u3)
	}
	if _, err := NewSKMTable(SKMResponses{}, 0); err == nil {
		t.Error("a table of no respondent: no error")
	}
}

// The Krejcie–Morgan sizes against the published table, value for value
// (including where rounding up would differ: 15, 50, 500, 1200, 2000).
func TestKrejcieMorgan(t *testing.T) {
	for _, c := range []struct{ n, want int }{
		{0, 0}, {-5, 0}, {1, 1}, {10, 10}, {30, 28}, {50, 44}, {100, 80}, {200, 132}, {270, 159}, {500, 217},
		{1000, 278}, {1200, 291}, {2000, 322}, {5000, 357}, {10000, 370}, {100000, 383}, {1000000, 384},
		{15, 14}, {20, 19}, {25, 24}, {35, 32}, {280, 162}, {3000, 341}, {40000, 380},
	} {
		if got := KrejcieMorgan(c.n); got != c.want {
			t.Errorf("KrejcieMorgan(%d) = %d, want %d", c.n, got, c.want)
		}
	}
	for n := 1; n < 5000; n++ {
		if s := KrejcieMorgan(n); s > n || s < 1 {
			t.Fatalf("KrejcieMorgan(%d) = %d, outside 1..N", n, s)
		}
	}
}

func TestSampleOf(t *testing.T) {
	for _, c := range []struct {
		name                 string
		resp, pop, min       int
		wantReq              int
		wantFromPop, wantSuf bool
	}{
		{"one respondent, no population, region minimum 30", 1, 0, 30, 30, false, false},
		{"30 respondents meet the region minimum", 30, 0, 30, 30, false, true},
		{"population 100 needs 80", 79, 100, 30, 80, true, false},
		{"population 100, 80 respondents", 80, 100, 30, 80, true, true},
		{"a small population needs fewer than the region minimum", 10, 10, 30, 10, true, true},
		{"minimum 0 counts as 1", 1, 0, 0, 1, false, true},
	} {
		s := SampleOf(c.resp, c.pop, c.min)
		if s.Required != c.wantReq || s.FromPopulation != c.wantFromPop || s.Sufficient != c.wantSuf {
			t.Errorf("%s: %+v, want required %d from population %v sufficient %v", c.name, s, c.wantReq, c.wantFromPop, c.wantSuf)
		}
	}
	if err := ValidatePopulation(5, 10); err == nil {
		t.Error("population below respondents: no error")
	}
	if err := ValidatePopulation(-1, 0); err == nil {
		t.Error("negative population: no error")
	}
	if err := ValidatePopulation(0, 10); err != nil {
		t.Errorf("no population: %v", err)
	}
}
