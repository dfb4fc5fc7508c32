package devtest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// PKI is a throw-away certificate authority for tests of mutual TLS (the
// Temporal frontend's and its clients'): an ECDSA P-256 root in Dir/ca.crt
// and the certificates it issues beside it, as an operator would make them
// with openssl.
type PKI struct {
	Dir    string
	CAFile string // PEM of the root
	ca     *x509.Certificate
	key    *ecdsa.PrivateKey
}

// Cert is a certificate to issue.
type Cert struct {
	Name     string             // common name, and the files' base name
	Usages   []x509.ExtKeyUsage // extendedKeyUsage: ServerAuth for a server, ClientAuth for a client
	NotAfter time.Time          // zero: a day from now
}

// NewPKI makes a root CA named name in a temporary folder of t.
func NewPKI(t testing.TB, name string) *PKI {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	tpl := &x509.Certificate{
		SerialNumber:          serialNumber(t),
		Subject:               pkix.Name{CommonName: name, Organization: []string{"Policyflow tests"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(48 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	ca, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	p := &PKI{Dir: t.TempDir(), ca: ca, key: key}
	p.CAFile = filepath.Join(p.Dir, "ca.crt")
	writePEM(t, p.CAFile, "CERTIFICATE", der)
	return p
}

// Issue writes Dir/NAME.crt and Dir/NAME.key: a certificate for the
// loopback addresses, localhost and NAME, signed by the root.
func (p *PKI) Issue(t testing.TB, c Cert) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if c.NotAfter.IsZero() {
		c.NotAfter = time.Now().Add(24 * time.Hour)
	}
	notBefore := time.Now().Add(-time.Hour)
	if c.NotAfter.Before(notBefore) {
		notBefore = c.NotAfter.Add(-time.Hour) // an expired certificate, for tests of refusals
	}
	tpl := &x509.Certificate{
		SerialNumber: serialNumber(t),
		Subject:      pkix.Name{CommonName: c.Name, Organization: []string{"Policyflow tests"}},
		NotBefore:    notBefore,
		NotAfter:     c.NotAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  c.Usages,
		DNSNames:     []string{"localhost", c.Name},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	der, err := x509.CreateCertificate(rand.Reader, tpl, p.ca, key.Public(), p.key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(p.Dir, c.Name+".crt"), filepath.Join(p.Dir, c.Name+".key")
	writePEM(t, certFile, "CERTIFICATE", der)
	writePEM(t, keyFile, "PRIVATE KEY", kder)
	return certFile, keyFile
}

// ClientTLS is a client's configuration that trusts the root and presents
// the certificate in certFile and keyFile ("": none).
func (p *PKI) ClientTLS(t testing.TB, certFile, keyFile string) *tls.Config {
	t.Helper()
	roots := x509.NewCertPool()
	roots.AddCert(p.ca)
	c := &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}
	if certFile != "" {
		pair, err := tls.LoadX509KeyPair(certFile, keyFile)
		if err != nil {
			t.Fatal(err)
		}
		// Presented whoever the server names as the CAs it trusts (with
		// Certificates, Go would send none to a server that does not name
		// this issuer).
		c.GetClientCertificate = func(*tls.CertificateRequestInfo) (*tls.Certificate, error) { return &pair, nil }
	}
	return c
}

// ServerTLS is a server's configuration that presents the certificate in
// certFile and keyFile and requires a client certificate the root signed.
func (p *PKI) ServerTLS(t testing.TB, certFile, keyFile string) *tls.Config {
	t.Helper()
	pair, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(p.ca)
	return &tls.Config{Certificates: []tls.Certificate{pair}, ClientCAs: pool, ClientAuth: tls.RequireAndVerifyClientCert, MinVersion: tls.VersionTLS12}
}

func writePEM(t testing.TB, path, kind string, der []byte) {
	t.Helper()
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
}

func serialNumber(t testing.TB) *big.Int {
	t.Helper()
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 120))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TLSRefusal opens a TLS connection to the gRPC server at addr with c and
// sends HTTP/2's preface: nil when the server answers it, else the
// server's refusal as the client sees it ("remote error: tls: certificate
// required" for a client without a certificate). In TLS 1.3 a client
// finishes its handshake before the server has checked its certificate,
// so the refusal arrives on the first read, not from the handshake.
func TLSRefusal(addr string, c *tls.Config) error {
	d := &net.Dialer{Timeout: 10 * time.Second}
	conn, err := tls.DialWithDialer(d, "tcp", addr, c)
	if err != nil {
		return err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := conn.Write([]byte("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")); err != nil {
		return err
	}
	_, err = conn.Read(make([]byte, 1))
	return err
}
