#!/usr/bin/env bash
# `make run`: install what is missing, build the UI and the app (release, UI embedded) and
# start it. Data lives in ~/.local/share/vn.vbsp.vonxa unless VONXA_DATA_DIR says otherwise.
# It also starts a local province (scripts/province-dev.sh: 127.0.0.1:8080, embedded SQLite in
# $VONXA_PROVINCE_DIR, default ~/.local/share/vn.vbsp.vonxa-province) and passes the app a
# one-time code for the demo point, so a device not yet enrolled enrols at its first login.
# With no $DISPLAY it explains how to run under Xvfb, or starts Xvfb itself if VONXA_XVFB=1.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

# Debian packages first (WebKitGTK, Xvfb, fonts), so the advice below can be followed.
scripts/deps.sh system

XVFB_PID=""
STOP_PROVINCE=""
cleanup() {
  if [ -n "$STOP_PROVINCE" ]; then scripts/province-dev.sh stop; fi
  if [ -n "$XVFB_PID" ]; then kill "$XVFB_PID" 2>/dev/null || true; fi
}
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

# The local province (scripts/province-dev.sh: builds it, data in $VONXA_PROVINCE_DIR; delete
# that folder to reset). Stopped on exit unless it was already running before.
PROVINCE_DIR="${VONXA_PROVINCE_DIR:-$HOME/.local/share/vn.vbsp.vonxa-province}"
if ! { [ -f "$PROVINCE_DIR/province.pid" ] && kill -0 "$(cat "$PROVINCE_DIR/province.pid")" 2>/dev/null; }; then
  STOP_PROVINCE=1
fi
if URL="$(scripts/province-dev.sh start)" && curl -fs "$URL/health" >/dev/null 2>&1; then
  # A fresh one-time code for the demo point each run (valid 24 h, works once); the app uses
  # it only while it is not enrolled (first start, or after the app's data was reset).
  export VONXA_ENROL_URL="$URL"
  VONXA_ENROL_CODE="$(VONXA_PROVINCE_DB="sqlite:$PROVINCE_DIR/province.db" \
    "${CARGO_TARGET_DIR:-$PWD/target}/release/vonxa-province" enrol --points 51-21361-01 --role admin \
    2>>"$PROVINCE_DIR/province.log")"
  export VONXA_ENROL_CODE
  echo "run: province on $URL (data: $PROVINCE_DIR)"
  if [ -f "$PROVINCE_DIR/console-admin.txt" ]; then
    read -r CONSOLE_USER CONSOLE_PW < "$PROVINCE_DIR/console-admin.txt"
    echo "run: the province's console: $URL/ (login: $CONSOLE_USER, password: $CONSOLE_PW)"
  fi
else
  echo "run: the local province did not start (see $PROVINCE_DIR/province.log); the app runs without sync" >&2
fi

echo "run: starting $BIN (data: ${VONXA_DATA_DIR:-~/.local/share/vn.vbsp.vonxa})"
"$BIN"
