#!/usr/bin/env bash
# Calls benchmark (issue "Enterprise-idea calls"), for SQLite and for
# PostgreSQL: the committee's ranking of a call with 1,000 applications
# scored by 5 evaluators each (the JSON API and the server-rendered page,
# p50/p99), then autosave with 50 residents typing at once (a save every
# 500 ms each, then flat out; p50/p99). Release build; loopback only.
#   APPLICATIONS=1000 EVALUATORS=5 TYPISTS=50 SECONDS_PER_RUN=20 bench/calls.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/setup.sh
applications="${APPLICATIONS:-1000}"
evaluators="${EVALUATORS:-5}"
typists="${TYPISTS:-50}"
seconds="${SECONDS_PER_RUN:-20}"
password=bench-password-1

log "building (release)"
export LEPTOS_OUTPUT_NAME=legami
cargo build --release -p server --bin server --example bench_calls
bin=target/release
pg_url="$(setup_postgres)"

run_backend() {
  local name="$1" url="$2" dir port pid
  dir="$(mktemp -d)"
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  export LEGAMI_DATA_DIR="$dir" LEGAMI_LISTEN="127.0.0.1:$port" LEGAMI_LOG=warn LEGAMI_DEMO_PASSWORD="$password"
  export DATABASE_URL="$url"
  "$bin/server" seed --demo >/dev/null
  "$bin/examples/bench_calls" --fill "$url" "$password" "$applications" "$evaluators" "$typists"
  "$bin/server" serve >"$dir/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
  echo "== $name"
  "$bin/examples/bench_calls" "http://127.0.0.1:$port" "$password" "$typists" "$seconds"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$dir"
}

sqlite_dir="$(mktemp -d)"
run_backend "SQLite" "sqlite://$sqlite_dir/bench.db?mode=rwc"
rm -rf "$sqlite_dir"

psql "$pg_url" -qc "DROP DATABASE IF EXISTS legami_bench_calls" && psql "$pg_url" -qc "CREATE DATABASE legami_bench_calls"
run_backend "PostgreSQL" "${pg_url%/*}/legami_bench_calls"
psql "$pg_url" -qc "DROP DATABASE IF EXISTS legami_bench_calls"
