// Package devtest gives tests a real PostgreSQL and a real Temporal dev
// server, started once per test binary and stopped when it ends. Nothing is
// faked and nothing skips: when a service cannot start, the test fails and
// says why (run the tests with `make test`, which builds what they need).
package devtest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"database/sql"

	"github.com/lib/pq"

	"github.com/policyflow/policyflow/devenv"
)

var (
	mu       sync.Mutex
	pg       *devenv.Postgres
	pgErr    error
	pgDir    string
	tmp      *devenv.Temporal
	tmpErr   error
	tmpDir   string
	dbSerial atomic.Int64
	binMu    sync.Mutex
	binPath  string // BuildPolicyflow's binary, in binDir
	binDir   string
	binErr   error
)

// Main runs a package's tests and then stops the services they started,
// after running stop (what the package started itself, such as a browser).
// Call it from TestMain.
func Main(m *testing.M, stop ...func()) {
	code := m.Run()
	for _, f := range stop {
		f()
	}
	mu.Lock()
	if pg != nil {
		pg.Stop()
	}
	if tmp != nil {
		tmp.Stop()
	}
	if code == 0 {
		os.RemoveAll(pgDir)
		os.RemoveAll(tmpDir)
	}
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	mu.Unlock()
	os.Exit(code)
}

// serviceDir makes a temporary folder the postgres user can enter when we
// run as root (os.MkdirTemp makes 0700 folders).
func serviceDir(prefix string) (string, error) {
	d, err := os.MkdirTemp("", prefix)
	if err != nil {
		return "", err
	}
	return d, os.Chmod(d, 0o755)
}

// PostgresURL returns the URL of a new, empty database on the package's
// throwaway cluster, dropped when the test ends.
func PostgresURL(t testing.TB) string {
	t.Helper()
	return newDatabase(t, clusterURL(t), "")
}

// clusterURL is the URL of the postgres database of the package's
// throwaway cluster, started on first use.
func clusterURL(t testing.TB) string {
	t.Helper()
	mu.Lock()
	if pg == nil && pgErr == nil {
		pgDir, pgErr = serviceDir("policyflow-pg-")
		if pgErr == nil {
			var port int
			port, pgErr = devenv.FreePort()
			if pgErr == nil {
				pg, pgErr = devenv.StartPostgres(context.Background(), devenv.PostgresOptions{
					DataDir: filepath.Join(pgDir, "data"), Port: port, Database: "postgres", Throwaway: true,
				})
			}
		}
	}
	p, err := pg, pgErr
	mu.Unlock()
	if err != nil {
		t.Fatalf("devtest: PostgreSQL: %v", err)
	}
	return p.URL
}

// newDatabase creates a database on the cluster of adminURL, a copy of
// template ("": empty), dropped when the test ends, and returns its URL.
func newDatabase(t testing.TB, adminURL, template string) string {
	t.Helper()
	name := fmt.Sprintf("t_%d_%d", os.Getpid(), dbSerial.Add(1))
	admin, err := sql.Open("postgres", adminURL)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	create := "CREATE DATABASE " + pq.QuoteIdentifier(name)
	if template != "" {
		// Copying the files (after a checkpoint, cheap with fsync off)
		// takes half the time of PostgreSQL 15's default, which writes
		// every block of the copy to the WAL.
		create += " TEMPLATE " + pq.QuoteIdentifier(template) + " STRATEGY FILE_COPY"
	}
	if _, err := admin.Exec(create); err != nil {
		t.Fatalf("devtest: create database: %v", err)
	}
	t.Cleanup(func() {
		if a, err := sql.Open("postgres", adminURL); err == nil {
			a.Exec("DROP DATABASE IF EXISTS " + pq.QuoteIdentifier(name) + " WITH (FORCE)")
			a.Close()
		}
	})
	return replaceDB(adminURL, name)
}

func replaceDB(url, name string) string {
	// p.URL ends in "/postgres?sslmode=disable".
	i := len(url) - len("/postgres?sslmode=disable")
	return url[:i] + "/" + name + "?sslmode=disable"
}

// TemporalAddress returns the address of the package's Temporal dev server
// (in memory, no UI), started on first use.
func TemporalAddress(t testing.TB) string {
	t.Helper()
	mu.Lock()
	defer mu.Unlock()
	if tmp == nil && tmpErr == nil {
		tmpErr = func() error {
			cli, err := devenv.FindTemporalCLI(os.Getenv, mustGetwd())
			if err != nil {
				return err
			}
			tmpDir, err = serviceDir("policyflow-temporal-")
			if err != nil {
				return err
			}
			// Port 0: StartTemporal picks a free port and tries another
			// when the server exits while starting.
			tmp, err = devenv.StartTemporal(context.Background(), devenv.TemporalOptions{CLIPath: cli, LogPath: filepath.Join(tmpDir, "temporal.log")})
			return err
		}()
	}
	if tmpErr != nil {
		t.Fatalf("devtest: Temporal: %v", tmpErr)
	}
	return tmp.Address
}

func mustGetwd() string {
	wd, _ := os.Getwd()
	return wd
}
