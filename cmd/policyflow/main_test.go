package main

import (
	"bytes"
	"context"
	"crypto/x509"
	"fmt"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/postgres"
)

func TestMain(m *testing.M) { devtest.Main(m) }

// runWith runs the command in-process with the given environment and returns
// its error and how long it took.
func runWith(t *testing.T, env map[string]string, args ...string) (error, time.Duration, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out, errb bytes.Buffer
	start := time.Now()
	err := run(ctx, args, func(k string) string { return env[k] }, &out, &errb)
	return err, time.Since(start), out.String() + errb.String()
}

func migratedURL(t *testing.T, schema int) string {
	t.Helper()
	url := devtest.PostgresURL(t)
	db, err := postgres.Open(context.Background(), url, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if schema > 0 {
		db.SQL().MustExec(`INSERT INTO schema_migrations (version, name) VALUES ($1, 'from the future')`, schema)
	}
	return url
}

// Wrong settings end with one clear line, within seconds, never a hang.
func TestClearErrors(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	good := migratedURL(t, 0)
	newer := migratedURL(t, 999)
	fresh := devtest.PostgresURL(t)
	// Migrated, but one migration below the latest is missing (it landed
	// after a higher-numbered one): still not migrated.
	gap := migratedURL(t, 0)
	if db, err := postgres.Open(context.Background(), gap, 5*time.Second); err != nil {
		t.Fatal(err)
	} else {
		db.SQL().MustExec(`DELETE FROM schema_migrations WHERE version = (SELECT min(version) FROM schema_migrations)`)
		db.Close()
	}

	const pub = "http://policyflow.test"
	// Mutual TLS to Temporal: files of a throw-away CA.
	pki := devtest.NewPKI(t, "Temporal CA")
	cliCert, cliKey := pki.Issue(t, devtest.Cert{Name: "worker", Usages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}})
	_, otherKey := pki.Issue(t, devtest.Cert{Name: "other", Usages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}})
	oldCert, oldKey := pki.Issue(t, devtest.Cert{Name: "expired", Usages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}, NotAfter: time.Now().Add(-time.Hour)})
	srvCert, srvKey := pki.Issue(t, devtest.Cert{Name: "temporal", Usages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}})
	mtls := func(ca, cert, key string) map[string]string {
		return map[string]string{"PUBLIC_URL": pub, "DATABASE_URL": good, "TEMPORAL_TLS_CA": ca, "TEMPORAL_TLS_CERT": cert, "TEMPORAL_TLS_KEY": key}
	}
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"no DATABASE_URL", map[string]string{"PUBLIC_URL": pub}, []string{"server", "-addr", "127.0.0.1:0"}, "DATABASE_URL is not set"},
		{"unreachable DATABASE_URL", map[string]string{"PUBLIC_URL": pub, "DATABASE_URL": "postgres://u:secret@127.0.0.1:1/db?sslmode=disable"}, []string{"server", "-addr", "127.0.0.1:0"}, "cannot reach"},
		{"unreachable TEMPORAL_ADDRESS", map[string]string{"PUBLIC_URL": pub, "DATABASE_URL": good, "TEMPORAL_ADDRESS": "127.0.0.1:1"}, []string{"worker"}, "cannot reach Temporal at 127.0.0.1:1"},
		{"port in use", map[string]string{"PUBLIC_URL": pub, "DATABASE_URL": good, "HTTP_ADDR": busy.Addr().String()}, []string{"server"}, "already in use"},
		{"database from a newer version", map[string]string{"DATABASE_URL": newer}, []string{"migrate"}, "newer"},
		{"server on a newer database", map[string]string{"PUBLIC_URL": pub, "DATABASE_URL": newer}, []string{"server", "-addr", "127.0.0.1:0"}, "newer Policyflow"},
		{"server on an unmigrated database", map[string]string{"PUBLIC_URL": pub, "DATABASE_URL": fresh}, []string{"server", "-addr", "127.0.0.1:0"}, "policyflow migrate"},
		{"server on a database missing a lower migration", map[string]string{"PUBLIC_URL": pub, "DATABASE_URL": gap}, []string{"server", "-addr", "127.0.0.1:0"}, "1 migrations to apply"},
		{"bad LOG_LEVEL", map[string]string{"PUBLIC_URL": pub, "LOG_LEVEL": "loud"}, []string{"server"}, "LOG_LEVEL"},
		{"bad TRUSTED_PROXIES", map[string]string{"PUBLIC_URL": pub, "TRUSTED_PROXIES": "10.0.0.0/8, proxy.local"}, []string{"server"}, `TRUSTED_PROXIES: "proxy.local"`},
		{"HEAVY_PER_MINUTE not a number", map[string]string{"PUBLIC_URL": pub, "HEAVY_PER_MINUTE": "banyak"}, []string{"server"}, `HEAVY_PER_MINUTE="banyak"`},
		{"OUTBOX_LEASE too short", map[string]string{"PUBLIC_URL": pub, "OUTBOX_LEASE": "2s"}, []string{"worker"}, `OUTBOX_LEASE="2s": give a duration of at least 10s`},
		{"OUTBOX_LEASE not a duration", map[string]string{"PUBLIC_URL": pub, "OUTBOX_LEASE": "dua menit"}, []string{"worker"}, `OUTBOX_LEASE="dua menit"`},
		{"OIDC_PRIVATE_ISSUERS with a URL", map[string]string{"PUBLIC_URL": pub, "OIDC_PRIVATE_ISSUERS": "sso.kota.go.id, https://keycloak.local/"}, []string{"server"}, `OIDC_PRIVATE_ISSUERS: "https://keycloak.local/" is not a host name`},
		{"unknown command", map[string]string{}, []string{"deploy"}, "unknown command"},
		{"TEMPORAL_TLS_CERT without its key", mtls(pki.CAFile, cliCert, ""), []string{"worker"}, "TEMPORAL_TLS_CA, TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY together: TEMPORAL_TLS_KEY not set"},
		{"TEMPORAL_TLS_CA alone", mtls(pki.CAFile, "", ""), []string{"server"}, "TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY not set"},
		{"TEMPORAL_TLS_SERVER_NAME alone", map[string]string{"PUBLIC_URL": pub, "TEMPORAL_TLS_SERVER_NAME": "temporal"}, []string{"worker"}, "TEMPORAL_TLS_SERVER_NAME is set but"},
		{"TEMPORAL_TLS_CA unreadable", mtls(pki.Dir+"/no-such-ca.crt", cliCert, cliKey), []string{"worker"}, "TEMPORAL_TLS_CA: cannot read " + pki.Dir + "/no-such-ca.crt: no such file or directory"},
		{"TEMPORAL_TLS_KEY unreadable", mtls(pki.CAFile, cliCert, pki.Dir), []string{"server"}, "TEMPORAL_TLS_KEY: cannot read " + pki.Dir + ": is a directory"},
		{"TEMPORAL_TLS_CA not a certificate", mtls(cliKey, cliCert, cliKey), []string{"worker"}, "TEMPORAL_TLS_CA: " + cliKey + " holds no PEM certificate"},
		{"TEMPORAL_TLS_KEY of another certificate", mtls(pki.CAFile, cliCert, otherKey), []string{"worker"}, "private key does not match public key"},
		{"TEMPORAL_TLS_CERT expired", mtls(pki.CAFile, oldCert, oldKey), []string{"worker"}, `the certificate of "expired" expired on`},
		{"TEMPORAL_TLS_CERT not for clients", mtls(pki.CAFile, srvCert, srvKey), []string{"worker"}, "not for client authentication"},
		// Outside dev nothing guesses the public address: a link under the
		// Host a request names could lead anywhere.
		{"server without PUBLIC_URL", map[string]string{"DATABASE_URL": good}, []string{"server", "-addr", "127.0.0.1:0"}, "PUBLIC_URL is not set"},
		{"worker without PUBLIC_URL", map[string]string{"DATABASE_URL": good}, []string{"worker"}, "PUBLIC_URL is not set"},
		{"invite without PUBLIC_URL", map[string]string{"DATABASE_URL": good}, []string{"admin", "invite", "-region", "kota", "-email", "a@b.go.id", "-name", "A"}, "PUBLIC_URL is not set"},
		{"PUBLIC_URL not an address", map[string]string{"DATABASE_URL": good, "PUBLIC_URL": "policyflow.example.go.id"}, []string{"server"}, `PUBLIC_URL="policyflow.example.go.id"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err, took, out := runWith(t, tt.env, tt.args...)
			if err == nil {
				t.Fatalf("no error, want one containing %q", tt.want)
			}
			msg := err.Error()
			if err == errUsage {
				msg = out
			}
			if !strings.Contains(msg, tt.want) {
				t.Errorf("error = %q, want it to contain %q", msg, tt.want)
			}
			if strings.Contains(msg, "secret") {
				t.Errorf("error shows the database password: %q", msg)
			}
			if took > 15*time.Second {
				t.Errorf("took %s to fail, want seconds", took)
			}
		})
	}
}

func TestMigrateAndSeedAreIdempotent(t *testing.T) {
	url := devtest.PostgresURL(t)
	env := map[string]string{"DATABASE_URL": url}
	err, _, out := runWith(t, env, "migrate", "-seed")
	if err != nil {
		t.Fatal(err)
	}
	// One per migration file; their numbers may have gaps (handed out to
	// work done side by side), so the count is not the latest number.
	files, err := os.ReadDir("../../postgres/migrations")
	if err != nil {
		t.Fatal(err)
	}
	first := fmt.Sprintf("migrations applied: %d (schema version %d)", len(files), postgres.LatestVersion())
	for _, want := range []string{first, "seeded: 3 regions, 12 units, 42 users, 5 policies"} {
		if !strings.Contains(out, want) {
			t.Errorf("first run output lacks %q:\n%s", want, out)
		}
	}
	err, _, out = runWith(t, env, "migrate", "-seed")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"migrations applied: 0", "seeded: 0 regions, 0 units, 0 users, 0 policies"} {
		if !strings.Contains(out, want) {
			t.Errorf("second run output lacks %q:\n%s", want, out)
		}
	}
}

// Every environment variable the code reads is in envVars, and README.md
// documents each of them.
func TestEnvironmentVariablesDocumented(t *testing.T) {
	known := map[string]bool{}
	for _, v := range envVars {
		known[v.Name] = true
	}
	read := envReadInSource(t)
	for name := range read {
		if !known[name] {
			t.Errorf("the code reads %s but envVars does not list it", name)
		}
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range envVars {
		if !bytes.Contains(readme, []byte("`"+v.Name+"`")) {
			t.Errorf("README.md does not document `%s`", v.Name)
		}
	}
	for _, cmd := range []string{"make dev", "make test"} {
		if !bytes.Contains(readme, []byte(cmd)) {
			t.Errorf("README.md does not show %q", cmd)
		}
	}
}
