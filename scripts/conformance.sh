#!/usr/bin/env bash
# The API's description and the server agree: schemathesis, with all its checks, sends
# what GET /api/openapi.json describes (and what it does not) to the real server binary
# on a fresh demo database, signed in through POST /api/login, and checks every answer
# against the description. Ends with "# pass N" and "# fail N", one per operation.
#   VERO_CONFORMANCE_EXAMPLES: test cases per operation (default 150; about a minute).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

EXAMPLES=${VERO_CONFORMANCE_EXAMPLES:-150}
ensure_rust
ensure_schemathesis
cd "$ROOT"
cargo build --quiet -p vero-server

work=$(mktemp -d)
server_pid=""
stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap stop_server EXIT

"$ROOT/target/debug/vero-server" --listen 127.0.0.1:0 --data "$work/data" \
  --dist "$work/no-app" --demo >"$work/server.log" 2>&1 &
server_pid=$!
address=""
for _ in $(seq 100); do
  address=$(grep -oE 'listening on http://[0-9.:]+' "$work/server.log" | grep -oE 'http://.*' || true)
  [ -n "$address" ] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.2
done
if [ -z "$address" ]; then
  cat "$work/server.log"
  die "the server did not start"
fi
say "Schemathesis against $address ($EXAMPLES examples per operation)"

set +e
(cd "$work" && "$SCHEMATHESIS" --config-file "$ROOT/scripts/schemathesis.toml" run \
  "$address/api/openapi.json" --checks all --max-examples "$EXAMPLES" \
  --report junit --report-junit-path "$work/junit.xml")
status=$?
set -e

# One test per operation, as its JUnit report counts them.
"$(dirname "$SCHEMATHESIS")/python" - "$work/junit.xml" <<'PY' || status=1
import sys
import xml.etree.ElementTree as ET
suites = ET.parse(sys.argv[1]).getroot()
total = failed = skipped = 0
for suite in suites.iter("testsuite"):
    total += int(suite.get("tests", 0))
    failed += int(suite.get("failures", 0)) + int(suite.get("errors", 0))
    skipped += int(suite.get("skipped", 0))
print(f"# pass {total - failed - skipped}")
print(f"# fail {failed}")
PY
exit "$status"
