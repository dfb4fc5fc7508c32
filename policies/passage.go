package policies

import (
	"bytes"
	"fmt"
	"html"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// A passage comment quotes the text it is about, as the reader saw it on
// the page of the version it was made on: the rendered text of one
// section, whitespace folded. Every later version gives it a state (still
// applies, passage changed, passage removed), computed once when the
// version is saved and never by moving the comment to other text.

// Limits of a quoted passage and of a suggested replacement, in characters.
const (
	MaxQuote      = 2000
	MaxSuggestion = 4000
)

// AnchorState is what became of a comment's quoted passage in a later version.
type AnchorState string

// The anchor states. The database checks the same list.
const (
	AnchorApplies AnchorState = "applies" // the quote is still in its section, unchanged
	AnchorChanged AnchorState = "changed" // the section is there, the quote is not
	AnchorRemoved AnchorState = "removed" // the section is gone
)

// PassageAnchor is the state of one passage comment on one version.
type PassageAnchor struct {
	CommentID int64       `db:"comment_id" json:"comment_id"`
	VersionID int64       `db:"version_id" json:"version_id"`
	State     AnchorState `db:"state" json:"state"`
	// Passage is, for AnchorChanged, the closest passage of the section in
	// that version (or the section's text): what the quote is diffed against.
	Passage string `db:"passage" json:"passage,omitempty"`
}

// SuggestionState is the drafter's decision on a suggestion ("" undecided).
type SuggestionState string

// The suggestion states.
const (
	SuggestionPending  SuggestionState = ""
	SuggestionAccepted SuggestionState = "accepted"
	SuggestionDeclined SuggestionState = "declined"
)

// SuggestionDecision is who decided on a suggestion, when, and why.
type SuggestionDecision struct {
	State  SuggestionState `db:"suggestion_state" json:"suggestion_state,omitempty"`
	By     *int64          `db:"suggestion_by" json:"suggestion_by,omitempty"`
	ByName string          `db:"suggestion_by_name" json:"suggestion_by_name,omitempty"`
	At     *time.Time      `db:"suggestion_at" json:"suggestion_at,omitempty"`
	Reason string          `db:"suggestion_reason" json:"suggestion_reason,omitempty"`
	// Version is the number of the version an accepted suggestion went into.
	Version *int `db:"suggestion_version" json:"suggestion_version,omitempty"`
}

// NormalizeSpace folds every run of white space (line breaks, tabs,
// no-break spaces) into one space and trims the ends: how a quote is
// compared with a section's text.
func NormalizeSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || r == '\u00a0' {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

var passageMD = goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithParserOptions(parser.WithAutoHeadingID()))

var (
	htmlHeadingRe = regexp.MustCompile(`<h([1-6]) id="([^"]*)">`)
	htmlTagRe     = regexp.MustCompile(`<[^>]*>`)
)

// SectionTexts returns the text each section of a Markdown document shows
// on the page, keyed by its heading's anchor ("" is the whole document):
// the rendered text after the heading up to the next heading of the same or
// a higher level, tags dropped and white space folded.
func SectionTexts(markdown string) map[string]string {
	src := []byte(markdown)
	doc := passageMD.Parser().Parse(text.NewReader(src), parser.WithContext(parser.NewContext(parser.WithIDs(NewAnchorIDs()))))
	var buf bytes.Buffer
	if err := passageMD.Renderer().Render(&buf, src, doc); err != nil {
		return map[string]string{}
	}
	out := buf.String()
	plain := func(h string) string { return NormalizeSpace(html.UnescapeString(htmlTagRe.ReplaceAllString(h, ""))) }
	type heading struct {
		level      int
		id         string
		start, end int // the opening tag's start, the closing tag's end
	}
	var hs []heading
	for _, m := range htmlHeadingRe.FindAllStringSubmatchIndex(out, -1) {
		level := int(out[m[2]] - '0')
		end := strings.Index(out[m[1]:], fmt.Sprintf("</h%d>", level))
		if end < 0 {
			continue
		}
		hs = append(hs, heading{level: level, id: out[m[4]:m[5]], start: m[0], end: m[1] + end + len("</hN>")})
	}
	texts := map[string]string{"": plain(out)}
	for i, h := range hs {
		stop := len(out)
		for _, n := range hs[i+1:] {
			if n.level <= h.level {
				stop = n.start
				break
			}
		}
		texts[h.id] = plain(out[h.end:stop])
	}
	return texts
}

// CheckQuote says whether quote is a passage of the section of a version's
// Markdown: not empty after folding white space, at most MaxQuote
// characters, and found in that section's text. The error names the field
// "quote".
func CheckQuote(markdown, section, quote string) (string, error) {
	q := NormalizeSpace(quote)
	if err := checkLength(q, "quote", "kutipan kosong", "kutipan", MaxQuote); err != nil {
		return "", err
	}
	t, ok := SectionTexts(markdown)[section]
	if !ok {
		return "", FieldError("section", "bagian %q tidak ada dalam versi ini", section)
	}
	if !strings.Contains(t, q) {
		return "", FieldError("quote", "kutipan tidak ditemukan persis dalam bagian ini pada versi yang Anda baca")
	}
	return q, nil
}

// Reanchor gives a passage comment (its section and quote) its state on a
// version whose section texts are texts: the quote found unchanged in the
// same section applies; a section without it has changed, with the closest
// passage kept for the word diff; a section that is gone removes it.
func Reanchor(texts map[string]string, section, quote string) (AnchorState, string) {
	t, ok := texts[section]
	switch {
	case !ok:
		return AnchorRemoved, ""
	case strings.Contains(t, quote):
		return AnchorApplies, ""
	}
	return AnchorChanged, ClosestPassage(quote, t)
}

// maxPassage bounds a kept passage: the quote's own limit, with room.
const maxPassage = 2 * MaxQuote

// ClosestPassage returns the run of words of text most like quote: the
// window (of about the quote's length) sharing the most words with it. With
// no word in common it returns the start of the text.
func ClosestPassage(quote, text string) string {
	qw, tw := strings.Fields(quote), strings.Fields(text)
	if len(tw) == 0 {
		return ""
	}
	need := map[string]int{}
	key := func(w string) string {
		return strings.ToLower(strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }))
	}
	for _, w := range qw {
		need[key(w)]++
	}
	n := len(qw)
	bestScore, bestI, bestL := 0.0, 0, 0
	lo, hi := max(1, n/2), n+n/2+1
	step := max(1, (hi-lo)/16)
	for l := lo; l <= hi && l <= len(tw); l += step {
		have := map[string]int{}
		overlap := 0
		add := func(w string, d int) {
			w = key(w)
			before := min(have[w], need[w])
			have[w] += d
			overlap += min(have[w], need[w]) - before
		}
		for i := 0; i < len(tw); i++ {
			add(tw[i], 1)
			if i >= l {
				add(tw[i-l], -1)
			}
			if i >= l-1 {
				score := 2 * float64(overlap) / float64(l+n)
				if score > bestScore {
					bestScore, bestI, bestL = score, i-l+1, l
				}
			}
		}
	}
	var out string
	if bestScore == 0 {
		out = strings.Join(tw, " ")
	} else {
		out = strings.Join(tw[bestI:bestI+bestL], " ")
	}
	if len(out) > maxPassage {
		cut := maxPassage
		for cut > 0 && !utf8.RuneStart(out[cut]) {
			cut--
		}
		out = out[:cut] + "…"
	}
	return out
}

// Replacement is an accepted suggestion: the quote of comment CommentID in
// Section, to be replaced by With.
type Replacement struct {
	CommentID int64
	Section   string
	Quote     string
	With      string
}

// ApplyReplacements replaces, in order, each replacement's quote in the
// Markdown of its section. A quote that does not occur exactly once in its
// section's Markdown (white space folded) refuses all of them: KindConflict
// naming the comment.
func ApplyReplacements(markdown string, rs []Replacement) (string, error) {
	for _, r := range rs {
		lo, hi, ok := sectionRange(markdown, r.Section)
		if !ok {
			return "", Errorf(KindConflict, "usulan pada komentar #%d tidak dapat diterapkan: bagiannya tidak ada lagi dalam versi terbaru", r.CommentID)
		}
		words := strings.Fields(r.Quote)
		if len(words) == 0 {
			return "", Errorf(KindConflict, "komentar #%d tidak mengutip bagian teks", r.CommentID)
		}
		for i, w := range words {
			words[i] = regexp.QuoteMeta(w)
		}
		re := regexp.MustCompile(strings.Join(words, `\s+`))
		ms := re.FindAllStringIndex(markdown[lo:hi], 2)
		if len(ms) != 1 {
			how := "tidak ditemukan lagi"
			if len(ms) > 1 {
				how = "muncul lebih dari sekali"
			}
			return "", Errorf(KindConflict, "usulan pada komentar #%d tidak dapat diterapkan: kutipannya %s di bagiannya dalam versi terbaru, jadi tidak jelas teks mana yang diganti; tolak usulan ini atau ubah teksnya secara manual", r.CommentID, how)
		}
		markdown = markdown[:lo+ms[0][0]] + r.With + markdown[lo+ms[0][1]:]
	}
	return markdown, nil
}

// sectionRange returns the byte range of a section's body in Markdown: from
// the line after its heading to the next heading of the same or a higher
// level ("" is the whole document).
func sectionRange(markdown, section string) (int, int, bool) {
	if section == "" {
		return 0, len(markdown), true
	}
	hs := Sections(markdown)
	for i, h := range hs {
		if h.Anchor != section {
			continue
		}
		stop := len(markdown)
		for _, n := range hs[i+1:] {
			if n.Level <= h.Level {
				stop = n.Start
				break
			}
		}
		return h.End, max(h.End, stop), true
	}
	return 0, 0, false
}
