// Command policyflow runs Policyflow: `dev` starts everything on one machine;
// `server`, `worker` and `migrate` are the production processes.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, errUsage) {
			fmt.Fprintln(os.Stderr, "policyflow:", err)
		}
		os.Exit(1)
	}
}

var errUsage = errors.New("usage")

const usage = `policyflow — policy lifecycle for local government

Usage:
  policyflow dev      start PostgreSQL, Temporal, the server and the worker, seeded (for a laptop)
  policyflow server   run the web server          (DATABASE_URL, TEMPORAL_ADDRESS, HTTP_ADDR, PUBLIC_URL)
  policyflow worker   run the Temporal worker     (DATABASE_URL, TEMPORAL_ADDRESS, PUBLIC_URL)
  policyflow migrate  apply database migrations   (DATABASE_URL; -seed loads the sample data)
  policyflow backup   dump Policyflow's and Temporal's databases into a folder (DATABASE_URL, TEMPORAL_DATABASE_URL, TEMPORAL_VISIBILITY_DATABASE_URL; -out)
  policyflow restore  load a backup into new, empty databases (the same variables; -in)
  policyflow admin    create a region, invite its first administrator (DATABASE_URL, PUBLIC_URL)
  policyflow openapi  print the API's OpenAPI document (as served at /api/v1/openapi.json)

Run "policyflow <command> -h" for a command's flags.
`

// run is main without the process: testable, with everything it reads passed in.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errUsage
	}
	cfg, err := loadConfig(getenv)
	if err != nil {
		return err
	}
	log := newLoggerFormat(stderr, cfg.LogLevel, cfg.LogFormat)
	switch args[0] {
	case "dev":
		return runDev(ctx, args[1:], cfg, log, stdout, stderr)
	case "server":
		return runServer(ctx, args[1:], cfg, log, stderr)
	case "worker":
		return runWorker(ctx, args[1:], cfg, log, stderr)
	case "migrate":
		return runMigrate(ctx, args[1:], cfg, log, stdout, stderr)
	case "backup":
		return runBackup(ctx, args[1:], cfg, stdout, stderr)
	case "restore":
		return runRestore(ctx, args[1:], cfg, stdout, stderr)
	case "admin":
		return runAdmin(ctx, args[1:], cfg, stdout, stderr)
	case "openapi":
		return runOpenAPI(stdout)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprintf(stderr, "policyflow: unknown command %q\n\n%s", args[0], usage)
	return errUsage
}

// newFlags is the flag set of the subcommand name, saying its errors (and
// -h) on stderr.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}
