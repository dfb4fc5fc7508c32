package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
)

// runMigrate applies migrations and, with -seed, loads the sample data.
func runMigrate(ctx context.Context, args []string, cfg config, log *slog.Logger, stdout, stderr io.Writer) error {
	fs := newFlags("migrate", stderr)
	seed := fs.Bool("seed", false, "load the sample regions, units, users and policies (idempotent)")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	db, err := openStore(ctx, cfg.DatabaseURL, false)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	v, _ := db.SchemaVersion(ctx)
	fmt.Fprintf(stdout, "migrations applied: %d (schema version %d)\n", n, v)
	if *seed {
		res, err := db.Seed(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "seeded: %d regions, %d units, %d users, %d policies\n", res.Regions, res.Units, res.Users, res.Policies)
	}
	return nil
}
