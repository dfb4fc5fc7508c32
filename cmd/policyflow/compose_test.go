package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

type composeFile struct {
	Services map[string]struct {
		Image       string            `yaml:"image"`
		Build       any               `yaml:"build"`
		Command     []string          `yaml:"command"`
		Environment map[string]string `yaml:"environment"`
		DependsOn   any               `yaml:"depends_on"` // a list or a map of conditions
		Ports       []any             `yaml:"ports"`      // "host:container" strings or long-syntax maps
		Profiles    []string          `yaml:"profiles"`   // none: started by default
	} `yaml:"services"`
}

// readCompose parses the repository's docker-compose.yml.
func readCompose(t *testing.T) composeFile {
	t.Helper()
	b, err := os.ReadFile("../../docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	var c composeFile
	if err := yaml.Unmarshal(b, &c); err != nil {
		t.Fatalf("docker-compose.yml does not parse: %v", err)
	}
	return c
}

// docker-compose.yml cannot be run here (no Docker engine), so check what can
// be checked: every service, and every variable each Policyflow process reads.
func TestDockerCompose(t *testing.T) {
	c := readCompose(t)
	for _, name := range []string{"postgres", "temporal", "temporal-ui", "migrate", "server", "worker", "mail"} {
		if _, ok := c.Services[name]; !ok {
			t.Errorf("docker-compose.yml lacks service %q", name)
		}
	}
	// What each Policyflow process reads (dev-only variables excluded).
	needs := map[string][]string{
		"server":  {"DATABASE_URL", "TEMPORAL_ADDRESS", "TEMPORAL_NAMESPACE", "HTTP_ADDR", "LOG_LEVEL", "PUBLIC_URL"},
		"worker":  {"DATABASE_URL", "TEMPORAL_ADDRESS", "TEMPORAL_NAMESPACE", "LOG_LEVEL", "PUBLIC_URL"},
		"migrate": {"DATABASE_URL", "LOG_LEVEL"},
	}
	for svc, vars := range needs {
		s := c.Services[svc]
		if s.Build == nil {
			t.Errorf("service %s is not built from the Dockerfile", svc)
		}
		if len(s.Command) == 0 || s.Command[0] != svc {
			t.Errorf("service %s runs %v, want the %q subcommand", svc, s.Command, svc)
		}
		for _, v := range vars {
			if s.Environment[v] == "" {
				t.Errorf("service %s does not set %s", svc, v)
			}
		}
		if dsn := s.Environment["DATABASE_URL"]; !strings.Contains(dsn, "@postgres:5432/") {
			t.Errorf("service %s DATABASE_URL = %q, want the postgres service", svc, dsn)
		}
		if a := s.Environment["TEMPORAL_ADDRESS"]; a != "" && a != "temporal:7233" {
			t.Errorf("service %s TEMPORAL_ADDRESS = %q, want temporal:7233", svc, a)
		}
	}
	deps, _ := c.Services["server"].DependsOn.(map[string]any)
	migrate, _ := deps["migrate"].(map[string]any)
	if got := migrate["condition"]; got != "service_completed_successfully" {
		t.Errorf("server starts on migrate %q, want service_completed_successfully", got)
	}
	// Every variable the binaries read, except the dev-only and test-only
	// ones, is set somewhere (an explicit empty value counts: it states the
	// default).
	notDeployed := map[string]bool{"POLICYFLOW_DATA": true, "TEMPORAL_CLI": true, "WEBHOOK_ALLOW_PRIVATE": true}
	for name := range envReadInSource(t) {
		if notDeployed[name] {
			continue
		}
		set := false
		for _, svc := range []string{"server", "worker", "migrate"} {
			if _, ok := c.Services[svc].Environment[name]; ok {
				set = true
			}
		}
		if !set {
			t.Errorf("%s is read by policyflow but set by no service in docker-compose.yml", name)
		}
	}
	for _, svc := range []string{"server", "worker"} {
		if _, ok := c.Services[svc].Environment["WEBHOOK_ALLOW_PRIVATE"]; ok {
			t.Errorf("service %s sets WEBHOOK_ALLOW_PRIVATE, a setting for tests only", svc)
		}
	}
	dockerfile, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(dockerfile), "./cmd/policyflow") {
		t.Error("Dockerfile does not build ./cmd/policyflow")
	}
}

// envReadInSource finds every environment variable name the non-test Go
// code reads with getenv("…") or os.Getenv("…").
func envReadInSource(t *testing.T) map[string]bool {
	t.Helper()
	re := regexp.MustCompile(`(?:getenv|Getenv|LookupEnv)\("([A-Z][A-Z0-9_]*)"\)|k == "([A-Z][A-Z0-9_]*)"`)
	found := map[string]bool{}
	err := filepath.Walk("../..", func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if info.IsDir() && (info.Name() == "bin" || strings.HasPrefix(info.Name(), ".")) && path != "../.." {
			return filepath.SkipDir
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			found[m[1]+m[2]] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) < 5 {
		t.Fatalf("found only %v: the scan is broken", found)
	}
	return found
}

// What `docker compose up` starts must not open Temporal to the host (a
// workflow trusts the actor named in an Update: whoever reaches the
// frontend could approve as the mayor), nor sign people in with the sample
// users' published password. The Web UI and the samples are there on
// purpose only: the ops profile, bound to loopback, and the demo profile.
func TestDockerComposeDefaultsAreClosed(t *testing.T) {
	c := readCompose(t)
	if p := c.Services["temporal"].Ports; len(p) > 0 {
		t.Errorf("the Temporal frontend publishes %v to the host; want no ports", p)
	}
	if len(c.Services["temporal"].Profiles) > 0 {
		t.Errorf("the Temporal server runs only with profiles %v; want it always", c.Services["temporal"].Profiles)
	}
	ui := c.Services["temporal-ui"]
	if len(ui.Ports) > 0 && len(ui.Profiles) == 0 {
		t.Errorf("the Temporal Web UI publishes %v by default; want it behind a profile", ui.Ports)
	}
	for name, s := range c.Services {
		for _, p := range s.Ports {
			host, container := publishedPort(t, p)
			temporal := name == "temporal" || name == "temporal-ui" || container == "7233"
			if temporal && !strings.HasPrefix(host, "127.0.0.1:") {
				t.Errorf("service %s publishes Temporal's port %s on %q; want 127.0.0.1 only", name, container, host)
			}
		}
	}

	if got := c.Services["migrate"].Command; !slices.Equal(got, []string{"migrate"}) {
		t.Errorf("the migrate service runs %v; want [migrate]: no sample users by default", got)
	}
	var seeders []string
	for name, s := range c.Services {
		if !slices.Contains(s.Command, "-seed") {
			continue
		}
		seeders = append(seeders, name)
		if !slices.Equal(s.Profiles, []string{"demo"}) {
			t.Errorf("service %s seeds the sample users with profiles %v; want only under the demo profile", name, s.Profiles)
		}
	}
	if len(seeders) != 1 {
		t.Fatalf("services that seed: %v; want one, under the demo profile", seeders)
	}
	// With the demo profile, server and worker start after the samples are
	// in (the worker starts the seeded policies' workflows as it starts);
	// without it, they do not wait for a service that is off.
	for _, svc := range []string{"server", "worker"} {
		deps, _ := c.Services[svc].DependsOn.(map[string]any)
		dep, _ := deps[seeders[0]].(map[string]any)
		if dep["condition"] != "service_completed_successfully" || dep["required"] != false {
			t.Errorf("service %s depends on %s with %v; want service_completed_successfully, required: false", svc, seeders[0], dep)
		}
	}
}

// Only the web port is open to the network: every other published port (the
// mail catcher, where invitation and password links land; the Temporal Web
// UI) binds the host's loopback. And no secret has a value an attacker can
// read in this repository: each is a required ${NAME:?…} variable the
// operator sets (README, .env), or explicitly empty where empty means off.
func TestDockerComposePublishesOnlyWebAndDefaultsNoSecret(t *testing.T) {
	c := readCompose(t)
	open := 0
	for name, s := range c.Services {
		for _, p := range s.Ports {
			host, container := publishedPort(t, p)
			if strings.HasPrefix(host, "127.0.0.1:") {
				continue
			}
			if name == "server" && container == "8080" {
				open++
				continue
			}
			t.Errorf("service %s publishes port %s on %q, every interface; want 127.0.0.1 only or not published", name, container, host)
		}
	}
	if open != 1 {
		t.Errorf("the server's web port is published %d times on every interface; want once", open)
	}
	if p := c.Services["mail"].Ports; len(p) == 0 {
		t.Error("the mail catcher's web UI is not published at all; README sends operators to 127.0.0.1:8025")
	}

	required := regexp.MustCompile(`^\$\{([A-Z][A-Z0-9_]*):\?[^}]+\}$`)
	secretName := regexp.MustCompile(`PASSWORD|PWD|KEY|SECRET|TOKEN|PASSPHRASE`)
	mustRequire := map[string]bool{"POSTGRES_PASSWORD": true, "UNSUBSCRIBE_KEY": true}
	requiredVars := map[string]bool{}
	for name, s := range c.Services {
		for k, v := range s.Environment {
			if !secretName.MatchString(k) || k == "SIGNING_KEYS" {
				continue
			}
			m := required.FindStringSubmatch(v)
			switch {
			case m != nil:
				requiredVars[m[1]] = true
			case v == "" && !mustRequire[k]:
				// Explicitly empty: the feature is off (METRICS_TOKEN,
				// SIGNING_PASSPHRASE), nothing to guess.
			default:
				t.Errorf("service %s sets %s to %q; want a required ${%s:?…} variable, never a default", name, k, v, k)
			}
		}
	}
	for v := range mustRequire {
		if !requiredVars[v] {
			t.Errorf("no service requires %s (${%s:?…})", v, v)
		}
	}
	// The database password in each DATABASE_URL is the required variable,
	// not a literal.
	userinfo := regexp.MustCompile(`://[^:/@]*:([^@]*)@`)
	for name, s := range c.Services {
		dsn, ok := s.Environment["DATABASE_URL"]
		if !ok {
			continue
		}
		m := userinfo.FindStringSubmatch(dsn)
		if m == nil || m[1] != "${POSTGRES_PASSWORD}" {
			t.Errorf("service %s DATABASE_URL = %q; want the password ${POSTGRES_PASSWORD}", name, dsn)
		}
	}
}

// publishedPort reads a compose port entry: host ("ip:port" or "port") and
// container port.
func publishedPort(t *testing.T, p any) (host, container string) {
	t.Helper()
	switch p := p.(type) {
	case string:
		i := strings.LastIndex(p, ":")
		if i < 0 {
			return "", p
		}
		return p[:i], strings.TrimSuffix(p[i+1:], "/tcp")
	case int:
		return "", strconv.Itoa(p)
	case map[string]any:
		ip, _ := p["host_ip"].(string)
		return fmt.Sprintf("%s:%v", ip, p["published"]), fmt.Sprint(p["target"])
	}
	t.Fatalf("port entry %v (%T) not understood", p, p)
	return "", ""
}
