package evaluation

import (
	"flag"
	"math/big"
	"testing"
)

var edgeSearch = flag.Bool("edgesearch", false, "run TestFindEdgeCounts, the search that found the band-edge examples")

// TestFindEdgeCounts is the small search behind the hard-coded band-edge
// examples of TestIKMBandEdgesEndToEnd: with n respondents on each of the nine
// elements and S the sum of all scores, IKM = S/(9n) × 25 = 25S/(9n). For each
// band edge it prints the smallest n (and its S) whose rounded IKM lands
// exactly on the edge value and on the value 0.01 below it.
// Run with: go test -run TestFindEdgeCounts -v ./evaluation/ -args -edgesearch
func TestFindEdgeCounts(t *testing.T) {
	if !*edgeSearch {
		t.Skip("search helper; run with -edgesearch")
	}
	for _, target := range []int64{8831, 8830, 7661, 7660, 6500, 6499} {
		found := false
		for n := int64(1); n <= 200 && !found; n++ {
			for s := 9 * n; s <= 36*n; s++ {
				ikm := big.NewRat(25*s, 9*n)
				if hundredths(ikm).Int64() == target {
					f, _ := ikm.Float64()
					t.Logf("target %d: n=%d S=%d exact=%s (%.6f)", target, n, s, ikm.RatString(), f)
					found = true
					break
				}
			}
		}
	}
}
