#!/usr/bin/env bash
# Sync benchmark: Vēro's server (SQLite on disk) and a device speaking the app's sync
# protocol, beside the PouchDB peer (PouchDB 9 replicating to express-pouchdb, in
# memory) run in the same session, and the ratios. RECORDS (default 20000), RUNS of the
# peer (default 3).
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

RECORDS=${RECORDS:-20000}
RUNS=${RUNS:-3}
ensure_rust
build_server
ensure_node

say "Building the sync benchmark client"
cargo build --profile server -p vero-server --example sync_bench 2>&1 | tail -1 >&2
vero_out=$(mktemp)
"$ROOT/target/server/examples/sync_bench" "$SERVER_BIN" "$RECORDS" | tee "$vero_out"

peer="$ROOT/../shared/bench/pouchdb-anchor.mjs"
if [ ! -f "$peer" ]; then
  say "No PouchDB peer at $peer: Vēro's figures only"
  exit 0
fi
peer_dir="$ROOT/target/pouchdb-peer"
mkdir -p "$peer_dir"
cp "$peer" "$peer_dir/"
if [ ! -d "$peer_dir/node_modules/pouchdb" ]; then
  say "Installing the PouchDB peer (npm)"
  (cd "$peer_dir" && npm init -y >/dev/null && npm install --no-audit --no-fund \
    pouchdb@9 pouchdb-adapter-memory@9 express-pouchdb@4 >/dev/null 2>&1) \
    || die "could not install PouchDB for the peer benchmark"
fi
echo
peer_out=$(mktemp)
(cd "$peer_dir" && node pouchdb-anchor.mjs "$RUNS" "$RECORDS") | tee "$peer_out"

# Ratios (Vēro / PouchDB, lower is better) from the two outputs.
node - "$vero_out" "$peer_out" <<'JS'
const fs = require('fs');
const [vero, peer] = process.argv.slice(2).map((f) => fs.readFileSync(f, 'utf8'));
const num = (text, re) => { const m = text.match(re); return m ? Number(m[1]) : NaN; };
const v = {
  push: num(vero, /first push[^\d]*[\d,]* records[^\d]*([\d.]+) s/),
  pull: num(vero, /full pull[^\d]*([\d.]+) s/),
  idle: num(vero, /idle sync, nothing new, \d{3,} records\s+([\d.]+) ms/),
};
// The peer's summary lines: "  push   5.600 s [..]" (medians, in seconds).
const p = {
  push: num(peer, /^\s+push\s+([\d.]+) s/m),
  pull: num(peer, /^\s+pull\s+([\d.]+) s/m),
  idle: num(peer, /^\s+idle\s+([\d.]+) s/m) * 1000,
};
console.log('\nVēro / PouchDB (same machine, same session; < 1 means Vēro is faster)');
for (const k of ['push', 'pull', 'idle']) {
  console.log(`  ${k.padEnd(5)} ${String(v[k]).padStart(8)} vs ${String(p[k]).padStart(8)}  ratio ${(v[k] / p[k]).toFixed(2)}`);
}
JS
