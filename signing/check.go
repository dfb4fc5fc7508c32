package signing

import (
	"bytes"
	"crypto/x509"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/digitorus/pdfsign/verify"
)

// Result is what a check of a PDF's signature found.
type Result struct {
	// Signed: the PDF carries a signature at all.
	Signed bool
	// Intact: the signature is the signer's over the whole file as it is
	// now (the CMS signature verifies and the digest of every signed byte
	// matches; nothing was added after it).
	Intact bool
	// Trusted: the signer's certificate leads to a root the server trusts
	// (Keys' roots), valid at the signing time.
	Trusted bool
	// Test: that root is a throw-away CA of make dev (DevCA): a test
	// certificate, not valid for real use.
	Test bool
	// Name is the signer's name in the signature, Subject and Issuer the
	// certificate's, At the signing time the signature states.
	Name    string
	Subject string
	Issuer  string
	At      time.Time
	// Problem says in English why the signature is not valid, for logs.
	Problem string
}

// Valid is a signature intact and trusted.
func (r Result) Valid() bool { return r.Signed && r.Intact && r.Trusted }

// Check checks the last signature of the PDF against roots.
func Check(pdfBytes []byte, roots *x509.CertPool) Result {
	opts := verify.DefaultVerifyOptions()
	// The chain is checked below against roots; pdfsign checks the CMS
	// signature and the digest of the byte ranges.
	opts.AllowUntrustedRoots = true
	opts.TrustSignatureTime = true
	resp, err := verify.VerifyWithOptions(bytes.NewReader(pdfBytes), int64(len(pdfBytes)), opts)
	if resp != nil && len(resp.Signers) == 0 && !bytes.Contains(pdfBytes, []byte("/ByteRange")) {
		return Result{Problem: "no signature"}
	}
	if err != nil && (resp == nil || len(resp.Signers) == 0) {
		return Result{Signed: bytes.Contains(pdfBytes, []byte("/ByteRange")), Problem: err.Error()}
	}
	s := resp.Signers[len(resp.Signers)-1]
	r := Result{Signed: true, Name: s.Name, Intact: s.ValidSignature && err == nil}
	if err != nil {
		r.Problem = err.Error()
	}
	if s.SignatureTime != nil {
		r.At = *s.SignatureTime
	}
	if !wholeFile(pdfBytes) {
		r.Intact, r.Problem = false, "the signature does not cover the whole file"
	}
	if len(s.Certificates) == 0 || s.Certificates[0].Certificate == nil {
		r.Intact, r.Problem = false, "no signer certificate"
		return r
	}
	leaf := s.Certificates[0].Certificate
	r.Subject, r.Issuer = leaf.Subject.String(), leaf.Issuer.String()
	inter := x509.NewCertPool()
	for _, c := range s.Certificates[1:] {
		inter.AddCert(c.Certificate)
	}
	at := r.At
	if at.IsZero() {
		at = time.Now()
	}
	chains, verr := leaf.Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter, CurrentTime: at,
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}})
	switch {
	case verr != nil:
		if r.Problem == "" {
			r.Problem = verr.Error()
		}
	default:
		r.Trusted = true
		r.Test = slices.ContainsFunc(chains, func(ch []*x509.Certificate) bool { return isTest(ch[len(ch)-1]) })
	}
	if !r.Intact && r.Problem == "" {
		r.Problem = "the signature does not match the file (changed after signing)"
	}
	return r
}

var byteRange = regexp.MustCompile(`/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]`)

// wholeFile reports whether the last signature's byte range reaches the
// end of the file: nothing was appended after it.
func wholeFile(b []byte) bool {
	ms := byteRange.FindAllSubmatch(b, -1)
	if len(ms) == 0 {
		return false
	}
	m := ms[len(ms)-1]
	n := make([]int64, 4)
	for i := range n {
		v, err := strconv.ParseInt(string(m[i+1]), 10, 64)
		if err != nil {
			return false
		}
		n[i] = v
	}
	end := n[2] + n[3]
	// The signer ends the file with one newline after %%EOF.
	rest := strings.TrimRight(string(b[min(int64(len(b)), end):]), "\r\n")
	return n[0] == 0 && end <= int64(len(b)) && rest == ""
}
