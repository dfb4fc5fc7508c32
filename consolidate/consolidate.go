package consolidate

import (
	"fmt"
	"strings"
	"time"
)

// Change is the last change made to a provision.
type Change struct {
	Act Act
	Op  Op
}

// Provision is one Pasal of the consolidated text, or one ayat that an
// amendment changed, with the act that last changed it (nil: as enacted).
type Provision struct {
	Pasal      Number
	Ayat       int
	AyatLetter string // "a" of ayat (1a)
	Repealed   bool
	Changed    *Change
}

// Label cites the provision: "Pasal 4A", "Pasal 4 ayat (2)".
func (p Provision) Label() string { return AyatLabel(p.Pasal, p.Ayat, p.AyatLetter) }

// Result is a text consolidated at a date.
type Result struct {
	At         time.Time
	Text       string
	Provisions []Provision   // every Pasal in text order, each changed ayat after its Pasal
	Misfits    []Misfit      // instructions in force that were not applied
	Pending    []Instruction // instructions not yet in force at At, in the order given
}

// Consolidate applies to text, in order, the instructions in force on the
// day of at, and reports those that do not fit. It never changes its
// arguments and gives the same result for the same arguments.
func Consolidate(text string, ins []Instruction, at time.Time) Result {
	c := consolidation{segs: splitText(text), changed: map[string]*Change{}}
	r := Result{At: at}
	for i, in := range ins {
		if !in.inForce(at) {
			r.Pending = append(r.Pending, in)
			continue
		}
		if reason, detail := c.apply(in); reason != "" {
			r.Misfits = append(r.Misfits, Misfit{Index: i, Instruction: in, Reason: reason, Detail: detail})
		}
	}
	r.Text = joinText(c.segs)
	for _, s := range c.segs {
		if !s.pasal {
			continue
		}
		key := Label(s.number, 0)
		r.Provisions = append(r.Provisions, Provision{Pasal: s.number, Repealed: isRepealed(s.body), Changed: c.changed[key]})
		for _, a := range c.ayats[key] {
			r.Provisions = append(r.Provisions, Provision{Pasal: s.number, Ayat: a.n, AyatLetter: a.l, Changed: c.changed[AyatLabel(s.number, a.n, a.l)]})
		}
	}
	return r
}

type consolidation struct {
	segs    []segment
	changed map[string]*Change  // by provision label
	ayats   map[string][]ayatNo // the changed ayat of each Pasal, by the Pasal's label
}

// ayatNo is an ayat's number and letter.
type ayatNo struct {
	n int
	l string
}

// find is the index of the first Pasal numbered n, -1 when none.
func (c *consolidation) find(n Number) int {
	for i, s := range c.segs {
		if s.pasal && s.number == n {
			return i
		}
	}
	return -1
}

func (c *consolidation) mark(in Instruction, ayat int, l string) {
	ch := &Change{Act: in.Act, Op: in.Op}
	c.changed[AyatLabel(in.Pasal, ayat, l)] = ch
	key := Label(in.Pasal, 0)
	if ayat == 0 { // the whole Pasal: its ayat were changed with it
		for _, a := range c.ayats[key] {
			delete(c.changed, AyatLabel(in.Pasal, a.n, a.l))
		}
		delete(c.ayats, key)
		return
	}
	if c.ayats == nil {
		c.ayats = map[string][]ayatNo{}
	}
	for _, a := range c.ayats[key] {
		if a == (ayatNo{ayat, l}) {
			return
		}
	}
	c.ayats[key] = append(c.ayats[key], ayatNo{ayat, l})
}

// apply applies one instruction, or says why it does not fit.
func (c *consolidation) apply(in Instruction) (Reason, string) {
	if in.Ayat < 0 || !ayatLetterRe.MatchString(in.AyatLetter) || (in.Ayat == 0 && in.AyatLetter != "") || (in.Op == Insert && in.Ayat > 0 && in.AyatLetter == "") {
		return BadOp, "ayat numbers are positive, a letter is one small letter after one, and an inserted ayat bears one"
	}
	switch in.Op {
	case Replace, Insert:
		if why := badText(in.Text, in.Ayat, in.AyatLetter); why != "" {
			return BadText, why
		}
	case Repeal:
	default:
		return BadOp, fmt.Sprintf("unknown operation %d", int(in.Op))
	}
	if in.Op == Insert && in.Ayat > 0 {
		return c.insertAyat(in)
	}
	if in.Op == Insert {
		return c.insert(in)
	}
	i := c.find(in.Pasal)
	if i < 0 {
		return TargetMissing, in.Label() + " is not in the text"
	}
	s := &c.segs[i]
	if isRepealed(s.body) {
		if in.Op == Repeal && in.Ayat == 0 {
			return "", "" // already repealed
		}
		return TargetRepealed, "Pasal " + in.Pasal.String() + " was repealed"
	}
	if in.Ayat == 0 {
		want := in.Text
		if in.Op == Repeal {
			want = Repealed
		}
		if sameBody(s.body, want) {
			return "", "" // already applied
		}
		if in.Expect != "" && !sameBody(s.body, in.Expect) {
			return TargetChanged, in.Label() + " no longer reads as the amendment expects"
		}
		s.body = pasalBody(want)
		c.mark(in, 0, "")
		return "", ""
	}
	start, end, ok := ayatSpan(s.body, in.Ayat, in.AyatLetter)
	if !ok {
		return TargetMissing, in.Label() + " is not in the text"
	}
	cur := s.body[start:end]
	want := ayatText(in.Ayat, in.AyatLetter, in.Text)
	if in.Op == Repeal {
		want = ayatText(in.Ayat, in.AyatLetter, Repealed)
	}
	if cur == want {
		return "", "" // already applied
	}
	if cur == ayatText(in.Ayat, in.AyatLetter, Repealed) {
		return TargetRepealed, in.Label() + " was repealed"
	}
	if in.Expect != "" && cur != ayatText(in.Ayat, in.AyatLetter, in.Expect) {
		return TargetChanged, in.Label() + " no longer reads as the amendment expects"
	}
	s.body = s.body[:start] + want + s.body[end:]
	c.mark(in, in.Ayat, in.AyatLetter)
	return "", ""
}

// insertAyat places a new ayat (1a) of a Pasal right after the ayat before
// it (1), when its number is free and sorts before the ayat that follows.
func (c *consolidation) insertAyat(in Instruction) (Reason, string) {
	i := c.find(in.Pasal)
	if i < 0 {
		return TargetMissing, "Pasal " + in.Pasal.String() + " is not in the text"
	}
	s := &c.segs[i]
	if isRepealed(s.body) {
		return TargetRepealed, "Pasal " + in.Pasal.String() + " was repealed"
	}
	want := ayatText(in.Ayat, in.AyatLetter, in.Text)
	if start, end, ok := ayatSpan(s.body, in.Ayat, in.AyatLetter); ok {
		if s.body[start:end] == want {
			return "", "" // already inserted
		}
		return NumberTaken, in.Label() + " is already in the text"
	}
	prev := AyatLabel(in.Pasal, in.Ayat, prevLetter(in.AyatLetter))
	_, end, ok := ayatSpan(s.body, in.Ayat, prevLetter(in.AyatLetter))
	if !ok {
		return TargetMissing, prev + ", after which " + in.Label() + " goes, is not in the text"
	}
	if n, l, ok := nextAyat(s.body, end); ok && !ayatLess(in.Ayat, in.AyatLetter, n, l) {
		return NumberMisfit, fmt.Sprintf("%s does not sort before the next ayat, (%d%s)", in.Label(), n, l)
	}
	if openFence(s.body[:end]) {
		return BadText, prev + " leaves a code fence open"
	}
	s.body = s.body[:end] + "\n\n" + want + s.body[end:]
	c.mark(in, in.Ayat, in.AyatLetter)
	return "", ""
}

// insert places a new Pasal right after the Pasal it follows, when its
// number is free and sorts between that Pasal and the next one.
func (c *consolidation) insert(in Instruction) (Reason, string) {
	if i := c.find(in.Pasal); i >= 0 {
		if sameBody(c.segs[i].body, in.Text) {
			return "", "" // already inserted
		}
		return NumberTaken, in.Label() + " is already in the text"
	}
	if in.Pasal.Letter == "" || in.Pasal.N != in.After.N || !in.After.Less(in.Pasal) {
		return NumberMisfit, fmt.Sprintf("a Pasal inserted after Pasal %s is numbered %d with a capital letter after its own, not %s", in.After, in.After.N, in.Pasal)
	}
	i := c.find(in.After)
	if i < 0 {
		return TargetMissing, "Pasal " + in.After.String() + ", after which " + in.Label() + " goes, is not in the text"
	}
	for _, s := range c.segs[i+1:] {
		if !s.pasal {
			continue
		}
		if !in.Pasal.Less(s.number) {
			return NumberMisfit, fmt.Sprintf("%s does not sort before the next Pasal, %s", in.Label(), s.number)
		}
		break
	}
	prev := &c.segs[i]
	if openFence(prev.body) {
		return BadText, "Pasal " + in.After.String() + " leaves a code fence open, so no Pasal can follow it"
	}
	if !strings.HasSuffix(prev.body, "\n\n") {
		prev.body = strings.TrimRight(prev.body, " \t\r\n") + "\n\n"
	}
	seg := segment{pasal: true, number: in.Pasal, hashes: prev.hashes, heading: prev.hashes + " Pasal " + in.Pasal.String() + "\n", body: pasalBody(in.Text)}
	c.segs = append(c.segs[:i+1], append([]segment{seg}, c.segs[i+1:]...)...)
	c.mark(in, 0, "")
	return "", ""
}
