package signing

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// TestMark is written into every certificate of the throw-away CA of make
// dev (DevCA), in the organisational unit and the common name: a
// signature under it is a test, not valid for real use.
const TestMark = "SERTIFIKAT UJI, TIDAK SAH - NOT VALID FOR REAL USE"

// devOrg is the organisation of the dev CA's certificates.
const devOrg = "Policyflow make dev (throw-away test CA)"

// isTest reports whether a root is a dev CA's.
func isTest(root *x509.Certificate) bool {
	return slices.Contains(root.Subject.OrganizationalUnit, TestMark) && slices.Contains(root.Subject.Organization, devOrg)
}

// DevSigner is a sample signer make dev issues a certificate for.
type DevSigner struct {
	Region string // region slug
	Email  string // "" for the region's own key
	Name   string // the person or the region, in the certificate's common name
}

// oidDocumentSigning is the Document Signing extended key usage (RFC 9336).
var oidDocumentSigning = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 36}

// DevCA makes, in dir (the folder SIGNING_KEYS names), a throw-away CA
// (ca.crt, ca.key) and a key and certificate for each signer that has
// none yet (REGION.key/.crt, REGION/EMAIL.key/.crt), every one marked
// TestMark. It keeps what is there: signatures made earlier still check.
func DevCA(dir string, signers []DevSigner, now time.Time) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	caKey, ca, err := devRoot(dir, now)
	if err != nil {
		return err
	}
	for _, s := range signers {
		base := filepath.Join(dir, s.Region)
		if s.Email != "" {
			base = filepath.Join(dir, s.Region, s.Email)
		}
		if _, err := os.Stat(base + ".key"); err == nil {
			continue
		}
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return err
		}
		tpl := &x509.Certificate{
			SerialNumber: serial(),
			Subject: pkix.Name{CommonName: s.Name + " (" + TestMark + ")", Organization: []string{devOrg},
				OrganizationalUnit: []string{TestMark}, Country: []string{"ID"}},
			NotBefore:          now.Add(-24 * time.Hour),
			NotAfter:           now.AddDate(5, 0, 0),
			KeyUsage:           x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
			ExtKeyUsage:        []x509.ExtKeyUsage{x509.ExtKeyUsageEmailProtection},
			UnknownExtKeyUsage: []asn1.ObjectIdentifier{oidDocumentSigning},
		}
		if s.Email != "" {
			tpl.EmailAddresses = []string{s.Email}
		}
		der, err := x509.CreateCertificate(rand.Reader, tpl, ca, key.Public(), caKey)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(base), 0o700); err != nil {
			return err
		}
		if err := writeKey(base+".key", key); err != nil {
			return err
		}
		chain := append(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ca.Raw})...)
		if err := os.WriteFile(base+".crt", chain, 0o600); err != nil {
			return err
		}
	}
	return nil
}

// devRoot reads the dev CA in dir, or makes it.
func devRoot(dir string, now time.Time) (crypto.Signer, *x509.Certificate, error) {
	keyPath, certPath := filepath.Join(dir, "ca.key"), filepath.Join(dir, "ca.crt")
	if s, err := loadPEM(keyPath, certPath); err == nil {
		if !isTest(s.Certificate()) {
			return nil, nil, fmt.Errorf("%s is no dev CA of Policyflow: leave SIGNING_KEYS unset for make dev", certPath)
		}
		return s.key, s.Certificate(), nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, nil, err
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	tpl := &x509.Certificate{
		SerialNumber: serial(),
		Subject: pkix.Name{CommonName: "Policyflow dev CA (" + TestMark + ")", Organization: []string{devOrg},
			OrganizationalUnit: []string{TestMark}, Country: []string{"ID"}},
		NotBefore:             now.Add(-24 * time.Hour),
		NotAfter:              now.AddDate(10, 0, 0),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, key.Public(), key)
	if err != nil {
		return nil, nil, err
	}
	ca, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, nil, err
	}
	if err := writeKey(keyPath, key); err != nil {
		return nil, nil, err
	}
	// The CA's certificate is a ".crt" with no ".key" beside it under
	// this name only: LoadKeys reads ca.key + ca.crt as a signer "ca",
	// which signs for no region.
	return key, ca, os.WriteFile(certPath, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
}

func writeKey(path string, key *ecdsa.PrivateKey) error {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return err
	}
	return os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600)
}

func serial() *big.Int {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 120))
	if err != nil {
		panic(err) // crypto/rand does not fail
	}
	return n
}
