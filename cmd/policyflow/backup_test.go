package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jmoiron/sqlx"

	"github.com/policyflow/policyflow/internal/devtest"
)

// policyflow backup and restore on real databases: the restored databases
// hold every row and sequence the backed-up ones held, in Temporal's
// databases (here two small stand-ins: the full stack with the real
// Temporal server is `make backup-check`) as in Policyflow's; a restore
// refuses a database that is not empty and a file that is not the one the
// backup made, before changing anything.
func TestBackupAndRestore(t *testing.T) {
	src := devtest.SeededURL(t)
	// Register numbers taken, so the restored register must go on from them.
	sqlx.MustConnect("postgres", src).MustExec(`INSERT INTO legal_registers (region_id, register, year, last_number)
		SELECT id, 'perwali', 2026, 7 FROM regions ORDER BY id LIMIT 1`)
	temporal, visibility := devtest.PostgresURL(t), devtest.PostgresURL(t)
	for i, u := range []string{temporal, visibility} {
		db := sqlx.MustConnect("postgres", u)
		db.MustExec(`CREATE TABLE executions (id bigserial PRIMARY KEY, workflow_id text NOT NULL, state bytea NOT NULL)`)
		db.MustExec(`INSERT INTO executions (workflow_id, state) SELECT 'policy-' || g, sha256(g::text::bytea) FROM generate_series(1, $1) g`, 50*(i+1))
		db.Close()
	}
	env := map[string]string{"DATABASE_URL": src, "TEMPORAL_DATABASE_URL": temporal, "TEMPORAL_VISIBILITY_DATABASE_URL": visibility}
	dir := filepath.Join(t.TempDir(), "cadangan")

	err, _, out := runWith(t, map[string]string{"DATABASE_URL": src}, "backup", "-out", dir)
	if err == nil || !strings.Contains(err.Error(), "TEMPORAL_DATABASE_URL is not set") {
		t.Errorf("backup without Temporal's database: %v, want it named", err)
	}
	if err, _, out = runWith(t, env, "backup", "-out", dir); err != nil {
		t.Fatalf("backup: %v\n%s", err, out)
	}
	for _, want := range []string{"temporal: ", "temporal_visibility: ", "policyflow: ", "backup complete: " + dir} {
		if !strings.Contains(out, want) {
			t.Errorf("backup output lacks %q:\n%s", want, out)
		}
	}
	if err, _, _ := runWith(t, env, "backup", "-out", dir); err == nil || !strings.Contains(err.Error(), "is not empty") {
		t.Errorf("a second backup into the same folder: %v, want a refusal", err)
	}

	// Into new, empty databases.
	to := map[string]string{"DATABASE_URL": devtest.PostgresURL(t), "TEMPORAL_DATABASE_URL": devtest.PostgresURL(t),
		"TEMPORAL_VISIBILITY_DATABASE_URL": devtest.PostgresURL(t)}
	if err, _, out := runWith(t, to, "restore", "-in", dir); err != nil {
		t.Fatalf("restore: %v\n%s", err, out)
	}
	for _, v := range []string{"DATABASE_URL", "TEMPORAL_DATABASE_URL", "TEMPORAL_VISIBILITY_DATABASE_URL"} {
		want := devtest.DatabaseDigest(t, env[v])
		if len(want) < 2 {
			t.Fatalf("%s: %d tables read", v, len(want))
		}
		devtest.SameDigest(t, v+" restored", want, devtest.DatabaseDigest(t, to[v]))
	}
	// The restored database is at the backup's schema: nothing to migrate.
	if err, _, out := runWith(t, map[string]string{"DATABASE_URL": to["DATABASE_URL"]}, "migrate"); err != nil || !strings.Contains(out, "migrations applied: 0") {
		t.Errorf("migrate after restore: %v %s", err, out)
	}

	// Refusals change nothing.
	before := devtest.DatabaseDigest(t, to["DATABASE_URL"])
	fresh := map[string]string{"DATABASE_URL": to["DATABASE_URL"], "TEMPORAL_DATABASE_URL": devtest.PostgresURL(t),
		"TEMPORAL_VISIBILITY_DATABASE_URL": devtest.PostgresURL(t)}
	err, _, _ = runWith(t, fresh, "restore", "-in", dir)
	if err == nil || !strings.Contains(err.Error(), "DATABASE_URL names") || !strings.Contains(err.Error(), "is not empty") {
		t.Errorf("restore into a database in use: %v, want a refusal naming DATABASE_URL", err)
	}
	if fresh["DATABASE_URL"] = devtest.PostgresURL(t); true {
		f, err := os.OpenFile(filepath.Join(dir, "policyflow.dump"), os.O_WRONLY|os.O_APPEND, 0)
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte("x"))
		f.Close()
	}
	err, _, _ = runWith(t, fresh, "restore", "-in", dir)
	if err == nil || !strings.Contains(err.Error(), "policyflow.dump is not the file the backup made") {
		t.Errorf("restore of a changed file: %v, want a refusal", err)
	}
	for k, v := range map[string]string{"TEMPORAL_DATABASE_URL": fresh["TEMPORAL_DATABASE_URL"], "DATABASE_URL": fresh["DATABASE_URL"]} {
		if n, err := tablesIn(context.Background(), v); err != nil || n != 0 {
			t.Errorf("%s after refused restores: %d tables (%v), want none", k, n, err)
		}
	}
	devtest.SameDigest(t, "the restored database after refused restores", before, devtest.DatabaseDigest(t, to["DATABASE_URL"]))
}
