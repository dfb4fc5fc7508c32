package server

import (
	"strings"
	"testing"

	"github.com/policyflow/policyflow/pdf"
)

// What the legal unit typed stays text in the naskah DOCX's Markdown: a
// place or a name that looks like a link, an image or HTML is escaped.
func TestNaskahMarkdownEscapesTypedText(t *testing.T) {
	md := naskahMarkdown(pdf.Document{Form: "PERATURAN WALI KOTA SAWAHLUNTO", City: "Sawahlunto", Title: "Uji <b>tebal</b>",
		Markdown: "# Uji\n\n### Pasal 1\n\nIsi.\n", SHA256: strings.Repeat("a", 64), VerifyURL: "http://x/verifikasi/a",
		Signature: &pdf.Signature{Place: "[Klik](https://contoh.test)", PrincipalOffice: "Wali Kota Sawahlunto", Name: "![x](https://contoh.test/a.png)"}})
	for _, bad := range []string{"[Klik](", "![X](", "<B>"} {
		if strings.Contains(md, bad) {
			t.Errorf("typed text reads as Markdown %q:\n%s", bad, md)
		}
	}
	for _, want := range []string{`\[Klik\]\(https://contoh\.test\)`, `\!\[X\]\(HTTPS://CONTOH\.TEST/A\.PNG\)`, "### Pasal 1"} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown lacks %q:\n%s", want, md)
		}
	}
}
