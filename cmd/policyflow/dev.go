package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/policyflow/policyflow/activities"
	"github.com/policyflow/policyflow/demo"
	"github.com/policyflow/policyflow/devenv"
	"github.com/policyflow/policyflow/notify"
	"github.com/policyflow/policyflow/pdf"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/policies/samples"
	"github.com/policyflow/policyflow/seal"
	"github.com/policyflow/policyflow/signing"
	"github.com/policyflow/policyflow/worker"
	"github.com/policyflow/policyflow/workflows"
)

// runDev starts everything on one machine: a private PostgreSQL (unless
// DATABASE_URL is set), a Temporal dev server (unless TEMPORAL_ADDRESS is
// set), migrations and sample data, the worker and the web server. On
// Ctrl-C it stops them in reverse order; data stays in the data folder.
func runDev(ctx context.Context, args []string, cfg config, log *slog.Logger, stdout, stderr io.Writer) (err error) {
	fs := newFlags("dev", stderr)
	dataDir := fs.String("data", cfg.DataDir, "data folder (POLICYFLOW_DATA)")
	httpAddr := fs.String("http", or(cfg.HTTPAddr, "127.0.0.1:8080"), "web server address (HTTP_ADDR)")
	pgPort := fs.Int("pg-port", 55432, "port of the private PostgreSQL (when DATABASE_URL is unset)")
	tPort := fs.Int("temporal-port", 7233, "port of the Temporal dev server (when TEMPORAL_ADDRESS is unset)")
	uiPort := fs.Int("ui-port", 8233, "port of the Temporal Web UI (0: none)")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	dir, err := filepath.Abs(*dataDir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("data folder: %w", err)
	}
	// Bind the web port first: a port in use fails before anything starts.
	l, err := listen(*httpAddr)
	if err != nil {
		return err
	}
	defer l.Close()

	// Everything started is stopped in reverse order, whatever happens.
	var stops []func()
	defer func() {
		for i := len(stops) - 1; i >= 0; i-- {
			stops[i]()
		}
	}()

	dbURL := cfg.DatabaseURL
	if dbURL == "" {
		log.Info("starting private PostgreSQL", "data", filepath.Join(dir, "postgres"), "port", *pgPort)
		pg, err := devenv.StartPostgres(ctx, devenv.PostgresOptions{DataDir: filepath.Join(dir, "postgres"), Port: *pgPort})
		if err != nil {
			return err
		}
		stops = append(stops, func() {
			if err := pg.Stop(); err != nil {
				log.Warn("postgres stop", "err", err)
			}
		})
		dbURL = pg.URL
	}
	temporalAddr, uiURL := cfg.TemporalAddress, ""
	if temporalAddr == "" {
		cli, err := devenv.FindTemporalCLI(func(k string) string {
			if k == "TEMPORAL_CLI" {
				return cfg.TemporalCLI
			}
			return ""
		}, mustGetwd())
		if err != nil {
			return err
		}
		log.Info("starting Temporal dev server", "cli", cli, "port", *tPort)
		t, err := devenv.StartTemporal(ctx, devenv.TemporalOptions{
			CLIPath: cli, Port: *tPort, UIPort: *uiPort,
			DBFile: filepath.Join(dir, "temporal.db"), LogPath: filepath.Join(dir, "temporal.log"),
		})
		if err != nil {
			return err
		}
		stops = append(stops, func() {
			if err := t.Stop(); err != nil {
				log.Warn("temporal stop", "err", err)
			}
		})
		temporalAddr, uiURL = t.Address, t.UIURL
	}

	db, err := openStore(ctx, dbURL, false)
	if err != nil {
		return err
	}
	stops = append(stops, func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	seeded, err := db.Seed(ctx)
	if err != nil {
		return err
	}
	log.Info("database ready", "seeded_policies", seeded.Policies, "seeded_users", seeded.Users)

	// One registry for the process: dev runs the server and the worker in it.
	pm, err := newProcessMetrics()
	if err != nil {
		return err
	}
	if err := pm.reg.Register(notify.DeliveryFailures()); err != nil {
		return err
	}
	// TEMPORAL_TLS_* is for the cluster TEMPORAL_ADDRESS names; the private
	// dev server listens on the loopback without TLS.
	tlsConf := cfg.TemporalTLS
	if cfg.TemporalAddress == "" {
		tlsConf = nil
	}
	c, err := dialTemporalMetrics(ctx, temporalAddr, cfg.TemporalNamespace, tlsConf, log, pm.temporal)
	if err != nil {
		return err
	}
	stops = append(stops, c.Close)
	if cfg.UnsubscribeKey == nil {
		// One key for this run's server, worker and deliverer: unsubscribe links
		// of an earlier run's emails and survey links stop working, which dev can live with.
		cfg.UnsubscribeKey = []byte(rand.Text() + rand.Text())
	}
	w := worker.New(c, &activities.Activities{Store: db, ReactionKey: cfg.UnsubscribeKey, Retention: cfg.Retention})
	if err := w.Start(); err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	stops = append(stops, w.Stop)
	if _, err := worker.EnsurePolicyWorkflows(ctx, c, db); err != nil {
		return err
	}
	if err := worker.EnsurePurgeSchedule(ctx, c); err != nil {
		return err
	}
	// Sample policies in every stage, walked through the workflows the
	// first time (a later start finds them past their drafts and skips).
	if cfg.SigningKeys == "" {
		if cfg.SigningKeys, err = devSigningKeys(dir); err != nil {
			return err
		}
		log.Info("signing with a throw-away test CA: certificates marked "+signing.TestMark, "folder", cfg.SigningKeys)
	}
	keys, err := signing.LoadKeys(cfg.SigningKeys, cfg.SigningPassphrase)
	if err != nil {
		return err
	}
	// dev's links are under its own address unless PUBLIC_URL says
	// otherwise; server, worker and admin refuse to start without it.
	cfg.PublicURL = or(cfg.PublicURL, "http://"+l.Addr().String())
	base := cfg.PublicURL
	var pdfs pdf.Renderer
	sealer := &seal.Sealer{Store: db, Keys: keys, Render: pdfs.Render, VerifyURL: func(sha string) string { return base + "/verifikasi/" + sha }}
	began := time.Now()
	if res, err := demo.RunSealed(ctx, db, &workflows.Client{Temporal: c, Runs: db}, log, sealer); err != nil {
		log.Error("sample policies not walked through their stages", "err", err)
	} else {
		log.Info("sample policies ready", "walked", res.Walked, "already_there", res.Skipped, "took", time.Since(began).Round(time.Millisecond))
	}
	// Email is off unless SMTP_URL is set (the deliverer says so in the
	// log); the in-app inbox works either way.
	stops = append(stops, startDeliverer(ctx, db, cfg, cfg.PublicURL, log))
	h, err := newHandlerMetrics(db, c, cfg, log, pm)
	if err != nil {
		return err
	}
	metricsURLs := []string{"http://" + l.Addr().String() + "/metrics"}
	if cfg.MetricsAddr != "" {
		stop, bound, err := serveMetrics(ctx, cfg.MetricsAddr, pm, cfg.MetricsToken, log)
		if err != nil {
			return err
		}
		stops = append(stops, stop)
		metricsURLs = append(metricsURLs, "http://"+bound+"/metrics")
	}

	// The listener is bound: print the address first, so whoever sees the
	// server answer has already been told where it is.
	printBanner(stdout, "http://"+l.Addr().String(), uiURL, dir, metricsURLs)
	serveErr := serveHTTP(ctx, l, h, log)
	if serveErr != nil && !errors.Is(serveErr, context.Canceled) {
		return serveErr
	}
	fmt.Fprintln(stdout, "Policyflow berhenti. / Policyflow stopped.")
	return nil
}

// devSigningKeys makes (once) the throw-away CA of dev and a key for each
// sample region and each of its leaders, in the data folder: every
// certificate says it is a test, not valid for real use.
func devSigningKeys(dataDir string) (string, error) {
	var ss []signing.DevSigner
	for _, r := range samples.Regions() {
		ss = append(ss, signing.DevSigner{Region: r.Slug, Name: "Pemerintah " + r.Name})
		for _, u := range r.Users {
			if u.Role == "leader" {
				ss = append(ss, signing.DevSigner{Region: r.Slug, Email: u.Email, Name: u.Name})
			}
		}
	}
	dir := filepath.Join(dataDir, "signing-test-ca")
	return dir, signing.DevCA(dir, ss, time.Now())
}

func mustGetwd() string {
	wd, err := os.Getwd()
	if err != nil {
		return "."
	}
	return wd
}

func printBanner(w io.Writer, url, uiURL, dir string, metricsURLs []string) {
	var b strings.Builder
	fmt.Fprintf(&b, "\nPolicyflow berjalan di / is running at %s\n", url)
	if uiURL != "" {
		fmt.Fprintf(&b, "Temporal Web UI: %s\n", uiURL)
	}
	fmt.Fprintf(&b, "Metrik / metrics (server + worker, Prometheus): %s\n", strings.Join(metricsURLs, ", "))
	fmt.Fprintf(&b, "Data: %s\n", dir)
	fmt.Fprintf(&b, "Pengguna contoh / sample users (kata sandi / password %q):\n", samples.DevPassword)
	for _, r := range samples.Regions() {
		for _, u := range r.Users {
			fmt.Fprintf(&b, "  %-13s %s\n", u.Role, u.Email)
		}
	}
	fmt.Fprintf(&b, "Administrator, pimpinan, Bagian Hukum: kode verifikasi dari aplikasi autentikator dengan kunci / verification code from an authenticator app with the key %s (%s)\n",
		samples.DevTOTPSecret, policies.TOTPURL(samples.DevTOTPSecret, "dev@policyflow.test"))
	b.WriteString("Tekan Ctrl-C untuk berhenti. / Press Ctrl-C to stop.\n")
	fmt.Fprint(w, b.String())
}
