package naskah_test

import (
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/naskah"
	"github.com/policyflow/policyflow/policies"
)

// What the legal unit typed stays text in the naskah DOCX's Markdown: a
// place or a name that looks like a link, an image or HTML is escaped.
func TestNaskahMarkdownEscapesTypedText(t *testing.T) {
	md := naskah.New(naskah.Source{
		Policy:  policies.Policy{Title: "Uji <b>tebal</b>"},
		Version: policies.Version{Markdown: "### Pasal 1\n\nIsi.\n", SHA256: strings.Repeat("a", 64)},
		Region:  policies.Region{Name: "Kota Sawahlunto"},
		Enactment: &policies.Enactment{Form: policies.FormPerwali, Number: 1, Year: 2026, Place: "[Klik](https://contoh.test)",
			EnactedOn: time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC), PrincipalTitle: "Wali Kota Sawahlunto", SignerName: "![x](https://contoh.test/a.png)"},
		VerifyURL: "http://x/verifikasi/a",
	}).Markdown()
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
