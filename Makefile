# Every target installs dependencies (npm ci) when node_modules is missing or older than the lock
# file, and builds the CLI when a source changed: on a fresh machine `make generate` and `make test`
# are the only commands a person needs.
SHELL := /bin/bash
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED := true

INSTALLED := node_modules/.xacct-installed
BUILT := dist/.xacct-built
SOURCES := $(shell find templates-src scripts test -name '*.ts' 2>/dev/null) package.json tsconfig.json tsconfig.build.json
XACCT := node bin/xacct.js

.PHONY: help install build generate check-generated typecheck lint verify-access test bench clean plan deploy-sequence status destroy-sequence publish permissions

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'
	@echo "Make reports every failure as exit code 2. Scripts and CI call npx xacct <command> to keep the exit codes (npx xacct --help lists them)."

$(INSTALLED): package-lock.json package.json
	npm ci --no-audit --no-fund
	@touch $@

# One compiler run type-checks the sources and the tests and emits the CLI: a separate --noEmit check
# of the same program took as long again. The package (prepack) builds with tsconfig.build.json alone.
$(BUILT): $(INSTALLED) $(SOURCES)
	npx tsc -p tsconfig.json --incremental --tsBuildInfoFile dist/.tsbuildinfo-all
	@touch $@

install: $(INSTALLED) ## install the locked dependencies (npm ci)

build: $(BUILT) ## compile the CLI into dist/

generate: $(BUILT) ## emit the three templates, the example's policies (permissions/) and the access matrix (ACCESS.md) into generated/ [VERBOSE=1: the whole access proof]
	$(XACCT) generate
	$(XACCT) verify-access --write $(if $(VERBOSE),--verbose)

check-generated: $(BUILT) ## fail when generated/ differs from what templates-src/ produces
	$(XACCT) generate --check

typecheck: $(BUILT) ## type-check sources and tests (strict): the build compiles both

lint: typecheck check-generated ## type-check, then validate the generated templates offline
	$(XACCT) lint

verify-access: check-generated ## prove the cross-account permission chain and the Control Tower controls; fail when generated/ACCESS.md is stale [VERBOSE=1: every call]
	$(XACCT) verify-access $(if $(VERBOSE),--verbose)

# The lint and the access proof run inside the suite, through the CLI (test/lint.test.ts,
# test/verify-access-cli.test.ts): running them here as well did the same work twice.
test: check-generated ## the whole offline suite: build (type-checks sources and tests), generated/ current, then the jest tests (lint and verify-access among them)
	npx jest --json --outputFile=dist/jest-results.json
	@node -e 'const r=require("./dist/jest-results.json"); console.log("tests: " + r.numPassedTests + " passed, " + r.numFailedTests + " failed")'

need-config = @test -n "$(CONFIG)" || { echo "usage: make $@ CONFIG=path/to/deployment.yaml (copy examples/deployment.yaml)"; exit 2; }

plan: $(BUILT) ## print the deployment plan: make plan CONFIG=my.yaml [OFFLINE=1]
	$(need-config)
	$(XACCT) plan --config "$(CONFIG)" $(if $(OFFLINE),--offline)

deploy-sequence: $(BUILT) ## run the cross-account deployment: make deploy-sequence CONFIG=my.yaml [YES=1]
	$(need-config)
	$(XACCT) deploy-sequence --config "$(CONFIG)" $(if $(YES),--yes)

publish: $(BUILT) ## publish the templates as Service Catalog products: make publish CONFIG=my.yaml [DRY_RUN=1] [DEPRECATE_OLDER=1]
	$(need-config)
	$(XACCT) publish --config "$(CONFIG)" $(if $(DRY_RUN),--dry-run) $(if $(DEPRECATE_OLDER),--deprecate-older)

permissions: $(BUILT) ## the IAM policy an identity needs: make permissions CONFIG=my.yaml ACCOUNT=source|target ROLE=deployer|cloudformation [JSON=1]
	$(need-config)
	$(XACCT) permissions --config "$(CONFIG)" --account "$(ACCOUNT)" --role "$(ROLE)" $(if $(JSON),--json)

status: $(BUILT) ## where the deployment stands in both accounts (read-only): make status CONFIG=my.yaml [DRIFT=1]
	$(need-config)
	$(XACCT) status --config "$(CONFIG)" $(if $(DRIFT),--drift)

destroy-sequence: $(BUILT) ## take the deployment down in reverse order: make destroy-sequence CONFIG=my.yaml [DRY_RUN=1] [YES=1]
	$(need-config)
	$(XACCT) destroy --config "$(CONFIG)" $(if $(DRY_RUN),--dry-run) $(if $(YES),--yes)

bench: $(BUILT) ## print the benchmark figures: make test time and slowest suites, CLI start, package size and cold start, deploy overhead, notice delay, API calls, a 50-target fleet's deploy and status
	node dist/scripts/bench/test-bench.js
	node dist/scripts/bench/generate-bench.js
	node dist/scripts/bench/package-bench.js
	npx tsc -p tsconfig.bench.json
	node dist/bench/test/bench/deploy-bench.js
	node dist/bench/test/bench/fleet-bench.js

clean: ## remove build output (keeps node_modules)
	rm -rf dist coverage
