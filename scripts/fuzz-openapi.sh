#!/usr/bin/env bash
# Fuzz the province's HTTP API from its own OpenAPI document with schemathesis (pinned in
# scripts/requirements-fuzz.txt, installed into a venv under the target folder): a fresh
# `vonxa-province serve` (debug build, SQLite in a temp dir, free loopback port), an admin device
# enrolled through POST /v1/enrol, then every operation with generated valid and invalid inputs,
# bearer token and protocol header, checking: no 5xx, only documented status codes and content
# types, bodies that match the documented schemas. Called by `make test` (target `fuzz`).
# FUZZ_MAX_EXAMPLES (default 100 per operation) bounds the run; FUZZ_MAX_TIME (seconds) makes
# schemathesis fuzz until that time is spent instead (a longer hunt); FUZZ_PHASES (default
# examples,coverage,fuzzing; add stateful for a hunt); FUZZ_SEED repeats a run. One worker: two
# tripped a thread-safety bug of Python 3.11's ast module inside hypothesis.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-$PWD/target}"
venv="$target/venv-fuzz"
if [ ! -x "$venv/bin/schemathesis" ] || ! cmp -s scripts/requirements-fuzz.txt "$venv/requirements-fuzz.txt"; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r scripts/requirements-fuzz.txt
  cp scripts/requirements-fuzz.txt "$venv/requirements-fuzz.txt"
fi
scripts/cargo-ws.sh test --no-run --quiet
bin="$target/debug/vonxa-province"

work=$(mktemp -d /tmp/vonxa-fuzz.XXXXXX)
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
export VONXA_PROVINCE_DB="sqlite:$work/province.db"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
code=$("$bin" enrol --points 51-21361-01 --role admin 2>>"$work/province.log")
# A generous rate: the fuzzer is one device sending many requests.
"$bin" serve --listen "127.0.0.1:$port" --rate 10000 >>"$work/province.log" 2>&1 &
pid=$!

token=$(python3 - "$base" "$code" <<'PY'
import json, os, sys, time, urllib.request, uuid

def uuid7():
    # A UUIDv7, as every device makes its id (the province enrols nothing else).
    ms = int(time.time() * 1000)
    b = bytearray(ms.to_bytes(6, "big") + os.urandom(10))
    b[6] = (b[6] & 0x0F) | 0x70
    b[8] = (b[8] & 0x3F) | 0x80
    return str(uuid.UUID(bytes=bytes(b)))

base, code = sys.argv[1], sys.argv[2]
for _ in range(100):
    try:
        urllib.request.urlopen(base + "/health", timeout=2).read()
        break
    except OSError:
        time.sleep(0.1)
body = json.dumps({"code": code, "deviceId": uuid7(), "label": "fuzz"}).encode()
req = urllib.request.Request(base + "/v1/enrol", data=body, method="POST", headers={
    "content-type": "application/json", "x-vonxa-protocol": "1"})
print(json.load(urllib.request.urlopen(req, timeout=10))["token"])
PY
)

extra=()
if [ -n "${FUZZ_SEED:-}" ]; then extra+=(--seed "$FUZZ_SEED"); fi
if [ -n "${FUZZ_MAX_TIME:-}" ]; then extra+=(--max-time "$FUZZ_MAX_TIME"); fi
status=0
(cd "$work" && "$venv/bin/schemathesis" run "$base/v1/openapi.json" \
  --header "Authorization: Bearer $token" --header "x-vonxa-protocol: 1" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --max-examples "${FUZZ_MAX_EXAMPLES:-100}" \
  --phases "${FUZZ_PHASES:-examples,coverage,fuzzing}" --workers 1 --request-timeout 20 \
  --generation-database none --no-color "${extra[@]}") || status=$?
if [ "$status" -ne 0 ]; then
  echo "fuzz: schemathesis found problems (exit $status); the province's log:" >&2
  grep -E "ERROR|panicked" "$work/province.log" | tail -n 40 >&2 || true
fi
exit "$status"
