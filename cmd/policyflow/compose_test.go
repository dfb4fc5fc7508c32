package main

import (
	"os"
	"path/filepath"
	"regexp"
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
	} `yaml:"services"`
}

// docker-compose.yml cannot be run here (no Docker engine), so check what can
// be checked: every service, and every variable each Policyflow process reads.
func TestDockerCompose(t *testing.T) {
	b, err := os.ReadFile("../../docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	var c composeFile
	if err := yaml.Unmarshal(b, &c); err != nil {
		t.Fatalf("docker-compose.yml does not parse: %v", err)
	}
	for _, name := range []string{"postgres", "temporal", "temporal-ui", "migrate", "server", "worker", "mail"} {
		if _, ok := c.Services[name]; !ok {
			t.Errorf("docker-compose.yml lacks service %q", name)
		}
	}
	// What each Policyflow process reads (dev-only variables excluded).
	needs := map[string][]string{
		"server":  {"DATABASE_URL", "TEMPORAL_ADDRESS", "TEMPORAL_NAMESPACE", "HTTP_ADDR", "LOG_LEVEL"},
		"worker":  {"DATABASE_URL", "TEMPORAL_ADDRESS", "TEMPORAL_NAMESPACE", "LOG_LEVEL"},
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
	// Every variable the binaries read, except the dev-only ones, is set
	// somewhere (an explicit empty value counts: it states the default).
	devOnly := map[string]bool{"POLICYFLOW_DATA": true, "TEMPORAL_CLI": true}
	for name := range envReadInSource(t) {
		if devOnly[name] {
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
