#!/usr/bin/env bash
# Fundraising benchmark (issue "Donation campaigns"): for SQLite and for
# PostgreSQL, 64 concurrent clients give through the API for 20 s (gifts/s,
# p99), staff confirm every gift concurrently, the total is checked against
# the acknowledged gifts; then the campaign page p50/p99 with 1,000 and with
# 1,000,000 ledger rows. Release build; loopback only.
#   CLIENTS=64 SECONDS_PER_RUN=20 bench/giving.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/setup.sh
clients="${CLIENTS:-64}"
seconds="${SECONDS_PER_RUN:-20}"

log "building (release)"
cargo build --release -p server --bin server --example bench_giving --example bench_page
bin=target/release
pg_url="$(setup_postgres)"

run_backend() {
  local name="$1" url="$2" dir port pid
  dir="$(mktemp -d)"
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  export LEGAMI_DATA_DIR="$dir" LEGAMI_LISTEN="127.0.0.1:$port" LEGAMI_LOG=warn LEGAMI_DEMO_PASSWORD=bench-password-1
  export DATABASE_URL="$url"
  "$bin/server" seed --demo >/dev/null
  "$bin/server" serve >"$dir/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
  echo "== $name"
  "$bin/examples/bench_giving" "http://127.0.0.1:$port" banca-dell-acqua staff@legami.demo bench-password-1 "$clients" "$seconds"
  for rows in 1000 1000000; do
    "$bin/examples/bench_page" --fill "$url" fondo-di-comunita "$rows"
    printf '%8d ledger rows: ' "$rows"
    "$bin/examples/bench_page" "http://127.0.0.1:$port" fondo-di-comunita 400 4
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$dir"
}

sqlite_dir="$(mktemp -d)"
run_backend "SQLite" "sqlite://$sqlite_dir/bench.db?mode=rwc"
rm -rf "$sqlite_dir"

psql "$pg_url" -qc "DROP DATABASE IF EXISTS legami_bench" && psql "$pg_url" -qc "CREATE DATABASE legami_bench"
run_backend "PostgreSQL" "${pg_url%/*}/legami_bench"
psql "$pg_url" -qc "DROP DATABASE IF EXISTS legami_bench"
