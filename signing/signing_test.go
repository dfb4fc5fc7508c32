package signing_test

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/internal/pdftest"
	"github.com/policyflow/policyflow/naskah"
	"github.com/policyflow/policyflow/pdf"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/signing"
	"software.sslmate.com/src/go-pkcs12"
)

const perwali = "# PERATURAN WALI KOTA SAWAHLUNTO TENTANG UJI TANDA TANGAN\n\n## BAB I KETENTUAN UMUM\n\n### Pasal 1\n\nPeraturan ini berlaku sejak diundangkan.\n"

// enactedPDF is an enacted Perwali as the server renders it.
func enactedPDF(t *testing.T) []byte {
	t.Helper()
	sum := policies.ContentHash(perwali)
	d := naskah.New(naskah.Source{
		Policy:  policies.Policy{Title: "Uji Tanda Tangan"},
		Version: policies.Version{Markdown: perwali, SHA256: sum, CreatedAt: time.Date(2026, 12, 3, 9, 30, 0, 0, time.UTC)},
		Region:  policies.Region{Name: "Kota Sawahlunto", PaperSize: "F4"},
		Enactment: &policies.Enactment{Form: policies.FormPerwali, Number: 3, Year: 2026, Place: "Sawahlunto",
			EnactedOn: time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC), PrincipalTitle: "Wali Kota Sawahlunto", SignerName: "Wali Kota"},
		VerifyURL: "https://policyflow.example.go.id/verifikasi/" + sum,
	})
	var b bytes.Buffer
	if err := pdf.Render(&b, d); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// devKeys is make dev's throw-away CA with a key for the region
// sawahlunto and one for its Wali Kota.
func devKeys(t *testing.T) (string, *signing.Keys) {
	t.Helper()
	dir := t.TempDir()
	err := signing.DevCA(dir, []signing.DevSigner{{Region: "sawahlunto", Name: "Kota Sawahlunto"},
		{Region: "sawahlunto", Email: "walikota.sawahlunto@policyflow.test", Name: "Wali Kota"}}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	k, err := signing.LoadKeys(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	return dir, k
}

func signed(t *testing.T, k *signing.Keys, email string, at time.Time) []byte {
	t.Helper()
	s, ok := k.Signer("sawahlunto", email)
	if !ok {
		t.Fatal("no signer for sawahlunto")
	}
	out, err := s.Sign(context.Background(), enactedPDF(t), signing.Request{Name: "Wali Kota", Reason: "Penetapan Peraturan Wali Kota Sawahlunto Nomor 3 Tahun 2026",
		Location: "Sawahlunto", Time: at})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// pdfsig (poppler-utils, as a reader checks it) says the signed PDF's
// signature is valid and its certificate trusted when the dev CA is in
// its database, and a copy with one byte changed invalid; our own check
// says the same, and that the certificate is a test one.
func TestPdfsigSignedValidChangedInvalid(t *testing.T) {
	dir, k := devKeys(t)
	at := time.Now().UTC().Truncate(time.Second)
	b := signed(t, k, "walikota.sawahlunto@policyflow.test", at)
	file := pdftest.File(t, b)

	// An NSS database that trusts the dev CA, as a reader who imported it.
	db := pdftest.NSS(t, filepath.Join(dir, "ca.crt"))
	out := pdftest.Sig(t, db, file)
	for _, want := range []string{"Signature #1", "Signature Validation: Signature is Valid.", "Certificate Validation: Certificate is Trusted.",
		"Signer Certificate Common Name: Wali Kota (" + signing.TestMark + ")", "Signature Type: adbe.pkcs7.detached", "Total document signed"} {
		if !strings.Contains(out, want) {
			t.Errorf("pdfsig lacks %q:\n%s", want, out)
		}
	}
	// The fonts and pages are the rendered ones.
	if fonts := pdftest.Tool(t, "pdffonts", file); !strings.Contains(fonts, "utf8bonum") {
		t.Errorf("signed PDF lost its fonts:\n%s", fonts)
	}
	r := k.Check(b)
	if !r.Valid() || !r.Test || r.Name != "Wali Kota" || !r.At.Equal(at) || !strings.Contains(r.Subject, "Wali Kota") {
		t.Errorf("Check(signed) = %+v, want valid test signature of Wali Kota at %s", r, at)
	}

	bad := pdftest.OneByteChanged(t, b)
	badOut := pdftest.Sig(t, db, pdftest.File(t, bad))
	if strings.Contains(badOut, "Signature is Valid") || !strings.Contains(badOut, "Signature Validation: Digest Mismatch.") {
		t.Errorf("pdfsig on the changed copy:\n%s\nwant Digest Mismatch", badOut)
	}
	if r := k.Check(bad); r.Valid() || r.Intact || !r.Signed {
		t.Errorf("Check(changed) = %+v, want signed but not intact", r)
	}
}

// A signature under a root the server does not trust is intact but not
// valid; an unsigned PDF is not signed.
func TestCheckUntrustedAndUnsigned(t *testing.T) {
	_, k := devKeys(t)
	b := signed(t, k, "", time.Now())
	if r := signing.NoKeys().Check(b); !r.Signed || !r.Intact || r.Trusted || r.Valid() {
		t.Errorf("Check without the root = %+v, want intact, untrusted", r)
	}
	if r := k.Check(b); !r.Valid() || !strings.Contains(r.Subject, "Kota Sawahlunto") {
		t.Errorf("region key: %+v", r)
	}
	if r := k.Check(enactedPDF(t)); r.Signed || r.Valid() {
		t.Errorf("Check(unsigned) = %+v", r)
	}
	// Bytes appended after the signature are not covered by it.
	if r := k.Check(append(bytes.Clone(b), []byte("% appended\n")...)); r.Valid() {
		t.Errorf("Check(appended) = %+v, want invalid", r)
	}
}

// Keys read from PEM and PKCS#12; a wrong passphrase and a key beside
// someone else's certificate are refused naming the file.
func TestLoadKeysErrors(t *testing.T) {
	dir, _ := devKeys(t)
	if _, err := signing.LoadKeys(filepath.Join(dir, "missing"), ""); err == nil {
		t.Error("a missing folder loaded")
	}
	other := t.TempDir()
	crt, _ := os.ReadFile(filepath.Join(dir, "sawahlunto.crt"))
	key, _ := os.ReadFile(filepath.Join(dir, "sawahlunto", "walikota.sawahlunto@policyflow.test.key"))
	os.WriteFile(filepath.Join(other, "x.crt"), crt, 0o600)
	os.WriteFile(filepath.Join(other, "x.key"), key, 0o600)
	if _, err := signing.LoadKeys(other, ""); err == nil || !strings.Contains(err.Error(), "x.key") || !strings.Contains(err.Error(), "not the key's") {
		t.Errorf("mismatched key and certificate: %v", err)
	}

	// The region's key as a PKCS#12 file, opened with the passphrase.
	p12dir := t.TempDir()
	blk, _ := pem.Decode(key)
	pk, _ := x509.ParsePKCS8PrivateKey(blk.Bytes)
	wk, _ := os.ReadFile(filepath.Join(dir, "sawahlunto", "walikota.sawahlunto@policyflow.test.crt"))
	var chain []*x509.Certificate
	for rest := wk; ; {
		var b *pem.Block
		if b, rest = pem.Decode(rest); b == nil {
			break
		}
		c, _ := x509.ParseCertificate(b.Bytes)
		chain = append(chain, c)
	}
	p12, err := pkcs12.Modern.Encode(pk, chain[0], chain[1:], "rahasia")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(p12dir, "sawahlunto.p12"), p12, 0o600)
	if _, err := signing.LoadKeys(p12dir, "salah"); err == nil || !strings.Contains(err.Error(), "sawahlunto.p12") || !strings.Contains(err.Error(), "SIGNING_PASSPHRASE") {
		t.Errorf("wrong passphrase: %v", err)
	}
	k, err := signing.LoadKeys(p12dir, "rahasia")
	if err != nil {
		t.Fatal(err)
	}
	if r := k.Check(signed(t, k, "", time.Now())); !r.Valid() || !r.Test {
		t.Errorf("PKCS#12 key: %+v", r)
	}
}
