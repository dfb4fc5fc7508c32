package docx

import (
	"context"
	"crypto/sha256"
	"slices"
	"time"

	"github.com/policyflow/policyflow/cache"
)

// Documents makes .docx files as ExportAt and ExportOfficialAt do, and
// keeps those it made lately by what made them: the same text, title,
// layout and date give the same bytes, so a document asked for again (a
// version downloaded by many, a page reloaded) is not made again: each
// costs two pandoc runs, about 100 ms of CPU. A nil *Documents keeps none.
type Documents struct {
	made *cache.Bounded[[32]byte, []byte]
}

// NewDocuments keeps at most maxBytes of documents.
func NewDocuments(maxBytes int) *Documents {
	return &Documents{made: cache.NewBounded[[32]byte, []byte](maxBytes)}
}

// ExportAt is ExportAt, kept.
func (d *Documents) ExportAt(ctx context.Context, markdown, title string, at time.Time) ([]byte, error) {
	return d.memo("draft", markdown, title, "", at, func() ([]byte, error) { return ExportAt(ctx, markdown, title, at) })
}

// ExportOfficialAt is ExportOfficialAt, kept.
func (d *Documents) ExportOfficialAt(ctx context.Context, markdown, title, paper string, at time.Time) ([]byte, error) {
	return d.memo("official", markdown, title, paper, at, func() ([]byte, error) { return ExportOfficialAt(ctx, markdown, title, paper, at) })
}

// memo is what mk makes for the document of layout, text, title, paper and
// date: kept from an earlier call, else made (and kept when it was made
// without error). The caller may change the bytes it gets.
func (d *Documents) memo(layout, markdown, title, paper string, at time.Time, mk func() ([]byte, error)) ([]byte, error) {
	if d == nil {
		return mk()
	}
	h := sha256.New()
	for _, s := range []string{layout, title, paper, at.Format(time.RFC3339Nano), at.Location().String(), markdown} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	var k [32]byte
	h.Sum(k[:0])
	if out, ok := d.made.Get(k); ok {
		return slices.Clone(out), nil
	}
	out, err := mk()
	if err != nil {
		return nil, err
	}
	d.made.Put(k, slices.Clone(out), len(out))
	return out, nil
}
