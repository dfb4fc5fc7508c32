package postgres

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

func migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("postgres: migration %q: name must start with NNNN_", e.Name())
		}
		b, err := migrationFS.ReadFile("migrations/" + e.Name())
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	return ms, nil
}

// LatestVersion is the schema version this build knows.
func LatestVersion() int {
	ms, err := migrations()
	if err != nil || len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].version
}

// Migrate applies the embedded migrations not yet applied (whatever their
// number), each in its own transaction, under an advisory lock so concurrent starts do not race. It
// refuses a database migrated by a newer Policyflow.
func (s *DB) Migrate(ctx context.Context) (applied int, err error) {
	ms, err := migrations()
	if err != nil {
		return 0, err
	}
	conn, err := s.db.Connx(ctx)
	if err != nil {
		return 0, fmt.Errorf("postgres: migrate: %w", err)
	}
	defer conn.Close()
	const lockID = 7_420_451 // arbitrary, constant: Policyflow's migration lock
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, lockID); err != nil {
		return 0, fmt.Errorf("postgres: migrate lock: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, lockID)

	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
		return 0, fmt.Errorf("postgres: migrate: %w", err)
	}
	var done []int
	if err := conn.SelectContext(ctx, &done, `SELECT version FROM schema_migrations ORDER BY version`); err != nil {
		return 0, fmt.Errorf("postgres: migrate: %w", err)
	}
	latest := ms[len(ms)-1].version
	if len(done) > 0 && done[len(done)-1] > latest {
		return 0, fmt.Errorf("postgres: the database is at schema version %d, newer than this Policyflow knows (%d): run a newer Policyflow", done[len(done)-1], latest)
	}
	for _, m := range pending(ms, done) {
		err := func() error {
			tx, err := conn.BeginTxx(ctx, nil)
			if err != nil {
				return err
			}
			defer tx.Rollback()
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, m.version, m.name); err != nil {
				return err
			}
			return tx.Commit()
		}()
		if err != nil {
			return applied, fmt.Errorf("postgres: migration %s: %w", m.name, err)
		}
		applied++
	}
	return applied, nil
}

// pending are the migrations of ms not in done, in number order,
// including one numbered below an applied one: numbers are handed out to
// work done side by side, which may land in another order (0036 before
// 0035), and a database migrated in between must still get the lower one.
func pending(ms []migration, done []int) []migration {
	var out []migration
	for _, m := range ms {
		if !slices.Contains(done, m.version) {
			out = append(out, m)
		}
	}
	return out
}

// PendingMigrations counts the embedded migrations the database has not
// applied (0: migrated), whatever their number.
func (s *DB) PendingMigrations(ctx context.Context) (int, error) {
	ms, err := migrations()
	if err != nil {
		return 0, err
	}
	var done []int
	if err := s.q.SelectContext(ctx, &done, `SELECT version FROM schema_migrations`); err != nil {
		return 0, fmt.Errorf("postgres: schema: %w", mapErr(err))
	}
	return len(pending(ms, done)), nil
}

// SchemaVersion returns the highest applied migration, 0 for a fresh database.
func (s *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.q.GetContext(ctx, &v, `SELECT coalesce(max(version), 0) FROM schema_migrations`)
	return v, err
}
