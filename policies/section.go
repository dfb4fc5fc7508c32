package policies

import (
	"bytes"
	"fmt"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// A section of a policy text is a heading and what follows it. Comments
// name their section by the heading's anchor, made here for every layer
// alike: the pages (markdown.Renderer) and the store's consultation summary.

// Section is one heading of a policy text: its level, anchor and title,
// and the bytes of the source lines it stands on ([Start, End), End past
// the newline): the section's body starts at End.
type Section struct {
	Level      int
	Anchor     string
	Title      string
	Start, End int
}

var sectionParser = goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithParserOptions(parser.WithAutoHeadingID())).Parser()

// Sections lists the headings of a Markdown text in order, with the
// anchors the pages give them.
func Sections(markdown string) []Section {
	src := []byte(markdown)
	var out []Section
	ParseHeadings(sectionParser, src, func(h *ast.Heading, anchor string) {
		start, end := 0, 0
		if h.Lines().Len() > 0 {
			start = h.Lines().At(0).Start
			end = h.Lines().At(h.Lines().Len() - 1).Stop
		}
		start = bytes.LastIndexByte(src[:start], '\n') + 1
		if nl := bytes.IndexByte(src[end:], '\n'); nl >= 0 {
			end += nl + 1
		} else {
			end = len(src)
		}
		out = append(out, Section{Level: h.Level, Anchor: anchor, Title: HeadingText(h, src), Start: start, End: end})
	})
	return out
}

// ParseHeadings parses src with p, giving the headings the anchors the
// pages give them (NewAnchorIDs), calls fn with each heading and its anchor
// in order, and returns the document.
func ParseHeadings(p parser.Parser, src []byte, fn func(h *ast.Heading, anchor string)) ast.Node {
	doc := p.Parse(text.NewReader(src), parser.WithContext(parser.NewContext(parser.WithIDs(NewAnchorIDs()))))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		id, _ := h.AttributeString("id")
		idb, _ := id.([]byte)
		fn(h, string(idb))
		return ast.WalkSkipChildren, nil
	})
	return doc
}

// HeadingText returns the text of a node's inline children.
func HeadingText(n ast.Node, src []byte) string {
	var b bytes.Buffer
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(src))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		case *ast.CodeSpan:
			for k := t.FirstChild(); k != nil; k = k.NextSibling() {
				if tx, ok := k.(*ast.Text); ok {
					b.Write(tx.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// maxAnchor bounds heading anchors: comments name their section by it, and
// the record allows 200 characters (with room for a "-N" suffix).
const maxAnchor = 180

// anchorIDs makes heading IDs as goldmark does (lower-case ASCII letters and
// digits, - for spaces), bounded in length and unique within a document.
type anchorIDs struct{ used map[string]bool }

// NewAnchorIDs makes a document's heading anchors (goldmark's parser.IDs).
func NewAnchorIDs() parser.IDs { return &anchorIDs{used: map[string]bool{}} }

func (s *anchorIDs) Generate(value []byte, kind ast.NodeKind) []byte {
	value = util.TrimRightSpace(util.TrimLeftSpace(value))
	var out []byte
	for i := 0; i < len(value) && len(out) < maxAnchor; {
		v := value[i]
		l := util.UTF8Len(v)
		if l == 0 {
			l = 1
		}
		i += int(l)
		if l != 1 {
			continue
		}
		switch {
		case util.IsAlphaNumeric(v):
			if 'A' <= v && v <= 'Z' {
				v += 'a' - 'A'
			}
			out = append(out, v)
		case util.IsSpace(v) || v == '-' || v == '_':
			out = append(out, '-')
		}
	}
	if len(out) == 0 {
		out = []byte("bagian")
	}
	id := string(out)
	for n := 1; s.used[id]; n++ {
		id = fmt.Sprintf("%s-%d", out, n)
	}
	s.used[id] = true
	return []byte(id)
}

func (s *anchorIDs) Put(value []byte) { s.used[string(value)] = true }
