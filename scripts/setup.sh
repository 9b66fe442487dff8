#!/usr/bin/env bash
# Installs what Legami needs, only when it is missing. Sourced by start.sh
# and test.sh; safe to run again. Usage: scripts/setup.sh [--for-tests]
#   always:      wasm32 target, wasm-bindgen-cli, cargo-leptos, npm packages
#                (binaryen's wasm-opt for release builds)
#   --for-tests: also Debian's chromium and a PostgreSQL server on loopback
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=versions.env
source "$root/scripts/versions.env"
export PATH="$HOME/.cargo/bin:$root/end2end/node_modules/.bin:$PATH"

log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

setup_rust() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
    log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 8 minutes)"
    # Not --locked: its lock file pins a crate version the registry no longer serves.
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
  fi
  if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
    log "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 35 minutes on 2 cores)"
    # no_downloads: a missing tool is an error, never a download from GitHub.
    cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads --force
  fi
}

setup_npm() {
  if ! command -v npm >/dev/null; then
    log "installing Node.js and npm"
    apt_install nodejs npm
  fi
  if [ ! -x "$root/end2end/node_modules/.bin/wasm-opt" ] || [ ! -d "$root/end2end/node_modules/@playwright/test" ]; then
    log "installing npm packages (Playwright without browsers, axe-core, binaryen)"
    (cd "$root/end2end" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  fi
}

# Browser libraries from npm (Leaflet), served from our own origin: copied
# into public/, which cargo-leptos copies into the site.
setup_assets() {
  local dest="$root/public/vendor/leaflet"
  if [ ! -f "$dest/leaflet.js" ]; then
    log "installing browser libraries (Leaflet) from npm"
    (cd "$root" && npm ci --no-audit --no-fund)
    mkdir -p "$dest"
    cp -r "$root/node_modules/leaflet/dist/leaflet.js" "$root/node_modules/leaflet/dist/leaflet.css" \
      "$root/node_modules/leaflet/dist/images" "$root/node_modules/leaflet/LICENSE" "$dest/"
  fi
}

setup_chromium() {
  if ! command -v chromium >/dev/null; then
    log "installing Debian's chromium"
    apt_install chromium fonts-dejavu-core
  fi
}

pg_answers() { command -v psql >/dev/null && psql "$1" -tAc 'SELECT 1' >/dev/null 2>&1; }

# Prints the URL of a PostgreSQL server on loopback that the tests may use,
# installing and starting Debian's postgresql when none answers.
setup_postgres() {
  local trust="postgres://postgres@127.0.0.1:5432/postgres"
  local pw="postgres://postgres:legami@127.0.0.1:5432/postgres"
  for url in "${LEGAMI_TEST_POSTGRES:-}" "$trust" "$pw"; do
    if [ -n "$url" ] && pg_answers "$url"; then echo "$url"; return; fi
  done
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    log "installing Debian's postgresql" >&2
    apt_install postgresql
  fi
  local version
  version="$(ls /etc/postgresql | sort -V | tail -n1)"
  # Loopback only.
  sed -i "s/^#\?listen_addresses.*/listen_addresses = 'localhost'/" "/etc/postgresql/$version/main/postgresql.conf"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 || true
  for _ in $(seq 1 30); do
    if su postgres -c "psql -tAc 'SELECT 1'" >/dev/null 2>&1; then break; fi
    sleep 1
  done
  su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'legami'\"" >&2
  for url in "$trust" "$pw"; do
    if pg_answers "$url"; then echo "$url"; return; fi
  done
  echo "setup: PostgreSQL did not answer on 127.0.0.1:5432" >&2
  return 1
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  setup_rust
  setup_npm
  setup_assets
  if [ "${1:-}" = "--for-tests" ]; then
    setup_chromium
    setup_postgres >/dev/null
  fi
  log "done"
fi
