package textdiff

import (
	"math/rand/v2"
	"testing"
	"time"
)

func TestDbgStress(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	alpha := []byte("ab \n\n.,<>&xyz\xff\xc3\xa9 ")
	gen := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = alpha[r.IntN(len(alpha))]
		}
		return string(b)
	}
	var worst time.Duration
	for i := 0; i < 20000; i++ {
		a := gen(r.IntN(300))
		var b string
		if i%2 == 0 {
			b = gen(r.IntN(300))
		} else {
			b = mutate(r, a, 1+r.IntN(10))
		}
		st := time.Now()
		checkOps(t, a, b, Words(a, b))
		if el := time.Since(st); el > worst {
			worst = el
		}
	}
	t.Log("worst", worst)
}
