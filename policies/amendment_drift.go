package policies

import (
	"regexp"
	"strings"
)

// An amending draft's text against its points (issue 27): the drafter
// saves the amending act made from the points (AmendingText) as a
// version, and may edit it afterwards; the points stay the data the
// consolidation applies. CheckAmendingText says which points the text no
// longer words as they are kept, so that the act enacted says what the
// consolidation does.

var (
	pasalIRe  = regexp.MustCompile(`(?m)^#{1,6}[ \t]+Pasal[ \t]+I[ \t]*$`)
	pasalIIRe = regexp.MustCompile(`(?m)^#{1,6}[ \t]+Pasal[ \t]+II[ \t]*$`)
	pointRe   = regexp.MustCompile(`(?m)^\d{1,3}\.[ \t]`)
)

// TextDrift is how an amending draft's text stands against its points.
type TextDrift struct {
	// Made: the text has a Pasal I of amendment points (it was made from
	// them once); the rest says nothing when it has not.
	Made bool `json:"made"`
	// Differ are the positions of the points the text does not word as
	// kept (their sentence or their new text changed, or missing); Extra
	// counts the numbered points of the text beyond the points kept.
	Differ []int `json:"differ"`
	Extra  int   `json:"extra"`
}

// Matches reports whether the text words every point as kept, and no more.
func (d TextDrift) Matches() bool { return d.Made && len(d.Differ) == 0 && d.Extra == 0 }

// pointBlocks are the numbered points of a text's Pasal I, white space
// folded; false when it has no Pasal I.
func pointBlocks(text string) ([]string, bool) {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	loc := pasalIRe.FindStringIndex(text)
	if loc == nil {
		return nil, false
	}
	body := text[loc[1]:]
	if end := pasalIIRe.FindStringIndex(body); end != nil {
		body = body[:end[0]]
	}
	starts := pointRe.FindAllStringIndex(body, -1)
	out := make([]string, len(starts))
	for i, s := range starts {
		end := len(body)
		if i+1 < len(starts) {
			end = starts[i+1][0]
		}
		out[i] = strings.Join(strings.Fields(body[s[0]:end]), " ")
	}
	return out, true
}

// CheckAmendingText compares text, the draft's current version, with
// made, the amending act made from its points (AmendingText), point by
// point in Pasal I.
func CheckAmendingText(text, made string) TextDrift {
	have, ok := pointBlocks(text)
	if !ok {
		return TextDrift{Differ: []int{}}
	}
	want, _ := pointBlocks(made)
	d := TextDrift{Made: true, Differ: []int{}}
	for i, w := range want {
		if i >= len(have) || have[i] != w {
			d.Differ = append(d.Differ, i+1)
		}
	}
	if len(have) > len(want) {
		d.Extra = len(have) - len(want)
	}
	return d
}
