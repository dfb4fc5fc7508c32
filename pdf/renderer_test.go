package pdf

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/naskah"
	"github.com/policyflow/policyflow/policies"
)

// A naskah PDF is rendered once per document: the same document again is
// the same bytes from memory; an enacted one (another document) renders
// anew; with every render slot taken, a new document is refused 503 with
// Retry-After instead of queueing without bound.
func TestPDFRenderedOncePerDocumentAndBounded(t *testing.T) {
	c := &Renderer{slots: make(chan struct{}, 1), wait: 50 * time.Millisecond}
	ctx := context.Background()
	d := naskah.New(naskah.Source{Policy: policies.Policy{Title: "Uji Tembolok"}, Region: policies.Region{Name: "Kota Sawahlunto"},
		Version:   policies.Version{Markdown: "# Uji Tembolok\n\n### Pasal 1\n\nIsi pasal.\n", SHA256: strings.Repeat("a", 64)},
		VerifyURL: "http://127.0.0.1/verifikasi/" + strings.Repeat("a", 64)})
	first, err := c.Render(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(first, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %.20q", first)
	}
	again, err := c.Render(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, again) || c.renders != 1 {
		t.Errorf("the same document: %d renders, same bytes %v; want 1 render", c.renders, bytes.Equal(first, again))
	}
	enacted := d
	enacted.Draft, enacted.Heading.Number = false, "NOMOR 7 TAHUN 2026"
	third, err := c.Render(ctx, enacted)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(first, third) || c.renders != 2 {
		t.Errorf("the enacted document: %d renders, same bytes as the draft %v; want a render of its own", c.renders, bytes.Equal(first, third))
	}

	c.slots <- struct{}{} // another render holds the only slot
	other := d
	other.Paper = "A4"
	_, err = c.Render(ctx, other)
	// KindUnavailable: the server answers 503, and every 503 with
	// Retry-After (server.writeError; TestHealthAndReadiness).
	if !policies.IsKind(err, policies.KindUnavailable) {
		t.Fatalf("a render with no free slot: %v, want 503 with Retry-After", err)
	}
	if b, err := c.Render(ctx, enacted); err != nil || !bytes.Equal(b, third) {
		t.Errorf("a kept document while the slots are busy: %v", err)
	}
	<-c.slots
	if _, err := c.Render(ctx, other); err != nil || c.renders != 3 {
		t.Errorf("after the slot freed: %v, %d renders, want 3", err, c.renders)
	}
}
