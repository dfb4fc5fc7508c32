// Package stack gives tests the whole of Policyflow but the web server: a
// migrated, seeded database, a Temporal namespace of their own on the real
// dev server, and a worker running in-process on it.
package stack

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/policyflow/policyflow/workflows"

	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/postgres"
	"github.com/policyflow/policyflow/worker"
)

// Stack is a running Policyflow back end for one test.
type Stack struct {
	DB        *postgres.DB
	Temporal  client.Client
	Namespace string
	Lifecycle *workflows.Client
}

var serial atomic.Int64

// New starts a stack; everything stops when the test ends.
func New(t testing.TB) *Stack {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db := devtest.Seeded(t)
	addr := devtest.TemporalAddress(t)
	ns := fmt.Sprintf("t-%d-%d", os.Getpid(), serial.Add(1))
	devtest.RegisterNamespace(ctx, t, addr, ns)
	quiet := sdklog.NewStructuredLogger(slog.New(slog.NewTextHandler(io.Discard, nil)))
	c, err := client.DialContext(ctx, client.Options{HostPort: addr, Namespace: ns, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	StartWorker(t, c, db)
	// A new namespace takes a moment to spread through the server.
	devtest.WaitFor(ctx, t, "the policy workflows to start in "+ns, func() (bool, string) {
		_, err := worker.EnsurePolicyWorkflows(ctx, c, db)
		return err == nil, fmt.Sprint(err)
	})
	return &Stack{DB: db, Temporal: c, Namespace: ns, Lifecycle: &workflows.Client{Temporal: c, Runs: db}}
}

// APIToken gives a seeded user a personal API token and returns it.
func APIToken(t testing.TB, db *postgres.DB, email, token string) string {
	t.Helper()
	u, err := db.UserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(token))
	if _, err := db.CreateAPIToken(context.Background(), u.ID, "uji", hex.EncodeToString(sum[:]), time.Now().Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	return token
}

// User returns a seeded user by email.
func (s *Stack) User(t testing.TB, email string) policies.User {
	t.Helper()
	u, err := s.DB.UserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// UserID returns a seeded user's ID by email.
func (s *Stack) UserID(t testing.TB, email string) int64 {
	t.Helper()
	return s.User(t, email).ID
}
