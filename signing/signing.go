// Package signing puts a PAdES signature into an official PDF and checks
// one: a CMS (PKCS#7) detached signature over the whole file
// (adbe.pkcs7.detached), with the signing time and the signer's
// certificate chain, as a reader (Adobe Reader, poppler's pdfsig) checks
// it. A Signer signs; Keys holds each region's signer and the roots its
// signatures are checked against.
//
// The signature itself is made by github.com/digitorus/pdfsign (an
// incremental update with the signature dictionary, CMS by
// github.com/digitorus/pkcs7); keys come from PKCS#12 files
// (software.sslmate.com/src/go-pkcs12) or PEM files.
//
// # A remote signer (BSrE)
//
// Leaders in Indonesia sign by TTE with certificates of BSrE (Balai
// Sertifikasi Elektronik, BSSN). Their keys never leave BSrE: an
// application sends the PDF to the region's "esign client service" and
// gets the signed PDF back. A BSrE signer would implement Signer with the
// call of that service's API version 1, as public clients of it make it
// (OpenSID's E-Sign-BSrE for PHP; BSrE's "Petunjuk Teknis Penggunaan API
// Esign Client Service" v2.0 of January 2024 lists it as "5.2 Sign PDF",
// but its full text was not found, so check the fields with BSrE):
//
//	POST {base}/api/sign/pdf
//	Authorization: Basic (the client account BSrE issues to the region)
//	Content-Type: multipart/form-data
//	  file        the PDF to sign
//	  nik         the signer's NIK, whose certificate signs
//	  passphrase  the signer's passphrase, typed by the signer for this one signature
//	  tampilan    "invisible" (the page already prints the signature block and QR)
//	→ 200 with the signed PDF as the body; an error as JSON
//
// (GET {base}/api/user/status/{nik} tells whether a NIK's certificate is
// active; POST {base}/api/sign/verify with signed_file checks a PDF.) The
// passphrase is asked from the signer at the moment of signing and passed
// straight through; Policyflow never stores it, in the database, a file or
// a log. That is why Signer.Sign takes a Request: a BSrE signer reads the
// NIK and passphrase from it, and a KeySigner ignores them.
package signing

import (
	"bytes"
	"context"
	"crypto"
	"crypto/x509"
	"errors"
	"fmt"
	"time"

	"github.com/digitorus/pdf"
	"github.com/digitorus/pdfsign/sign"
)

// Request is what one signature says: who signs, why and where, and when.
type Request struct {
	Name     string    // the signer's name, as the enactment records it
	Reason   string    // "Penetapan Peraturan Wali Kota Sawahlunto Nomor 3 Tahun 2026"
	Location string    // the place of enactment
	Time     time.Time // the signing time written into the signature
	// NIK and Passphrase are for a remote signer (BSrE), which signs with
	// the signer's own certificate; a KeySigner ignores them. The
	// passphrase is used for this one call and never kept.
	NIK        string
	Passphrase string
}

// Signer signs a PDF: it returns the same file with a PAdES signature.
type Signer interface {
	Sign(ctx context.Context, pdf []byte, req Request) ([]byte, error)
}

// KeySigner signs with a private key the operator supplies, and its
// certificate chain (signer first).
type KeySigner struct {
	key   crypto.Signer
	chain []*x509.Certificate
}

// NewKeySigner is a signer of the key whose certificate is chain[0]; the
// rest of chain are its issuers, up to the root where known.
func NewKeySigner(key crypto.Signer, chain []*x509.Certificate) (*KeySigner, error) {
	if len(chain) == 0 {
		return nil, errors.New("signing: no certificate for the key")
	}
	if !publicKeysEqual(key.Public(), chain[0].PublicKey) {
		return nil, errors.New("signing: the certificate is not the key's (its public key differs)")
	}
	return &KeySigner{key: key, chain: chain}, nil
}

func publicKeysEqual(a, b crypto.PublicKey) bool {
	ka, ok := a.(interface{ Equal(crypto.PublicKey) bool })
	return ok && ka.Equal(b)
}

// Certificate is the signer's certificate.
func (k *KeySigner) Certificate() *x509.Certificate { return k.chain[0] }

// Sign returns pdfBytes with the signature appended as an incremental
// update: the original bytes are untouched, so the fonts, pages and QR
// code are the ones rendered.
func (k *KeySigner) Sign(_ context.Context, pdfBytes []byte, req Request) ([]byte, error) {
	rdr, err := pdf.NewReader(bytes.NewReader(pdfBytes), int64(len(pdfBytes)))
	if err != nil {
		return nil, fmt.Errorf("signing: read PDF: %w", err)
	}
	var out bytes.Buffer
	err = sign.Sign(bytes.NewReader(pdfBytes), &out, rdr, int64(len(pdfBytes)), sign.SignData{
		Signature: sign.SignDataSignature{
			Info: sign.SignDataSignatureInfo{Name: req.Name, Location: req.Location, Reason: req.Reason, Date: req.Time},
			// An approval signature: the signer approves this text.
			CertType: sign.ApprovalSignature,
		},
		Signer:            k.key,
		DigestAlgorithm:   crypto.SHA256,
		Certificate:       k.chain[0],
		CertificateChains: [][]*x509.Certificate{k.chain},
	})
	if err != nil {
		return nil, fmt.Errorf("signing: %w", err)
	}
	return out.Bytes(), nil
}
