package policies

import (
	"context"
	"time"
)

// SignedAct is the legal act a signature of the official PDF makes: the
// enactment (the signer's) or the promulgation (the promulgator's; the
// PDF then carries the promulgation block).
type SignedAct string

const (
	ActEnacted     SignedAct = "enacted"
	ActPromulgated SignedAct = "promulgated"
)

// SignedDocument is the official PDF of an enacted text as it was signed
// (PAdES, package signing): kept byte for byte, served as the version's
// PDF and checked by the verification page.
type SignedDocument struct {
	ID          int64     `db:"id" json:"-"`
	EnactmentID int64     `db:"enactment_id" json:"-"`
	Act         SignedAct `db:"act" json:"act"`
	PDF         []byte    `db:"pdf" json:"-"`
	SHA256      string    `db:"sha256" json:"sha256"`           // of the signed file
	SignerName  string    `db:"signer_name" json:"signer_name"` // the official who signed
	Subject     string    `db:"subject" json:"certificate_subject"`
	SignedAt    time.Time `db:"signed_at" json:"signed_at"`
}

// SignedDocumentStore keeps the signed PDFs.
type SignedDocumentStore interface {
	// SaveSignedDocument keeps the signed PDF of an enactment of the
	// region, once per act (KindConflict for a second), audited.
	SaveSignedDocument(ctx context.Context, regionID, actorID int64, d SignedDocument) error
	// SignedDocuments are the enactment's signed PDFs, the enactment's first.
	SignedDocuments(ctx context.Context, enactmentID int64) ([]SignedDocument, error)
	// SignedTextHash is the SHA-256 of the text whose signed PDF file has
	// the SHA-256 pdfSHA256; KindNotFound when no signed PDF has it.
	SignedTextHash(ctx context.Context, pdfSHA256 string) (string, error)
}

// CurrentSigned is the signed PDF that is the enactment's document now:
// the promulgation's once promulgated, else the enactment's; nil when
// that act was not signed (the document is then unsigned).
func CurrentSigned(e Enactment, ds []SignedDocument) *SignedDocument {
	want := ActEnacted
	if e.PromulgatedOn != nil {
		want = ActPromulgated
	}
	for i := range ds {
		if ds[i].Act == want {
			return &ds[i]
		}
	}
	return nil
}
