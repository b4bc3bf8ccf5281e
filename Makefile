# floe — top-level tasks. Area-specific targets live in mk/*.mk and register themselves
# through SETUP_TARGETS (installed by `make setup`) and TEST_TARGETS (run by `make test`).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
ROOT := $(abspath .)
FLOE := node $(ROOT)/packages/cli/bin/floe.js
SETUP_TARGETS :=
TEST_TARGETS :=
# The install stamp names the Node ABI, so switching Node (20 ↔ 24) rebuilds native modules.
NODE_ABI := $(shell node -p process.versions.modules 2>/dev/null)
NODE_STAMP := node_modules/.floe-installed-abi$(NODE_ABI)
export PATH := $(ROOT)/.tools/bin:$(ROOT)/.venv/bin:$(ROOT)/node_modules/.bin:$(PATH)

include $(sort $(wildcard mk/*.mk))

.PHONY: help setup build typecheck lint unit test demo bench clean

help: ## List the targets
	@grep -hE '^[a-zA-Z0-9_-]+:.*## ' $(MAKEFILE_LIST) | sort | awk -F':.*## ' '{printf "  make %-24s %s\n", $$1, $$2}'

$(NODE_STAMP): package.json package-lock.json $(wildcard packages/*/package.json)
	npm install --no-audit --no-fund --loglevel=error
	@# better-sqlite3 has no prebuilt binary reachable offline: build it from source (node-gyp) against the headers
	@# of the running Node (<prefix>/include/node), so node-gyp downloads nothing. Rebuilt when it does not load
	@# (missing, or built for another Node ABI).
	node -e 'new (require("better-sqlite3"))(":memory:").close()' 2>/dev/null || \
	  npm_config_nodedir="$$(dirname "$$(dirname "$$(command -v node)")")" npm rebuild --ignore-scripts=false --loglevel=error better-sqlite3
	@touch $@

setup: $(NODE_STAMP) $(SETUP_TARGETS) build ## Install everything floe needs (node modules, Python venv, tools) and build

build: $(NODE_STAMP) ## Compile the TypeScript packages
	npm run build --silent

typecheck: $(NODE_STAMP) ## Type-check sources and tests
	tsc -p tsconfig.json --noEmit

lint: $(NODE_STAMP) ## Lint and format check
	biome check .

unit: setup ## Run the vitest suites
	@mkdir -p .cache
	vitest run --reporter=default --reporter=json --outputFile.json=.cache/vitest.json || { node scripts/test-summary.mjs .cache/vitest.json; exit 1; }
	@node scripts/test-summary.mjs .cache/vitest.json

test: setup typecheck lint unit $(TEST_TARGETS) ## Type-check, lint and run every test
	@# The totals again, as the closing line (the extra test targets print after vitest).
	@node scripts/test-summary.mjs .cache/vitest.json

demo: setup ## Run the whole platform on this machine
	$(FLOE) demo --project demo

bench: setup ## Run a benchmark: make bench NAME=<name>
	@test -n "$(NAME)" || { echo "usage: make bench NAME=<name> (one of: $$(ls bench | tr '\n' ' '))" >&2; exit 2; }
	@test -f bench/$(NAME)/run.ts || { echo "no benchmark bench/$(NAME)/run.ts" >&2; exit 2; }
	tsx --conditions=floe-source bench/$(NAME)/run.ts

clean: ## Remove build output and caches (keeps the demo warehouse)
	rm -rf packages/*/dist packages/*/*.tsbuildinfo .cache
