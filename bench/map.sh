#!/usr/bin/env bash
# Map benchmark (issue "Map of districts and neighbourhood labs"): 50,000
# labs spread over the province (SQLite, release build, no tile server);
# in headless Chromium the time from navigation to a map showing its
# markers and answering a click, for the whole province and for one
# district; then labs.geojson p50/p99 for a view holding about 2,000 labs,
# as the map asks for it (grouped at its zoom) and with every lab.
#   LABS=50000 RUNS=5 bench/map.sh
# BENCH_DATABASE_URL=postgres://…/empty_db runs it on PostgreSQL instead
# (an empty database: the labs are added to whatever is there).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/setup.sh
setup_rust
setup_npm
setup_assets
setup_chromium
labs="${LABS:-50000}"
runs="${RUNS:-5}"
export LEPTOS_OUTPUT_NAME=legami

log "building the site and the load tool (release)"
cargo leptos build --release
cargo build --release -p server --example bench_labs

dir="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
export LEGAMI_DATA_DIR="$dir" LEGAMI_LISTEN="127.0.0.1:$port" LEGAMI_LOG=warn LEGAMI_DEMO_PASSWORD=bench-password-1
export LEPTOS_SITE_ROOT="$root/target/site" LEGAMI_TILES_URL=off
if [ -n "${BENCH_DATABASE_URL:-}" ]; then export DATABASE_URL="$BENCH_DATABASE_URL"; else unset DATABASE_URL; fi
target/release/server seed --demo >/dev/null
target/release/server seed --labs "$labs"
target/release/server serve >"$dir/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$dir"' EXIT
url="http://127.0.0.1:$port"
for _ in $(seq 1 50); do curl -sf "$url/healthz" >/dev/null && break; sleep 0.2; done

district="$(curl -sf "$url/api/v1/districts" | python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["id"])')"
node end2end/bench/map-timing.mjs "$url" /mappa "$runs"
node end2end/bench/map-timing.mjs "$url" "/mappa?district=$district" "$runs"

# A view around Cremona holding about 2,000 labs: widen or narrow the box
# until it does.
bbox="$(python3 - "$url" <<'PY'
import json, sys, urllib.request
url, (lon, lat), d = sys.argv[1], (10.02, 45.135), 0.05
for _ in range(8):
    box = f"{lon - d:.5f},{lat - d * 0.7:.5f},{lon + d:.5f},{lat + d * 0.7:.5f}"
    n = len(json.load(urllib.request.urlopen(f"{url}/api/v1/labs.geojson?bbox={box}"))["features"])
    if 1900 <= n <= 2100:
        break
    d *= (2000 / max(n, 1)) ** 0.5
print(box)
PY
)"
target/release/examples/bench_labs "$url" "$bbox" 12 400 4
target/release/examples/bench_labs "$url" "$bbox" - 400 4
