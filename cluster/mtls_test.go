//go:build cluster

package cluster

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"

	"github.com/policyflow/policyflow/internal/devtest"
)

// clusterTLS is the cluster's mutual TLS, as a city would set it up: its
// own CA, a certificate for the Temporal server (serverAuth and
// clientAuth: the services present it to each other) and one client
// certificate for the Policyflow servers and workers, which the test's own
// client presents too.
type clusterTLS struct {
	pki                    *devtest.PKI
	serverCert, serverKey  string
	clientCert, clientKey  string
	foreignCert, foreignKy string // a client certificate of another CA
}

func newClusterTLS(t *testing.T) *clusterTLS {
	t.Helper()
	c := &clusterTLS{pki: devtest.NewPKI(t, "Temporal CA Kota Uji")}
	c.serverCert, c.serverKey = c.pki.Issue(t, devtest.Cert{Name: "temporal", Usages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}})
	c.clientCert, c.clientKey = c.pki.Issue(t, devtest.Cert{Name: "policyflow", Usages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}})
	other := devtest.NewPKI(t, "Another CA")
	c.foreignCert, c.foreignKy = other.Issue(t, devtest.Cert{Name: "stranger", Usages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}})
	return c
}

// serverArgs are temporal-server start's mutual TLS flags.
func (c *clusterTLS) serverArgs() []string {
	return []string{"-tls-cert", c.serverCert, "-tls-key", c.serverKey, "-tls-ca", c.pki.CAFile}
}

// env is what every Policyflow server and worker is given.
func (c *clusterTLS) env() []string {
	return []string{"TEMPORAL_TLS_CA=" + c.pki.CAFile, "TEMPORAL_TLS_CERT=" + c.clientCert, "TEMPORAL_TLS_KEY=" + c.clientKey}
}

// client is the test's own client configuration.
func (c *clusterTLS) client(t *testing.T) *tls.Config {
	return c.pki.ClientTLS(t, c.clientCert, c.clientKey)
}

// checkRefusals proves that the cluster lets in only callers with a
// certificate of the city's CA: each of the server's four gRPC ports
// refuses a TLS client without a certificate in the handshake, the
// frontend refuses one with a certificate of another CA, and a Temporal
// client dials in neither so, nor without TLS. It returns what each
// refusal said, for the report.
func checkRefusals(ctx context.Context, t *testing.T, tc *temporalCluster, ct *clusterTLS) []string {
	t.Helper()
	host, p, err := net.SplitHostPort(tc.Address)
	if err != nil {
		t.Fatal(err)
	}
	base, _ := strconv.Atoi(p)
	noCert := ct.pki.ClientTLS(t, "", "")
	foreign := ct.pki.ClientTLS(t, ct.foreignCert, ct.foreignKy)
	var seen []string
	refused := func(what, addr string, c *tls.Config, want string) {
		err := devtest.TLSRefusal(addr, c)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s at %s: %v, want a refusal containing %q", what, addr, err, want)
			return
		}
		seen = append(seen, fmt.Sprintf("%s: %q", what, err.Error()))
	}
	for i, svc := range []string{"frontend", "history", "matching", "worker"} {
		refused(svc+" port, no client certificate", net.JoinHostPort(host, strconv.Itoa(base+i)), noCert, "certificate required")
	}
	refused("frontend, a certificate of another CA", tc.Address, foreign, "unknown certificate authority")
	// The same callers through the Temporal SDK, as a Policyflow process
	// would dial: refused, where the city's certificate gets in.
	for _, d := range []struct {
		what  string
		tls   *tls.Config
		admit bool
	}{
		{"SDK client without a certificate", noCert, false},
		{"SDK client with another CA's certificate", foreign, false},
		{"SDK client without TLS", nil, false},
		{"SDK client with the city's certificate", ct.client(t), true},
	} {
		dctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		c, err := client.DialContext(dctx, client.Options{HostPort: tc.Address, Namespace: namespace,
			ConnectionOptions: client.ConnectionOptions{TLS: d.tls}, Logger: quietSDK()})
		cancel()
		switch {
		case d.admit && err != nil:
			t.Errorf("%s: %v", d.what, err)
		case d.admit:
			c.Close()
			seen = append(seen, d.what+": connected")
		case err == nil:
			c.Close()
			t.Errorf("%s: connected, want a refusal", d.what)
		default:
			seen = append(seen, d.what+": refused")
		}
	}
	return seen
}

// quietSDK is the test's clients' logger: errors only.
func quietSDK() sdklog.Logger {
	return sdklog.NewStructuredLogger(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError})))
}
