#!/usr/bin/env bash
# Sync and province benchmarks (crates/sync/benches/sync.rs) -> bench/tmp/sync.json.
# A throwaway PostgreSQL provides the province.ingest_per_s.postgres figure.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/with-postgres.sh cargo bench -p vonxa-sync --bench sync
