#!/usr/bin/env bash
# Install what vonxa needs on a fresh Debian 12 machine (as root), skipping what is present.
# Usage: scripts/deps.sh [system|node|driver|all]
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev pkg-config xvfb xauth webkit2gtk-driver
  fonts-noto-core imagemagick postgresql x11-utils python3 python3-venv
  chromium chromium-driver)

system() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "deps: installing ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

node() {
  if [ -f ui/package.json ]; then
    if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
      (cd ui && npm ci --no-audit --no-fund --loglevel=error)
    fi
  fi
}

driver() {
  if ! command -v tauri-driver >/dev/null 2>&1; then
    cargo install tauri-driver --version ^2 --locked --quiet
  fi
}

case "${1:-all}" in
  system) system ;;
  node) node ;;
  driver) driver ;;
  all) system; node; driver ;;
  *) echo "usage: $0 [system|node|driver|all]" >&2; exit 2 ;;
esac
