package evaluation

import "testing"

func TestKirkpatrick(t *testing.T) {
	tests := []struct {
		name      string
		scores    [4][]int
		means     [4]float64
		evaluated int
		exact     string
		index     float64
	}{
		{
			// Means 5 on all levels: (5−1)/4 × 100 = 100.
			name: "all 5", scores: [4][]int{{5, 5}, {5}, {5, 5, 5}, {5}},
			means: [4]float64{5, 5, 5, 5}, evaluated: 4, exact: "100", index: 100,
		},
		{
			// Means 1: (1−1)/4 × 100 = 0.
			name: "all 1", scores: [4][]int{{1}, {1}, {1}, {1}},
			means: [4]float64{1, 1, 1, 1}, evaluated: 4, exact: "0", index: 0,
		},
		{
			// L1 (5+4+4+5)/4 = 18/4 = 4.5; L2 (3+4)/2 = 3.5; L3 4/1 = 4; L4 not measured.
			// Mean = (4.5+3.5+4)/3 = 4; index = (4−1)/4 × 100 = 75.
			name: "level 4 not measured", scores: [4][]int{{5, 4, 4, 5}, {3, 4}, {4}, nil},
			means: [4]float64{4.5, 3.5, 4, 0}, evaluated: 3, exact: "75", index: 75,
		},
		{
			// L1 13/3 = 4.33…, L2 8/3 = 2.66…, L3 4/3 = 1.33…, L4 14/3 = 4.66….
			// Mean = (13+8+4+14)/12 = 39/12 = 13/4; index = (13/4 − 1) × 25 = 9/4 × 25 = 225/4 = 56.25.
			name: "thirds", scores: [4][]int{{5, 4, 4}, {2, 3, 3}, {1, 1, 2}, {5, 5, 4}},
			means: [4]float64{4.33, 2.67, 1.33, 4.67}, evaluated: 4, exact: "225/4", index: 56.25,
		},
		{
			// L1 (4+4+5)/3 = 13/3, L2 (3+4)/2 = 7/2. Mean = (13/3 + 7/2)/2 = (26+21)/12 = 47/12;
			// index = (47/12 − 1) × 25 = 35/12 × 25 = 875/12 = 72.9166… → 72.92.
			name: "two levels", scores: [4][]int{{4, 4, 5}, {3, 4}, nil, nil},
			means: [4]float64{4.33, 3.5, 0, 0}, evaluated: 2, exact: "875/12", index: 72.92,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Kirkpatrick(tt.scores)
			if err != nil {
				t.Fatal(err)
			}
			if got.LevelMeans != tt.means || got.Evaluated != tt.evaluated {
				t.Errorf("LevelMeans, Evaluated = %v, %d; want %v, %d", got.LevelMeans, got.Evaluated, tt.means, tt.evaluated)
			}
			if got.Exact.RatString() != tt.exact || got.Index != tt.index {
				t.Errorf("Exact, Index = %s, %v; want %s, %v", got.Exact.RatString(), got.Index, tt.exact, tt.index)
			}
			for l := range tt.scores {
				if got.Counts[l] != len(tt.scores[l]) {
					t.Errorf("Counts[%d] = %d, want %d", l, got.Counts[l], len(tt.scores[l]))
				}
			}
		})
	}
}

func TestKirkpatrickErrors(t *testing.T) {
	tests := []struct {
		name   string
		scores [4][]int
		field  string
	}{
		{"score 6 on level 2", [4][]int{{5}, {4, 6}, nil, nil}, "level2"},
		{"score 0 on level 4", [4][]int{{5}, {4}, {3}, {0}}, "level4"},
		{"negative on level 1", [4][]int{{-1}, nil, nil, nil}, "level1"},
		{"no scores", [4][]int{}, "levels"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Kirkpatrick(tt.scores)
			checkFieldError(t, err, tt.field)
		})
	}
}
