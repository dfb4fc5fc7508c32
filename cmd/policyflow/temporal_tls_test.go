package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"go.temporal.io/api/workflowservice/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"

	"github.com/policyflow/policyflow/internal/devtest"
)

// frontend answers GetSystemInfo, the call a Temporal client makes when it
// dials: enough to see whether a client got through the TLS handshake.
type frontend struct {
	workflowservice.UnimplementedWorkflowServiceServer
}

func (frontend) GetSystemInfo(context.Context, *workflowservice.GetSystemInfoRequest) (*workflowservice.GetSystemInfoResponse, error) {
	return &workflowservice.GetSystemInfoResponse{ServerVersion: "mtls-test"}, nil
}

// A process with TEMPORAL_TLS_* reaches a frontend that requires client
// certificates of its CA; a client without a certificate, with one from
// another CA, without TLS, or expecting another server name does not.
func TestTemporalOverMutualTLS(t *testing.T) {
	city := devtest.NewPKI(t, "Temporal CA Kota Uji")
	srvCert, srvKey := city.Issue(t, devtest.Cert{Name: "temporal", Usages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}})
	cliCert, cliKey := city.Issue(t, devtest.Cert{Name: "policyflow-worker", Usages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}})
	other := devtest.NewPKI(t, "Another CA")
	strangerCert, strangerKey := other.Issue(t, devtest.Cert{Name: "stranger", Usages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}})

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	gs := grpc.NewServer(grpc.Creds(credentials.NewTLS(city.ServerTLS(t, srvCert, srvKey))))
	workflowservice.RegisterWorkflowServiceServer(gs, frontend{})
	go gs.Serve(l)
	defer gs.Stop()
	addr := l.Addr().String()

	fromEnv := func(env map[string]string) *tls.Config {
		cfg, err := loadConfig(func(k string) string { return env[k] })
		if err != nil {
			t.Fatal(err)
		}
		return cfg.TemporalTLS
	}
	withCert := map[string]string{"TEMPORAL_TLS_CA": city.CAFile, "TEMPORAL_TLS_CERT": cliCert, "TEMPORAL_TLS_KEY": cliKey}
	named := func(name string) map[string]string {
		m := map[string]string{"TEMPORAL_TLS_SERVER_NAME": name}
		for k, v := range withCert {
			m[k] = v
		}
		return m
	}
	// A client that trusts the frontend, which does not trust it.
	strangerTLS := fromEnv(map[string]string{"TEMPORAL_TLS_CA": city.CAFile, "TEMPORAL_TLS_CERT": strangerCert, "TEMPORAL_TLS_KEY": strangerKey})

	for _, tt := range []struct {
		name    string
		tls     *tls.Config
		refused string // "" reaches the frontend
		alert   string // the TLS refusal the frontend sends
	}{
		{"client certificate of the city's CA", fromEnv(withCert), "", ""},
		{"server name the certificate carries", fromEnv(named("temporal")), "", ""},
		{"server name the certificate does not carry", fromEnv(named("temporal.example")), "certificate is valid for", ""},
		{"no client certificate", city.ClientTLS(t, "", ""), "cannot reach Temporal", "certificate required"},
		{"client certificate of another CA", strangerTLS, "cannot reach Temporal", "unknown certificate authority"},
		{"no TLS", nil, "cannot reach Temporal", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			c, err := dialTemporalMetrics(ctx, addr, "default", tt.tls, slog.New(slog.DiscardHandler), nil)
			if tt.refused == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				c.Close()
				return
			}
			if err == nil {
				c.Close()
				t.Fatalf("reached the frontend, want a refusal containing %q", tt.refused)
			}
			if !strings.Contains(err.Error(), tt.refused) {
				t.Errorf("error = %v, want it to contain %q", err, tt.refused)
			}
			if tt.alert == "" {
				return
			}
			if err := devtest.TLSRefusal(addr, tt.tls); err == nil || !strings.Contains(err.Error(), tt.alert) {
				t.Errorf("the frontend's TLS answer: %v, want a refusal containing %q", err, tt.alert)
			}
		})
	}
}

// Only a frontend on this machine is reached without TLS and without a
// warning in the log.
func TestLoopbackHost(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1:7233": true, "localhost:7233": true, "[::1]:7233": true, "127.0.0.1": true,
		"temporal:7233": false, "10.0.0.5:7233": false, "temporal.sawahlunto.go.id:7233": false, "[fd00::5]:7233": false,
	} {
		if got := loopbackHost(addr); got != want {
			t.Errorf("loopbackHost(%q) = %v, want %v", addr, got, want)
		}
	}
}
