#!/usr/bin/env bash
# The one shape of every debug build `make test` makes: the whole workspace (test targets and
# their dev-dependencies included) and the desktop app with its UI embedded (custom-protocol).
# Cargo unifies features over the packages a command selects, so `cargo test -p X` or
# `cargo build -p Y` after `cargo test --workspace` compiles much of the dependency graph a
# second and third time. On 4 Dec 2026 that took target/ from 4.5 GB to 7.3 GB, and CI ran out
# of disk in the end-to-end build. Through this script, the steps after the unit tests reuse
# their artifacts. Usage: scripts/cargo-ws.sh test [cargo args…] [-- test args…]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
sub="$1"
shift
# custom-protocol embeds ui/dist at compile time: it must exist (scripts/e2e.sh rebuilds it).
# The province embeds ui/dist-console (its console) the same way.
if [ ! -f ui/dist/index.html ] || [ ! -f ui/dist-console/index.html ]; then
  [ -d ui/node_modules ] || scripts/deps.sh node
  (cd ui && npm run build --silent)
fi
exec cargo "$sub" --workspace --locked --features vonxa-app/custom-protocol "$@"
