// Package textdiff computes readable word-level diffs between two versions of
// a (Markdown) policy document and renders them as HTML.
//
// Texts are split into tokens: runs of letters and digits (combining marks
// continue a run), runs of whitespace, and single other characters
// (punctuation, symbols, invalid UTF-8 bytes). The token sequences are
// compared with Myers' O(ND) algorithm after trimming the common prefix and
// suffix. The edit distance explored is bounded: when it is exceeded the
// texts are compared line by line (Myers, then patience anchors on unique
// lines) and only the changed line blocks are compared word by word, so even
// two large, completely different documents are diffed quickly.
//
// The raw script is then cleaned up for readers: small equalities stranded
// between changes (a lone space, a short common word) are folded into the
// surrounding change, and pure insertions/deletions are slid to the most
// natural word, line or paragraph boundary.
package textdiff

import (
	"html/template"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind is the kind of a diff operation.
type Kind int

// Kinds of diff operations.
const (
	Equal Kind = iota
	Insert
	Delete
)

// String returns the name of the kind.
func (k Kind) String() string {
	switch k {
	case Equal:
		return "Equal"
	case Insert:
		return "Insert"
	case Delete:
		return "Delete"
	}
	return "Kind(?)"
}

// Op is one piece of a diff.
type Op struct {
	Kind Kind
	Text string
}

// Limits on the edit distance explored by Myers' algorithm. The work and
// memory of one bounded run are O(N + maxD²).
const (
	maxTokenD    = 1000 // tokens, for a whole text or a changed block of lines
	maxLineD     = 1000 // lines
	maxAnchorRec = 8    // nesting of patience-anchor splitting

	// workBudget bounds the total work (diagonals visited plus matching
	// tokens followed) of all Myers runs for one Words call; once spent,
	// changed blocks are no longer refined. It keeps pathological inputs
	// (many large, mostly different blocks) to well under a second.
	workBudget = 16_000_000
)

// Words diffs a and b at word granularity: tokens are runs of letters/digits
// (unicode), runs of whitespace, and single punctuation characters; the
// concatenation of Equal+Delete texts is exactly a and of Equal+Insert texts
// is exactly b. Adjacent ops of the same kind are merged. Two empty texts
// give no ops.
func Words(a, b string) []Op {
	if a == b {
		if a == "" {
			return nil
		}
		return []Op{{Equal, a}}
	}
	d := newDiffer(a, b)
	d.diffTokens(0, len(d.a), 0, len(d.b), true)
	groups := d.groups()
	groups = d.mergeSmallEqualities(groups)
	d.slideEdits(groups)
	return d.ops(groups)
}

// HTML renders ops as escaped HTML: Equal as text, Insert as <ins>…</ins>,
// Delete as <del>…</del>, newlines kept (put it in a <pre> or a
// white-space:pre-wrap block). All op text is escaped; invalid UTF-8 is
// replaced by U+FFFD.
func HTML(ops []Op) template.HTML {
	var sb strings.Builder
	for _, op := range ops {
		if op.Text == "" {
			continue
		}
		text := template.HTMLEscapeString(strings.ToValidUTF8(op.Text, "\uFFFD"))
		switch op.Kind {
		case Insert:
			sb.WriteString("<ins>")
			sb.WriteString(text)
			sb.WriteString("</ins>")
		case Delete:
			sb.WriteString("<del>")
			sb.WriteString(text)
			sb.WriteString("</del>")
		default:
			sb.WriteString(text)
		}
	}
	return template.HTML(sb.String())
}

// Stats counts inserted and deleted words (letter/digit tokens).
func Stats(ops []Op) (inserted, deleted int) {
	for _, op := range ops {
		switch op.Kind {
		case Insert:
			inserted += countWords(op.Text)
		case Delete:
			deleted += countWords(op.Text)
		}
	}
	return inserted, deleted
}

// ---- tokens ----

type class uint8

const (
	clWord class = iota
	clSpace
	clPunct
)

func isWordStart(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func isWordCont(r rune) bool {
	return isWordStart(r) || r >= utf8.RuneSelf && unicode.IsMark(r)
}

// asciiClass classifies ASCII bytes: 1 letter/digit, 2 space, 0 other.
var asciiClass = func() (t [utf8.RuneSelf]uint8) {
	for c := range utf8.RuneSelf {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			t[c] = 1
		case c == ' ', c == '\t', c == '\n', c == '\v', c == '\f', c == '\r':
			t[c] = 2
		}
	}
	return t
}()

// nextToken returns the length in bytes and the class of the token at the
// start of s (s non-empty).
func nextToken(s string) (int, class) {
	var first class
	w := 1
	if c := s[0]; c < utf8.RuneSelf {
		switch asciiClass[c] {
		case 1:
			first = clWord
		case 2:
			first = clSpace
		default:
			return 1, clPunct
		}
	} else {
		var r rune
		r, w = utf8.DecodeRuneInString(s)
		switch {
		case r == utf8.RuneError && w <= 1:
			return 1, clPunct
		case isWordStart(r):
			first = clWord
		case unicode.IsSpace(r):
			first = clSpace
		default:
			return w, clPunct
		}
	}
	n := w
	for n < len(s) {
		if c := s[n]; c < utf8.RuneSelf {
			if (first == clWord && asciiClass[c] != 1) || (first == clSpace && asciiClass[c] != 2) {
				break
			}
			n++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[n:])
		if r == utf8.RuneError && w <= 1 {
			break
		}
		if (first == clWord && !isWordCont(r)) || (first == clSpace && !unicode.IsSpace(r)) {
			break
		}
		n += w
	}
	return n, first
}

func countWords(s string) int {
	n := 0
	for s != "" {
		w, c := nextToken(s)
		if c == clWord {
			n++
		}
		s = s[w:]
	}
	return n
}

// side is one tokenized text.
type side struct {
	text  string
	off   []int   // token i is text[off[i]:off[i+1]]
	cls   []class // token classes
	runes []int   // runes[i] is the rune count of tokens [0, i)
	nls   []int   // nls[i] is the number of newlines in tokens [0, i)
}

func tokenize(s string) side {
	n := 0
	for pos := 0; pos < len(s); n++ {
		w, _ := nextToken(s[pos:])
		pos += w
	}
	sd := side{
		text:  s,
		off:   make([]int, n+1),
		cls:   make([]class, n),
		runes: make([]int, n+1),
		nls:   make([]int, n+1),
	}
	pos := 0
	for i := range n {
		w, c := nextToken(s[pos:])
		tok := s[pos : pos+w]
		pos += w
		sd.off[i+1] = pos
		sd.cls[i] = c
		sd.runes[i+1] = sd.runes[i] + utf8.RuneCountInString(tok)
		nl := 0
		if c == clSpace {
			nl = strings.Count(tok, "\n")
		}
		sd.nls[i+1] = sd.nls[i] + nl
	}
	return sd
}

func (s *side) tok(i int) string            { return s.text[s.off[i]:s.off[i+1]] }
func (s *side) span(i, j int) string        { return s.text[s.off[i]:s.off[j]] }
func (s *side) runeLen(i, j int) int        { return s.runes[j] - s.runes[i] }
func (s *side) hasNewline(i, j int) bool    { return s.nls[j] > s.nls[i] }
func (s *side) newlines(i int) int          { return s.nls[i+1] - s.nls[i] }
func (s *side) endsLine(i int) bool         { return s.nls[i+1] > s.nls[i] }
func (s *side) isClass(i int, c class) bool { return s.cls[i] == c }

// ---- edit scripts ----

// edit is a run of n tokens (or lines) of one kind.
type edit struct {
	kind Kind
	n    int
}

func appendEdit(es []edit, k Kind, n int) []edit {
	if n <= 0 {
		return es
	}
	if l := len(es); l > 0 && es[l-1].kind == k {
		es[l-1].n += n
		return es
	}
	return append(es, edit{k, n})
}

// myers returns a shortest edit script turning a into b, or false if the
// edit distance exceeds maxD. Time O((N+M)·D) worst case, O(N+M+D²)
// typically; memory O(D²/2) for the trace.
// sc holds buffers reused between calls and the remaining work budget.
func myers(a, b []int32, maxD int, sc *scratch) ([]edit, bool) {
	n, m := len(a), len(b)
	if maxD > n+m {
		maxD = n + m
	}
	off := maxD + 1
	if cap(sc.v) < 2*maxD+3 {
		sc.v = make([]int, 2*maxD+3)
	}
	v := sc.v[:2*maxD+3]
	v[off+1] = 0 // the only value read before being written
	// Step d occupies trace[d(d+1)/2 : (d+1)(d+2)/2], diagonal k at (k+d)/2.
	trace := sc.trace[:0]
	defer func() { sc.trace = trace[:0] }()
	for d := 0; d <= maxD; d++ {
		if sc.work -= d + 1; sc.work < 0 {
			return nil, false
		}
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1] // down: insertion
			} else {
				x = v[off+k-1] + 1 // right: deletion
			}
			y := x - k
			x0 := x
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			sc.work -= x - x0
			v[off+k] = x
			trace = append(trace, int32(x))
			if x >= n && y >= m {
				return backtrack(trace, d, n, m), true
			}
		}
	}
	return nil, false
}

func backtrack(trace []int32, dist, n, m int) []edit {
	var rev []edit
	x, y := n, m
	for d := dist; d > 0; d-- {
		k := x - y
		base := (d - 1) * d / 2
		at := func(k int) int { return int(trace[base+(k+d-1)/2]) }
		down := k == -d || (k != d && at(k-1) < at(k+1))
		prevK := k - 1
		if down {
			prevK = k + 1
		}
		px := at(prevK)
		sx := px // where the snake of step d starts
		if !down {
			sx++
		}
		rev = appendEdit(rev, Equal, x-sx)
		if down {
			rev = appendEdit(rev, Insert, 1)
		} else {
			rev = appendEdit(rev, Delete, 1)
		}
		x, y = px, px-prevK
	}
	rev = appendEdit(rev, Equal, x)
	es := make([]edit, 0, len(rev))
	for i := len(rev) - 1; i >= 0; i-- {
		es = appendEdit(es, rev[i].kind, rev[i].n)
	}
	return es
}

// scratch holds buffers reused by successive myers calls.
type scratch struct {
	v     []int
	trace []int32
	work  int // remaining work budget
}

// trim returns the lengths of the common prefix and suffix of a and b (not
// overlapping).
func trim(a, b []int32) (pre, suf int) {
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	return pre, suf
}

// ---- differ ----

type differ struct {
	sa, sb side
	a, b   []int32 // token ids
	edits  []edit  // token-level script
	sc     scratch
}

// internTokens numbers n tokens by their text, tok(i) being the i-th: the
// same text gets the same number, kept in ids.
func internTokens(ids map[string]int32, n int, tok func(i int) string) []int32 {
	out := make([]int32, n)
	for i := range out {
		t := tok(i)
		id, ok := ids[t]
		if !ok {
			id = int32(len(ids))
			ids[t] = id
		}
		out[i] = id
	}
	return out
}

func newDiffer(a, b string) *differ {
	d := &differ{sa: tokenize(a), sb: tokenize(b)}
	d.sc.work = workBudget
	ids := make(map[string]int32)
	intern := func(s *side) []int32 { return internTokens(ids, len(s.cls), s.tok) }
	d.a = intern(&d.sa)
	d.b = intern(&d.sb)
	return d
}

func (d *differ) emit(k Kind, n int) { d.edits = appendEdit(d.edits, k, n) }

// diffTokens appends the script for tokens a[a0:a1] versus b[b0:b1]. When the
// token edit distance is too large it falls back to a line diff (if
// byLines), else to replacing the whole block.
func (d *differ) diffTokens(a0, a1, b0, b1 int, byLines bool) {
	pre, suf, es, ok := d.tokenScript(a0, a1, b0, b1)
	d.emit(Equal, pre)
	switch {
	case ok:
		for _, e := range es {
			d.emit(e.kind, e.n)
		}
	case byLines:
		d.diffLines(a0+pre, a1-suf, b0+pre, b1-suf)
	default:
		d.emit(Delete, a1-a0-pre-suf)
		d.emit(Insert, b1-b0-pre-suf)
	}
	d.emit(Equal, suf)
}

// tokenScript trims the common prefix and suffix of tokens a[a0:a1] and
// b[b0:b1] and diffs the rest with bounded Myers; ok is false if the edit
// distance or the work budget is exceeded.
func (d *differ) tokenScript(a0, a1, b0, b1 int) (pre, suf int, es []edit, ok bool) {
	pre, suf = trim(d.a[a0:a1], d.b[b0:b1])
	a0, b0 = a0+pre, b0+pre
	a1, b1 = a1-suf, b1-suf
	if a0 == a1 || b0 == b1 {
		es = appendEdit(es, Delete, a1-a0)
		es = appendEdit(es, Insert, b1-b0)
		return pre, suf, es, true
	}
	es, ok = myers(d.a[a0:a1], d.b[b0:b1], maxTokenD, &d.sc)
	return pre, suf, es, ok
}

// diffBlock appends the script for a block of changed lines: tokens
// a[al[0]:al[len(al)-1]] versus b[bl[0]:bl[len(bl)-1]], where al and bl hold
// the line starts. If a word diff of the whole block is too costly and both
// sides have the same number of lines (say, a term renamed throughout), the
// lines are diffed pairwise; otherwise the block is replaced.
func (d *differ) diffBlock(al, bl []int) {
	a0, a1, b0, b1 := al[0], al[len(al)-1], bl[0], bl[len(bl)-1]
	if pre, suf, es, ok := d.tokenScript(a0, a1, b0, b1); ok {
		d.emit(Equal, pre)
		for _, e := range es {
			d.emit(e.kind, e.n)
		}
		d.emit(Equal, suf)
		return
	}
	if len(al) == len(bl) {
		for i := 0; i+1 < len(al); i++ {
			d.diffTokens(al[i], al[i+1], bl[i], bl[i+1], false)
		}
		return
	}
	d.emit(Delete, a1-a0)
	d.emit(Insert, b1-b0)
}

// splitLines returns the token index where each line of tokens [t0, t1)
// starts, plus t1. A line ends after a whitespace token containing '\n'.
func splitLines(s *side, t0, t1 int) []int {
	starts := []int{t0}
	for i := t0; i < t1; i++ {
		if s.endsLine(i) && i+1 < t1 {
			starts = append(starts, i+1)
		}
	}
	if t1 > t0 {
		starts = append(starts, t1)
	}
	return starts
}

// diffLines diffs tokens a[a0:a1] and b[b0:b1] line by line, then word by
// word inside each changed block of lines.
func (d *differ) diffLines(a0, a1, b0, b1 int) {
	al := splitLines(&d.sa, a0, a1)
	bl := splitLines(&d.sb, b0, b1)
	ids := make(map[string]int32)
	intern := func(s *side, starts []int) []int32 {
		return internTokens(ids, len(starts)-1, func(i int) string { return s.span(starts[i], starts[i+1]) })
	}
	la, lb := intern(&d.sa, al), intern(&d.sb, bl)
	es := lineDiff(la, lb, 0, nil, &d.sc)

	i, j := 0, 0 // line indexes
	for x := 0; x < len(es); {
		if es[x].kind == Equal {
			n := es[x].n
			d.emit(Equal, al[i+n]-al[i])
			i, j = i+n, j+n
			x++
			continue
		}
		di, dj := 0, 0
		for ; x < len(es) && es[x].kind != Equal; x++ {
			if es[x].kind == Delete {
				di += es[x].n
			} else {
				dj += es[x].n
			}
		}
		d.diffBlock(al[i:i+di+1], bl[j:j+dj+1])
		i, j = i+di, j+dj
	}
}

// lineDiff appends a line-level script for a versus b: Myers if the distance
// is small, else split on patience anchors (lines unique in both), else
// replace the block.
func lineDiff(a, b []int32, depth int, out []edit, sc *scratch) []edit {
	pre, suf := trim(a, b)
	out = appendEdit(out, Equal, pre)
	a, b = a[pre:len(a)-suf], b[pre:len(b)-suf]
	switch {
	case len(a) == 0 || len(b) == 0:
		out = appendEdit(out, Delete, len(a))
		out = appendEdit(out, Insert, len(b))
	default:
		if es, ok := myers(a, b, maxLineD, sc); ok {
			for _, e := range es {
				out = appendEdit(out, e.kind, e.n)
			}
			break
		}
		var anchors [][2]int
		if depth < maxAnchorRec {
			anchors = patienceAnchors(a, b)
		}
		if len(anchors) == 0 {
			out = appendEdit(out, Delete, len(a))
			out = appendEdit(out, Insert, len(b))
			break
		}
		pi, pj := 0, 0
		for _, an := range anchors {
			out = lineDiff(a[pi:an[0]], b[pj:an[1]], depth+1, out, sc)
			out = appendEdit(out, Equal, 1)
			pi, pj = an[0]+1, an[1]+1
		}
		out = lineDiff(a[pi:], b[pj:], depth+1, out, sc)
	}
	return appendEdit(out, Equal, suf)
}

// patienceAnchors returns the longest increasing sequence of (i, j) pairs
// with a[i] == b[j] where that value occurs exactly once in a and in b.
func patienceAnchors(a, b []int32) [][2]int {
	type occ struct{ na, nb, ia, ib int }
	m := make(map[int32]*occ, len(a))
	for i, x := range a {
		o := m[x]
		if o == nil {
			o = &occ{}
			m[x] = o
		}
		o.na++
		o.ia = i
	}
	for j, x := range b {
		if o := m[x]; o != nil {
			o.nb++
			o.ib = j
		}
	}
	var pairs [][2]int
	for i, x := range a {
		if o := m[x]; o.na == 1 && o.nb == 1 {
			pairs = append(pairs, [2]int{i, o.ib})
		}
	}
	if len(pairs) == 0 {
		return nil
	}
	// Longest increasing subsequence on j (patience sorting).
	tails := []int{}                // indexes into pairs
	prev := make([]int, len(pairs)) // back pointers
	for p := range pairs {
		j := pairs[p][1]
		lo, hi := 0, len(tails)
		for lo < hi {
			mid := (lo + hi) / 2
			if pairs[tails[mid]][1] < j {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		prev[p] = -1
		if lo > 0 {
			prev[p] = tails[lo-1]
		}
		if lo == len(tails) {
			tails = append(tails, p)
		} else {
			tails[lo] = p
		}
	}
	out := make([][2]int, len(tails))
	for p, k := tails[len(tails)-1], len(tails)-1; p >= 0; p, k = prev[p], k-1 {
		out[k] = pairs[p]
	}
	return out
}

// ---- cleanup ----

// group is an equality of eq tokens followed by a change deleting del tokens
// of a and inserting ins tokens of b; it starts at token ai of a, bi of b.
type group struct {
	ai, bi       int
	eq, del, ins int
}

func (g group) changed() bool { return g.del > 0 || g.ins > 0 }

// groups converts the token script into groups, deletions before insertions
// within each change.
func (d *differ) groups() []group {
	var gs []group
	cur := group{}
	ai, bi := 0, 0
	for _, e := range d.edits {
		switch e.kind {
		case Equal:
			if cur.changed() {
				gs = append(gs, cur)
				cur = group{ai: ai, bi: bi}
			}
			cur.eq += e.n
			ai += e.n
			bi += e.n
		case Delete:
			cur.del += e.n
			ai += e.n
		case Insert:
			cur.ins += e.n
			bi += e.n
		}
	}
	if cur.eq > 0 || cur.changed() {
		gs = append(gs, cur)
	}
	return gs
}

// mergeSmallEqualities folds an equality into the changes around it when it
// is no longer (in runes) than the larger side of the change before it and
// of the change after it, as in diff-match-patch's semantic cleanup. This
// turns "<del>a</del><ins>x</ins> <del>b</del><ins>y</ins>" into
// "<del>a b</del><ins>x y</ins>". Equalities holding a line break are kept.
func (d *differ) mergeSmallEqualities(gs []group) []group {
	size := func(g group) int {
		da := d.sa.runeLen(g.ai+g.eq, g.ai+g.eq+g.del)
		ib := d.sb.runeLen(g.bi+g.eq, g.bi+g.eq+g.ins)
		return max(da, ib)
	}
	out := make([]group, 0, len(gs))
	for _, g := range gs {
		out = append(out, g)
		for len(out) >= 2 {
			prev, cur := &out[len(out)-2], out[len(out)-1]
			if !prev.changed() || !cur.changed() || d.sa.hasNewline(cur.ai, cur.ai+cur.eq) {
				break
			}
			eqLen := d.sa.runeLen(cur.ai, cur.ai+cur.eq)
			if eqLen > size(*prev) || eqLen > size(cur) {
				break
			}
			prev.del += cur.eq + cur.del
			prev.ins += cur.eq + cur.ins
			out = out[:len(out)-1]
		}
	}
	return out
}

// boundaryScore rates the boundary between tokens l and r of s: higher is a
// more natural place for an edit to start or end.
func boundaryScore(s *side, l, r int) int {
	for _, t := range [2]int{l, r} {
		if s.isClass(t, clSpace) {
			switch nl := s.newlines(t); {
			case nl >= 2:
				return 4 // blank line
			case nl == 1:
				return 3 // line break
			}
			return 2 // space
		}
	}
	if s.isClass(l, clPunct) || s.isClass(r, clPunct) {
		return 1
	}
	return 0
}

// slideEdits moves each pure insertion or deletion that sits between two
// equalities to the best-scoring equivalent position (ties go right), e.g.
// "ini| mulai| berlaku" becomes "ini |mulai |berlaku".
func (d *differ) slideEdits(gs []group) {
	for i := 0; i+1 < len(gs); i++ {
		g, next := &gs[i], &gs[i+1]
		if g.eq == 0 || next.eq == 0 || (g.del > 0) == (g.ins > 0) {
			continue
		}
		s, ids, p, n := &d.sb, d.b, g.bi+g.eq, g.ins
		if g.del > 0 {
			s, ids, p, n = &d.sa, d.a, g.ai+g.eq, g.del
		}
		// The edit is tokens [p, p+n); it may move left while the token
		// before it equals its last token, and right while its first token
		// equals the one after it, keeping one token in each equality.
		lo := 0
		for -lo < g.eq-1 && ids[p+lo-1] == ids[p+lo+n-1] {
			lo--
		}
		hi := 0
		for hi < next.eq-1 && ids[p+hi] == ids[p+hi+n] {
			hi++
		}
		if lo == hi {
			continue
		}
		best, bestScore := 0, -1
		for sh := lo; sh <= hi; sh++ {
			q := p + sh
			sc := boundaryScore(s, q-1, q) + boundaryScore(s, q+n-1, q+n)
			if sc >= bestScore {
				best, bestScore = sh, sc
			}
		}
		g.eq += best
		next.eq -= best
		next.ai += best
		next.bi += best
	}
}

func (d *differ) ops(gs []group) []Op {
	var ops []Op
	add := func(k Kind, text string) {
		if text == "" {
			return
		}
		if l := len(ops); l > 0 && ops[l-1].Kind == k {
			ops[l-1].Text += text
			return
		}
		ops = append(ops, Op{k, text})
	}
	for _, g := range gs {
		add(Equal, d.sa.span(g.ai, g.ai+g.eq))
		add(Delete, d.sa.span(g.ai+g.eq, g.ai+g.eq+g.del))
		add(Insert, d.sb.span(g.bi+g.eq, g.bi+g.eq+g.ins))
	}
	return ops
}
