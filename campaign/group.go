package campaign

import (
	"cmp"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// Comment is one comment to group. IDs are expected to be unique.
type Comment struct {
	ID   int64
	Body string
}

// Cluster is one group of comments. The clusters Group returns partition its
// input: a comment like no other is a cluster of one.
type Cluster struct {
	// Representative stands for the group: the lowest ID among the comments
	// carrying the group's most common normalised text (the campaign text as
	// most people sent it).
	Representative int64
	// Members are the IDs of every comment in the group, ascending,
	// including the representative.
	Members []int64
	// Similarity is the lowest Jaccard similarity of the shingles of any
	// member to the representative's, 1 for exact copies and for a cluster
	// of one. As a group is the transitive closure of confirmed pairs, it can
	// fall below Options.Threshold when members were joined through others.
	Similarity float64
	// Exact reports a group of two or more comments that are all identical
	// after normalisation: copies of one text, not a near-duplicate group.
	Exact bool
	// Short reports an Exact group of short comments (fewer than
	// Options.MinWords words, such as "setuju"): equal short answers, not a
	// campaign, so a report should not count them as one position.
	Short bool
}

// Defaults used for the zero fields of Options.
const (
	// DefaultThreshold is the Jaccard similarity of the word-shingle sets of
	// two comments at or above which they are the same text with small
	// edits. On a campaign text of 40 to 80 words, a changed name, greeting
	// and word keep the similarity to the original above 0.7 and between
	// two such variants above 0.5; different comments on the same topic,
	// even quoting a sentence of the campaign, stay well below 0.3.
	DefaultThreshold = 0.5
	// DefaultShingleSize is the number of consecutive words in a shingle.
	DefaultShingleSize = 3
	// DefaultMinWords is the number of normalised words below which a
	// comment is short and grouped only with identical comments.
	DefaultMinWords = 5
)

// The MinHash signature has NumHashes values cut into Bands bands of
// NumHashes/Bands rows: two texts become candidates when one band agrees.
// With 32 bands of 4 rows a pair of similarity 0.5 is a candidate with
// probability 0.87, a pair of 0.7 with probability 0.9998, and a pair of
// 0.2 with probability 0.05 (then refused by the exact Jaccard check).
const (
	NumHashes = 128
	Bands     = 32
	rows      = NumHashes / Bands
)

// Options tune Group; the zero value uses the defaults.
type Options struct {
	// Threshold is the Jaccard similarity at or above which two comments
	// are joined (0, a negative value or NaN means DefaultThreshold; values
	// above 1 mean 1).
	Threshold float64
	// ShingleSize is the number of words per shingle (0 means
	// DefaultShingleSize).
	ShingleSize int
	// MinWords is the number of words below which a comment is short (0
	// means DefaultMinWords; never less than ShingleSize).
	MinWords int
}

func (o Options) withDefaults() Options {
	if !(o.Threshold > 0) { // also NaN
		o.Threshold = DefaultThreshold
	}
	o.Threshold = min(o.Threshold, 1)
	if o.ShingleSize <= 0 {
		o.ShingleSize = DefaultShingleSize
	}
	if o.MinWords <= 0 {
		o.MinWords = DefaultMinWords
	}
	o.MinWords = max(o.MinWords, o.ShingleSize)
	return o
}

// text is one distinct normalised text and the comments that carry it.
type text struct {
	members  []int // indexes into the input
	shingles []uint64
	short    bool
}

// Group groups exact copies and near-duplicates of the comments (see the
// package documentation for the method). The clusters partition the input
// and are ordered largest first, then by lowest member ID.
func Group(comments []Comment, opts Options) []Cluster {
	o := opts.withDefaults()
	texts := distinctTexts(comments, o)
	uf := newUnionFind(len(texts))
	joinNearDuplicates(texts, o.Threshold, uf)

	byRoot := make(map[int][]int)
	var roots []int
	for t := range texts {
		r := uf.find(t)
		if _, ok := byRoot[r]; !ok {
			roots = append(roots, r)
		}
		byRoot[r] = append(byRoot[r], t)
	}
	out := make([]Cluster, 0, len(roots))
	for _, r := range roots {
		out = append(out, cluster(comments, texts, byRoot[r]))
	}
	slices.SortStableFunc(out, func(a, b Cluster) int {
		if c := cmp.Compare(len(b.Members), len(a.Members)); c != 0 {
			return c
		}
		return cmp.Compare(a.Members[0], b.Members[0])
	})
	return out
}

// distinctTexts merges the comments that are identical after normalisation
// and shingles the texts long enough to be compared.
func distinctTexts(comments []Comment, o Options) []text {
	index := make(map[string]int, len(comments))
	var texts []text
	for i, c := range comments {
		n := Normalize(c.Body)
		t, ok := index[n]
		if !ok {
			t = len(texts)
			index[n] = t
			words := strings.Fields(n)
			tx := text{short: len(words) < o.MinWords}
			if !tx.short {
				tx.shingles = shingles(words, o.ShingleSize)
			}
			texts = append(texts, tx)
		}
		texts[t].members = append(texts[t].members, i)
	}
	return texts
}

// joinNearDuplicates finds candidate pairs of long texts by MinHash LSH and
// joins those whose Jaccard similarity reaches the threshold. The partition
// is the transitive closure of the confirmed pairs, so it depends neither on
// the order the buckets are visited in nor on the number of workers.
func joinNearDuplicates(texts []text, threshold float64, uf *unionFind) {
	var long []int
	for t := range texts {
		if !texts[t].short {
			long = append(long, t)
		}
	}
	if len(long) < 2 {
		return
	}
	sigs := make([]uint64, len(long)*NumHashes)
	for i, t := range long {
		signature(texts[t].shingles, sig(sigs, i))
	}
	// The bands are shared out between the processors. Each worker joins
	// its confirmed pairs in a union-find of its own; the partition is the
	// closure of all of them, whatever worker found a pair.
	workers := min(runtime.GOMAXPROCS(0), Bands)
	local := make([]*unionFind, workers)
	var wg sync.WaitGroup
	for w := range workers {
		local[w] = newUnionFind(len(long))
		wg.Go(func() {
			buckets := make(map[uint64][]int32, len(long))
			for band := w; band < Bands; band += workers {
				clear(buckets)
				for i := range long {
					k := bandKey(sig(sigs, i)[band*rows : (band+1)*rows])
					buckets[k] = append(buckets[k], int32(i))
				}
				for _, b := range buckets {
					joinBucket(b, texts, long, sigs, threshold, local[w])
				}
			}
		})
	}
	wg.Wait()
	for _, l := range local {
		for i, t := range long {
			uf.union(t, long[l.find(i)])
		}
	}
}

// joinBucket checks every pair of one LSH bucket not yet in one group and
// joins those at or above the threshold (uf is over indexes into long).
func joinBucket(b []int32, texts []text, long []int, sigs []uint64, threshold float64, uf *unionFind) {
	for x := 0; x < len(b); x++ {
		for y := x + 1; y < len(b); y++ {
			i, j := int(b[x]), int(b[y])
			if uf.find(i) == uf.find(j) {
				continue
			}
			if agreement(sig(sigs, i), sig(sigs, j)) < threshold-prefilterMargin {
				continue
			}
			if similarAtLeast(texts[long[i]].shingles, texts[long[j]].shingles, threshold) {
				uf.union(i, j)
			}
		}
	}
}

// hashSeeds are the fixed seeds of the NumHashes MinHash functions.
var hashSeeds = func() [NumHashes]uint64 {
	var s [NumHashes]uint64
	for i := range s {
		s[i] = mix(uint64(i+1) * 0x9e3779b97f4a7c15)
	}
	return s
}()

// signature writes the MinHash signature of a shingle set into sig.
func signature(sh []uint64, sig []uint64) {
	for i := range sig {
		sig[i] = ^uint64(0)
	}
	for _, s := range sh {
		for i, seed := range hashSeeds {
			if h := mix(s ^ seed); h < sig[i] {
				sig[i] = h
			}
		}
	}
}

// prefilterMargin: a candidate pair whose signatures agree on fewer than
// threshold-prefilterMargin of their values is refused without computing its
// Jaccard similarity. The agreement estimates the similarity with a standard
// deviation of at most 0.045 (128 values), so a pair at the threshold is
// refused this way with a probability below 1 in 4,000, and then is usually
// joined through another member of its group; a pair is only ever joined on
// its exact Jaccard similarity.
const prefilterMargin = 0.15

func sig(sigs []uint64, i int) []uint64 { return sigs[i*NumHashes : (i+1)*NumHashes] }

// agreement is the share of equal values of two signatures: the MinHash
// estimate of the Jaccard similarity.
func agreement(a, b []uint64) float64 {
	b = b[:len(a)]
	n := 0
	for i := range a {
		if a[i] == b[i] {
			n++
		}
	}
	return float64(n) / float64(len(a))
}

func bandKey(band []uint64) uint64 {
	k := uint64(0)
	for _, v := range band {
		k = mix(k ^ v)
	}
	return k
}

// cluster builds the Cluster of the given distinct texts.
func cluster(comments []Comment, texts []text, group []int) Cluster {
	var c Cluster
	rep := -1
	var repID int64
	for _, t := range group {
		first := comments[texts[t].members[0]].ID
		for _, m := range texts[t].members {
			id := comments[m].ID
			c.Members = append(c.Members, id)
			first = min(first, id)
		}
		if rep < 0 || len(texts[t].members) > len(texts[rep].members) ||
			len(texts[t].members) == len(texts[rep].members) && first < repID {
			rep, repID = t, first
		}
	}
	slices.Sort(c.Members)
	c.Representative = repID
	c.Similarity = 1
	for _, t := range group {
		if t != rep {
			c.Similarity = min(c.Similarity, jaccard(texts[rep].shingles, texts[t].shingles))
		}
	}
	c.Exact = len(group) == 1 && len(c.Members) > 1
	c.Short = c.Exact && texts[rep].short
	return c
}

// unionFind is a disjoint-set forest with path halving and union by size.
type unionFind struct {
	parent, size []int
}

func newUnionFind(n int) *unionFind {
	u := &unionFind{parent: make([]int, n), size: make([]int, n)}
	for i := range u.parent {
		u.parent[i] = i
		u.size[i] = 1
	}
	return u
}

func (u *unionFind) find(x int) int {
	for u.parent[x] != x {
		u.parent[x] = u.parent[u.parent[x]]
		x = u.parent[x]
	}
	return x
}

func (u *unionFind) union(a, b int) {
	a, b = u.find(a), u.find(b)
	if a == b {
		return
	}
	if u.size[a] < u.size[b] {
		a, b = b, a
	}
	u.parent[b] = a
	u.size[a] += u.size[b]
}
