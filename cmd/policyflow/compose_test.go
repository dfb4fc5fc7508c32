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

type composeService struct {
	Image       string            `yaml:"image"`
	Build       any               `yaml:"build"`
	Entrypoint  []string          `yaml:"entrypoint"`
	Command     []string          `yaml:"command"`
	Environment map[string]string `yaml:"environment"`
	DependsOn   any               `yaml:"depends_on"` // a list or a map of conditions
	Ports       []any             `yaml:"ports"`      // "host:container" strings or long-syntax maps
	Profiles    []string          `yaml:"profiles"`   // none: started by default
	Networks    []string          `yaml:"networks"`
	Healthcheck *struct {
		Test []string `yaml:"test"`
	} `yaml:"healthcheck"`
	Restart string `yaml:"restart"`
}

type composeFile struct {
	Services map[string]composeService `yaml:"services"`
	Networks map[string]*struct {
		Internal bool `yaml:"internal"`
	} `yaml:"networks"`
}

// readCompose parses docker-compose.yml (or another compose file of the
// repository).
func readCompose(t *testing.T, names ...string) composeFile {
	t.Helper()
	name := "docker-compose.yml"
	if len(names) > 0 {
		name = names[0]
	}
	b, err := os.ReadFile("../../" + name)
	if err != nil {
		t.Fatal(err)
	}
	var c composeFile
	if err := yaml.Unmarshal(b, &c); err != nil {
		t.Fatalf("%s does not parse: %v", name, err)
	}
	return c
}

// The Policyflow processes of the stack: two servers behind the proxy, two
// workers, and the one-shot migrate job.
var (
	servers = []string{"server-1", "server-2"}
	workers = []string{"worker-1", "worker-2"}
)

// dependsOn is the condition service waits for on dep ("" when none).
func dependsOn(s composeService, dep string) string {
	deps, _ := s.DependsOn.(map[string]any)
	d, _ := deps[dep].(map[string]any)
	c, _ := d["condition"].(string)
	return c
}

// docker-compose.yml as `make compose-check` starts it (deploy/check):
// here, what can be checked without a Docker engine, on every run: every
// service, and every variable each Policyflow process reads.
func TestDockerCompose(t *testing.T) {
	c := readCompose(t)
	for _, name := range []string{"postgres", "temporal-schema", "temporal", "migrate", "server-1", "server-2", "worker-1", "worker-2", "proxy"} {
		if _, ok := c.Services[name]; !ok {
			t.Errorf("docker-compose.yml lacks service %q", name)
		}
	}
	// What each Policyflow process reads (dev-only variables excluded).
	needs := map[string][]string{
		"migrate": {"DATABASE_URL", "LOG_LEVEL", "PUBLIC_URL"},
	}
	for _, svc := range servers {
		needs[svc] = []string{"DATABASE_URL", "TEMPORAL_ADDRESS", "TEMPORAL_NAMESPACE", "HTTP_ADDR", "LOG_LEVEL", "PUBLIC_URL", "TRUSTED_PROXIES"}
	}
	for _, svc := range workers {
		needs[svc] = []string{"DATABASE_URL", "TEMPORAL_ADDRESS", "TEMPORAL_NAMESPACE", "LOG_LEVEL", "PUBLIC_URL"}
	}
	image := c.Services["migrate"].Image
	if c.Services["migrate"].Build == nil || !strings.HasPrefix(image, "policyflow:") {
		t.Errorf("migrate builds no policyflow image (image %q)", image)
	}
	for svc, vars := range needs {
		s := c.Services[svc]
		if s.Image != image {
			t.Errorf("service %s runs image %q, want migrate's %q (the one Dockerfile target policyflow)", svc, s.Image, image)
		}
		want := strings.TrimRight(svc, "-12")
		if len(s.Command) == 0 || s.Command[0] != want {
			t.Errorf("service %s runs %v, want the %q subcommand", svc, s.Command, want)
		}
		for _, v := range vars {
			if s.Environment[v] == "" {
				t.Errorf("service %s does not set %s", svc, v)
			}
		}
		if dsn := s.Environment["DATABASE_URL"]; !strings.Contains(dsn, "@postgres:5432/") {
			t.Errorf("service %s DATABASE_URL = %q, want the postgres service", svc, dsn)
		}
		// passthrough: Docker's DNS on an internal network never answers
		// the SRV and TXT queries of gRPC's own resolver (compose comment).
		if a := s.Environment["TEMPORAL_ADDRESS"]; a != "" && a != "passthrough:///temporal:7233" {
			t.Errorf("service %s TEMPORAL_ADDRESS = %q, want passthrough:///temporal:7233", svc, a)
		}
		if svc == "migrate" {
			continue
		}
		if got := dependsOn(s, "migrate"); got != "service_completed_successfully" {
			t.Errorf("%s starts on migrate %q, want service_completed_successfully", svc, got)
		}
		if got := dependsOn(s, "temporal"); got != "service_healthy" {
			t.Errorf("%s starts on temporal %q, want service_healthy", svc, got)
		}
		if s.Healthcheck == nil || s.Restart != "unless-stopped" {
			t.Errorf("%s has no healthcheck or restarts %q; want both (a killed process comes back)", svc, s.Restart)
		}
	}
	// Backup and restore: the policyflow image, by hand only (profile
	// tools), on the three databases of the postgres service.
	if b := c.Services["backup"]; b.Image != image || len(b.Command) == 0 || b.Command[0] != "backup" || !slices.Contains(b.Profiles, "tools") {
		t.Errorf("backup service: image %q, command %v, profiles %v; want %q, backup, [tools]", b.Image, b.Command, b.Profiles, image)
	} else {
		for v, db := range map[string]string{"DATABASE_URL": "policyflow", "TEMPORAL_DATABASE_URL": "temporal", "TEMPORAL_VISIBILITY_DATABASE_URL": "temporal_visibility"} {
			if u := b.Environment[v]; !strings.Contains(u, "@postgres:5432/"+db+"?") {
				t.Errorf("backup service %s = %q, want the postgres service's %s database", v, u, db)
			}
		}
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
		for _, svc := range []string{"server-1", "worker-1", "migrate", "backup"} {
			if _, ok := c.Services[svc].Environment[name]; ok {
				set = true
			}
		}
		if !set {
			t.Errorf("%s is read by policyflow but set by no service in docker-compose.yml", name)
		}
	}
	for _, svc := range append(append([]string{}, servers...), workers...) {
		if _, ok := c.Services[svc].Environment["WEBHOOK_ALLOW_PRIVATE"]; ok {
			t.Errorf("service %s sets WEBHOOK_ALLOW_PRIVATE, a setting for tests only", svc)
		}
	}

	// The real Temporal server, built here, its schema by a one-shot job
	// first; no development image (auto-setup), no mail catcher.
	for name, s := range c.Services {
		if strings.Contains(s.Image, "temporalio/") || strings.Contains(s.Image, "mailpit") || strings.Contains(s.Image, "mailhog") {
			t.Errorf("service %s runs %s; want images built from the Dockerfile only", name, s.Image)
		}
		if s.Build == nil && !strings.HasPrefix(s.Image, "policyflow") {
			t.Errorf("service %s runs image %q, neither built here nor one that is", name, s.Image)
		}
	}
	schema := c.Services["temporal-schema"]
	if !strings.Contains(strings.Join(schema.Entrypoint, " "), "temporal-server setup-schema") || schema.Restart != "no" {
		t.Errorf("temporal-schema runs %v (restart %q); want a one-shot temporal-server setup-schema", schema.Entrypoint, schema.Restart)
	}
	if got := dependsOn(c.Services["temporal"], "temporal-schema"); got != "service_completed_successfully" {
		t.Errorf("temporal starts on temporal-schema %q, want service_completed_successfully", got)
	}
	for _, svc := range servers {
		if got := dependsOn(c.Services["proxy"], svc); got != "service_healthy" {
			t.Errorf("the proxy starts on %s %q, want service_healthy", svc, got)
		}
	}

	dockerfile, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"ARG BASE_IMAGE=", "FROM ${BASE_IMAGE}", "AS postgres", "AS temporal", "AS proxy", "AS policyflow",
		"deploy/bin/policyflow", "deploy/bin/temporal-server"} {
		if !strings.Contains(string(dockerfile), want) {
			t.Errorf("Dockerfile lacks %q", want)
		}
	}
	makefile, err := os.ReadFile("../../Makefile")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(makefile), "./cmd/policyflow") || !strings.Contains(string(makefile), "compose-check:") {
		t.Error("the Makefile does not build ./cmd/policyflow for the images or has no compose-check")
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

// What `docker compose up` starts must not open Temporal to anyone but the
// servers and workers (a workflow trusts the actor named in an Update:
// whoever reaches the frontend could approve as the mayor), nor sign
// people in with the sample users' published password: the samples come
// only with the demo override file, docker-compose.demo.yml.
func TestDockerComposeDefaultsAreClosed(t *testing.T) {
	c := readCompose(t)
	if p := c.Services["temporal"].Ports; len(p) > 0 {
		t.Errorf("the Temporal frontend publishes %v to the host; want no ports", p)
	}
	// Networks: all internal but the proxy's edge, which only the proxy
	// joins; Temporal and PostgreSQL on the backend alone.
	for name, n := range c.Networks {
		if n != nil && n.Internal {
			continue
		}
		for svc, s := range c.Services {
			if slices.Contains(s.Networks, name) && svc != "proxy" {
				t.Errorf("service %s joins network %s, which is not internal; only the proxy may", svc, name)
			}
		}
	}
	for svc, s := range c.Services {
		if len(s.Networks) == 0 {
			t.Errorf("service %s names no network: it would join the default one, which is not internal", svc)
		}
		for _, n := range s.Networks {
			if _, ok := c.Networks[n]; !ok {
				t.Errorf("service %s joins undeclared network %s", svc, n)
			}
		}
	}
	for _, svc := range []string{"postgres", "temporal"} {
		if got := c.Services[svc].Networks; !slices.Equal(got, []string{"backend"}) {
			t.Errorf("%s joins %v; want the internal backend network only", svc, got)
		}
	}
	if n := c.Networks["backend"]; n == nil || !n.Internal {
		t.Error("the backend network is not internal")
	}

	if got := c.Services["migrate"].Command; !slices.Equal(got, []string{"migrate"}) {
		t.Errorf("the migrate service runs %v; want [migrate]: no sample users by default", got)
	}
	for name, s := range c.Services {
		if slices.Contains(s.Command, "-seed") {
			t.Errorf("service %s seeds the sample users in docker-compose.yml; want them only in docker-compose.demo.yml", name)
		}
	}
	// With the demo file, the servers and workers start after the samples
	// are in (a worker starts the seeded policies' workflows as it starts).
	demo := readCompose(t, "docker-compose.demo.yml")
	if got := demo.Services["seed"].Command; !slices.Equal(got, []string{"migrate", "-seed"}) {
		t.Errorf("the demo file's seed service runs %v; want [migrate -seed]", got)
	}
	for _, svc := range append(append([]string{}, servers...), workers...) {
		if got := dependsOn(demo.Services[svc], "seed"); got != "service_completed_successfully" {
			t.Errorf("with the demo file, %s starts on seed %q; want service_completed_successfully", svc, got)
		}
	}
}

// Only the proxy's HTTPS port is published; no secret has a value an
// attacker can read in this repository: each is a required ${NAME:?…}
// variable the operator sets (README, .env), or explicitly empty where
// empty means off; PUBLIC_URL is required too.
func TestDockerComposePublishesOnlyWebAndDefaultsNoSecret(t *testing.T) {
	c := readCompose(t)
	for name, s := range c.Services {
		for _, p := range s.Ports {
			host, container := publishedPort(t, p)
			if name == "proxy" && container == "8443" && strings.HasPrefix(host, "${HTTPS_ADDR:-") {
				continue
			}
			t.Errorf("service %s publishes port %s on %q; only the proxy's 8443 (on HTTPS_ADDR) may be published", name, container, host)
		}
	}
	if p := c.Services["proxy"].Ports; len(p) != 1 {
		t.Errorf("the proxy publishes %v; want its HTTPS port once", p)
	}

	required := regexp.MustCompile(`^\$\{([A-Z][A-Z0-9_]*):\?[^}]+\}$`)
	secretName := regexp.MustCompile(`PASSWORD|PWD|KEY|SECRET|TOKEN|PASSPHRASE`)
	mustRequire := map[string]bool{"POSTGRES_PASSWORD": true, "UNSUBSCRIBE_KEY": true}
	requiredVars := map[string]bool{}
	for name, s := range c.Services {
		for k, v := range s.Environment {
			if k == "PUBLIC_URL" {
				if m := required.FindStringSubmatch(v); m == nil || m[1] != "PUBLIC_URL" {
					t.Errorf("service %s sets PUBLIC_URL to %q; want the required ${PUBLIC_URL:?…}", name, v)
				}
				continue
			}
			if !secretName.MatchString(k) || k == "SIGNING_KEYS" || strings.HasPrefix(v, "/etc/temporal-tls/") {
				continue // a mounted file's path, not a secret
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
	for _, f := range []composeFile{c, readCompose(t, "docker-compose.demo.yml")} {
		for name, s := range f.Services {
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
