package server

import (
	"fmt"
	"html/template"
	"regexp"
	"strings"

	"github.com/policyflow/policyflow/policies"
)

// References that resolve (issue 27): on the consolidated page, "sebagaimana
// dimaksud dalam Pasal 4 ayat (2)" links to that provision in the text of
// the same day; each ayat of a Pasal carries an anchor of its own
// (<Pasal's heading anchor>-ayat-<n>) for it.

// provisionAnchors are the anchors of the Pasal and ayat of a text, by
// "4A" and "4A(2)": the Pasal's heading anchor, and the ayat's after it.
func provisionAnchors(d policies.LegalDoc) map[string]string {
	out := map[string]string{}
	for _, p := range d.Pasals {
		if _, seen := out[p.Label()]; seen || p.Anchor == "" {
			continue
		}
		out[p.Label()] = p.Anchor
		for _, a := range p.Ayat {
			if k := fmt.Sprintf("%s(%s)", p.Label(), a.Label()); out[k] == "" {
				out[k] = fmt.Sprintf("%s-ayat-%s", p.Anchor, a.Label())
			}
		}
	}
	return out
}

// linkedRefs is md with each reference to a Pasal or ayat of its own text
// written as a Markdown link to it on page (the consolidated page of the
// same day); a reference to a provision the text lacks stays words, as
// does one on a line that already holds a link or code.
func linkedRefs(md, page string) string {
	d := policies.ParseLegal(md)
	anchors := provisionAnchors(d)
	var b strings.Builder
	last := 0
	for _, r := range d.Refs {
		pasal, ayat := r.Points()
		key := pasal
		if ayat > 0 {
			key = fmt.Sprintf("%s(%d)", pasal, ayat)
		}
		anchor, ok := anchors[key]
		if !ok || r.Start < last {
			continue
		}
		lineStart := strings.LastIndexByte(md[:r.Start], '\n') + 1
		lineEnd := strings.IndexByte(md[r.Start:], '\n')
		if lineEnd < 0 {
			lineEnd = len(md) - r.Start
		}
		if l := md[lineStart : r.Start+lineEnd]; strings.ContainsAny(l, "`[]") {
			continue
		}
		b.WriteString(md[last:r.Start])
		b.WriteString("[" + md[r.Start:r.End] + "](" + page + "#" + anchor + ")")
		last = r.End
	}
	b.WriteString(md[last:])
	return b.String()
}

var ayatMarkRe = regexp.MustCompile(`<h[1-6] id="([A-Za-z0-9_-]+)">|<h[1-6]>|<p>\((\d{1,6}[a-z]?)\)\s`)

// ayatAnchors gives each ayat paragraph ("<p>(2) …") of rendered html
// the anchor of its Pasal (the heading before it, one of pasals) and its
// number, once each.
func ayatAnchors(html template.HTML, pasals map[string]string) template.HTML {
	isPasal := map[string]bool{}
	for k, a := range pasals {
		if !strings.Contains(k, "(") {
			isPasal[a] = true
		}
	}
	cur := ""
	used := map[string]bool{}
	out := ayatMarkRe.ReplaceAllStringFunc(string(html), func(m string) string {
		sub := ayatMarkRe.FindStringSubmatch(m)
		switch {
		case strings.HasPrefix(m, "<h"):
			cur = ""
			if isPasal[sub[1]] {
				cur = sub[1]
			}
			return m
		case cur == "":
			return m
		}
		id := cur + "-ayat-" + sub[2]
		if used[id] {
			return m
		}
		used[id] = true
		return `<p id="` + id + `">` + m[len("<p>"):]
	})
	return template.HTML(out) // safe: ids of letters, digits and - added to goldmark's escaped output
}
