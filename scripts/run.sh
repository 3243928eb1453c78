#!/usr/bin/env bash
# `make run`: install what is missing, build the UI and the app (release, UI embedded) and
# start it. Data lives in ~/.local/share/vn.vbsp.vonxa unless VONXA_DATA_DIR says otherwise.
# With no $DISPLAY it explains how to run under Xvfb, or starts Xvfb itself if VONXA_XVFB=1.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

# Debian packages first (WebKitGTK, Xvfb, fonts), so the advice below can be followed.
scripts/deps.sh system

XVFB_PID=""
cleanup() { if [ -n "$XVFB_PID" ]; then kill "$XVFB_PID" 2>/dev/null || true; fi; }
trap cleanup EXIT

if [ -z "${DISPLAY:-}" ]; then
  if [ "${VONXA_XVFB:-}" != "1" ]; then
    cat >&2 <<'MSG'
No display ($DISPLAY is not set). Run vonxa under a virtual X server, for example:

  xvfb-run -a -s "-screen 0 1366x768x24" make run
or let this script start Xvfb itself:
  VONXA_XVFB=1 make run        (then: import -display :<n> -window root shot.png)
MSG
    exit 2
  fi
  n=90
  while [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ]; do n=$((n + 1)); done
  Xvfb ":$n" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
  XVFB_PID=$!
  export DISPLAY=":$n"
  for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done
  echo "run: Xvfb started on $DISPLAY (screenshot: import -display $DISPLAY -window root shot.png)"
fi

scripts/deps.sh node
(cd ui && npm run build --silent)
cargo build --release --locked -p vonxa-app --features custom-protocol
BIN="${CARGO_TARGET_DIR:-$PWD/target}/release/vonxa-app"

echo "run: starting $BIN (data: ${VONXA_DATA_DIR:-~/.local/share/vn.vbsp.vonxa})"
"$BIN"
