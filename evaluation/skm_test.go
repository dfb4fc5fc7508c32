package evaluation

import (
	"math"
	"math/big"
	"testing"

	"github.com/policyflow/policyflow/policies"
)

// same returns SKMResponses with every element answered as c.
func same(c [4]int) SKMResponses {
	var r SKMResponses
	for e := range r {
		r[e] = c
	}
	return r
}

func TestIKM(t *testing.T) {
	tests := []struct {
		name        string
		r           SKMResponses
		wantExact   string // big.Rat RatString
		wantIKM     float64
		wantBand    string
		wantLabel   string
		answered    int
		respondents int
	}{
		{
			// Every element: 10 respondents × 4 = 40, NRR 40/10 = 4.
			// IKM = (9×4)/9 × 25 = 100 → 100.00 A.
			name: "all answers 4", r: same([4]int{0, 0, 0, 10}),
			wantExact: "100", wantIKM: 100, wantBand: "A", wantLabel: "Sangat Baik", answered: 9, respondents: 10,
		},
		{
			// Every element: NRR 7/7 = 1. IKM = 1 × 25 = 25 → 25.00 D.
			name: "all answers 1", r: same([4]int{7, 0, 0, 0}),
			wantExact: "25", wantIKM: 25, wantBand: "D", wantLabel: "Tidak Baik", answered: 9, respondents: 7,
		},
		{
			// Every element: 3 respondents answer 2, 3, 4 → 9/3 = 3. IKM = 3 × 25 = 75.00 C.
			name: "all means 3", r: same([4]int{0, 1, 1, 1}),
			wantExact: "75", wantIKM: 75, wantBand: "C", wantLabel: "Kurang Baik", answered: 9, respondents: 3,
		},
		{
			// Mixed, worked by hand with exact fractions; U4 (biaya) not asked:
			//   U1 (0,1,2,1): 2+6+4    = 12 / 4 = 3
			//   U2 (1,1,1,1): 1+2+3+4  = 10 / 4 = 5/2
			//   U3 (0,0,1,2): 3+8      = 11 / 3 = 11/3
			//   U4 (0,0,0,0): unanswered, left out
			//   U5 (0,2,1,0): 4+3      =  7 / 3 = 7/3
			//   U6 (0,0,2,2): 6+8      = 14 / 4 = 7/2
			//   U7 (0,0,0,4): 16       = 16 / 4 = 4
			//   U8 (1,0,0,0): 1        =  1 / 1 = 1
			//   U9 (0,1,1,1): 2+3+4    =  9 / 3 = 3
			// Sum = (3+4+1+3) + (5/2+7/2) + (11/3+7/3) = 11 + 6 + 6 = 23 over 8 elements.
			// IKM = 23/8 × 25 = 575/8 = 71.875 → half-up 71.88 → C.
			name: "mixed with an unanswered element",
			r: SKMResponses{
				{0, 1, 2, 1}, {1, 1, 1, 1}, {0, 0, 1, 2}, {0, 0, 0, 0}, {0, 2, 1, 0},
				{0, 0, 2, 2}, {0, 0, 0, 4}, {1, 0, 0, 0}, {0, 1, 1, 1},
			},
			wantExact: "575/8", wantIKM: 71.88, wantBand: "C", wantLabel: "Kurang Baik", answered: 8, respondents: 4,
		},
		{
			// Every element 5000 respondents: 4679×3 + 321×4 = 14037 + 1284 = 15321,
			// NRR = 15321/5000 = 3.0642; IKM = 3.0642 × 25 = 76.605 exactly → half-up 76.61 → B.
			name: "exactly 76.605 rounds up to B", r: same([4]int{0, 0, 4679, 321}),
			wantExact: "15321/200", wantIKM: 76.61, wantBand: "B", wantLabel: "Baik", answered: 9, respondents: 5000,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := IKM(tt.r)
			if err != nil {
				t.Fatalf("IKM: %v", err)
			}
			if g := got.Exact.RatString(); g != tt.wantExact {
				t.Errorf("Exact = %s, want %s", g, tt.wantExact)
			}
			if got.IKM != tt.wantIKM || got.Band != tt.wantBand || got.Label != tt.wantLabel {
				t.Errorf("IKM, Band, Label = %v, %q, %q; want %v, %q, %q",
					got.IKM, got.Band, got.Label, tt.wantIKM, tt.wantBand, tt.wantLabel)
			}
			if got.Answered != tt.answered || got.Respondents != tt.respondents {
				t.Errorf("Answered, Respondents = %d, %d; want %d, %d",
					got.Answered, got.Respondents, tt.answered, tt.respondents)
			}
		})
	}
}

func TestIKMElementMeans(t *testing.T) {
	r := SKMResponses{
		{0, 1, 2, 1}, {1, 1, 1, 1}, {0, 0, 1, 2}, {0, 0, 0, 0}, {0, 2, 1, 0},
		{0, 0, 2, 2}, {0, 0, 0, 4}, {1, 0, 0, 0}, {0, 1, 1, 1},
	}
	got, err := IKM(r)
	if err != nil {
		t.Fatal(err)
	}
	wantMeans := [9]string{"3", "5/2", "11/3", "", "7/3", "7/2", "4", "1", "3"}
	wantNRR := [9]float64{3, 2.5, 3.67, 0, 2.33, 3.5, 4, 1, 3}
	wantN := [9]int{4, 4, 3, 0, 3, 4, 4, 1, 3}
	for e := range wantMeans {
		g := ""
		if got.ElementMeans[e] != nil {
			g = got.ElementMeans[e].RatString()
		}
		if g != wantMeans[e] || got.ElementNRR[e] != wantNRR[e] || got.ElementRespondents[e] != wantN[e] {
			t.Errorf("element %d: mean %q NRR %v n %d; want %q %v %d", e+1,
				g, got.ElementNRR[e], got.ElementRespondents[e], wantMeans[e], wantNRR[e], wantN[e])
		}
	}
}

// TestIKMBandEdgesEndToEnd lands real response counts on each side of every
// band edge. The counts come from TestFindEdgeCounts: with n respondents on
// each of the 9 elements and S the total of all scores,
// IKM = (S/(9n)) × 25 = 25S/(9n).
func TestIKMBandEdgesEndToEnd(t *testing.T) {
	rows := func(a [4]int, na int, b [4]int) SKMResponses {
		var r SKMResponses
		for e := range r {
			if e < na {
				r[e] = a
			} else {
				r[e] = b
			}
		}
		return r
	}
	tests := []struct {
		name      string
		r         SKMResponses
		wantExact string
		wantIKM   float64
		wantBand  string
	}{
		{
			// n=24: 2 elements (0,0,12,12) = 36+48 = 84, 7 elements (0,0,11,13) = 33+52 = 85.
			// S = 2×84 + 7×85 = 168 + 595 = 763. IKM = 25×763/216 = 19075/216 = 88.3102… → 88.31 A.
			name: "88.31", r: rows([4]int{0, 0, 12, 12}, 2, [4]int{0, 0, 11, 13}),
			wantExact: "19075/216", wantIKM: 88.31, wantBand: "A",
		},
		{
			// n=19: 8 elements (0,0,9,10) = 27+40 = 67, 1 element (0,0,8,11) = 24+44 = 68.
			// S = 8×67 + 68 = 604. IKM = 25×604/171 = 15100/171 = 88.3040… → 88.30 B.
			name: "88.30", r: rows([4]int{0, 0, 9, 10}, 8, [4]int{0, 0, 8, 11}),
			wantExact: "15100/171", wantIKM: 88.30, wantBand: "B",
		},
		{
			// n=19: 7 elements (0,0,18,1) = 54+4 = 58, 2 elements (0,0,17,2) = 51+8 = 59.
			// S = 7×58 + 2×59 = 406 + 118 = 524. IKM = 25×524/171 = 13100/171 = 76.6081… → 76.61 B.
			name: "76.61", r: rows([4]int{0, 0, 18, 1}, 7, [4]int{0, 0, 17, 2}),
			wantExact: "13100/171", wantIKM: 76.61, wantBand: "B",
		},
		{
			// n=26: 3 elements (0,0,25,1) = 75+4 = 79, 6 elements (0,0,24,2) = 72+8 = 80.
			// S = 3×79 + 6×80 = 237 + 480 = 717. IKM = 25×717/234 = 5975/78 = 76.6025… → 76.60 C.
			name: "76.60", r: rows([4]int{0, 0, 25, 1}, 3, [4]int{0, 0, 24, 2}),
			wantExact: "5975/78", wantIKM: 76.60, wantBand: "C",
		},
		{
			// n=5000: 8 elements (0,0,4679,321) = 15321, 1 element (0,0,4680,320) = 14040+1280 = 15320.
			// S = 8×15321 + 15320 = 137888. IKM = 25×137888/45000 = 17236/225 = 76.6044… → 76.60 C,
			// one score below the exact 76.605 of TestIKM, which rounds to 76.61 B.
			name: "76.6044 just under the half", r: rows([4]int{0, 0, 4679, 321}, 8, [4]int{0, 0, 4680, 320}),
			wantExact: "17236/225", wantIKM: 76.60, wantBand: "C",
		},
		{
			// n=5: every element (0,2,3,0) = 4+9 = 13, NRR 13/5 = 2.6. IKM = 2.6 × 25 = 65 → 65.00 C.
			name: "65.00", r: rows([4]int{0, 2, 3, 0}, 9, [4]int{}),
			wantExact: "65", wantIKM: 65, wantBand: "C",
		},
		{
			// n=38: 2 elements (0,16,22,0) = 32+66 = 98, 7 elements (0,15,23,0) = 30+69 = 99.
			// S = 2×98 + 7×99 = 196 + 693 = 889. IKM = 25×889/342 = 22225/342 = 64.9853… → 64.99 D.
			name: "64.99", r: rows([4]int{0, 16, 22, 0}, 2, [4]int{0, 15, 23, 0}),
			wantExact: "22225/342", wantIKM: 64.99, wantBand: "D",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := IKM(tt.r)
			if err != nil {
				t.Fatal(err)
			}
			if g := got.Exact.RatString(); g != tt.wantExact {
				t.Errorf("Exact = %s, want %s", g, tt.wantExact)
			}
			if got.IKM != tt.wantIKM || got.Band != tt.wantBand {
				t.Errorf("IKM, Band = %v, %q; want %v, %q", got.IKM, got.Band, tt.wantIKM, tt.wantBand)
			}
		})
	}
}

func TestIKMErrors(t *testing.T) {
	neg := same([4]int{0, 0, 1, 1})
	neg[2][1] = -1
	huge := same([4]int{0, 0, 1, 1})
	huge[6] = [4]int{MaxElementRespondents, 1, 0, 0}
	tests := []struct {
		name  string
		r     SKMResponses
		field string
	}{
		{"negative count in U3", neg, "u3"},
		{"too many respondents in U7", huge, "u7"},
		{"no respondents at all", SKMResponses{}, "responses"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := IKM(tt.r)
			checkFieldError(t, err, tt.field)
		})
	}
}

func TestIKMFromAnswers(t *testing.T) {
	// Respondent 1 gives 4 everywhere; respondent 2 gives 3 to U1..U8 and skips U9.
	// U1..U8: (4+3)/2 = 7/2; U9: 4/1 = 4. Sum = 8×7/2 + 4 = 32 over 9 elements.
	// IKM = 32/9 × 25 = 800/9 = 88.888… → 88.89 A.
	got, err := IKMFromAnswers([][9]int{
		{4, 4, 4, 4, 4, 4, 4, 4, 4},
		{3, 3, 3, 3, 3, 3, 3, 3, NoAnswer},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got.Exact.RatString() != "800/9" || got.IKM != 88.89 || got.Band != "A" || got.Respondents != 2 {
		t.Errorf("got %s %v %q %d, want 800/9 88.89 A 2", got.Exact.RatString(), got.IKM, got.Band, got.Respondents)
	}

	tests := []struct {
		name    string
		answers [][9]int
		field   string
	}{
		{"score 5 in U3", [][9]int{{4, 4, 5, 4, 4, 4, 4, 4, 4}}, "u3"},
		{"score -1 in U9", [][9]int{{4, 4, 4, 4, 4, 4, 4, 4, 4}, {1, 1, 1, 1, 1, 1, 1, 1, -1}}, "u9"},
		{"respondent answered nothing", [][9]int{{4, 4, 4, 4, 4, 4, 4, 4, 4}, {}}, "responses"},
		{"no respondents", nil, "responses"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := IKMFromAnswers(tt.answers)
			checkFieldError(t, err, tt.field)
		})
	}
}

func TestBandOf(t *testing.T) {
	tests := []struct {
		ikm   float64
		band  string
		label string
	}{
		{100, "A", "Sangat Baik"},
		{88.31, "A", "Sangat Baik"},
		{88.30, "B", "Baik"},
		{76.61, "B", "Baik"},
		{76.60, "C", "Kurang Baik"},
		{65.00, "C", "Kurang Baik"},
		{64.99, "D", "Tidak Baik"},
		{25, "D", "Tidak Baik"},
		{24.99, "", ""},
		{100.01, "", ""},
		{math.NaN(), "", ""},
		{math.Inf(1), "", ""},
		{-5, "", ""},
	}
	for _, tt := range tests {
		band, label := BandOf(tt.ikm)
		if band != tt.band || label != tt.label {
			t.Errorf("BandOf(%v) = %q, %q; want %q, %q", tt.ikm, band, label, tt.band, tt.label)
		}
	}
}

func TestRound2(t *testing.T) {
	tests := []struct {
		r    *big.Rat
		want float64
	}{
		{big.NewRat(76605, 1000), 76.61},        // exactly half: up
		{big.NewRat(76604, 1000), 76.60},        // below half
		{big.NewRat(766049999, 10000000), 76.6}, // 76.6049999
		{big.NewRat(88305, 1000), 88.31},
		{big.NewRat(88304, 1000), 88.30},
		{big.NewRat(64995, 1000), 65.00},
		{big.NewRat(64994, 1000), 64.99},
		{big.NewRat(1, 3), 0.33},
		{big.NewRat(2, 3), 0.67},
		{big.NewRat(-1005, 1000), -1.01}, // halves away from zero
		{big.NewRat(0, 1), 0},
		{nil, 0},
	}
	for _, tt := range tests {
		if got := Round2(tt.r); got != tt.want {
			t.Errorf("Round2(%v) = %v, want %v", tt.r, got, tt.want)
		}
	}
}

// checkFieldError fails unless err is a KindInvalid policies.Error on field.
func checkFieldError(t *testing.T, err error, field string) {
	t.Helper()
	e, ok := err.(*policies.Error)
	if !ok {
		t.Fatalf("err = %v (%T), want *policies.Error on %q", err, err, field)
	}
	if e.Kind != policies.KindInvalid || e.Field != field || e.Message == "" {
		t.Errorf("err = %+v, want KindInvalid on field %q with a message", e, field)
	}
}
