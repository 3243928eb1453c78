#!/usr/bin/env bash
# Validate the province's OpenAPI document against the OpenAPI specification with
# openapi-spec-validator (pinned in scripts/requirements-openapi.txt, installed into a venv
# under the target folder). Called by `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${CARGO_TARGET_DIR:-$PWD/target}/openapi-venv"
if [ ! -x "$venv/bin/openapi-spec-validator" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r scripts/requirements-openapi.txt
fi
scripts/cargo-ws.sh test --no-run --quiet
"${CARGO_TARGET_DIR:-$PWD/target}/debug/vonxa-province" openapi > "$venv/openapi.json"
"$venv/bin/openapi-spec-validator" "$venv/openapi.json"
