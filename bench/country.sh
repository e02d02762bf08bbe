#!/usr/bin/env bash
# Country-scale benchmark: the real server binary on a real SQLite file seeded with a
# whole country's year (25,000 teachers in 700 schools, 300,000 observations pushed
# through the sync), a morning peak of 2,000 devices syncing (paced as 2,000 devices in
# an hour would arrive, then flat out), and a full-year read standing in for the
# analysis. Not part of the test suite; about 5 minutes on 2 cores by default.
#
# Sizes (environment): VERO_BENCH_TEACHERS (25000), VERO_BENCH_SCHOOLS (700),
# VERO_BENCH_OBSERVATIONS (300000), VERO_BENCH_YESTERDAY (3000: pushed after the
# devices' last sync), VERO_BENCH_DEVICES (2000), VERO_BENCH_CONCURRENCY (64, flat
# out), VERO_BENCH_PACED_SECONDS (120), VERO_BENCH_PEAK_MINUTES (60: the window the
# devices arrive in while paced; 15 bunches the hour into a quarter),
# VERO_BENCH_SEED_CONCURRENCY (4), VERO_BENCH_DIR (where the temporary database goes,
# default target/; about 3 GB at the default size).
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

ensure_rust
build_server
say "Building the country benchmark"
cargo build --quiet --profile server -p vero-server --example country_bench
mkdir -p "${VERO_BENCH_DIR:-$ROOT/target}"
export VERO_BENCH_DIR="${VERO_BENCH_DIR:-$ROOT/target}"
"$ROOT/target/server/examples/country_bench" "$SERVER_BIN"
