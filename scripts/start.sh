#!/usr/bin/env bash
# One command: install what is missing, build (release), create the SQLite
# database with demo data, start Legami and print its URL.
#   LEGAMI_LISTEN (default 127.0.0.1:3000), LEGAMI_DATA_DIR (default ./data)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/setup.sh
setup_rust
setup_npm
setup_assets

log "building (release; the first build takes a while)"
cargo leptos build --release

export LEPTOS_SITE_ROOT="$root/target/site"
log "loading the comuni and demo data"
./target/release/server seed --demo
log "starting"
exec ./target/release/server serve
