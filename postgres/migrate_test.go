package postgres_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/policyflow/policyflow/postgres"
)

func TestMigrate(t *testing.T) {
	ctx := t.Context()
	db := openDB(t)

	got, err := db.Migrate(ctx)
	if err != nil {
		t.Fatalf("first Migrate: %v", err)
	}
	if want := migrationFiles(t); got != want {
		t.Errorf("first Migrate applied %d, want %d (one per file)", got, want)
	}
	got, err = db.Migrate(ctx)
	if err != nil {
		t.Fatalf("second Migrate: %v", err)
	}
	if want := 0; got != want {
		t.Errorf("second Migrate applied %d, want %d", got, want)
	}
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		t.Fatalf("SchemaVersion: %v", err)
	}
	if want := postgres.LatestVersion(); v != want || want < 1 {
		t.Errorf("SchemaVersion = %d, want LatestVersion %d (>= 1)", v, want)
	}
	// The schema is really there.
	if n := countRows(t, db, "policies"); n != 0 {
		t.Errorf("policies on a fresh database: got %d rows, want 0", n)
	}
}

func TestMigrateRefusesNewerSchema(t *testing.T) {
	ctx := t.Context()
	db := newDB(t)
	if _, err := db.SQL().ExecContext(ctx, `INSERT INTO schema_migrations (version, name) VALUES (999, '0999_future.sql')`); err != nil {
		t.Fatal(err)
	}
	applied, err := db.Migrate(ctx)
	if err == nil {
		t.Fatalf("Migrate on a schema at version 999 succeeded (applied %d), want an error", applied)
	}
	if !strings.Contains(err.Error(), "newer") {
		t.Errorf("Migrate error = %q, want it to mention %q", err, "newer")
	}
	if applied != 0 {
		t.Errorf("Migrate applied %d, want 0", applied)
	}
	if v, err := db.SchemaVersion(ctx); err != nil || v != 999 {
		t.Errorf("SchemaVersion = %d, %v; want 999, nil", v, err)
	}
}

// migrationFiles counts the embedded migration files.
func migrationFiles(t *testing.T) int {
	t.Helper()
	entries, err := os.ReadDir("migrations")
	if err != nil {
		t.Fatal(err)
	}
	return len(entries)
}

// Migration numbers are handed out to work done side by side and may land
// in another order: a database migrated to 0036 before 0035 existed still
// gets 0035, and nothing twice.
func TestMigratePendingFillsGaps(t *testing.T) {
	for _, c := range []struct {
		name           string
		versions, done []int
		want           []int
	}{
		{"fresh", []int{1, 2, 3}, nil, []int{1, 2, 3}},
		{"up to date", []int{1, 2, 3}, []int{1, 2, 3}, nil},
		{"newer ones", []int{1, 2, 3}, []int{1}, []int{2, 3}},
		{"a gap filled later", []int{32, 33, 34, 35, 36}, []int{32, 34, 36}, []int{33, 35}},
	} {
		if got := postgres.PendingVersions(c.versions, c.done); !slices.Equal(got, c.want) {
			t.Errorf("%s: pending %v, want %v", c.name, got, c.want)
		}
	}
}
