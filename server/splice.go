package server

import (
	"html/template"
	"io"
)

// The largest parts of a signed-in policy page (its comment threads and
// its document, some 120 of its 140 KB) are kept as HTML (threadcache.go).
// Handed to the template as values, each was copied through fmt's buffer
// and the page's, and the threads once more to put the reader's CSRF
// token in (issue 25: a fifth of the CPU went to the collector). A page
// instead hands the template a marker in their place and lists them as
// splices: after the page renders, each is written to the answer in place
// of its marker, the reader's token in each hole.

// splicesKey is the page data's key for its splices, in page order.
const splicesKey = "_splices"

// splice is a part written in place of marker: segs with token between
// each two.
type splice struct {
	marker string
	segs   [][]byte
	token  string
}

func (sp splice) write(w io.Writer) {
	for i, seg := range sp.segs {
		if i > 0 {
			io.WriteString(w, sp.token)
		}
		w.Write(seg)
	}
}

// spliceMarkers stand for the parts while a page renders: random per
// process, so no text a person wrote can be one.
var spliceMarkers = [...]string{"pfsplice0" + randomToken(), "pfsplice1" + randomToken()}

// spliced is splice i's marker as the template's value.
func spliced(i int) template.HTML { return template.HTML(spliceMarkers[i]) }
