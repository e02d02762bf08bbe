#!/usr/bin/env bash
# Builds Vēro (installing what is missing) and starts it at http://127.0.0.1:8080.
# Ctrl-C stops it. Extra arguments go to the server, e.g. --listen 0.0.0.0:8080.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_rust
build_app
build_server

cd "$ROOT"
first_run=()
if [ ! -f data/vero.sqlite ]; then
  first_run=(--demo)
fi
exec "$SERVER_BIN" --dist dist --data data "${first_run[@]}" "$@"
