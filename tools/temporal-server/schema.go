package main

import (
	"flag"
	"fmt"
	"strconv"

	sqltool "go.temporal.io/server/tools/sql"
)

// The server's own schemas, embedded in go.temporal.io/server/schema.
const (
	persistenceSchema = "postgresql/v12/temporal"
	visibilitySchema  = "postgresql/v12/visibility"
	pluginName        = "postgres12"
)

func setupSchemaCmd(args []string) error {
	fs := flag.NewFlagSet("setup-schema", flag.ExitOnError)
	var pg pgFlags
	pg.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	for _, s := range []struct{ db, schema string }{{pg.db, persistenceSchema}, {pg.visibilityDB, visibilitySchema}} {
		if err := setupOne(pg, s.db, s.schema); err != nil {
			return fmt.Errorf("%s (%s): %w", s.db, s.schema, err)
		}
	}
	return nil
}

// setupOne runs the steps of the server's documented setup with
// temporal-sql-tool: create the database, set up the versioning tables at
// version 0.0, then update to the newest version of the embedded schema.
// create-database fails harmlessly when the database exists; the later steps
// are idempotent (update-schema applies only missing versions).
func setupOne(pg pgFlags, db, schema string) error {
	base := []string{"temporal-sql-tool",
		"--plugin", pluginName,
		"--ep", pg.host, "--port", strconv.Itoa(pg.port),
		"--user", pg.user, "--password", pg.password,
		"--db", db}
	// create-database under --quiet: an existing database is not an error
	// here. Without --quiet the tool logs a failing step and exits 1.
	quiet := append([]string{base[0], "--quiet"}, base[1:]...)
	_ = sqltool.RunTool(append(quiet, "create-database"))
	if err := sqltool.RunTool(append(append([]string{}, base...), "setup-schema", "-v", "0.0")); err != nil {
		return fmt.Errorf("setup-schema: %w", err)
	}
	if err := sqltool.RunTool(append(append([]string{}, base...), "update-schema", "--schema-name", schema)); err != nil {
		return fmt.Errorf("update-schema: %w", err)
	}
	return nil
}
