package server

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"html/template"
	"io"
	"strings"
)

// Under a burst of comments the page revision moves between most reads,
// and with it the comments part (threadcache.go) was made again each time:
// the threads came from memory per their data, but the sections around
// them, the table of contents and the comment form's list of sections
// were rendered anew for every section of a long text (issue 25: 30 % and
// 14 % of the server's CPU in the burst). Each is also kept, in the
// threads' memory, under a digest of everything it shows and of who reads
// it (language and zone, the policy, the buttons): a changed section has
// another digest, so nothing is invalidated and nothing can be stale. The
// digests are of distinct prefixes, never a thread's (whose data is JSON).

// keptHTML is the HTML kept under sc's reader and a digest of parts, else
// render's, kept.
func (s *Server) keptHTML(sc sectionsCtx, locale string, render func() (template.HTML, error), parts ...string) (template.HTML, error) {
	h := sha256.New()
	for _, p := range parts {
		fmt.Fprintf(h, "%d:", len(p))
		io.WriteString(h, p)
	}
	k := threadKey{locale: locale, policy: sc.PolicyID, drafter: sc.Drafter, canComment: sc.CanComment}
	h.Sum(k.data[:0])
	if v, ok := s.thread.Get(k); ok {
		return v, nil
	}
	v, err := render()
	if err == nil {
		s.thread.Put(k, v, 128+len(v))
	}
	return v, err
}

// sectionsHTML is the "sections" template of sc, each section rendered
// once per its data. The template writes a line break before and after
// its sections, and each section between line breaks of its own.
func (s *Server) sectionsHTML(tmpl *template.Template, sc sectionsCtx, locale string) ([]byte, error) {
	var out bytes.Buffer
	out.WriteString("\n")
	for _, sv := range sc.Sections {
		one := sc
		one.Sections = []sectionView{sv}
		h, err := s.keptHTML(sc, locale, func() (template.HTML, error) {
			var b strings.Builder
			if err := tmpl.ExecuteTemplate(&b, "sections", one); err != nil {
				return "", fmt.Errorf("render comment section %q: %w", sv.ID, err)
			}
			v, ok := strings.CutPrefix(b.String(), "\n")
			if v, ok2 := strings.CutSuffix(v, "\n"); ok && ok2 {
				return template.HTML(v), nil
			}
			return "", fmt.Errorf("render comment section %q: not between line breaks", sv.ID)
		}, "section", sv.ID, sv.Title, fmt.Sprint(sv.Count), sv.More, string(sv.ThreadsHTML), fmt.Sprint(len(sv.Threads)))
		if err != nil {
			return nil, err
		}
		out.WriteString(string(h))
	}
	out.WriteString("\n")
	return out.Bytes(), nil
}
