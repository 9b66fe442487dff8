#!/usr/bin/env bash
# One command runs every test: unit tests, the server tests on SQLite and on
# PostgreSQL, then the browser tests in Debian's chromium against a debug build.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/setup.sh
setup_rust
setup_npm
setup_assets
setup_chromium
pg_url="$(setup_postgres)"
started=$(date +%s)
# The same value cargo-leptos sets, so that every build of the server names
# the WASM file alike (leptos reads it at compile time).
export LEPTOS_OUTPUT_NAME=legami

log "unit and server tests on SQLite"
cargo test --workspace

log "server tests on PostgreSQL ($pg_url)"
LEGAMI_TEST_POSTGRES="$pg_url" cargo test --workspace
# Each test made its own database: drop them.
for db in $(psql "$pg_url" -tAc "SELECT datname FROM pg_database WHERE datname LIKE 'legami_t_%'"); do
  psql "$pg_url" -qc "DROP DATABASE IF EXISTS $db" || true
done

log "building the site (debug) for the browser tests"
cargo leptos build

e2e_dir="$(mktemp -d)"
# A free port, so that nothing already listening answers in our place.
port="${LEGAMI_E2E_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
export LEGAMI_DATA_DIR="$e2e_dir" LEGAMI_LISTEN="127.0.0.1:$port" LEPTOS_SITE_ROOT="$root/target/site"
# Messages are logged (no SMTP server): the browser tests read the links
# sent to new accounts from the server's log, as a person reads their mail.
export LEGAMI_DEMO_PASSWORD="demo-password-$RANDOM$RANDOM" LEGAMI_LOG=warn,outbox=info
# A tile server that refuses at once: the map must work without its tiles.
export LEGAMI_TILES_URL="http://127.0.0.1:9/{z}/{x}/{y}.png"
unset DATABASE_URL
./target/debug/server seed --demo >/dev/null
./target/debug/server serve > "$e2e_dir/server.log" 2>&1 &
server_pid=$!
# Beside it, on the same data, a server in production mode: no simulated
# checkout, no card giving without a real provider.
prod_port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
LEGAMI_PRODUCTION=true LEGAMI_LISTEN="127.0.0.1:$prod_port" ./target/debug/server serve > "$e2e_dir/production.log" 2>&1 &
prod_pid=$!
trap 'kill $server_pid $prod_pid 2>/dev/null || true; rm -rf "$e2e_dir"' EXIT
for p in "$port" "$prod_port"; do
  for _ in $(seq 1 60); do
    curl -sf "http://127.0.0.1:$p/healthz" >/dev/null && break
    sleep 0.5
  done
  if ! curl -sf "http://127.0.0.1:$p/healthz" >/dev/null; then
    echo "the server on port $p did not start:"; tail -n 30 "$e2e_dir"/*.log; exit 1
  fi
done

log "browser tests"
(cd end2end && LEGAMI_E2E_URL="http://127.0.0.1:$port" LEGAMI_E2E_PRODUCTION_URL="http://127.0.0.1:$prod_port" \
  LEGAMI_E2E_MAIL_LOG="$e2e_dir/server.log:$e2e_dir/production.log" \
  npx playwright test) || {
  echo "--- server log ---"; tail -n 50 "$e2e_dir/server.log"; exit 1; }

log "all tests passed in $(( $(date +%s) - started )) s"
