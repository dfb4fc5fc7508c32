package main

import (
	"database/sql"
	"flag"
	"fmt"
	"net"
	"net/url"
	"strconv"

	_ "github.com/lib/pq"
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
// A database that already has the schema (the job run again by a later
// `docker compose up`, or a database restored from a backup) is only
// updated: setting it up at 0.0 again would replay every version over the
// tables and rows it holds and fail on them. create-database fails
// harmlessly when the database exists.
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
	has, err := hasSchema(pg, db)
	if err != nil {
		return err
	}
	if !has {
		if err := sqltool.RunTool(append(append([]string{}, base...), "setup-schema", "-v", "0.0")); err != nil {
			return fmt.Errorf("setup-schema: %w", err)
		}
	}
	if err := sqltool.RunTool(append(append([]string{}, base...), "update-schema", "--schema-name", schema)); err != nil {
		return fmt.Errorf("update-schema: %w", err)
	}
	return nil
}

// hasSchema says whether db already has the versioning table the setup
// makes (schema_version).
func hasSchema(pg pgFlags, db string) (bool, error) {
	u := url.URL{Scheme: "postgres", User: url.UserPassword(pg.user, pg.password), Host: net.JoinHostPort(pg.host, strconv.Itoa(pg.port)),
		Path: "/" + db, RawQuery: "sslmode=disable"}
	conn, err := sql.Open("postgres", u.String())
	if err != nil {
		return false, err
	}
	defer conn.Close()
	var has bool
	if err := conn.QueryRow(`SELECT to_regclass('schema_version') IS NOT NULL`).Scan(&has); err != nil {
		return false, fmt.Errorf("%s: %w", db, err)
	}
	return has, nil
}
