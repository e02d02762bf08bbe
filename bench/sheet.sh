#!/usr/bin/env bash
# Sheet benchmarks (see sheet.mjs): edit -> committed vs. a raw IndexedDB put, and offline
# cold start vs. a static page from the same service worker. Prints figures and ratios.
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

ensure_rust
build_app
build_server
apt_install chromium chromium-driver
ensure_npm_packages "$ROOT/tests/e2e"

work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$work"' EXIT
# The peer page rides in a copy of the build, precached by the same service worker.
cp -r "$ROOT/dist" "$work/dist"
echo '<!DOCTYPE html><html><body><p id="ready">static</p></body></html>' >"$work/dist/bench-static.html"
sed -i 's|"/index.html"|"/index.html","/bench-static.html"|' "$work/dist/sw.js"

"$SERVER_BIN" --listen 127.0.0.1:0 --data "$work/data" --dist "$work/dist" --demo >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do
  url=$(grep -oE 'http://[0-9.:]+' "$work/server.log" || true)
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || die "server did not start: $(cat "$work/server.log")"
node "$ROOT/bench/sheet.mjs" "$url"
