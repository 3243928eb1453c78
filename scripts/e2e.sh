#!/usr/bin/env bash
# Real-webview end-to-end tests (called by `make test` through `make e2e`):
# build the UI and the app with the UI embedded, start Xvfb on a free display, and run the
# ignored tests of the vonxa-tests crate; each test starts its own tauri-driver (SIGTERM on
# exit) with VONXA_DATA_DIR pointing at a temp folder.
# Usage: scripts/e2e.sh            the end-to-end flow (VONXA_E2E_TESTS="--test e2e_vetting" for one)
#        scripts/e2e.sh screenshots PNGs of the main screens into docs/screenshots/
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
MODE="${1:-flow}"

scripts/deps.sh system
scripts/deps.sh node
scripts/deps.sh driver
(cd ui && npm run build --silent)
# A debug build is enough here and builds faster than the LTO release profile; the same
# workspace build as the unit tests', so only the app (its UI embedded anew) is compiled.
scripts/cargo-ws.sh test --no-run --quiet
export VONXA_APP_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/vonxa-app"
export VONXA_PROVINCE_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/vonxa-province"
export VONXA_E2E_ARTIFACTS="${VONXA_E2E_ARTIFACTS:-$PWD/target/e2e}"
mkdir -p "$VONXA_E2E_ARTIFACTS"

n=90
while [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ]; do n=$((n + 1)); done
Xvfb ":$n" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
XVFB_PID=$!
trap 'kill "$XVFB_PID" 2>/dev/null || true' EXIT
export DISPLAY=":$n"
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done

case "$MODE" in
  flow)
    # VONXA_E2E_TESTS narrows the run while iterating, e.g. "--test e2e_poverty".
    # shellcheck disable=SC2086
    scripts/cargo-ws.sh test ${VONXA_E2E_TESTS:---test e2e_webview --test e2e_import --test e2e_sync --test e2e_vetting --test e2e_poverty --test e2e_funduse --test e2e_money --test e2e_session --test e2e_demo --test e2e_keyboard --test e2e_console} -- --ignored --test-threads=1
    ;;
  screenshots)
    export VONXA_SCREENSHOTS="$PWD/docs/screenshots"
    # WebKitWebDriver's page snapshot hangs after the first one when the webview renders
    # without GPU compositing (the app's default); the pictures look the same either way.
    export VONXA_GPU=1
    mkdir -p "$VONXA_SCREENSHOTS"
    scripts/cargo-ws.sh test --test e2e_screenshots --test e2e_console -- --ignored --test-threads=1
    echo "screenshots: $(ls "$VONXA_SCREENSHOTS" | tr '\n' ' ')"
    ;;
  *) echo "usage: $0 [flow|screenshots]" >&2; exit 2 ;;
esac
