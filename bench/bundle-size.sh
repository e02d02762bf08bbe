#!/usr/bin/env bash
# First-load transfer: builds the release app, starts the real server, and prints the
# bytes of what the first load fetches as the server sends them (brotli, gzip) and raw.
# Budget for the whole first load, every role's screens in it: <= 300 KB (307,200 bytes) brotli.
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

ensure_rust
build_app
build_server

data=$(mktemp -d)
log="$data/server.log"
"$SERVER_BIN" --listen 127.0.0.1:0 --data "$data" --dist "$ROOT/dist" >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 300); do
  url=$(grep -oE 'http://[0-9.:]+' "$log" || true)
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || die "server did not start: $(cat "$log")"

# What the first load fetches: the page, the wasm, its JS (with the snippets it imports),
# the CSS, the service worker, the manifest and the page's icon. The service worker then
# precaches the rest (the install icons) in the background: listed apart.
assets=$( (echo /; cd "$ROOT/dist" && find . -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' \
  -o -name '*.webmanifest' -o -path './icons/icon.svg' \) | sed 's|^\.||' | sort) )
later=$(cd "$ROOT/dist" && find ./icons -type f ! -name icon.svg | sed 's|^\.||' | sort)
size() { curl -sS -o /dev/null -H "Accept-Encoding: $2" -w '%{size_download}' "$url$1"; }

printf '%-60s %10s %10s %10s\n' file brotli gzip raw
total_br=0 total_gz=0 total_raw=0
for asset in $assets; do
  br=$(size "$asset" br) gz=$(size "$asset" gzip) raw=$(size "$asset" identity)
  name=${asset#/}
  printf '%-60s %10d %10d %10d\n' "${name:-index.html}" "$br" "$gz" "$raw"
  total_br=$((total_br + br)) total_gz=$((total_gz + gz)) total_raw=$((total_raw + raw))
done
printf '%-60s %10d %10d %10d\n' "total (first load)" "$total_br" "$total_gz" "$total_raw"
later_total=0
for asset in $later; do later_total=$((later_total + $(size "$asset" br))); done
printf '%-60s %10d\n' "install icons, precached afterwards (not in the total)" "$later_total"
budget=307200
awk -v b="$total_br" -v g="$total_gz" -v budget="$budget" 'BEGIN {
  printf "first-load transfer: %.1f KB brotli (%.1f KB gzip); budget %d KB: %.0f%% used\n",
    b / 1024, g / 1024, budget / 1024, 100 * b / budget }'
