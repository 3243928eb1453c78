#!/usr/bin/env bash
# Run a command with a throwaway PostgreSQL server on a free loopback port; its URL is in
# VONXA_TEST_PG. PostgreSQL refuses to run as root, so the server runs as user postgres.
# VONXA_PG_EXTRA adds server settings (e.g. "-c log_min_duration_statement=0" to profile).
set -euo pipefail
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$PGBIN" ]; then echo "with-postgres: PostgreSQL is not installed (scripts/deps.sh system)" >&2; exit 1; fi
D=$(mktemp -d /tmp/vonxa-pg.XXXXXX)
chown postgres "$D"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
as_pg "$PGBIN/initdb" -D "$D/data" -A trust -U postgres >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$D/data" -l "$D/log" -w start \
  -o "-p $PORT -k $D -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=300 ${VONXA_PG_EXTRA:-}" >/dev/null
cleanup() { as_pg "$PGBIN/pg_ctl" -D "$D/data" -w stop -m fast >/dev/null 2>&1 || true; rm -rf "$D"; }
trap cleanup EXIT
export VONXA_TEST_PG="postgres://postgres@127.0.0.1:$PORT/postgres"
"$@"
