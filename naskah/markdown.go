package naskah

import (
	"fmt"
	"strings"
)

// Markdown is the document as Markdown, for the naskah DOCX (package docx
// turns it into Word): the title block as one heading, RANCANGAN on a
// draft, the body, the signature and promulgation blocks, the Berita Daerah
// line and the verification footer. What people typed (a title, a place, a
// name, an office) is escaped, so it stays text.
func (d Document) Markdown() string {
	var b strings.Builder
	heading := d.Heading.Lines()
	for i := range heading {
		heading[i] = escape(heading[i])
	}
	fmt.Fprintf(&b, "# %s\n\n", strings.Join(heading, " "))
	if d.Draft {
		b.WriteString("**" + DraftMark + "**\n\n")
	}
	// The body without its own title heading.
	body := d.Body
	lines := strings.Split(body, "\n")
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), "# ") {
			body = strings.Join(append(append([]string{}, lines[:i]...), lines[i+1:]...), "\n")
			break
		}
		if strings.TrimSpace(l) != "" {
			break
		}
	}
	b.WriteString(strings.TrimSpace(body))
	b.WriteString("\n\n")
	for i, bl := range []*Block{d.Signature, d.Promulgation} {
		if i == 1 {
			b.WriteString(d.parafMarkdown()) // below the signature, as the PDF prints it
		}
		if bl == nil {
			continue
		}
		offices := make([]string, len(bl.Offices))
		for i, o := range bl.Offices {
			offices[i] = "**" + escape(o) + "**"
		}
		fmt.Fprintf(&b, "%s\\\n%s\n\n%s\n\n\\\n\\\n**%s**\n\n", escape(bl.Place), escape(bl.Date), strings.Join(offices, "\\\n"), escape(bl.PrintedName()))
	}
	if d.Gazette != "" {
		fmt.Fprintf(&b, "**%s**\n\n", escape(d.Gazette))
	}
	fmt.Fprintf(&b, "%s\\\n%s\n", d.HashLine(), d.VerifyLine())
	return b.String()
}

// escape is text as literal Markdown: every ASCII punctuation mark that
// Markdown reads as syntax is escaped, so "[x](https://…)" stays text.
func escape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_{}[]<>()#+-.!|~&\"'", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
