package verify

import (
	"context"
	"time"

	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/signing"
)

// Checker checks a PDF's signature against the trusted roots
// (*signing.Keys).
type Checker interface {
	Check(pdf []byte) signing.Result
}

// Signature is the electronic signature of the enacted text's official
// PDF as it is now (the enactment's, or the promulgation's once
// promulgated), checked again on every verification: signed or not, valid
// or not, and whether its certificate is a test one (make dev's CA).
type Signature struct {
	Signed   bool       `json:"signed"`
	Valid    bool       `json:"valid"`
	Test     bool       `json:"test_certificate"`
	Act      string     `json:"act,omitempty"` // enacted, promulgated
	Signer   string     `json:"signer,omitempty"`
	Subject  string     `json:"certificate_subject,omitempty"`
	SignedAt *time.Time `json:"signed_at,omitempty"`
	// SHA256 is the signed PDF file's (not the text's).
	SHA256 string `json:"pdf_sha256,omitempty"`
}

// SignatureOf checks the signed PDF that is the enactment's document now;
// Signed is false when that act was not signed electronically.
func SignatureOf(ctx context.Context, st policies.SignedDocumentStore, chk Checker, e policies.Enactment) (*Signature, error) {
	ds, err := st.SignedDocuments(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	d := policies.CurrentSigned(e, ds)
	if d == nil {
		return &Signature{}, nil
	}
	return Checked(chk, d.PDF, d.SignerName, string(d.Act), d.SHA256), nil
}

// Checked is the check of a signed PDF as the verification shows it;
// signer is the name the record gives, else the signature's own.
func Checked(chk Checker, pdf []byte, signer, act, sha string) *Signature {
	r := chk.Check(pdf)
	if signer == "" {
		signer = r.Name
	}
	s := &Signature{Signed: r.Signed, Valid: r.Valid(), Test: r.Test, Act: act, Signer: signer, Subject: r.Subject, SHA256: sha}
	if !r.At.IsZero() {
		at := r.At
		s.SignedAt = &at
	}
	return s
}
