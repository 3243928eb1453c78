#!/usr/bin/env bash
# The desktop app's figures, into bench/tmp/app.json (scripts/bench.sh merges them into bench/results.json):
#   app.start_s  launch of the release build under Xvfb to the first interactive screen, as
#                signalled by the UI itself (ui_ready → $VONXA_READY_FILE), median of 5 runs;
#   app.pss_mb   total PSS of the app and its WebKit processes with the demo commune's
#                households list open (tests/tests/bench.rs, through tauri-driver);
#   app.deb_mb   size of the .deb from `tauri build --bundles deb`.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

scripts/deps.sh system
scripts/deps.sh node
scripts/deps.sh driver
# `tauri build` runs the UI build (beforeBuildCommand), builds the release binary with the UI
# embedded and packages it.
(cd src-tauri && ../ui/node_modules/.bin/tauri build --bundles deb >/dev/null)
BIN="${CARGO_TARGET_DIR:-$PWD/target}/release/vonxa-app"
DEB=$(ls -t "${CARGO_TARGET_DIR:-$PWD/target}"/release/bundle/deb/*.deb | head -n 1)
DEB_MB=$(python3 -c "import os,sys; print(round(os.path.getsize(sys.argv[1]) / 1e6, 2))" "$DEB")

WORK=$(mktemp -d /tmp/vonxa-bench.XXXXXX)
n=90
while [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ]; do n=$((n + 1)); done
Xvfb ":$n" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
XVFB_PID=$!
APP_PID=""
cleanup() {
  if [ -n "$APP_PID" ]; then kill "$APP_PID" 2>/dev/null || true; fi
  kill "$XVFB_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
export DISPLAY=":$n"
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done

starts=()
for i in 1 2 3 4 5; do
  ready="$WORK/ready-$i"
  t0=$(date +%s%3N)
  VONXA_DATA_DIR="$WORK/data-$i" XDG_DATA_HOME="$WORK/xdg-$i" VONXA_READY_FILE="$ready" "$BIN" >/dev/null 2>&1 &
  APP_PID=$!
  for _ in $(seq 3000); do [ -s "$ready" ] && break; sleep 0.01; done
  [ -s "$ready" ] || { echo "bench: run $i never became ready" >&2; exit 1; }
  t1=$(cat "$ready")
  starts+=("$(python3 -c "print(round(($t1 - $t0) / 1000, 3))")")
  kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=""
done
START_S=$(printf '%s\n' "${starts[@]}" | sort -n | sed -n 3p)

# The measuring test drives the release app; the test itself can be a debug build.
VONXA_APP_BIN="$BIN" VONXA_BENCH_OUT="$WORK/pss" \
  cargo test --locked -p vonxa-tests --test e2e_bench -- --ignored --test-threads=1
PSS_MB=$(cat "$WORK/pss")

mkdir -p bench/tmp
python3 - "$START_S" "$PSS_MB" "$DEB_MB" "${starts[*]}" <<'PY'
import json, os, sys
path = "bench/tmp/app.json"
data = {}
data["app.start_s"] = float(sys.argv[1])
data["app.pss_mb"] = float(sys.argv[2])
data["app.deb_mb"] = float(sys.argv[3])
data["app.start_s.runs"] = [float(x) for x in sys.argv[4].split()]
json.dump(data, open(path, "w"), indent=2, sort_keys=True)
open(path, "a").write("\n")
PY
echo "app.start_s=$START_S (runs: ${starts[*]}) app.pss_mb=$PSS_MB app.deb_mb=$DEB_MB"
