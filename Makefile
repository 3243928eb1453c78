# vonxa — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
CARGO ?= cargo
export CARGO_TERM_COLOR ?= never

.PHONY: run test deps fmt lint unit ui-test bindings openapi fuzz e2e bench soak screenshots clean-data

deps:
	scripts/deps.sh all

## test: everything CI checks, in order: format, lints, unit and integration tests (with a
## throwaway PostgreSQL), UI unit tests, TypeScript bindings drift, the province's OpenAPI
## document against the OpenAPI specification, the province fuzzed from that document
## (schemathesis), real-webview end to end.
test: deps fmt lint unit ui-test bindings openapi fuzz e2e

fmt:
	$(CARGO) fmt --all --check

lint:
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings
	@# One SQLite in the whole graph: cargo tree fails when two libsqlite3-sys versions exist.
	@$(CARGO) tree --workspace --locked -i libsqlite3-sys -e normal,build,dev >/dev/null

## Every debug build goes through scripts/cargo-ws.sh: one feature set, built once.
unit:
	scripts/with-postgres.sh scripts/cargo-ws.sh test

ui-test:
	@if [ -f ui/package.json ]; then cd ui && npm run check && npm test; fi

bindings:
	@if [ -d crates/core ]; then \
	  scripts/cargo-ws.sh test --test export_bindings --test export_commands -- --quiet && \
	  git diff --exit-code -- ui/src/lib/bindings ui/src/lib/commands.ts src-tauri/capabilities/main.json || { echo "Generated files drifted (bindings, command map, capability): commit them"; exit 1; }; \
	fi

openapi:
	scripts/openapi-check.sh

## fuzz: schemathesis against a fresh local province (about 20 s; FUZZ_MAX_EXAMPLES, FUZZ_MAX_TIME,
## FUZZ_SEED, FUZZ_PHASES: see scripts/fuzz-openapi.sh)
fuzz:
	scripts/fuzz-openapi.sh

e2e:
	@if [ -x scripts/e2e.sh ]; then scripts/e2e.sh; fi

## screenshots: PNGs of the main screens, taken in the real webview, into docs/screenshots/
screenshots:
	scripts/e2e.sh screenshots

## soak: the long fault-injection run (1,000 rounds; VONXA_SOAK_ROUNDS to change)
soak:
	scripts/cargo-ws.sh test --test faults -- --ignored --nocapture

## bench: figures into bench/results.json and docs/PERFORMANCE.md
bench:
	scripts/bench.sh

run:
	@if [ -x scripts/run.sh ]; then scripts/run.sh; else echo "make run arrives with the desktop shell (src-tauri/)"; fi
