package pdf

import (
	"regexp"
	"strings"
)

// Reading the body's Markdown into blocks: the paragraph kinds of the
// Perwali convention, headings, tables, inline marks.

// Paragraph kinds of the convention.
var (
	reAyat     = regexp.MustCompile(`^\((\d+)\)\s+(.*)$`)
	reHuruf    = regexp.MustCompile(`^([a-z])\.\s+(.*)$`)
	reNumber   = regexp.MustCompile(`^(\d+)\.\s+(.*)$`)
	reBullet   = regexp.MustCompile(`^[-*+]\s+(.*)$`)
	reBab      = regexp.MustCompile(`^BAB\s+([IVXLCDM]+)\b\s*(.*)$`)
	rePasal    = regexp.MustCompile(`^Pasal\s+\d+[A-Z]?$`)
	reLabel    = regexp.MustCompile(`^(Menimbang|Mengingat|Memperhatikan|Menetapkan)\s*:\s*(.*)$`)
	reLink     = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)
	reEmphasis = regexp.MustCompile(`\*\*|__|\*|` + "`")
	reTableSep = regexp.MustCompile(`^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$`)
)

// block is a paragraph of the Markdown: its lines, and whether it is
// verbatim (a code block) or a table.
type block struct {
	lines    []string
	verbatim bool
}

// blocks splits the Markdown into blank-line separated blocks; a fenced
// code block is one block whatever it holds.
func blocks(md string) []block {
	md = strings.ReplaceAll(md, "\r\n", "\n")
	var out []block
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			out = append(out, block{lines: cur})
			cur = nil
		}
	}
	lines := strings.Split(md, "\n")
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			flush()
			fence := t[:3]
			var code []string
			for i++; i < len(lines) && !strings.HasPrefix(strings.TrimSpace(lines[i]), fence); i++ {
				code = append(code, strings.ReplaceAll(lines[i], "\t", "    "))
			}
			out = append(out, block{lines: code, verbatim: true})
			continue
		}
		if t == "" {
			flush()
			continue
		}
		// A heading is a block of its own.
		if strings.HasPrefix(t, "#") {
			flush()
			out = append(out, block{lines: []string{t}})
			continue
		}
		cur = append(cur, t)
	}
	flush()
	return out
}

// inline strips Markdown's inline marks: links keep their text.
func inline(s string) string {
	s = strings.ReplaceAll(s, `\*`, "\x00")
	s = reLink.ReplaceAllString(s, "$1")
	s = reEmphasis.ReplaceAllString(s, "")
	s = strings.ReplaceAll(s, "\x00", "*")
	return s
}

// headingOf returns a heading block's level and text (0 when not one).
func headingOf(line string) (int, string) {
	n := 0
	for n < len(line) && line[n] == '#' {
		n++
	}
	if n == 0 || n > 6 || (n < len(line) && line[n] != ' ') {
		return 0, ""
	}
	return n, strings.TrimSpace(strings.TrimRight(strings.TrimSpace(line[n:]), "#"))
}

func isTable(lines []string) bool {
	if len(lines) < 2 {
		return false
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, "|") {
			return false
		}
	}
	return true
}
