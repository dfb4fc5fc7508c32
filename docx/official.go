package docx

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"time"
)

// The official layout of a regional regulation's naskah (UU 12/2011,
// Lampiran II, C.284): "diketik dengan jenis huruf Bookman Old Style,
// dengan huruf 12, di atas kertas F4." The PDF embeds a Bookman-metric
// face (pdf/); a .docx names Bookman Old Style itself, which Word ships,
// and sets every style in it at 12 pt, in black, on the region's paper
// (F4 unless it chose A4, as the PDF).

const (
	// OfficialFont is the typeface Lampiran II C.284 names.
	OfficialFont = "Bookman Old Style"
)

// pages are the paper sizes in twentieths of a point, as WordprocessingML
// measures a page: F4 is 215 × 330 mm, A4 210 × 297 mm.
var pages = map[string][2]int{"F4": {12189, 18709}, "A4": {11906, 16838}}

var (
	// themeFonts are the styles' font choices other than code's
	// monospace face (which names Consolas outright).
	themeFonts = regexp.MustCompile(`<w:rFonts w:asciiTheme="[^"]*"[^>]*/>`)
	sizes      = regexp.MustCompile(`<w:sz(Cs)? w:val="\d+"\s*/>`)
	colours    = regexp.MustCompile(`<w:color w:val="[0-9A-Fa-f]{6}"[^>]*/>`)
	sections   = regexp.MustCompile(`<w:sectPr\s*/>|<w:sectPr>.*?</w:sectPr>`)
)

// ExportOfficialAt is ExportAt in the official layout: Bookman Old Style
// 12 in black throughout, on paper ("F4" or "A4"; any other is F4).
func ExportOfficialAt(ctx context.Context, markdown, title, paper string, at time.Time) ([]byte, error) {
	size, ok := pages[paper]
	if !ok {
		size = pages["F4"]
	}
	section := []byte(fmt.Sprintf(`<w:sectPr><w:pgSz w:w="%d" w:h="%d" /></w:sectPr>`, size[0], size[1]))
	edits := map[string]func([]byte) []byte{
		"word/styles.xml":   officialStyles,
		"word/document.xml": func(doc []byte) []byte { return sections.ReplaceAll(doc, section) },
	}
	maps.Copy(edits, coreTitle(title))
	return export(ctx, markdown, at, edits)
}

// officialStyles sets every style's theme font to Bookman Old Style, its
// size to 12 pt and its colour to black.
func officialStyles(styles []byte) []byte {
	styles = themeFonts.ReplaceAll(styles, []byte(`<w:rFonts w:ascii="`+OfficialFont+`" w:hAnsi="`+OfficialFont+`" w:cs="`+OfficialFont+`" w:eastAsia="`+OfficialFont+`" />`))
	styles = sizes.ReplaceAll(styles, []byte(`<w:sz${1} w:val="24" />`))
	return colours.ReplaceAll(styles, []byte(`<w:color w:val="000000" />`))
}
