package main

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"os"
	"slices"
	"time"

	"go.temporal.io/server/common/config"
)

// tlsFlags are start's mutual TLS settings: one certificate for the server
// (its frontend, and its services to each other) and one CA whose
// certificates every caller must present. None given: plain gRPC.
type tlsFlags struct {
	cert, key, ca, serverName string
}

func (f *tlsFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.cert, "tls-cert", "", "PEM certificate of the server, signed by -tls-ca, with extendedKeyUsage serverAuth and clientAuth (the services present it to each other) and the name clients dial in its subjectAltName; with -tls-key and -tls-ca: mutual TLS on every port")
	fs.StringVar(&f.key, "tls-key", "", "PEM private key of -tls-cert")
	fs.StringVar(&f.ca, "tls-ca", "", "PEM CA whose certificates clients must present (every certificate it signed is let in: keep it for Temporal only); it also signed -tls-cert")
	fs.StringVar(&f.serverName, "tls-server-name", "", "name in -tls-cert the services check when they call each other (default: the address they call, -ip)")
}

func (f *tlsFlags) enabled() bool { return f.cert != "" || f.key != "" || f.ca != "" }

// clientConfig checks the files and returns the server's own client
// configuration (nil without TLS): its certificate, trusting the CA.
func (f *tlsFlags) clientConfig() (*tls.Config, error) {
	if !f.enabled() {
		if f.serverName != "" {
			return nil, errors.New("-tls-server-name is set without -tls-cert, -tls-key and -tls-ca")
		}
		return nil, nil
	}
	if f.cert == "" || f.key == "" || f.ca == "" {
		return nil, errors.New("mutual TLS needs -tls-cert, -tls-key and -tls-ca together")
	}
	caPEM, err := os.ReadFile(f.ca)
	if err != nil {
		return nil, fmt.Errorf("-tls-ca: %w", err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(caPEM) {
		return nil, fmt.Errorf("-tls-ca: %s holds no PEM certificate", f.ca)
	}
	pair, err := tls.LoadX509KeyPair(f.cert, f.key)
	if err != nil {
		return nil, fmt.Errorf("-tls-cert %s, -tls-key %s: %w", f.cert, f.key, err)
	}
	leaf := pair.Leaf
	if _, err := leaf.Verify(x509.VerifyOptions{Roots: roots, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}}); err != nil {
		return nil, fmt.Errorf("-tls-cert %s is not a certificate of -tls-ca %s for a server: %w", f.cert, f.ca, err)
	}
	for _, u := range []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth} {
		if len(leaf.ExtKeyUsage) > 0 && !slices.Contains(leaf.ExtKeyUsage, u) && !slices.Contains(leaf.ExtKeyUsage, x509.ExtKeyUsageAny) {
			return nil, fmt.Errorf("-tls-cert %s needs extendedKeyUsage serverAuth and clientAuth: the services present it to each other", f.cert)
		}
	}
	return &tls.Config{
		MinVersion:           tls.VersionTLS12,
		RootCAs:              roots,
		GetClientCertificate: func(*tls.CertificateRequestInfo) (*tls.Certificate, error) { return &pair, nil },
		ServerName:           f.serverName,
	}, nil
}

// rootTLS is the server's TLS configuration: the frontend and the services
// between them serve the certificate and require a client certificate of
// the CA (RequireClientAuth); the services and the system workers call
// each other and the frontend with the same certificate, and so do calls
// to the cluster's own address (ip) made as to a remote cluster. Expiring
// certificates are logged a month ahead.
func (f *tlsFlags) rootTLS(ip string) config.RootTLS {
	if !f.enabled() {
		return config.RootTLS{}
	}
	server := config.ServerTLS{CertFile: f.cert, KeyFile: f.key, ClientCAFiles: []string{f.ca}, RequireClientAuth: true}
	client := config.ClientTLS{ServerName: f.serverName, RootCAFiles: []string{f.ca}}
	return config.RootTLS{
		Internode:      config.GroupTLS{Server: server, Client: client},
		Frontend:       config.GroupTLS{Server: server, Client: client},
		SystemWorker:   config.WorkerTLS{CertFile: f.cert, KeyFile: f.key, Client: client},
		RemoteClusters: map[string]config.GroupTLS{ip: {Server: server, Client: client}},
		ExpirationChecks: config.CertExpirationValidation{
			WarningWindow: 30 * 24 * time.Hour,
			ErrorWindow:   7 * 24 * time.Hour,
			CheckInterval: 24 * time.Hour,
		},
	}
}

// describe is the ready line's word on TLS.
func (f *tlsFlags) describe() string {
	if !f.enabled() {
		return "no TLS"
	}
	return "mutual TLS, client certificates of " + f.ca
}
