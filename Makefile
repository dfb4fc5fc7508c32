# Policyflow — the two commands a newcomer needs:
#   make dev    start everything (PostgreSQL, Temporal, server, worker), seeded
#   make test   run the whole test suite on real PostgreSQL and Temporal
# Both build or install what they need first.

GO                   ?= go
TEMPORAL_CLI_VERSION := v1.5.1
WORKFLOWCHECK_VERSION := v0.6.0
BIN                  := $(CURDIR)/bin
TEST_TIMEOUT         ?= 25m
BENCH_GROWTH         ?= 100000
FAULT_RUNS           ?= 3

.PHONY: dev test fuzz bench faults build tools postgres-bin chromium vet lint clean

## dev: build, then start Policyflow with sample data at http://127.0.0.1:8080
dev: tools build
	TEMPORAL_CLI=$(BIN)/temporal $(BIN)/policyflow dev

## test: lint, a short fuzz run, then go test on real PostgreSQL and Temporal (output ends with go test's lines)
test: tools lint fuzz
	TEMPORAL_CLI=$(BIN)/temporal $(GO) test -count=1 -timeout $(TEST_TIMEOUT) ./...

# Every fuzz target for FUZZ_TIME beyond its committed corpus (testdata/fuzz/);
# a failing input is written there and fails the run.
FUZZ_TIME ?= 5s
FUZZ_TARGETS := server:FuzzRender server:FuzzDecodeJSON textdiff:FuzzWords evaluation:FuzzValidateNIP evaluation:FuzzParseParticipants

## fuzz: each fuzz target for FUZZ_TIME (default 5s)
fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; fn=$${t##*:}; \
		echo "fuzz $$fn ($$pkg, $(FUZZ_TIME))"; \
		out=$$($(GO) test -run '^$$' -fuzz "^$$fn$$" -fuzztime $(FUZZ_TIME) ./$$pkg/ 2>&1) || { echo "$$out"; exit 1; }; \
		echo "$$out" | grep -E '^fuzz: elapsed' | tail -1; \
	done

## bench: load figures beside their baselines, written into docs/PERFORMANCE.md (about 10 min)
bench: tools
	$(GO) test -run '^$$' -bench . ./textdiff/
	cd loadtest && TEMPORAL_CLI=$(BIN)/temporal $(GO) test -run '^$$' -bench Load -benchtime 1x -timeout 40m . \
		-args -write $(CURDIR)/docs/PERFORMANCE.md -growth $(BENCH_GROWTH)

## faults: the fault tests (kills, outages) $(FAULT_RUNS) times over, with their counts (see docs/RELIABILITY.md)
faults: tools
	TEMPORAL_CLI=$(BIN)/temporal $(GO) test -count=$(FAULT_RUNS) -timeout 60m -v \
		-run 'TestPostgresOutageUnderLoad|TestServerKilledWhilePostingComments|TestTemporalOutage|TestWorkerCrashDuringApproval|TestWorkerKilledDuring100Lifecycles|TestCrashDuringDeliveryLosesNothing' \
		./e2e/ ./notify/

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
tools: $(BIN)/temporal postgres-bin chromium

# Built once from the Go module proxy into bin/ (about 3-6 min cold, 250 MB).
$(BIN)/temporal:
	GOBIN=$(BIN) $(GO) install github.com/temporalio/cli/cmd/temporal@$(TEMPORAL_CLI_VERSION)

# initdb/postgres from the machine; installed from Debian's packages when missing.
postgres-bin:
	@if command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing PostgreSQL server binaries (apt-get install postgresql)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	else echo "PostgreSQL server binaries (initdb, postgres) are missing: install them (Debian: apt-get install postgresql)"; exit 1; fi

# Debian's Chromium, driven by the browser tests through chromedp.
chromium:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing chromium (apt-get install chromium)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "chromium is missing: install it (Debian: apt-get install chromium)"; exit 1; fi

clean:
	rm -rf $(BIN) test-output
