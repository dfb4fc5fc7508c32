package consolidate

import (
	"regexp"
	"strconv"
	"strings"
)

// A text is read into segments: the Pasal segments (heading line and body
// up to the next heading) and, between them, everything else kept byte for
// byte (title, preamble, BAB headings, closing). Joining the segments
// gives the text back.

var (
	headingRe   = regexp.MustCompile(`^ {0,3}(#{1,6})[ \t]`)
	pasalHeadRe = regexp.MustCompile(`^ {0,3}(#{1,6})[ \t]+Pasal[ \t]+(\d{1,6}[A-Z]{0,2})[ \t]*#*[ \t]*$`)
	ayatLineRe  = regexp.MustCompile(`^[ \t]{0,3}\((\d{1,6})([a-z]?)\)[ \t]`)
)

// Repealed is the body of a repealed Pasal or, after "(n) ", of a repealed
// ayat (Lampiran II).
const Repealed = "Dihapus."

type segment struct {
	pasal   bool
	number  Number
	hashes  string // the heading's "###"
	heading string // the heading line with its line end
	body    string
}

func (s segment) String() string { return s.heading + s.body }

// splitText reads a text into segments. Lines in fenced code are never
// headings.
func splitText(text string) []segment {
	var out []segment
	cur := segment{}
	var f fences
	for _, l := range strings.SplitAfter(text, "\n") {
		if l == "" {
			continue
		}
		if f.skip(l) || !headingRe.MatchString(l) {
			cur.body += l
			continue
		}
		if cur.pasal || cur.body != "" {
			out = append(out, cur)
		}
		cur = segment{heading: l}
		if m := pasalHeadRe.FindStringSubmatch(strings.TrimRight(l, "\r\n")); m != nil {
			if n, err := ParseNumber(m[2]); err == nil {
				cur.pasal, cur.number, cur.hashes = true, n, m[1]
			}
		}
		if !cur.pasal { // another heading: kept with what follows it
			cur.body, cur.heading = l, ""
		}
	}
	if cur.pasal || cur.body != "" {
		out = append(out, cur)
	}
	return out
}

func joinText(segs []segment) string {
	var b strings.Builder
	for _, s := range segs {
		b.WriteString(s.String())
	}
	return b.String()
}

// pasalBody is how a new body is written under a Pasal heading.
func pasalBody(text string) string { return "\n" + strings.TrimSpace(text) + "\n\n" }

// sameBody says whether a body holds text (white space at the ends aside).
func sameBody(body, text string) bool { return strings.TrimSpace(body) == strings.TrimSpace(text) }

// isRepealed says whether a Pasal body is "Dihapus.".
func isRepealed(body string) bool { return sameBody(body, Repealed) }

// ayatSpan finds ayat n (with its letter l: "(1a)") in a Pasal body: the
// bytes [start, end) from its "(n)" to the end of its text (trailing
// white space excluded).
func ayatSpan(body string, n int, l string) (start, end int, ok bool) {
	start = -1
	off := 0
	var f fences
	for _, line := range strings.SplitAfter(body, "\n") {
		fenced := f.skip(line)
		if m := ayatLineRe.FindStringSubmatch(line); m != nil && !fenced {
			k, _ := strconv.Atoi(m[1])
			if start >= 0 {
				return start, trimRight(body, start, off), true
			}
			if k == n && m[2] == l {
				start = off
			}
		}
		off += len(line)
	}
	if start < 0 {
		return 0, 0, false
	}
	return start, trimRight(body, start, len(body)), true
}

// nextAyat is the number and letter of the first ayat in body from byte
// off; false when none follows.
func nextAyat(body string, off int) (int, string, bool) {
	var f fences
	for _, line := range strings.SplitAfter(body[off:], "\n") {
		if m := ayatLineRe.FindStringSubmatch(line); m != nil && !f.skip(line) {
			k, _ := strconv.Atoi(m[1])
			return k, m[2], true
		}
	}
	return 0, "", false
}

func trimRight(s string, start, end int) int {
	for end > start && strings.ContainsRune(" \t\r\n", rune(s[end-1])) {
		end--
	}
	return end
}

// ayatText is the text of ayat n (letter l) as written: "(n) " before
// the text unless it starts with it already.
func ayatText(n int, l, text string) string {
	text = strings.TrimSpace(text)
	num := strconv.Itoa(n) + l
	if m := ayatLineRe.FindStringSubmatch(text); m != nil && m[1]+m[2] == num {
		return text
	}
	return "(" + num + ") " + text
}

// badText says why a new text would break the structure of the text it
// goes into, "" when it would not. In an ayat (ayat > 0, letter l), no
// other ayat may start.
func badText(text string, ayat int, l string) string {
	if strings.TrimSpace(text) == "" || (ayat > 0 && strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(text), "("+strconv.Itoa(ayat)+l+")")) == "") {
		return "the new text is empty"
	}
	for i, line := range strings.Split(strings.TrimSpace(text), "\n") {
		t := strings.TrimSpace(line)
		switch {
		case headingRe.MatchString(line) || strings.HasPrefix(t, "#"):
			return "the new text holds a heading"
		case strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~"):
			return "the new text holds a code fence"
		case ayat > 0 && i > 0 && ayatLineRe.MatchString(line):
			return "the new text of one ayat starts another ayat"
		}
	}
	return ""
}

// openFence says whether a body leaves a code fence open.
func openFence(body string) bool {
	var f fences
	for _, l := range strings.Split(body, "\n") {
		f.skip(l)
	}
	return f.open != ""
}

// fences follows fenced code line by line.
type fences struct{ open string }

// skip says whether line l is fenced code or a fence, never structure.
func (f *fences) skip(l string) bool {
	t := strings.TrimSpace(l)
	if f.open != "" {
		if strings.HasPrefix(t, f.open) {
			f.open = ""
		}
		return true
	}
	if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
		f.open = t[:3]
		return true
	}
	return false
}

// Body is the text of Pasal n (ayat 0: its body, trimmed) or of its ayat
// ("(2) …") in text; false when the text has no such provision.
func Body(text string, n Number, ayat int) (string, bool) { return AyatBody(text, n, ayat, "") }

// AyatBody is Body for an ayat that may bear a letter ("(1a) …").
func AyatBody(text string, n Number, ayat int, l string) (string, bool) {
	for _, s := range splitText(text) {
		if !s.pasal || s.number != n {
			continue
		}
		if ayat == 0 {
			return strings.TrimSpace(s.body), true
		}
		start, end, ok := ayatSpan(s.body, ayat, l)
		if !ok {
			return "", false
		}
		return s.body[start:end], true
	}
	return "", false
}
