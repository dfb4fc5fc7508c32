package main

import (
	"crypto/tls"
	"fmt"
	"io"
	"log/slog"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/policyflow/policyflow/notify"
	"github.com/policyflow/policyflow/policies"
)

// envVars lists every environment variable Policyflow reads, with its
// meaning. README.md and docker-compose.yml are checked against it by tests.
var envVars = []struct{ Name, Help string }{
	{"DATABASE_URL", "PostgreSQL URL; dev starts a private cluster when unset"},
	{"TEMPORAL_ADDRESS", "Temporal frontend host:port; dev starts a dev server when unset"},
	{"TEMPORAL_DATABASE_URL", "PostgreSQL URL of Temporal's persistence database, for policyflow backup and restore only"},
	{"TEMPORAL_VISIBILITY_DATABASE_URL", "PostgreSQL URL of Temporal's visibility database, for policyflow backup and restore only"},
	{"TEMPORAL_NAMESPACE", "Temporal namespace (default \"default\")"},
	{"TEMPORAL_TLS_CA", "PEM file of the CA that signed the Temporal frontend's certificate; with TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY: mutual TLS to Temporal (all three or none)"},
	{"TEMPORAL_TLS_CERT", "PEM file of this process's client certificate for Temporal (extendedKeyUsage clientAuth)"},
	{"TEMPORAL_TLS_KEY", "PEM file of the private key of TEMPORAL_TLS_CERT"},
	{"TEMPORAL_TLS_SERVER_NAME", "name the frontend's certificate carries, when TEMPORAL_ADDRESS's host is not it (default: that host)"},
	{"HTTP_ADDR", "address the web server listens on (default :8080; dev 127.0.0.1:8080)"},
	{"LOG_LEVEL", "debug, info, warn or error (default info)"},
	{"LOG_FORMAT", "text (default) or json: one JSON object per log line, with request_id in a request's lines and the workflow ID in an activity's"},
	{"METRICS_ADDR", "address a separate Prometheus /metrics listener binds (the worker's; the server's is on HTTP_ADDR too); unset: none"},
	{"METRICS_TOKEN", "bearer token /metrics asks for; unset: only loopback and private addresses not behind a proxy may read it"},
	{"SMTP_URL", "mail server for notification emails, smtp://[user:pass@]host:port[?from=addr]; unset: no email"},
	{"PUBLIC_URL", "address people open Policyflow at, e.g. https://policyflow.example.go.id: every absolute link (documents' QR codes and verification links, the JDIH feed, emails, webhooks, invitations) is made from it, never from a request's Host; required by server, worker and admin (dev: its own address when unset)"},
	{"DIGEST_HOUR", "hour (0-23) the daily digest emails go out, in each reader's region's zone (default 7)"},
	{"OUTBOX_LEASE", "how long a worker's claim on an outbox email or digest lasts before another worker may take it, e.g. 2m (default 2m, at least 10s, the same for every worker): a crashed worker's claimed emails go out after it"},
	{"RETENTION_DAYS", "the installation's retention of personal data per kind of record, kind=days,… (e.g. sign_in_attempts=30,notifications=180); kinds left out keep their defaults (docs/PRIVACY.md); the same for server and worker"},
	{"HEAVY_PER_MINUTE", "how many document downloads (PDF, Word), uploads, imports and conversions one person (or, signed out, one address) may ask a server for in a minute (default 30); past it, 429 with Retry-After"},
	{"TRUSTED_PROXIES", "comma-separated addresses or CIDRs of reverse proxies whose X-Real-IP / X-Forwarded-For name the client (default none: the peer address counts)"},
	{"UNSUBSCRIBE_KEY", "secret (at least 32 characters, the same for server and worker) that signs the one-click unsubscribe links in emails and the Kirkpatrick survey links (the server checks them, the worker issues them after a program); required by a worker that sends email; dev makes one per run when unset"},
	{"SIGNING_KEYS", "folder of the regions' signing keys for the PAdES signature of enacted PDFs: REGION.p12 (or REGION.key + REGION.crt PEM), REGION/EMAIL.p12 for one signer, trust.pem for extra roots; unset: enactments are recorded unsigned (dev: a throw-away test CA in the data folder)"},
	{"SIGNING_PASSPHRASE", "passphrase of the PKCS#12 files in SIGNING_KEYS; read at start, kept in memory only, never stored or logged"},
	{"OIDC_PRIVATE_ISSUERS", "comma-separated host names (or addresses) of cities' identity providers (OpenID Connect single sign-on) that run on the internal network, which the server may reach on private addresses; unset: every region's issuer must be on a public internet address"},
	{"WEBHOOK_ALLOW_PRIVATE", "tests only: 1 lets unit webhooks reach loopback and private addresses; never set in production"},
	{"POLICYFLOW_DATA", "dev only: folder for the private PostgreSQL and Temporal data (default .devdata)"},
	{"TEMPORAL_CLI", "dev only: path of the Temporal CLI (default bin/temporal)"},
}

// config is read once, from the environment, in run.
type config struct {
	DatabaseURL string
	// Temporal's databases, read only by backup and restore.
	TemporalDatabaseURL, TemporalVisibilityDatabaseURL string
	TemporalAddress                                    string
	TemporalNamespace                                  string
	TemporalTLS                                        *tls.Config // nil: plain gRPC to Temporal
	HTTPAddr                                           string
	LogLevel                                           slog.Level
	LogFormat                                          string       // "text" or "json"
	MetricsAddr                                        string       // a separate /metrics listener; "" none
	MetricsToken                                       string       // bearer token of /metrics; "" private addresses only
	SMTP                                               *notify.SMTP // nil: email off
	PublicURL                                          string       // "" unset: dev uses its own address, the others refuse to start
	DigestHour                                         int
	OutboxLease                                        time.Duration // 0: policies.ClaimLease
	HeavyPerMinute                                     int           // 0: the server's default
	DataDir                                            string
	TemporalCLI                                        string
	TrustedProxies                                     []netip.Prefix
	// WebhookAllowPrivate lets unit webhooks reach loopback and private
	// addresses, for tests whose receivers listen on 127.0.0.1.
	WebhookAllowPrivate bool
	// UnsubscribeKey signs the unsubscribe links of emails (HMAC-SHA256);
	// nil when unset.
	UnsubscribeKey []byte
	// SigningKeys is the folder of the regions' signing keys ("": none);
	// SigningPassphrase opens its PKCS#12 files and is never stored.
	SigningKeys       string
	SigningPassphrase string
	// Retention are the installation's retention rules (RETENTION_DAYS):
	// the worker's purge applies them, the server bounds regions by them.
	Retention policies.RetentionRules
	// SSOPrivateIssuers are the identity providers' hosts the server may
	// reach on private addresses (OIDC_PRIVATE_ISSUERS).
	SSOPrivateIssuers []string
}

func loadConfig(getenv func(string) string) (config, error) {
	c := config{
		DatabaseURL:                   getenv("DATABASE_URL"),
		TemporalDatabaseURL:           getenv("TEMPORAL_DATABASE_URL"),
		TemporalVisibilityDatabaseURL: getenv("TEMPORAL_VISIBILITY_DATABASE_URL"),
		TemporalAddress:               getenv("TEMPORAL_ADDRESS"),
		TemporalNamespace:             or(getenv("TEMPORAL_NAMESPACE"), "default"),
		HTTPAddr:                      getenv("HTTP_ADDR"),
		DataDir:                       or(getenv("POLICYFLOW_DATA"), ".devdata"),
		TemporalCLI:                   getenv("TEMPORAL_CLI"),
		MetricsAddr:                   getenv("METRICS_ADDR"),
		MetricsToken:                  getenv("METRICS_TOKEN"),
		SigningKeys:                   getenv("SIGNING_KEYS"),
		SigningPassphrase:             getenv("SIGNING_PASSPHRASE"),
	}
	switch c.LogFormat = strings.ToLower(or(getenv("LOG_FORMAT"), "text")); c.LogFormat {
	case "text", "json":
	default:
		return c, fmt.Errorf("LOG_FORMAT=%q: use text or json", getenv("LOG_FORMAT"))
	}
	if t := c.MetricsToken; t != "" && len(t) < 16 {
		return c, fmt.Errorf("METRICS_TOKEN is %d characters: give a random secret of at least 16 (e.g. openssl rand -hex 32)", len(t))
	}
	smtp, err := notify.ParseSMTPURL(getenv("SMTP_URL"))
	if err != nil {
		return c, err
	}
	c.SMTP = smtp
	if c.TemporalTLS, err = loadTemporalTLS(getenv, time.Now()); err != nil {
		return c, err
	}
	if v := getenv("PUBLIC_URL"); v != "" {
		if err := policies.CheckPublicURL(v); err != nil {
			return c, err
		}
		c.PublicURL = strings.TrimRight(v, "/")
	}
	for _, v := range strings.Split(getenv("TRUSTED_PROXIES"), ",") {
		v = strings.TrimSpace(v)
		if v == "" {
			continue
		}
		p, err := netip.ParsePrefix(v)
		if err != nil {
			a, aerr := netip.ParseAddr(v)
			if aerr != nil {
				return c, fmt.Errorf("TRUSTED_PROXIES: %q is neither an address nor a CIDR (e.g. 10.0.0.0/8,192.168.1.10)", v)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		c.TrustedProxies = append(c.TrustedProxies, p.Masked())
	}
	if v := getenv("UNSUBSCRIBE_KEY"); v != "" {
		if len(v) < policies.MinUnsubscribeKey {
			return c, fmt.Errorf("UNSUBSCRIBE_KEY is %d characters: give a random secret of at least %d (e.g. openssl rand -hex 32)", len(v), policies.MinUnsubscribeKey)
		}
		c.UnsubscribeKey = []byte(v)
	}
	if c.SSOPrivateIssuers, err = parseHosts(getenv("OIDC_PRIVATE_ISSUERS")); err != nil {
		return c, fmt.Errorf("OIDC_PRIVATE_ISSUERS: %w", err)
	}
	switch v := getenv("WEBHOOK_ALLOW_PRIVATE"); v {
	case "", "0":
	case "1":
		c.WebhookAllowPrivate = true
	default:
		return c, fmt.Errorf("WEBHOOK_ALLOW_PRIVATE=%q: 1 (tests only) or unset", v)
	}
	c.DigestHour = 7
	if v := getenv("DIGEST_HOUR"); v != "" {
		h, err := strconv.Atoi(v)
		if err != nil || h < 0 || h > 23 {
			return c, fmt.Errorf("DIGEST_HOUR=%q: give an hour from 0 to 23 (in each region's zone)", v)
		}
		c.DigestHour = h
	}
	if c.Retention, err = policies.ParseRetention(getenv("RETENTION_DAYS")); err != nil {
		return c, fmt.Errorf("RETENTION_DAYS: %w", err)
	}
	if v := getenv("HEAVY_PER_MINUTE"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return c, fmt.Errorf("HEAVY_PER_MINUTE=%q: give a whole number of requests a minute, at least 1", v)
		}
		c.HeavyPerMinute = n
	}
	if v := getenv("OUTBOX_LEASE"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < policies.MinClaimLease {
			return c, fmt.Errorf("OUTBOX_LEASE=%q: give a duration of at least %s, e.g. 2m", v, policies.MinClaimLease)
		}
		c.OutboxLease = d
	}
	switch strings.ToLower(or(getenv("LOG_LEVEL"), "info")) {
	case "debug":
		c.LogLevel = slog.LevelDebug
	case "info":
		c.LogLevel = slog.LevelInfo
	case "warn", "warning":
		c.LogLevel = slog.LevelWarn
	case "error":
		c.LogLevel = slog.LevelError
	default:
		return c, fmt.Errorf("LOG_LEVEL=%q: use debug, info, warn or error", getenv("LOG_LEVEL"))
	}
	return c, nil
}

// requirePublicURL refuses a command outside dev that makes absolute links
// (server, worker, admin) without PUBLIC_URL: none of them guesses one.
func (c config) requirePublicURL() error {
	return policies.CheckPublicURL(c.PublicURL)
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// newLoggerFormat logs at level as text, or with format "json" one JSON
// object a line (LOG_FORMAT).
func newLoggerFormat(w io.Writer, level slog.Level, format string) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level}))
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}

// parseHosts reads a comma-separated list of host names or addresses,
// without scheme, port or path.
func parseHosts(v string) ([]string, error) {
	var out []string
	for _, h := range strings.Split(v, ",") {
		if h = strings.TrimSpace(h); h == "" {
			continue
		}
		if strings.ContainsAny(h, ":/@ ?#") && !isAddr(h) {
			return nil, fmt.Errorf("%q is not a host name (give names or addresses only, e.g. sso.kota.go.id,10.0.0.5)", h)
		}
		out = append(out, strings.ToLower(h))
	}
	return out, nil
}

func isAddr(h string) bool { _, err := netip.ParseAddr(h); return err == nil }
