package signing

import (
	"crypto"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"software.sslmate.com/src/go-pkcs12"
)

// Keys are the signing keys the operator supplies (SIGNING_KEYS), by
// region and signer, and the roots signatures are checked against. The
// folder holds, for a region with slug S:
//
//	S.p12 (or S.pfx)          the region's key and chain, PKCS#12
//	S.key + S.crt             or the same as PEM: the key, then the chain (signer first)
//	S/EMAIL.p12, S/EMAIL.key + S/EMAIL.crt
//	                          a signer's own key (EMAIL: the user's email), used
//	                          instead of the region's when that user signs
//	trust.pem                 roots to trust besides the top of each chain
//	                          (e.g. the root of BSrE's chain)
//
// PKCS#12 files are opened with the one passphrase given at start
// (SIGNING_PASSPHRASE), which is kept in memory only. A self-signed top
// of a configured chain is trusted: the operator chose it.
type Keys struct {
	signers map[string]*KeySigner // "S" or "S/EMAIL"
	roots   *x509.CertPool
}

// NoKeys signs nothing; its checks trust no root.
func NoKeys() *Keys { return &Keys{signers: map[string]*KeySigner{}, roots: x509.NewCertPool()} }

// LoadKeys reads the folder; an empty dir is NoKeys.
func LoadKeys(dir, passphrase string) (*Keys, error) {
	k := NoKeys()
	if dir == "" {
		return k, nil
	}
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("SIGNING_KEYS: %w", err)
	}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		name := filepath.ToSlash(rel)
		ext := filepath.Ext(name)
		id := strings.ToLower(strings.TrimSuffix(name, ext))
		var s *KeySigner
		switch ext {
		case ".p12", ".pfx":
			s, err = loadPKCS12(path, passphrase)
		case ".key":
			s, err = loadPEM(path, strings.TrimSuffix(path, ext)+".crt")
		case ".pem":
			if name == "trust.pem" {
				err = k.trust(path)
			}
			return err
		default:
			return nil
		}
		if err != nil {
			return fmt.Errorf("SIGNING_KEYS %s: %w", name, err)
		}
		if _, dup := k.signers[id]; dup {
			return fmt.Errorf("SIGNING_KEYS: two keys for %s (keep one of .p12, .pfx, .key)", id)
		}
		k.signers[id] = s
		if top := s.chain[len(s.chain)-1]; top.CheckSignatureFrom(top) == nil {
			k.roots.AddCert(top)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return k, nil
}

func (k *Keys) trust(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	certs, err := parseCerts(b)
	if err != nil {
		return fmt.Errorf("SIGNING_KEYS trust.pem: %w", err)
	}
	for _, c := range certs {
		k.roots.AddCert(c)
	}
	return nil
}

// Signer is the key that signs for the user email of the region slug:
// the user's own, else the region's; false when neither is configured.
func (k *Keys) Signer(region, email string) (*KeySigner, bool) {
	if s, ok := k.signers[strings.ToLower(region+"/"+email)]; ok {
		return s, true
	}
	s, ok := k.signers[strings.ToLower(region)]
	return s, ok
}

// Count is how many keys are configured, for the start-up log.
func (k *Keys) Count() int { return len(k.signers) }

// Check checks the PDF's signature against the trusted roots.
func (k *Keys) Check(pdfBytes []byte) Result { return Check(pdfBytes, k.roots) }

func loadPKCS12(path, passphrase string) (*KeySigner, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	key, cert, cas, err := pkcs12.DecodeChain(b, passphrase)
	if err != nil {
		return nil, fmt.Errorf("PKCS#12 (wrong SIGNING_PASSPHRASE?): %w", err)
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, errors.New("the key cannot sign")
	}
	return NewKeySigner(signer, append([]*x509.Certificate{cert}, cas...))
}

func loadPEM(keyPath, certPath string) (*KeySigner, error) {
	kb, err := os.ReadFile(keyPath)
	if err != nil {
		return nil, err
	}
	cb, err := os.ReadFile(certPath)
	if err != nil {
		return nil, fmt.Errorf("the certificate beside the key: %w", err)
	}
	blk, _ := pem.Decode(kb)
	if blk == nil {
		return nil, errors.New("no PEM block in the key file")
	}
	if blk.Type == "ENCRYPTED PRIVATE KEY" || strings.Contains(blk.Headers["Proc-Type"], "ENCRYPTED") {
		return nil, errors.New("the key is encrypted: give a PKCS#12 file and SIGNING_PASSPHRASE instead")
	}
	var key any
	switch blk.Type {
	case "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(blk.Bytes)
	case "EC PRIVATE KEY":
		key, err = x509.ParseECPrivateKey(blk.Bytes)
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(blk.Bytes)
	default:
		return nil, fmt.Errorf("PEM block %q is no private key", blk.Type)
	}
	if err != nil {
		return nil, err
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, errors.New("the key cannot sign")
	}
	chain, err := parseCerts(cb)
	if err != nil {
		return nil, err
	}
	return NewKeySigner(signer, chain)
}

func parseCerts(b []byte) ([]*x509.Certificate, error) {
	var out []*x509.Certificate
	for {
		var blk *pem.Block
		blk, b = pem.Decode(b)
		if blk == nil {
			break
		}
		if blk.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(blk.Bytes)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, errors.New("no certificate in the PEM file")
	}
	return out, nil
}
