package campaign

import (
	"strings"
	"testing"
)

// FuzzGroup checks that Group never panics and that its groups partition the
// input in order, whatever the comments say. The fuzzed text is cut into
// comments at '|', and each comment is also sent twice more, once with a word
// appended, so that exact and near-duplicate groups are exercised too.
func FuzzGroup(f *testing.F) {
	f.Add("setuju|Setuju!|tidak setuju", 0.0, 0)
	f.Add(campaignA+"|"+campaignB+"|"+related[1], 0.5, 3)
	f.Add("a b c d e f|a b c d e g|\x00\xff é́́|", 1.5, 1)
	f.Add("", -1.0, -2)
	f.Fuzz(func(t *testing.T, s string, threshold float64, k int) {
		var comments []Comment
		for i, body := range strings.Split(s, "|") {
			id := int64(i * 3)
			comments = append(comments,
				Comment{ID: id, Body: body},
				Comment{ID: id + 1, Body: body},
				Comment{ID: id + 2, Body: body + " tambahan"})
		}
		parts := strings.SplitN(s, "|", 3)
		a := shingles(strings.Fields(Normalize(parts[0])), 2)
		b := shingles(strings.Fields(Normalize(parts[len(parts)-1])), 2)
		th0 := Options{Threshold: threshold}.withDefaults().Threshold
		for _, th := range []float64{th0, jaccard(a, b), 0.5} {
			if got, want := similarAtLeast(a, b, th), jaccard(a, b) >= th; got != want {
				t.Fatalf("similarAtLeast(threshold %v) = %v, jaccard %v", th, got, jaccard(a, b))
			}
		}
		got := Group(comments, Options{Threshold: threshold, ShingleSize: k % 8, MinWords: k % 5})
		checkPartition(t, comments, got)
		for _, c := range got {
			if c.Similarity < 0 || c.Similarity > 1 {
				t.Fatalf("similarity %v out of [0, 1]", c.Similarity)
			}
			if c.Short && !c.Exact {
				t.Fatalf("short group %v not exact", c.Members)
			}
		}
	})
}
