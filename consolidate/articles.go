package consolidate

import (
	"sort"
	"strconv"
	"strings"
	"time"
)

// Article-level history: every Pasal and every ayat of a text with the
// days it read so, computed from the same instructions as Consolidate.
// The text is followed from the day it took effect through each day on
// which an instruction came into force; a provision's period runs from
// the day it took its wording to the first day it no longer read so.

// Article is one Pasal (Ayat 0) or one ayat of a text, with its wording
// and the days it is (or was) in force with that wording.
type Article struct {
	Pasal      Number
	Ayat       int
	AyatLetter string // "a" of an inserted ayat (1a)
	Text       string // the Pasal's body, or the ayat with its "(n)"
	Repealed   bool   // "Dihapus."
	// From is the first day it read so: the text's own day when as
	// enacted. ChangedBy is the act that gave it this wording (nil: as
	// enacted).
	From      time.Time
	ChangedBy *Act
	// Until is the first day it no longer read so (nil: no act in force
	// by then is known to change it), EndedBy the act that changed it.
	Until   *time.Time
	EndedBy *Act
}

// Label cites the article: "Pasal 4A", "Pasal 4 ayat (2)".
func (a Article) Label() string { return AyatLabel(a.Pasal, a.Ayat, a.AyatLetter) }

// state is the text on one day of its history.
type state struct {
	day string
	res Result // Text; Provisions with their last change
}

// history is text from the day it took effect (from) through each day an
// instruction comes into force, in order; instructions in force before
// from count from it. States[0] is text itself.
func history(text string, ins []Instruction, from time.Time) []state {
	out := []state{{day: day(from), res: Result{At: from, Text: text}}}
	days := map[string]time.Time{}
	for _, in := range ins {
		d := in.Act.InForce
		if day(d) < day(from) {
			d = from
		}
		days[day(d)] = d
	}
	keys := make([]string, 0, len(days))
	for k := range days {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		out = append(out, state{day: k, res: Consolidate(text, ins, days[k])})
	}
	return out
}

// EnactedArticles lists the articles of text as enacted, in force from
// from, each until the first instruction that changes it.
func EnactedArticles(text string, ins []Instruction, from time.Time) []Article {
	return articles(history(text, ins, from), 0)
}

// ArticlesAt lists the articles of text (in force from from) as it stands
// on the day of at after the instructions in force then, each with the
// day it took its wording and, when a later instruction changes it, the
// day that ends it.
func ArticlesAt(text string, ins []Instruction, from, at time.Time) []Article {
	h := history(text, ins, from)
	k := 0
	for i, s := range h {
		if s.day <= day(at) {
			k = i
		}
	}
	return articles(h, k)
}

// articles lists the articles of state k of h.
func articles(h []state, k int) []Article {
	var out []Article
	for _, s := range splitText(h[k].res.Text) {
		if !s.pasal {
			continue
		}
		for _, n := range append([]ayatNo{{}}, ayatNumbers(s.body)...) {
			text, _ := AyatBody(h[k].res.Text, s.number, n.n, n.l)
			a := Article{Pasal: s.number, Ayat: n.n, AyatLetter: n.l, Text: text, Repealed: isRepealed(s.body)}
			if n.n > 0 {
				a.Repealed = text == ayatText(n.n, n.l, Repealed)
			}
			j := k
			for j > 0 && reads(h[j-1], s.number, n, text) {
				j--
			}
			a.From = day0(h[j])
			if j > 0 {
				a.ChangedBy = changeAt(h, j, s.number, n)
			}
			for e := k + 1; e < len(h); e++ {
				if !reads(h[e], s.number, n, text) {
					until := day0(h[e])
					a.Until, a.EndedBy = &until, changeAt(h, e, s.number, n)
					break
				}
			}
			out = append(out, a)
		}
	}
	return out
}

// reads says whether the provision reads text in state s.
func reads(s state, p Number, ayat ayatNo, text string) bool {
	got, ok := AyatBody(s.res.Text, p, ayat.n, ayat.l)
	return ok && got == text
}

func day0(s state) time.Time {
	t, _ := time.Parse(time.DateOnly, s.day)
	return t
}

// changeAt is the act that came into force on the day of state j of h
// (for the first, on or before it) and changed the provision (or, for a
// Pasal, one of its ayat); nil when none is found.
func changeAt(h []state, j int, p Number, ayat ayatNo) *Act {
	after := ""
	if j > 1 {
		after = h[j-1].day
	}
	var found *Act
	for _, pr := range h[j].res.Provisions {
		if d := day(pr.Changed.inForce()); pr.Pasal != p || pr.Changed == nil || d <= after || d > h[j].day {
			continue
		}
		if (ayatNo{pr.Ayat, pr.AyatLetter}) == ayat || pr.Ayat == 0 {
			act := pr.Changed.Act
			return &act
		}
		if ayat.n == 0 && found == nil {
			act := pr.Changed.Act
			found = &act
		}
	}
	return found
}

// inForce is the day of the change's act; zero for none.
func (c *Change) inForce() time.Time {
	if c == nil {
		return time.Time{}
	}
	return c.Act.InForce
}

// ayatNumbers lists the ayat of a Pasal body in order, each once.
func ayatNumbers(body string) []ayatNo {
	var out []ayatNo
	seen := map[ayatNo]bool{}
	var f fences
	for _, l := range strings.SplitAfter(body, "\n") {
		fenced := f.skip(l)
		if m := ayatLineRe.FindStringSubmatch(l); m != nil && !fenced {
			n, _ := strconv.Atoi(m[1])
			if a := (ayatNo{n, m[2]}); !seen[a] {
				seen[a] = true
				out = append(out, a)
			}
		}
	}
	return out
}
