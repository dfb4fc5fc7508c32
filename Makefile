# Policyflow — the two commands a newcomer needs:
#   make dev    start everything (PostgreSQL, Temporal, server, worker), seeded
#   make test   run the whole test suite on real PostgreSQL and Temporal
# Both build or install what they need first.

GO                   ?= go
WORKFLOWCHECK_VERSION := v0.6.0
BIN                  := $(CURDIR)/bin
TEST_TIMEOUT         ?= 25m
BENCH_GROWTH         ?= 100000
FAULT_RUNS           ?= 3

.PHONY: axe openapi-lint apiclient dev test fuzz bench faults cluster backup-check upgrade-check images compose-check docker-tools build tools postgres-bin chromium pandoc poppler nss xmllint promtool vet lint clean

## dev: build, then start Policyflow with sample data at http://127.0.0.1:8080
dev: tools build
	TEMPORAL_CLI=$(BIN)/temporal $(BIN)/policyflow dev

## test: lint, the API clients, a short fuzz run, then go test on real PostgreSQL and Temporal (output ends with go test's lines)
# Two packages at a time (-p 2): e2e (~450 s, mostly waiting on Chromium,
# Temporal and the processes it kills) runs beside the rest (~480 s). Each
# package runs its own PostgreSQL and Temporal; the load tests resend an
# action that was not answered within the 20 s it may wait (503) and count
# it, so a starved worker slows them but cannot fail them.
# -tags apiclient: e2e/apiclient_test.go, which drives the client that
# make apiclient generated.
test: tools axe lint openapi-lint apiclient fuzz
	TEMPORAL_CLI=$(BIN)/temporal $(GO) test -tags apiclient -p 2 -count=1 -timeout $(TEST_TIMEOUT) ./...

# Every fuzz target beyond its committed corpus (testdata/fuzz/), for a
# number of executions rather than a duration: Go 1.26's coordinator can
# fail a duration-bounded run with "context deadline exceeded" at the
# deadline on a busy machine (golang/go#75804, fixed in Go 1.27). A failing
# input is written to testdata/fuzz and fails the run. FUZZ_TIME=30s (or
# 100000x) overrides the budget of every target for a longer run by hand.
FUZZ_TIME ?=
FUZZ_TARGETS := server:FuzzRender:2000x server:FuzzDecodeJSON:5000x textdiff:FuzzWords:5000x \
	evaluation:FuzzValidateNIP:50000x evaluation:FuzzParseParticipants:5000x

## fuzz: each fuzz target for its execution budget (FUZZ_TIME overrides)
fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; rest=$${t#*:}; fn=$${rest%%:*}; budget=$${rest#*:}; \
		if [ -n "$(FUZZ_TIME)" ]; then budget=$(FUZZ_TIME); fi; \
		echo "fuzz $$fn ($$pkg, $$budget)"; \
		out=$$($(GO) test -run '^$$' -fuzz "^$$fn$$" -fuzztime $$budget ./$$pkg/ 2>&1) || { echo "$$out"; exit 1; }; \
		echo "$$out" | grep -E '^fuzz: elapsed' | tail -1; \
	done

## bench: load figures beside their baselines, written into docs/PERFORMANCE.md (about 10 min)
bench: tools
	$(GO) test -run '^$$' -bench . ./textdiff/
	# Grouping 5,000 comments into campaigns and near-duplicates (issue 26: under 2 s on 2 cores).
	$(GO) test -run '^$$' -bench Group5000 -cpu 2 ./campaign/
	# The JP ledger of 10,000 ASN and 200,000 participations beside its index lookups (issue 22: within 1.5×).
	TEMPORAL_CLI=$(BIN)/temporal $(GO) test -run '^$$' -bench Ledger10k -benchtime 5x ./postgres/ -args -write $(CURDIR)/docs/PERFORMANCE.md
	cd loadtest && TEMPORAL_CLI=$(BIN)/temporal $(GO) test -run '^$$' -bench Load -benchtime 1x -timeout 40m . \
		-args -write $(CURDIR)/docs/PERFORMANCE.md -growth $(BENCH_GROWTH)

## faults: the fault tests (kills, outages) $(FAULT_RUNS) times over, with their counts (see docs/RELIABILITY.md)
faults: tools
	TEMPORAL_CLI=$(BIN)/temporal $(GO) test -count=$(FAULT_RUNS) -timeout 60m -v \
		-run 'TestPostgresOutageUnderLoad|TestServerKilledWhilePostingComments|TestTemporalOutage|TestWorkerCrashDuringApproval|TestWorkerKilledDuring100Lifecycles|TestCrashDuringDeliveryLosesNothing' \
		./e2e/ ./notify/

## cluster: the real Temporal server (tools/temporal-server) on PostgreSQL with 4 history shards, over mutual TLS (strangers refused), 2 servers and 2 workers: 100 lifecycles while a worker and a server are SIGKILLed; figures into docs/RELIABILITY.md (about 10 min)
cluster: postgres-bin $(BIN)/temporal-server
	TEMPORAL_SERVER=$(BIN)/temporal-server $(GO) test -tags cluster -count=1 -timeout 40m -v -run TestClusterLifecycles ./cluster/ \
		-args -write $(CURDIR)/docs/RELIABILITY.md

## backup-check: policyflow backup of a running stack on the real Temporal server (approvals and a consultation in flight), restored into new databases and a new Temporal server, which goes on
backup-check: postgres-bin $(BIN)/temporal-server
	TEMPORAL_SERVER=$(BIN)/temporal-server $(GO) test -tags cluster -count=1 -timeout 15m -v -run TestBackupRestoreContinues ./cluster/

## upgrade-check: the last release (UPGRADE_FROM, default the newest tag) on the real Temporal server with workflows at every stage, migrated while it runs, replaced by this tree's build; every workflow goes on
UPGRADE_FROM ?= $(shell git describe --tags --abbrev=0 2>/dev/null)
upgrade-check: postgres-bin $(BIN)/temporal-server
	TEMPORAL_SERVER=$(BIN)/temporal-server $(GO) test -tags cluster -count=1 -timeout 20m -v -run TestUpgradeWithWorkflowsInFlight ./cluster/ -args -from "$(UPGRADE_FROM)"

# The real Temporal server (go.temporal.io/server) with its schema tool, built
# from the Go module proxy in its own module, so the product's go.mod stays
# lean (about 5-10 min cold, 150 MB).
$(BIN)/temporal-server: tools/temporal-server/go.mod tools/temporal-server/go.sum $(wildcard tools/temporal-server/*.go)
	cd tools/temporal-server && $(GO) build -o $(BIN)/temporal-server .

## images: the Docker images of docker-compose.yml (Go binaries built here, base from BASE_IMAGE; see Dockerfile)
# BASE_IMAGE=debian:bookworm-slim where a registry is reachable; the default
# policyflow-base:bookworm is made once from Debian's packages (deploy/base.sh,
# debootstrap, about 1-6 min) and reused. The Go binaries are built on this
# host (CGO_ENABLED=0, static) into deploy/bin; the images copy them.
# COMPOSE is the compose CLI: Debian's docker-compose 1.29 (apt-get install
# docker-compose) or `docker compose`.
BASE_IMAGE ?= policyflow-base:bookworm
COMPOSE    ?= docker-compose
DEPLOY_BIN := $(CURDIR)/deploy/bin
images: docker-tools
	deploy/dockerd.sh
	@case "$(BASE_IMAGE)" in policyflow-base:*) deploy/base.sh $(BASE_IMAGE);; esac
	CGO_ENABLED=0 GOOS=linux $(GO) build -trimpath -o $(DEPLOY_BIN)/policyflow ./cmd/policyflow
	cd tools/temporal-server && CGO_ENABLED=0 GOOS=linux $(GO) build -trimpath -o $(DEPLOY_BIN)/temporal-server .
	BASE_IMAGE=$(BASE_IMAGE) POSTGRES_PASSWORD=build UNSUBSCRIBE_KEY=build PUBLIC_URL=https://build TEMPORAL_TLS_DIR=./deploy/bin \
		$(COMPOSE) -f docker-compose.yml build

## compose-check: docker-compose.yml for real: up, a few policies over HTTPS through the proxy while a worker and a server are SIGKILLed, nothing lost or twice, down with volumes (starts dockerd as root if none runs)
compose-check:
	@start=$$(date +%s); \
	$(MAKE) --no-print-directory images BASE_IMAGE=$(BASE_IMAGE) COMPOSE="$(COMPOSE)" && \
	COMPOSE="$(COMPOSE)" $(GO) test -tags compose -count=1 -timeout 40m -v -run TestComposeStack ./deploy/check/; rc=$$?; \
	echo "compose-check: $$(( $$(date +%s) - start )) s in all (images, stack, check, tear down)"; exit $$rc

build:
	$(GO) build -o $(BIN)/policyflow ./cmd/policyflow

vet:
	$(GO) vet ./...

## lint: go vet, and workflowcheck on the workflow code (determinism)
lint: vet $(BIN)/workflowcheck
	$(BIN)/workflowcheck ./workflows/...

$(BIN)/workflowcheck:
	GOBIN=$(BIN) $(GO) install go.temporal.io/sdk/contrib/tools/workflowcheck@$(WORKFLOWCHECK_VERSION)

## tools: the Temporal CLI (dev server, pinned), PostgreSQL server binaries, Chromium for browser tests
tools: $(BIN)/temporal postgres-bin chromium pandoc poppler nss xmllint promtool

# Built into bin/ from tools/temporal-cli, whose go.mod pins it (CLI v1.5.1,
# Temporal server 1.29.1, with modernc.org/sqlite raised to v1.51.0), again
# whenever that module changes (about 3-6 min cold, 250 MB).
$(BIN)/temporal: tools/temporal-cli/go.mod tools/temporal-cli/go.sum
	cd tools/temporal-cli && $(GO) build -ldflags '-X github.com/temporalio/cli/temporalcli.Version=1.5.1+sqlite1.51.0' \
		-o $(BIN)/temporal github.com/temporalio/cli/cmd/temporal

# initdb/postgres from the machine; installed from Debian's packages when missing.
postgres-bin:
	@if command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing PostgreSQL server binaries (apt-get install postgresql)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	else echo "PostgreSQL server binaries (initdb, postgres) are missing: install them (Debian: apt-get install postgresql)"; exit 1; fi

## openapi-lint: the served OpenAPI document (policyflow openapi) through Redocly CLI's recommended rules; any error fails
# Redocly CLI comes from npm, pinned in tools/redocly/package-lock.json, and
# is installed like axe-core (npm ci only when the lock file changed).
openapi-lint: tools/redocly/node_modules/.installed
	@mkdir -p test-output
	$(GO) run ./cmd/policyflow openapi > test-output/openapi.json
	cd tools/redocly && REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
		node_modules/.bin/redocly lint --config redocly.yaml --format stylish $(CURDIR)/test-output/openapi.json

tools/redocly/node_modules/.installed: tools/redocly/package.json tools/redocly/package-lock.json
	cd tools/redocly && npm ci --no-audit --no-fund
	touch $@

## apiclient: a Go client (oapi-codegen) and TypeScript types (openapi-typescript) generated from the OpenAPI document, both compiled
# As an integrator would: oapi-codegen is pinned in tools/oapi-codegen/go.mod
# (a tool of its own module), openapi-typescript and tsc in
# tools/openapi-typescript/package-lock.json. The Go client lands in
# e2e/apiclient (gitignored), which e2e/apiclient_test.go drives (build tag
# apiclient); the TypeScript types in test-output/apiclient/, compiled with
# tools/openapi-typescript/usage.ts by tsc --noEmit.
apiclient: openapi-lint tools/openapi-typescript/node_modules/.installed
	cd tools/oapi-codegen && $(GO) tool oapi-codegen -config config.yaml $(CURDIR)/test-output/openapi.json
	$(GO) build ./e2e/apiclient/
	@mkdir -p test-output/apiclient
	cd tools/openapi-typescript && node_modules/.bin/openapi-typescript $(CURDIR)/test-output/openapi.json \
		-o $(CURDIR)/test-output/apiclient/api.ts && node_modules/.bin/tsc -p tsconfig.json

tools/openapi-typescript/node_modules/.installed: tools/openapi-typescript/package.json tools/openapi-typescript/package-lock.json
	cd tools/openapi-typescript && npm ci --no-audit --no-fund
	touch $@

## axe: axe-core (npm, pinned in tools/axe/package-lock.json) for the accessibility checks of the browser tests
# npm ci runs only when the lock file is newer than the last install, so an
# installed copy needs no network.
axe: tools/axe/node_modules/.installed

tools/axe/node_modules/.installed: tools/axe/package.json tools/axe/package-lock.json
	cd tools/axe && npm ci --no-audit --no-fund
	touch $@

# apt_install: Debian's package $(1), which gives the commands $(2): when
# one is missing, installed with apt-get as root, else a clear error.
define apt_install
@if $(foreach c,$(2),command -v $(c) >/dev/null 2>&1 &&) true; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing $(1) (apt-get install $(1))"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null; \
	else echo "$(1) is missing: install it (Debian: apt-get install $(1))"; exit 1; fi
endef

# Debian's Chromium, driven by the browser tests through chromedp.
chromium:
	$(call apt_install,chromium,chromium)

# Debian's pandoc: Word (.docx) import and export (docx/).
pandoc:
	$(call apt_install,pandoc,pandoc)

# Debian's Docker engine, docker-compose 1.29 and debootstrap, for make
# images and compose-check (skipped when COMPOSE names another CLI that is
# there, e.g. COMPOSE="docker compose").
docker-tools:
	$(call apt_install,docker.io docker-compose debootstrap,dockerd $(firstword $(COMPOSE)) debootstrap)

# Debian's poppler-utils: pdftotext, pdfinfo, pdftoppm, pdffonts and
# pdfsig, with which the PDF tests (pdf/, signing/, server/) read the pages
# and check the fonts and the signature as a person would.
poppler:
	$(call apt_install,poppler-utils,pdftotext pdftoppm pdfinfo pdffonts pdfsig)

# Debian's libnss3-tools: certutil, with which the signature test makes an
# NSS database that trusts make dev's test CA for pdfsig (signing/).
nss:
	$(call apt_install,libnss3-tools,certutil)

# Debian's libxml2-utils: xmllint, with which the Akoma Ntoso tests (akn/,
# server/) validate the XML against the vendored schema (akn/schema/).
xmllint:
	$(call apt_install,libxml2-utils,xmllint)

# Debian's prometheus package for its promtool, with which the monitoring
# tests (deploy/monitoring/) check the configuration and unit-test the
# alert rules (without the node exporter it recommends).
promtool:
	@if command -v promtool >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing prometheus (apt-get install --no-install-recommends prometheus, for promtool)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null; \
	else echo "promtool is missing: install it (Debian: apt-get install --no-install-recommends prometheus)"; exit 1; fi

clean:
	rm -rf $(BIN) test-output
