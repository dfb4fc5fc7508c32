package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
)

// A backup is a folder: one pg_dump (custom format) per database and a
// manifest naming them with their SHA-256.
//
// Consistency across the databases: each dump is one snapshot of its
// database, but the three are taken one after another. Temporal's are
// taken first. Everything a workflow recorded as done in Temporal by then
// (an activity completed, an Update answered) was written to Policyflow's
// database before it was recorded, so it is in Policyflow's later dump;
// what happened between the dumps is in Policyflow's dump but not in
// Temporal's, and after a restore Temporal does it again — the activities
// are idempotent (every write keyed by its workflow and step), so it is
// stored once. The other order could lose a decision Temporal remembers.
const manifestName = "manifest.json"

// backupPart is one database of a backup.
type backupPart struct {
	Name   string `json:"name"`   // policyflow, temporal, temporal_visibility
	EnvVar string `json:"env"`    // the variable naming its database
	File   string `json:"file"`   // within the folder
	SHA256 string `json:"sha256"` // of the file
	Bytes  int64  `json:"bytes"`
}

type backupManifest struct {
	MadeAt        time.Time    `json:"made_at"`
	SchemaVersion int          `json:"policyflow_schema_version"`
	Parts         []backupPart `json:"parts"`
}

// backupSources are the databases of a backup in the order they are
// dumped (Temporal's first, see above); a Temporal database left unset is
// left out only with -policyflow-only.
func backupSources() []backupPart {
	return []backupPart{
		{Name: "temporal", EnvVar: "TEMPORAL_DATABASE_URL", File: "temporal.dump"},
		{Name: "temporal_visibility", EnvVar: "TEMPORAL_VISIBILITY_DATABASE_URL", File: "temporal_visibility.dump"},
		{Name: "policyflow", EnvVar: "DATABASE_URL", File: "policyflow.dump"},
	}
}

func (cfg config) databaseURL(envVar string) string {
	switch envVar {
	case "DATABASE_URL":
		return cfg.DatabaseURL
	case "TEMPORAL_DATABASE_URL":
		return cfg.TemporalDatabaseURL
	case "TEMPORAL_VISIBILITY_DATABASE_URL":
		return cfg.TemporalVisibilityDatabaseURL
	}
	return ""
}

// runBackup dumps the databases into a new folder.
func runBackup(ctx context.Context, args []string, cfg config, stdout, stderr io.Writer) error {
	fs := newFlags("backup", stderr)
	out := fs.String("out", "", "folder to write the backup into (must not exist yet, or be empty)")
	only := fs.Bool("policyflow-only", false, "back up only Policyflow's database (when Temporal's are backed up another way, e.g. Temporal Cloud)")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if *out == "" {
		return errors.New("backup: give -out, the folder to write the backup into")
	}
	parts := backupSources()
	if *only {
		parts = parts[len(parts)-1:]
	}
	for _, p := range parts {
		if cfg.databaseURL(p.EnvVar) == "" {
			return fmt.Errorf("backup: %s is not set: give the PostgreSQL URL of the %s database (or -policyflow-only)", p.EnvVar, p.Name)
		}
	}
	pgDump, err := pgTool("pg_dump")
	if err != nil {
		return err
	}
	if err := emptyFolder(*out); err != nil {
		return err
	}
	db, err := openStore(ctx, cfg.DatabaseURL, true)
	if err != nil {
		return err
	}
	version, err := db.SchemaVersion(ctx)
	db.Close()
	if err != nil {
		return err
	}
	m := backupManifest{MadeAt: time.Now().UTC(), SchemaVersion: version}
	for _, p := range parts {
		path := filepath.Join(*out, p.File)
		if err := pgRun(ctx, pgDump, p, cfg, "--format=custom", "--no-owner", "--no-privileges", "--file="+path); err != nil {
			return err
		}
		if p.SHA256, p.Bytes, err = fileDigest(path); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s: %s (%d bytes)\n", p.Name, path, p.Bytes)
		m.Parts = append(m.Parts, p)
	}
	b, _ := json.MarshalIndent(m, "", "  ")
	if err := os.WriteFile(filepath.Join(*out, manifestName), append(b, '\n'), 0o600); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintf(stdout, "backup complete: %s (schema version %d)\n", *out, version)
	return nil
}

// runRestore loads a backup into empty databases.
func runRestore(ctx context.Context, args []string, cfg config, stdout, stderr io.Writer) error {
	fs := newFlags("restore", stderr)
	in := fs.String("in", "", "folder of a backup made by policyflow backup")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if *in == "" {
		return errors.New("restore: give -in, the folder of the backup")
	}
	b, err := os.ReadFile(filepath.Join(*in, manifestName))
	if err != nil {
		return fmt.Errorf("restore: %s is not a backup: %w", *in, err)
	}
	var m backupManifest
	if err := json.Unmarshal(b, &m); err != nil || len(m.Parts) == 0 {
		return fmt.Errorf("restore: %s: unreadable manifest", filepath.Join(*in, manifestName))
	}
	pgRestore, err := pgTool("pg_restore")
	if err != nil {
		return err
	}
	// Check everything before changing anything: every file whole, every
	// database named and empty.
	for _, p := range m.Parts {
		if !slices.ContainsFunc(backupSources(), func(s backupPart) bool { return s.EnvVar == p.EnvVar && s.File == p.File }) {
			return fmt.Errorf("restore: the manifest names an unknown part %q", p.Name)
		}
		sum, _, err := fileDigest(filepath.Join(*in, p.File))
		if err != nil {
			return err
		}
		if sum != p.SHA256 {
			return fmt.Errorf("restore: %s is not the file the backup made (SHA-256 differs): nothing restored", p.File)
		}
		u := cfg.databaseURL(p.EnvVar)
		if u == "" {
			return fmt.Errorf("restore: %s is not set: give the URL of the empty database to restore %s into", p.EnvVar, p.Name)
		}
		if n, err := tablesIn(ctx, u); err != nil {
			return fmt.Errorf("restore: %s: %w", p.EnvVar, err)
		} else if n > 0 {
			return fmt.Errorf("restore: the database %s names (%s) is not empty (%d tables): restore only into a new database; nothing restored", p.EnvVar, safeURL(u), n)
		}
	}
	for _, p := range m.Parts {
		// One transaction per database: a failure leaves it empty.
		// pg_restore wants the database named (the name only: the
		// password stays in the environment).
		u, _ := url.Parse(cfg.databaseURL(p.EnvVar))
		if err := pgRun(ctx, pgRestore, p, cfg, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
			"--dbname="+strings.TrimPrefix(u.Path, "/"), filepath.Join(*in, p.File)); err != nil {
			return err
		}
		if p.Name != "policyflow" {
			if err := renameTemporalSchema(ctx, cfg.databaseURL(p.EnvVar)); err != nil {
				return fmt.Errorf("restore: %s: %w", p.EnvVar, err)
			}
		}
		fmt.Fprintf(stdout, "%s: restored into %s\n", p.Name, safeURL(cfg.databaseURL(p.EnvVar)))
	}
	fmt.Fprintf(stdout, "restore complete: made %s, schema version %d; start Temporal, then run policyflow migrate, then the servers and workers\n",
		m.MadeAt.Format(time.RFC3339), m.SchemaVersion)
	return nil
}

// pgTool finds a PostgreSQL client program: on PATH, else the newest in
// Debian's /usr/lib/postgresql/<version>/bin.
func pgTool(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	found, _ := filepath.Glob("/usr/lib/postgresql/*/bin/" + name)
	version := func(path string) int {
		n, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(path))))
		return n
	}
	if len(found) > 0 {
		return slices.MaxFunc(found, func(a, b string) int { return version(a) - version(b) }), nil
	}
	return "", fmt.Errorf("%s is missing: install PostgreSQL's client programs (Debian: apt-get install postgresql-client), of the server's version or newer", name)
}

// pgRun runs a pg_dump or pg_restore on p's database. The URL goes in the
// environment's PG* variables, not the command line, so that no process
// listing shows its password.
func pgRun(ctx context.Context, tool string, p backupPart, cfg config, args ...string) error {
	env, err := pgEnv(cfg.databaseURL(p.EnvVar))
	if err != nil {
		return fmt.Errorf("%s: %w", p.EnvVar, err)
	}
	cmd := exec.CommandContext(ctx, tool, args...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s of %s (%s): %v\n%s", filepath.Base(tool), p.Name, p.EnvVar, err, strings.TrimSpace(string(out)))
	}
	return nil
}

// pgEnv turns a postgres:// URL into libpq's environment variables.
func pgEnv(raw string) ([]string, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return nil, errors.New("not a postgres:// URL")
	}
	env := []string{"PGHOST=" + u.Hostname(), "PGDATABASE=" + strings.TrimPrefix(u.Path, "/")}
	if p := u.Port(); p != "" {
		env = append(env, "PGPORT="+p)
	}
	if u.User != nil {
		env = append(env, "PGUSER="+u.User.Username())
		if pw, ok := u.User.Password(); ok {
			env = append(env, "PGPASSWORD="+pw)
		}
	}
	q := u.Query()
	for k, v := range map[string]string{"sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT", "host": "PGHOST"} {
		if s := q.Get(k); s != "" {
			env = append(env, v+"="+s)
		}
	}
	return env, nil
}

// tablesIn counts the tables of a database outside PostgreSQL's own schemas.
func tablesIn(ctx context.Context, u string) (int, error) {
	db, err := sqlx.ConnectContext(ctx, "postgres", u)
	if err != nil {
		return 0, fmt.Errorf("cannot reach %s: %w", safeURL(u), err)
	}
	defer db.Close()
	var n int
	err = db.GetContext(ctx, &n, `SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`)
	return n, err
}

// renameTemporalSchema keeps a Temporal database usable under another
// name: Temporal's schema tool and server find the schema's version by the
// database's name (schema_version.db_name), so a backup restored into a
// database named otherwise would look unversioned to them.
func renameTemporalSchema(ctx context.Context, u string) error {
	db, err := sqlx.ConnectContext(ctx, "postgres", u)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, `DO $$ BEGIN
		IF to_regclass('schema_version') IS NOT NULL THEN
			UPDATE schema_version SET db_name = current_database() WHERE db_name <> current_database();
		END IF;
	END $$`)
	return err
}

// safeURL is u without its password, for messages.
func safeURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unreadable URL)"
	}
	u.User = url.User(u.User.Username())
	u.RawQuery = ""
	return u.String()
}

// emptyFolder makes dir, or accepts it when it exists and is empty.
func emptyFolder(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return os.MkdirAll(dir, 0o700)
	case err != nil:
		return fmt.Errorf("backup: %w", err)
	case len(entries) > 0:
		return fmt.Errorf("backup: %s is not empty: give a new folder, so no earlier backup is overwritten", dir)
	}
	return nil
}

// fileDigest is a file's SHA-256 (hex) and size.
func fileDigest(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}
