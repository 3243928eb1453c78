#!/usr/bin/env bash
# Run every benchmark, merge their figures into bench/results.json and regenerate
# docs/PERFORMANCE.md from it. Each benchmark writes bench/tmp/<name>.json.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf bench/tmp && mkdir -p bench/tmp
cargo bench -p vonxa-store --bench store
cargo bench -p vonxa-store --bench money
for extra in scripts/bench-*.sh; do
  [ -x "$extra" ] && "$extra"
done
python3 scripts/bench_report.py
