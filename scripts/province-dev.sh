#!/usr/bin/env bash
# A local provincial endpoint for development and `make run`: serves on 127.0.0.1 with its
# embedded SQLite default and leaves a one-time enrolment code for the demo commune's point, so
# the app can enrol itself on first start, and a console administrator (login and password in
# $DIR/console-admin.txt, made once) for the console at the same address.
#   scripts/province-dev.sh start   -> prints the URL; code in $DIR/enrol-code.txt (valid 24 h)
#   scripts/province-dev.sh stop
# DIR: $VONXA_PROVINCE_DIR, default ~/.local/share/vn.vbsp.vonxa-province (province.db, log, pid).
set -euo pipefail
cd "$(dirname "$0")/.."
DIR="${VONXA_PROVINCE_DIR:-$HOME/.local/share/vn.vbsp.vonxa-province}"
LISTEN="${VONXA_PROVINCE_LISTEN:-127.0.0.1:8080}"
POINT="${VONXA_DEMO_POINT:-51-21361-01}"
BIN="$PWD/target/release/vonxa-province"
mkdir -p "$DIR"

case "${1:-start}" in
  start)
    if [ -f "$DIR/province.pid" ] && kill -0 "$(cat "$DIR/province.pid")" 2>/dev/null; then
      echo "http://$LISTEN"; exit 0
    fi
    # The console's page is embedded in the binary: built first.
    if [ ! -f ui/dist-console/index.html ]; then
      scripts/deps.sh node
      (cd ui && npm run build --silent)
    fi
    cargo build --release --locked -q -p vonxa-province
    export VONXA_PROVINCE_DB="sqlite:$DIR/province.db"
    # The province holds its network before any device: the demo's office and organisations
    # (province-authored kinds a device never pushes), imported once per database.
    if [ ! -f "$DIR/province.db" ] || [ ! -f "$DIR/demo-reference.imported" ]; then
      "$BIN" import data/demo-reference.json >>"$DIR/province.log" 2>&1
      touch "$DIR/demo-reference.imported"
    fi
    if [ ! -f "$DIR/console-admin.txt" ]; then
      pw="$(python3 -c 'import secrets; print(secrets.token_urlsafe(12))')"
      VONXA_CONSOLE_PASSWORD="$pw" "$BIN" users add admin --display-name "Quản trị viên tỉnh" \
        >>"$DIR/province.log" 2>&1
      (umask 077; printf 'admin %s\n' "$pw" > "$DIR/console-admin.txt")
    fi
    "$BIN" enrol --points "$POINT" --role admin 2>>"$DIR/province.log" > "$DIR/enrol-code.txt"
    # --demo-loans: once the demo commune has arrived, its loans (docs: README, Demo).
    "$BIN" serve --listen "$LISTEN" --demo-loans >>"$DIR/province.log" 2>&1 &
    echo $! > "$DIR/province.pid"
    for _ in $(seq 50); do
      curl -fsS "http://$LISTEN/health" >/dev/null 2>&1 && break
      sleep 0.1
    done
    echo "http://$LISTEN"
    ;;
  stop)
    if [ -f "$DIR/province.pid" ]; then kill "$(cat "$DIR/province.pid")" 2>/dev/null || true; rm -f "$DIR/province.pid"; fi
    ;;
  *) echo "usage: $0 [start|stop]" >&2; exit 2 ;;
esac
