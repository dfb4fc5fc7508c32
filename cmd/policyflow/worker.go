package main

import (
	"context"
	"flag"
	"io"
	"log/slog"

	"github.com/policyflow/policyflow/activities"
	"github.com/policyflow/policyflow/worker"
)

// runWorker runs the Temporal worker until ctx ends.
func runWorker(ctx context.Context, args []string, cfg config, log *slog.Logger, stderr io.Writer) error {
	fs := flag.NewFlagSet("worker", flag.ContinueOnError)
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	db, err := openStore(ctx, cfg.DatabaseURL, true)
	if err != nil {
		return err
	}
	defer db.Close()
	c, err := dialTemporal(ctx, cfg.TemporalAddress, cfg.TemporalNamespace, log)
	if err != nil {
		return err
	}
	defer c.Close()
	w := worker.New(c, &activities.Activities{Store: db})
	if err := w.Start(); err != nil {
		return err
	}
	defer w.Stop()
	n, err := worker.EnsurePolicyWorkflows(ctx, c, db)
	if err != nil {
		return err
	}
	log.Info("worker running", "policies", n)
	<-ctx.Done()
	return nil
}
