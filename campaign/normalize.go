package campaign

import (
	"slices"
	"strings"
	"unicode"
)

// fold maps common precomposed Latin letters with diacritics to their base
// letter. Indonesian is written without diacritics, but comments copy names,
// loan words and text pasted from word processors (é, è, ñ, ü).
var fold = map[rune]rune{
	'à': 'a', 'á': 'a', 'â': 'a', 'ä': 'a', 'ã': 'a', 'å': 'a', 'ā': 'a',
	'è': 'e', 'é': 'e', 'ê': 'e', 'ë': 'e', 'ē': 'e',
	'ì': 'i', 'í': 'i', 'î': 'i', 'ï': 'i', 'ī': 'i',
	'ò': 'o', 'ó': 'o', 'ô': 'o', 'ö': 'o', 'õ': 'o', 'ō': 'o',
	'ù': 'u', 'ú': 'u', 'û': 'u', 'ü': 'u', 'ū': 'u',
	'ñ': 'n', 'ç': 'c', 'ý': 'y', 'ÿ': 'y',
}

// Normalize returns the text as it is compared: lower case, diacritics
// folded, apostrophes dropped, and every run of other non-letter,
// non-digit characters replaced by a single space, trimmed.
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == '\'' || r == '’' || r == '‘' || r == '`':
			continue
		case unicode.Is(unicode.Mn, r):
			continue // a combining mark of a decomposed letter
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			r = unicode.ToLower(r)
			if f, ok := fold[r]; ok {
				r = f
			}
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		default:
			space = true
		}
	}
	return b.String()
}

// shingles returns the sorted, de-duplicated 64-bit hashes of the runs of k
// consecutive words of a normalised text. A text of fewer than k words is
// one shingle.
func shingles(words []string, k int) []uint64 {
	n := len(words) - k + 1
	if n < 1 {
		n = 1
	}
	out := make([]uint64, 0, n)
	for i := 0; i < n; i++ {
		end := min(i+k, len(words))
		out = append(out, hashWords(words[i:end]))
	}
	return sortUnique(out)
}

// hashWords is FNV-1a over the words with a separator, then mixed. It has no
// random seed, so the groups are the same on every run and every machine.
func hashWords(ws []string) uint64 {
	h := uint64(14695981039346656037)
	for _, w := range ws {
		for i := 0; i < len(w); i++ {
			h ^= uint64(w[i])
			h *= 1099511628211
		}
		h ^= 0x20
		h *= 1099511628211
	}
	return mix(h)
}

// mix is the SplitMix64 finaliser: a fast, well-spread 64-bit permutation.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

func sortUnique(xs []uint64) []uint64 {
	slices.Sort(xs)
	j := 0
	for i, x := range xs {
		if i == 0 || x != xs[j-1] {
			xs[j] = x
			j++
		}
	}
	return xs[:j]
}

// jaccard is |a ∩ b| / |a ∪ b| of two sorted, de-duplicated sets.
func jaccard(a, b []uint64) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	inter, _ := intersection(a, b, 0)
	return float64(inter) / float64(len(a)+len(b)-inter)
}

// similarAtLeast reports jaccard(a, b) >= t, stopping as soon as the
// intersection can no longer reach what t needs (most candidate pairs of
// LSH are refused, and this is where the time goes).
func similarAtLeast(a, b []uint64, t float64) bool {
	if len(a) == 0 && len(b) == 0 {
		return true
	}
	// |a ∩ b| / (|a| + |b| - |a ∩ b|) >= t  ⇔  |a ∩ b| >= t(|a| + |b|) / (1 + t)
	inter, ok := intersection(a, b, t*float64(len(a)+len(b))/(1+t))
	return ok && float64(inter)/float64(len(a)+len(b)-inter) >= t // exactly as jaccard
}

// intersection counts |a ∩ b| of two sorted, de-duplicated sets. It stops
// early (false) once the count can no longer reach need; need 0 never stops.
func intersection(a, b []uint64, need float64) (int, bool) {
	i, j, inter := 0, 0, 0
	for i < len(a) && j < len(b) {
		if float64(inter+min(len(a)-i, len(b)-j)) < need-1e-9 {
			return inter, false
		}
		switch {
		case a[i] == b[j]:
			inter++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return inter, true
}
