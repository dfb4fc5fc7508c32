package main

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"slices"
	"strings"
	"time"
)

// loadTemporalTLS is the client side of mutual TLS to Temporal, from
// TEMPORAL_TLS_CA (the CA that signed the frontend's certificate),
// TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY (this process's client
// certificate and its key, PEM) and TEMPORAL_TLS_SERVER_NAME (the name the
// frontend's certificate carries, when TEMPORAL_ADDRESS's host is not it).
// None set: nil, plain gRPC. The three files go together: a frontend that
// requires client certificates refuses a process without one only at the
// first call, with an error about a handshake, where a missing variable
// here names itself at start. The files are read once, at start: a process
// takes a renewed certificate when it restarts.
func loadTemporalTLS(getenv func(string) string, now time.Time) (*tls.Config, error) {
	files := []struct{ name, path string }{
		{"TEMPORAL_TLS_CA", getenv("TEMPORAL_TLS_CA")},
		{"TEMPORAL_TLS_CERT", getenv("TEMPORAL_TLS_CERT")},
		{"TEMPORAL_TLS_KEY", getenv("TEMPORAL_TLS_KEY")},
	}
	serverName := getenv("TEMPORAL_TLS_SERVER_NAME")
	var missing []string
	for _, f := range files {
		if f.path == "" {
			missing = append(missing, f.name)
		}
	}
	switch {
	case len(missing) == len(files) && serverName == "":
		return nil, nil
	case len(missing) == len(files):
		return nil, errors.New("TEMPORAL_TLS_SERVER_NAME is set but TEMPORAL_TLS_CA, TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY are not: set all three for mutual TLS to Temporal, or unset TEMPORAL_TLS_SERVER_NAME")
	case len(missing) > 0:
		return nil, fmt.Errorf("mutual TLS to Temporal needs TEMPORAL_TLS_CA, TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY together: %s not set", strings.Join(missing, " and "))
	}
	pems := make([][]byte, len(files))
	for i, f := range files {
		b, err := os.ReadFile(f.path)
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err // the path is in the message already
			}
			return nil, fmt.Errorf("%s: cannot read %s: %w", f.name, f.path, err)
		}
		pems[i] = b
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(pems[0]) {
		return nil, fmt.Errorf("TEMPORAL_TLS_CA: %s holds no PEM certificate (-----BEGIN CERTIFICATE-----)", files[0].path)
	}
	pair, err := tls.X509KeyPair(pems[1], pems[2])
	if err != nil {
		return nil, fmt.Errorf("TEMPORAL_TLS_CERT %s and TEMPORAL_TLS_KEY %s: %w", files[1].path, files[2].path, err)
	}
	if err := checkClientCert(pair.Leaf, now); err != nil {
		return nil, fmt.Errorf("TEMPORAL_TLS_CERT %s: %w", files[1].path, err)
	}
	return &tls.Config{
		MinVersion: tls.VersionTLS12,
		RootCAs:    roots,
		// Always present the certificate: with Certificates, Go sends none
		// when the frontend's list of CAs does not name its issuer, and a
		// certificate from the wrong CA would show as "certificate required".
		GetClientCertificate: func(*tls.CertificateRequestInfo) (*tls.Certificate, error) { return &pair, nil },
		ServerName:           serverName,
	}, nil
}

// checkClientCert refuses, at start, a certificate the frontend would
// refuse at the first call with a bare "bad certificate": one outside its
// validity or not issued for client authentication.
func checkClientCert(c *x509.Certificate, now time.Time) error {
	const day = "2006-01-02 15:04 MST"
	switch {
	case now.After(c.NotAfter):
		return fmt.Errorf("the certificate of %q expired on %s: issue a new one", c.Subject.CommonName, c.NotAfter.UTC().Format(day))
	case now.Before(c.NotBefore):
		return fmt.Errorf("the certificate of %q is valid only from %s: check this machine's clock", c.Subject.CommonName, c.NotBefore.UTC().Format(day))
	case len(c.ExtKeyUsage) > 0 && !slices.Contains(c.ExtKeyUsage, x509.ExtKeyUsageClientAuth) && !slices.Contains(c.ExtKeyUsage, x509.ExtKeyUsageAny):
		return fmt.Errorf("the certificate of %q is not for client authentication: issue it with extendedKeyUsage = clientAuth", c.Subject.CommonName)
	}
	return nil
}

// loopbackHost reports whether a host:port names this machine, where a
// frontend without TLS is reached by nobody else.
func loopbackHost(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
