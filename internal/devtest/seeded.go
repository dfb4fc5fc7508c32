package devtest

import (
	"context"
	"testing"
	"time"

	"github.com/policyflow/policyflow/postgres"
)

// SeededDB opens the database at url, migrates and seeds it; it is closed
// when the test ends.
func SeededDB(t testing.TB, url string) *postgres.DB {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db, err := postgres.Open(ctx, url, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Seed(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}
